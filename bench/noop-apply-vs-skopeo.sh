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

"$dtk" --version >/dev/null

tmp=$(mktemp -d)
bench_registry_pid=""
cleanup() {
  [[ -n $bench_registry_pid ]] && kill "$bench_registry_pid" 2>/dev/null || true
  [[ -n ${bench_reg:-} ]] && bench_rmi_registry "$bench_reg"
  rm -rf "$tmp"
}
trap cleanup EXIT

bench_registry "$tmp/registry"
reg=$bench_reg
bench_fill "$tmp" "$max"
versions=$bench_versions
common=(--tls-verify=false "${bench_common[@]}")

noop() {   # the no-op apply of the first $1 versions, which must build nothing
  "$dtk" apply "${common[@]}" "$bench_spec_dir" --kernel-version "$(cut -d, -f1-"$1" <<<"$versions")" >"$tmp/noop.out" 2>&1 \
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
  bench_time "$tmp/dtk$n" "$runs" bash -c "$(declare -p dtk common tmp versions bench_spec_dir); $(declare -f noop); noop $n"
  bench_time "$tmp/sko$n" "$runs" bash -c "$(declare -p versions reg); $(declare -f loop); loop $n"
  bench_row "no-op apply, $n target$( ((n > 1)) && echo s), loopback" "$tmp/dtk$n" "$((2 * n)) x skopeo inspect" "$tmp/sko$n"
done
