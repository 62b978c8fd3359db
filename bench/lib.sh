# Shared by the side-by-side benchmarks (bench/*-vs-*.sh, bench/noop-apply-realistic.sh,
# bench/build-overhead.sh): timing of several runs with peak RSS, statistics, ratio, table rows.
# Sourced, not run. Each script prints its table rows as lines starting with "| " (bench/all.sh
# collects them).

bench_repo=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dtk=${DTK:-$bench_repo/dtk}   # DTK=/other/checkout/dtk measures another build of dtk

bench_machine() {   # one line: cores, load average, JVM the launcher picks
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_need() {   # bench_need TOOL... : fail clearly when a tool is missing (with its Debian package)
  local t pkg
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 && continue
    case $t in
      htpasswd) pkg=apache2-utils ;;
      /usr/bin/time) pkg=time ;;
      busybox) pkg=busybox-static ;;
      *) pkg=$t ;;
    esac
    echo "bench: $t is not installed (Debian: apt-get install $pkg)" >&2
    exit 1
  done
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# bench_time OUT RUNS CMD... : runs CMD once as a warm-up (not with BENCH_WARMUP=0), then RUNS times; OUT gets one line per
# run: wall milliseconds and peak RSS in KiB (of the largest process CMD waited for). A failing
# run fails the benchmark (its output is shown): figures of a failed command mean nothing.
bench_time() {
  local out=$1 runs=$2 i t0 t1
  shift 2
  : >"$out"
  for ((i = ${BENCH_WARMUP:-1} ? 0 : 1; i <= runs; i++)); do
    t0=$(date +%s%N)
    if ! /usr/bin/time -f %M -o "$out.rss" "$@" >"$out.log" 2>&1; then
      tail -n 20 "$out.log" >&2
      echo "bench: failed: $*" >&2
      return 1
    fi
    t1=$(date +%s%N)
    ((i == 0)) || echo "$(((t1 - t0) / 1000000)) $(tail -n 1 "$out.rss")" >>"$out"
  done
}

# bench_stats OUT : "min/median/max ms, peak RSS MiB (median)"
bench_stats() {
  awk '{ t[NR] = $1; r[NR] = $2 }
    function med(a, n,   i, j, x) {
      for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END { n = NR; m = med(t, n); printf "%d / %d / %d ms, %.0f MiB", t[1], m, t[n], med(r, n) / 1024 }' "$1"
}

bench_median() { awk '{print $1}' "$1" | sort -n | awk '{a[NR]=$1} END {printf "%.0f\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
bench_median_rss() { awk '{print $2}' "$1" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)/1024}'; }

# bench_ratio DTK_OUT PEER_OUT : "dtk 1.23x faster" / "dtk 1.23x slower" (medians)
bench_ratio() {
  awk -v a="$(bench_median "$1")" -v b="$(bench_median "$2")" 'BEGIN {
    if (a <= b) printf "dtk %.2fx faster", b / a; else printf "dtk %.2fx slower", a / b }'
}

# bench_row WORK DTK_OUT PEER_NAME PEER_OUT : a markdown table row of medians and the ratio,
# after the full min/median/max lines
bench_row() {
  local work=$1 mine=$2 peer=$3 peer_out=$4
  printf '  %-40s dtk:  %s\n' "$work" "$(bench_stats "$mine")"
  printf '  %-40s %s: %s\n' "" "$peer" "$(bench_stats "$peer_out")"
  printf '| %s | %s ms, %s MiB | %s %s ms, %s MiB | %s |\n' "$work" "$(bench_median "$mine")" "$(bench_median_rss "$mine")" \
    "$peer" "$(bench_median "$peer_out")" "$(bench_median_rss "$peer_out")" "$(bench_ratio "$mine" "$peer_out")"
}

# bench_registry DIR [EXTRA_HTTP_YAML [AUTH]] : starts docker-registry on 127.0.0.1, port $bench_port or a free one, with its
# storage under DIR; sets bench_reg (host:port) and bench_registry_pid. EXTRA goes into the
# http: map (tls), AUTH (a YAML auth: block) into the top level.
bench_registry() {
  local dir=$1 extra=${2:-} auth=${3:-} port scheme=http
  port=${bench_port:-$(bench_free_port)}
  mkdir -p "$dir"
  cat >"$dir/registry.yml" <<YML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $dir/storage }, delete: { enabled: true } }
http: { addr: "127.0.0.1:$port"$extra }
$auth
YML
  docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
  bench_registry_pid=$!
  bench_reg=127.0.0.1:$port
  [[ -n $extra ]] && scheme=https
  local i
  for i in $(seq 100); do
    curl -ks -o /dev/null "$scheme://$bench_reg/v2/" && return 0
    sleep 0.1
  done
  cat "$dir/registry.log" >&2
  echo "bench: docker-registry did not start" >&2
  return 1
}

# bench_busybox_tar OUT : a tiny rootfs tarball (busybox, /etc/passwd), for base images
bench_busybox_tar() {
  local out=$1 root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp"
  cp "$(command -v busybox)" "$root/bin/"
  local a
  for a in $(busybox --list); do [[ $a == busybox ]] || ln -s busybox "$root/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  tar -C "$root" -cf "$out" .
  rm -rf "$root"
}

# bench_fill TMP N : N up-to-date no-op-apply targets in the registry $bench_reg (plain HTTP):
# a busybox base, one spec with N kernel versions (x86_64) whose built-in dnf template is replaced
# by a one-step override (one small build per target), applied once. Sets bench_versions
# (comma-separated), bench_spec_dir and bench_common (dtk apply options, without registry TLS).
# The caller removes the local images of $bench_reg (bench_rmi_registry).
bench_fill() {
  local tmp=$1 n=$2 reg=$bench_reg base
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
  bench_versions=$(seq -f "6.1.%g-1" 1 "$n" | paste -sd, -)
  bench_spec_dir=$tmp/specs
  cat >"$tmp/specs/bench.yaml" <<YAML
apiVersion: dtk/v1
kind: DriverToolkit
metadata: { name: bench }
baseImage: $reg/bench/base:1
packageManager: dnf
platforms: [x86_64]
kernel:
  versions: [$bench_versions]
  packages: ["kernel-core-\${kernel.version}"]
labels: { name: driver-toolkit-bench }
image: { registry: "$reg", organization: bench, name: dtk, tag: "\${kernel.version}" }
build: { releaseFile: true }
verify: { enabled: false }
YAML
  bench_common=(--engine-arg=--isolation=chroot --state-dir "$tmp/state" --log-dir "$tmp/logs" --templates "$tmp/templates")
  echo "filling the registry: $n targets" >&2
  if ! "$dtk" apply --tls-verify=false "${bench_common[@]}" --jobs 2 "$tmp/specs" >"$tmp/first.out" 2>&1; then
    tail -n 20 "$tmp/first.out" >&2
    return 1
  fi
}

bench_rmi_registry() {   # removes the local images of registry $1, tagged or pulled by digest (podman 4.3's listing may race: retry)
  local reg=$1
  for _ in 1 2 3; do
    podman images --format '{{.ID}} {{.Repository}}' 2>/dev/null | awk -v r="$reg/" 'index($2, r) == 1 { print $1 }' \
      | sort -u | xargs -r podman rmi --force >/dev/null 2>&1 || true
    podman images --format '{{.Repository}}' 2>/dev/null | grep -q "^$reg/" || break
  done
}
