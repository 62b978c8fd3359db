#!/usr/bin/env bash
# dtk's overhead on a real build: `dtk apply --force` of the shipped Debian toolkit
# (specs/debian.yaml: real apt installs from Debian's archive on a debootstrap base, one kernel,
# x86_64, verify off) vs `podman build` + `podman push` of the same rendered context to the same
# registry (the very build command dtk ran, from its log), in the same cache state, alternating.
# dtk's apply does more than the peer: an SBOM read from the image's package database, the SBOM
# and provenance attached to the pushed image, the index. dtk's part is its start-up, planning (registry
# reads), rendering, and the bookkeeping around the engine; the target is within 2%.
#
#   bench/build-overhead.sh                # warm layer cache: one cold build first, then RUNS of each (all layers cached)
#   CACHE=none RUNS=1 bench/build-overhead.sh   # --no-cache: every apt install runs for real (minutes per run)
#   KERNEL=6.1.0-57-amd64 bench/build-overhead.sh
#
# After the runs it prints the steps dtk's target log times in its last run (SBOM, push,
# attachments): where dtk's own seconds went.
#
# Needs root and debootstrap (it/debian/base-image.sh, its rootfs is cached), podman,
# docker-registry, /usr/bin/time. Contacts 127.0.0.1 and Debian's archive only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$bench_repo"
runs=${RUNS:-3}
cache=${CACHE:-warm}
bench_need podman docker-registry debootstrap /usr/bin/time
kernel=${KERNEL:-$(apt-cache search --names-only '^linux-headers-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' \
  | sed 's/^linux-headers-//' | sort -V | tail -1)}

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
debbase=$(it/debian/base-image.sh --push "$reg" 2>"$tmp/base.log") || { cat "$tmp/base.log" >&2; exit 1; }

sets=(--set "baseImage=$debbase" --set "image.registry=$reg" --set "image.organization=bench"
  --set "verify.enabled=false" --set "build.args.BENCH_NONCE=n${reg##*:}" --kernel-version "$kernel" --platform x86_64)
nocache=()
[[ $cache == none ]] && nocache=(--no-cache)
dtk_cmd=("$dtk" apply --force --jobs 1 --tls-verify=false --engine-arg=--isolation=chroot --state-dir "$tmp/state"
  --log-dir "$tmp/logs" "${nocache[@]}" "${sets[@]}" specs/debian.yaml)
echo "first apply (fills the layer cache, renders the context): kernel $kernel" >&2
"${dtk_cmd[@]}" >"$tmp/first.out" 2>&1 || { tail -n 30 "$tmp/first.out" >&2; exit 1; }

# the engine command dtk ran for it, replayed as it is (same rendered context under the state
# directory, same build arguments, labels, --timestamp, isolation), with a tag of its own
line=$(grep -h -m1 '^\$ podman build ' "$tmp"/logs/debian.*.log | sed 's/^\$ //')
[[ -n $line ]] || { echo "bench: no podman build command in dtk's log" >&2; exit 1; }
read -ra words <<<"$line"
plain=$reg/bench/plain:$kernel
build=()
for ((i = 0; i < ${#words[@]}; i++)); do
  case ${words[i]} in
    --tag) build+=(--tag "$plain"); i=$((i + 1)) ;;
    --iidfile) i=$((i + 1)) ;;
    *) build+=("${words[i]}") ;;
  esac
done
from=$(awk '/^FROM /{print $2; exit}' "${build[-1]}/Containerfile")
podman_build() {
  "${build[@]}" >/dev/null && podman push -q --tls-verify=false "$plain"
}
podman_build || { echo "bench: podman build of the rendered context failed" >&2; exit 1; }

bench_machine
echo "build: specs/debian.yaml, kernel $kernel, x86_64, base $debbase (FROM $from), layer cache: $cache"
echo "$runs runs each, alternating, after a warm-up of each; min / median / max wall time, median peak RSS (of the largest process):"
: >"$tmp/dtk"; : >"$tmp/pod"
for ((i = 0; i < runs; i++)); do   # alternate, so that both see the same load and cache
  BENCH_WARMUP=0 bench_time "$tmp/d1" 1 "${dtk_cmd[@]}"
  cat "$tmp/d1" >>"$tmp/dtk"
  BENCH_WARMUP=0 bench_time "$tmp/p1" 1 bash -c "$(declare -p build plain); $(declare -f podman_build); podman_build"
  cat "$tmp/p1" >>"$tmp/pod"
done
# where dtk's own seconds went in its last run: the timed steps its target log notes
echo "dtk's timed steps in its last run (its target log):"
grep -h ' ms)$' "$tmp"/logs/debian.*.log | sed 's/^/  /' || echo "  (none noted)"
bench_row "build overhead, Debian toolkit ($([[ $cache == none ]] && echo no || echo warm) layer cache)" "$tmp/dtk" "podman build + push" "$tmp/pod"
