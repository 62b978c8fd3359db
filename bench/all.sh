#!/usr/bin/env bash
# Every row of the performance table (README, "Performance"), dtk and its peer side by side, in a
# few minutes: fewer runs than the scripts' defaults. Prints each script's detail, then the table.
# Run it on a quiet machine; the ratios are what counts (both sides share the load).
#
#   bench/all.sh
#   RUNS=10 bench/all.sh          # more runs of each
#   SKIP=build bench/all.sh       # without the Debian build (needs root, debootstrap, Debian's archive)
set -euo pipefail
here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
runs=${RUNS:-3}
skip=" ${SKIP:-} "
out=$(mktemp)
trap 'rm -f "$out"' EXIT
run() {   # NAME SCRIPT
  [[ $skip == *" $1 "* ]] && return 0
  echo "== $2" >&2
  RUNS=$runs "$here/$2" | tee -a "$out" >&2
}
run validate validate-vs-ajv.sh
run noop noop-apply-vs-skopeo.sh
run realistic noop-apply-realistic.sh
run build build-overhead.sh
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $runs runs each, medians:"
echo "| work | dtk | peer | ratio |"
echo "|---|---|---|---|"
grep '^| ' "$out"
