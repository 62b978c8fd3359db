#!/usr/bin/env bash
# No-op `dtk apply` vs the loop of `skopeo inspect` calls it replaces (the seed Makefile's way:
# 2 calls per target, the per-platform tag and the index tag), on docker-registry on 127.0.0.1,
# for 1, 8 and 32 up-to-date targets. Several runs of each, min / median / max wall time, median
# peak RSS, ratio of the medians. A benchmark to run by hand (figures depend on the machine).
#
# The targets: one spec over a busybox base with 32 kernel versions (x86_64), the built-in dnf
# template replaced by a one-step override so that filling the registry is quick (one small
# build per target, about a minute in all); the sizes are --kernel-version subsets of it.
#
#   bench/noop-apply-vs-skopeo.sh
#   RUNS=10 SIZES="1 8 32 64" bench/noop-apply-vs-skopeo.sh
#
# Needs podman, skopeo, docker-registry, busybox, /usr/bin/time. Only 127.0.0.1 is contacted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$bench_repo"
runs=${RUNS:-5}
sizes=${SIZES:-1 8 32}
bench_need podman skopeo docker-registry busybox curl /usr/bin/time
max=0
for n in $sizes; do ((n > max)) && max=$n; done

./dtk --version >/dev/null

tmp=$(mktemp -d)
bench_registry_pid=""
cleanup() {
  [[ -n $bench_registry_pid ]] && kill "$bench_registry_pid" 2>/dev/null || true
  if [[ -n ${bench_reg:-} ]]; then
    for _ in 1 2 3; do
      podman images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^$bench_reg/" \
        | xargs -r podman rmi --force >/dev/null 2>&1 || true
      podman images --format '{{.Repository}}' 2>/dev/null | grep -q "^$bench_reg/" || break
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

bench_registry "$tmp/registry"
reg=$bench_reg
bench_busybox_tar "$tmp/rootfs.tar"
base=localhost/dtk-bench/base:${reg##*:}
podman import -q --change 'CMD ["/bin/sh"]' "$tmp/rootfs.tar" "$base" >/dev/null
podman push -q --tls-verify=false "$base" "docker://$reg/bench/base:1"
podman rmi -f "$base" >/dev/null

mkdir -p "$tmp/templates/dnf" "$tmp/specs"
cat >"$tmp/templates/dnf/Containerfile.ftl" <<'FTL'
FROM [=from]
<#list args as a>
ARG [=a]
</#list>
RUN mkdir -p /lib/modules/${KERNEL_VERSION}.$(uname -m) && echo "{\"KERNEL_VERSION\": \"${KERNEL_VERSION}.$(uname -m)\"}" > /etc/driver-toolkit-release.json
FTL
versions=$(seq -f "6.1.%g-1" 1 "$max" | paste -sd, -)
cat >"$tmp/specs/bench.yaml" <<YAML
apiVersion: dtk/v1
kind: DriverToolkit
metadata: { name: bench }
baseImage: $reg/bench/base:1
packageManager: dnf
platforms: [x86_64]
kernel:
  versions: [$versions]
  packages: ["kernel-core-\${kernel.version}"]
labels: { name: driver-toolkit-bench }
image: { registry: "$reg", organization: bench, name: dtk, tag: "\${kernel.version}" }
build: { releaseFile: true }
verify: { enabled: false }
YAML
common=(--tls-verify=false --engine-arg=--isolation=chroot --state-dir "$tmp/state" --log-dir "$tmp/logs"
  --templates "$tmp/templates")
echo "filling the registry: $max targets" >&2
if ! ./dtk apply "${common[@]}" --jobs 2 "$tmp/specs" >"$tmp/first.out" 2>&1; then
  tail -n 20 "$tmp/first.out" >&2; exit 1
fi

noop() {   # the no-op apply of the first $1 versions, which must build nothing
  ./dtk apply "${common[@]}" "$tmp/specs" --kernel-version "$(cut -d, -f1-"$1" <<<"$versions")" >"$tmp/noop.out" 2>&1 \
    || { cat "$tmp/noop.out" >&2; return 1; }
  grep -q "Nothing to build" "$tmp/noop.out" || { cat "$tmp/noop.out" >&2; echo "bench: the no-op apply built something" >&2; return 1; }
}
loop() {   # 2 skopeo inspect per target
  local v
  for v in $(cut -d, -f1-"$1" <<<"$versions" | tr , ' '); do
    skopeo inspect --tls-verify=false "docker://$reg/bench/dtk:$v.x86_64" >/dev/null
    skopeo inspect --tls-verify=false "docker://$reg/bench/dtk:$v" >/dev/null
  done
}

bench_machine
echo "registry: docker-registry on $reg (plain HTTP, loopback); $runs runs each after a warm-up"
echo "min / median / max wall time, median peak RSS:"
for n in $sizes; do
  bench_time "$tmp/dtk$n" "$runs" bash -c "$(declare -p common); $(declare -f noop); noop $n"
  bench_time "$tmp/sko$n" "$runs" bash -c "$(declare -f loop); loop $n"
  bench_row "no-op apply, $n target$( ((n > 1)) && echo s), loopback" "$tmp/dtk$n" "$((2 * n)) x skopeo inspect" "$tmp/sko$n"
done
