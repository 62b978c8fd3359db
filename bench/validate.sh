#!/usr/bin/env bash
# Wall time of `dtk validate`: the shipped specs, and 1,000 generated specs. A benchmark to run by
# hand (figures depend on the machine), not a test.
#
#   bench/validate.sh            # hyperfine if installed, else a loop timed with date +%s%N
#   RUNS=20 bench/validate.sh    # more runs
#   BENCH_SPEC=debian bench/validate.sh   # the shipped spec the 1,000 copies are made from
set -euo pipefail

repo=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
runs=${RUNS:-10}
template=${BENCH_SPEC:-centos}

# build the CLI and record its class-data archive outside the measurement
./dtk --version >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a copy of specs/ (shared bases, repo files) with the DriverToolkit specs replaced by 1,000
# copies of one of them, each with its own metadata.name
cp -r specs "$tmp/specs"
grep -lE '^kind: *DriverToolkit *(#.*)?$' "$tmp"/specs/*.yaml | xargs rm -f
for i in $(seq -w 1 1000); do
  sed -e "/^metadata:/,/^[^ #]/ s/^\(  name:\).*/\1 bench-$i/" \
    "specs/$template.yaml" >"$tmp/specs/bench-$i.yaml"
done
generated=$(find "$tmp/specs" -name 'bench-*.yaml' | wc -l)

# both must be valid, or the figures mean nothing
./dtk validate specs/ >/dev/null
./dtk validate "$tmp/specs" >/dev/null

echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "generated: $generated copies of specs/$template.yaml in $tmp/specs"
echo

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --style basic --warmup 2 --runs "$runs" \
    --command-name "./dtk validate specs/" "./dtk validate specs/" \
    --command-name "./dtk validate (1,000 generated specs)" "./dtk validate $tmp/specs" \
    --command-name "./dtk --version" "./dtk --version" \
    --command-name "./dtk validate specs/ (no CDS archive)" "DTK_NO_CDS=1 ./dtk validate specs/"
else
  timeit() {
    local name=$1 total=0 t0 t1
    shift
    "$@" >/dev/null 2>&1 || true
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      total=$((total + t1 - t0))
    done
    printf '%-45s mean %6d ms over %d runs\n' "$name" $((total / runs / 1000000)) "$runs"
  }
  timeit "./dtk validate specs/" ./dtk validate specs/
  timeit "./dtk validate (1,000 generated specs)" ./dtk validate "$tmp/specs"
  timeit "./dtk --version" ./dtk --version
  timeit "./dtk validate specs/ (no CDS archive)" env DTK_NO_CDS=1 ./dtk validate specs/
fi
