#!/usr/bin/env bash
# Benchmarks of dtk apply, to run by hand (figures depend on the machine and its load), not a test.
#
# Part 1, no-op apply: N targets (x86_64, N kernel versions of one spec over a busybox base, the
#   built-in dnf template replaced by a one-step override so that filling the registry is quick)
#   are applied once, then `dtk apply` is timed when nothing is left to do, for N = 1, 8, 32.
#   Next to it: what the original CI check costs, 2 `skopeo inspect` per target.
# Part 2, cached layer: the shipped Debian spec (real apt installs from Debian's archive on a
#   debootstrap base) for 2 kernel versions built one after the other (--jobs 1), once as dtk
#   builds them (the kernel-independent layer is built for the first kernel and reused by the
#   second) and once with --no-cache (every layer rebuilt for each kernel).
#
#   bench/apply.sh                 # both parts
#   PARTS=noop bench/apply.sh      # part 1 only (about a minute)
#   PARTS=cache bench/apply.sh     # part 2 only (several minutes: real package installs)
#   RUNS=10 SIZES="1 8 32 64" KERNELS="6.1.0-55-amd64 6.1.0-56-amd64" bench/apply.sh
#
# Needs: podman, skopeo, docker-registry, busybox (part 1); root and debootstrap (part 2).
# Only 127.0.0.1 and Debian's archive are contacted.
set -euo pipefail

repo=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
runs=${RUNS:-5}
sizes=${SIZES:-1 8 32}
parts=${PARTS:-noop cache}
kernels=${KERNELS:-}

./dtk --version >/dev/null     # build the CLI (and its class-data archive) outside the measurement

tmp=$(mktemp -d)
registry_pid=""
cleanup() {
  [[ -n $registry_pid ]] && kill "$registry_pid" 2>/dev/null || true
  # the images built and pulled for this registry (tags, or digests for pulled bases)
  # (podman 4.3's listing fails when another process removes an image meanwhile: try again)
  if [[ -n ${reg:-} ]]; then
    for _ in 1 2 3; do
      podman images --digests --format '{{.Repository}}:{{.Tag}} {{.Repository}}@{{.Digest}}' 2>/dev/null \
        | awk -v r="$reg/" 'index($1, r) == 1 { print ($1 ~ /:<none>$/ ? $2 : $1) }' \
        | xargs -r podman rmi --force >/dev/null 2>&1 || true
      podman images --format '{{.Repository}}' 2>/dev/null | grep -q "^$reg/" || break
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

# a registry on 127.0.0.1, random free port, temporary storage
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/registry.yml" <<YML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $tmp/registry }, delete: { enabled: true } }
http: { addr: "127.0.0.1:$port" }
YML
docker-registry serve "$tmp/registry.yml" >"$tmp/registry.log" 2>&1 &
registry_pid=$!
reg=127.0.0.1:$port
for _ in $(seq 100); do curl -fs "http://$reg/v2/" >/dev/null 2>&1 && break; sleep 0.1; done

common=(--tls-verify=false --engine-arg=--isolation=chroot --state-dir "$tmp/state" --log-dir "$tmp/logs")
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(podman --version)"
echo "registry: $reg (docker-registry on loopback)"

if [[ " $parts " == *" noop "* ]]; then
  # busybox base
  mkdir -p "$tmp/rootfs/bin" "$tmp/rootfs/etc" "$tmp/rootfs/tmp"
  cp "$(command -v busybox)" "$tmp/rootfs/bin/"
  for a in $(busybox --list); do [[ $a == busybox ]] || ln -s busybox "$tmp/rootfs/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$tmp/rootfs/etc/passwd"
  tar -C "$tmp/rootfs" -cf "$tmp/rootfs.tar" .
  base=localhost/dtk-bench/base:$port
  podman import -q --change 'CMD ["/bin/sh"]' "$tmp/rootfs.tar" "$base" >/dev/null
  podman push -q --tls-verify=false "$base" "docker://$reg/bench/base:1"
  podman rmi -f "$base" >/dev/null

  # a one-step template: what is built does not matter for a no-op apply
  mkdir -p "$tmp/templates/dnf"
  cat >"$tmp/templates/dnf/Containerfile.ftl" <<'FTL'
FROM [=from]
<#list args as a>
ARG [=a]
</#list>
RUN mkdir -p /lib/modules/${KERNEL_VERSION}.$(uname -m) && echo "{\"KERNEL_VERSION\": \"${KERNEL_VERSION}.$(uname -m)\"}" > /etc/driver-toolkit-release.json
FTL

  echo
  echo "== part 1: no-op dtk apply (median of $runs runs)"
  printf '%-8s %-16s %-18s %-22s\n' targets "first apply" "no-op dtk apply" "2x skopeo inspect each"
  for n in $sizes; do
    versions=$(seq -f "6.1.%g-1" 1 "$n" | paste -sd, -)
    mkdir -p "$tmp/specs-$n"
    cat >"$tmp/specs-$n/bench.yaml" <<YAML
apiVersion: dtk/v1
kind: DriverToolkit
metadata: { name: bench$n }
baseImage: $reg/bench/base:1
packageManager: dnf
platforms: [x86_64]
kernel:
  versions: [$versions]
  packages: ["kernel-core-\${kernel.version}"]
labels: { name: driver-toolkit-bench }
image: { registry: "$reg", organization: bench, name: dtk$n, tag: "\${kernel.version}" }
build: { releaseFile: true }
verify: { enabled: false }
YAML
    args=("${common[@]}" --templates "$tmp/templates" --jobs 2 "$tmp/specs-$n")
    t0=$(now)
    if ! ./dtk apply "${args[@]}" >"$tmp/first-$n.out" 2>&1; then
      tail -n 5 "$tmp/first-$n.out"
      for log in $(grep -l '^Error' "$tmp"/logs/*.log); do echo "== $log"; tail -n 8 "$log"; done
      exit 1
    fi
    t1=$(now)
    first=$(ms "$t0" "$t1")
    for _ in $(seq "$runs"); do
      t0=$(now); ./dtk apply "${args[@]}" >"$tmp/noop.out" 2>&1; t1=$(now)
      grep -q "Nothing to build" "$tmp/noop.out" || { cat "$tmp/noop.out"; echo "bench: the no-op apply built something" >&2; exit 1; }
      ms "$t0" "$t1"
    done | median >"$tmp/noop-$n"
    for _ in $(seq "$runs"); do
      t0=$(now)
      for v in ${versions//,/ }; do
        skopeo inspect --tls-verify=false "docker://$reg/bench/dtk$n:$v.x86_64" >/dev/null
        skopeo inspect --tls-verify=false "docker://$reg/bench/dtk$n:$v" >/dev/null
      done
      t1=$(now); ms "$t0" "$t1"
    done | median >"$tmp/skopeo-$n"
    printf '%-8s %-16s %-18s %-22s\n' "$n" "$((first)) ms" "$(cat "$tmp/noop-$n") ms" "$(cat "$tmp/skopeo-$n") ms"
  done
  echo "(dtk figures are whole runs: JVM start, spec loading, rendering, one parallel round of registry requests)"
fi

if [[ " $parts " == *" cache "* ]]; then
  echo
  echo "== part 2: 2 kernel versions one after the other (shipped specs/debian.yaml, real apt)"
  if [[ -z $kernels ]]; then
    kernels=$(apt-cache search --names-only '^linux-headers-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' \
      | sed 's/^linux-headers-//' | sort -V | tail -2 | paste -sd' ' -)
  fi
  echo "kernels: $kernels"
  debbase=$(it/debian/base-image.sh --push "$reg" 2>"$tmp/base.log") || { cat "$tmp/base.log"; exit 1; }
  kv=${kernels// /,}
  run_case() {   # $1 = label, $2 = org (a repository of its own), rest = extra dtk args
    local label=$1 org=$2; shift 2
    local t0 t1
    t0=$(now)
    ./dtk apply "${common[@]}" --jobs 1 --force specs/debian.yaml --kernel-version "$kv" \
      --set "baseImage=$debbase" --set "image.registry=$reg" --set "image.organization=$org" \
      --set "verify.enabled=false" "$@" >"$tmp/$org.out" 2>&1 || { cat "$tmp/$org.out"; exit 1; }
    t1=$(now)
    printf '%-34s %8s ms   per target: %s\n' "$label" "$(ms "$t0" "$t1")" \
      "$(awk '$2 == "build" && $3 == "pushed" {printf "%s %s  ", $1, $5}' "$tmp/$org.out")"
  }
  # a nonce build argument keeps either case from reusing layers of an earlier run
  run_case "without the shared layer (--no-cache)" "nocache$port" --no-cache --set "build.args.BENCH_NONCE=a$port"
  run_case "with the shared cached layer" "cached$port" --set "build.args.BENCH_NONCE=b$port"
fi
