#!/usr/bin/env bash
# Wall time of rendering: every target of 1,000 generated, pinned specs through
# `dtk plan --offline` (which loads, plans and renders each target to compute its inputs digest),
# against `dtk validate` of the same specs (loading and validation alone, nothing rendered)
# and `dtk render` of one spec. A
# benchmark to run by hand (figures depend on the machine), not a test.
#
#   bench/render.sh                  # hyperfine if installed, else a loop timed with date +%s%N
#   RUNS=20 bench/render.sh          # more runs
#   BENCH_SPEC=debian bench/render.sh  # the shipped spec the 1,000 copies are made from
set -euo pipefail

repo=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
runs=${RUNS:-10}
template=${BENCH_SPEC:-centos}
fact=(--fact compose=CentOS-Stream-9-20240708.0)

# build the CLI and record its class-data archive outside the measurement
./dtk --version >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a copy of specs/ (shared bases, repo files) with the DriverToolkit specs replaced by 1,000
# copies of one of them, each with its own metadata.name and its own pinned kernel version
cp -r specs "$tmp/specs"
grep -lE '^kind: *DriverToolkit *(#.*)?$' "$tmp"/specs/*.yaml | xargs rm -f
for i in $(seq -w 1 1000); do
  sed -e "/^metadata:/,/^[^ #]/ s/^\(  name:\).*/\1 bench-$i/" \
      -e "/^kernel:/,/^[^ #]/ { /^  version:/d; /^  versions:/d; }" \
      -e "/^kernel:/a\\  version: 5.14.0-$((10#$i)).el9" \
    "specs/$template.yaml" >"$tmp/specs/bench-$i.yaml"
done
generated=$(ls "$tmp"/specs/bench-*.yaml | wc -l)

# everything must plan, or the figures mean nothing
targets=$(./dtk plan --offline "${fact[@]}" --format json "$tmp/specs" | grep -c '"inputsDigest"')
./dtk render "specs/$template.yaml" "${fact[@]}" --kernel-version 5.14.0-570.el9 >/dev/null

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "generated: $generated copies of specs/$template.yaml in $tmp/specs: $targets targets"
echo

one=(./dtk render "specs/$template.yaml" "${fact[@]}" --kernel-version 5.14.0-570.el9)
all=(./dtk plan --offline "${fact[@]}" --format json "$tmp/specs")
load=(./dtk validate "$tmp/specs")
# each must succeed, or its figure means nothing
for cmd in one all load; do
  declare -n c=$cmd
  "${c[@]}" >/dev/null || { echo "bench/render.sh: '${c[*]}' failed" >&2; exit 1; }
done
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --style basic --warmup 2 --runs "$runs" \
    --command-name "dtk render (1 target)" "${one[*]}" \
    --command-name "dtk plan --offline ($targets targets of 1,000 specs)" "${all[*]}" \
    --command-name "dtk validate (loading only, nothing rendered)" "${load[*]}"
else
  timeit() {
    local name=$1 total=0 t0 t1 best=0 d
    shift
    "$@" >/dev/null 2>&1 || true
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      d=$((t1 - t0))
      total=$((total + d))
      if ((best == 0 || d < best)); then best=$d; fi
    done
    printf '%-55s mean %6d ms, best %6d ms over %d runs\n' "$name" $((total / runs / 1000000)) $((best / 1000000)) "$runs"
  }
  timeit "dtk render (1 target)" "${one[@]}"
  timeit "dtk plan --offline ($targets targets of 1,000 specs)" "${all[@]}"
  timeit "dtk validate (loading only, nothing rendered)" "${load[@]}"
fi
