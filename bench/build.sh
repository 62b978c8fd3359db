#!/usr/bin/env bash
# Overhead of `dtk build` over a plain `podman build` of the same rendered context, and how many
# times each image is inspected while resolving. Uses the hermetic fixtures of dtk-exec's tests
# (a registry on 127.0.0.1, a stub-dnf CentOS-like base, a fake bootc image): no network.
# A benchmark to run by hand (figures depend on the machine), not a test.
#
#   bench/build.sh            # 3 runs of each, --no-cache so both do the same work
#   RUNS=5 bench/build.sh
set -euo pipefail

repo=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
runs=${RUNS:-3}

./dtk --version >/dev/null                       # builds the CLI when needed
mvn -B -q -o -pl dtk-exec -am test-compile >/dev/null
tmp=$(mktemp -d)
mvn -B -q -o -pl dtk-exec dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp" >/dev/null
cp="dtk-exec/target/test-classes:dtk-exec/target/classes:$(cat "$tmp/cp")"

# the fixtures live as long as this coprocess' stdin stays open
coproc FIX { java -cp "$cp" dtk.exec.testing.FixtureServer; }
cleanup() {
  exec {FIX[1]}>&- 2>/dev/null || true
  wait "$FIX_PID" 2>/dev/null || true
  podman rmi --force "localhost/dtk-bench/plain:1" >/dev/null 2>&1 || true
  if [[ -n ${registry:-} ]]; then
    podman images --format '{{.Repository}}:{{.Tag}}' | grep "^$registry/" | xargs -r podman rmi --force >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
while read -r line <&"${FIX[0]}"; do
  [[ $line == ready ]] && break
  declare "$line"
done

org=bench
args=(../specs/centos.yaml --platform x86_64 --tls-verify=false --state-dir "$tmp/.dtk/state" --log-dir "$tmp/logs"
  --set "baseImage=$rpmBase" --set "kernel.source.image=$bootc" --set "facts.compose.image=$bootc"
  --set "image.registry=$registry" --set "image.organization=$org")
cd dtk-cli   # the spec path above is relative to a module directory, as in the tests

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

# one warm-up build: fills the base image into local storage and writes the rendered context
../dtk build "${args[@]}" --engine-arg=--isolation=chroot -v 2>"$tmp/warm.err" >/dev/null
grep '^resolved in' "$tmp/warm.err"
ctx=$(ls -d "$tmp"/.dtk/contexts/*)
mapfile -t buildargs < <(jq -r '.buildArgs | to_entries[] | "--build-arg=\(.key)=\(.value)"' "$ctx/context.json")
mapfile -t labels < <(jq -r '.engineLabels | to_entries[] | "--label=\(.key)=\(.value)"' "$ctx/context.json")

dtk_total=0; plain_total=0
for i in $(seq 1 "$runs"); do
  t0=$(now)
  ../dtk build "${args[@]}" --engine-arg=--isolation=chroot --no-cache >/dev/null 2>&1
  t1=$(now)
  podman build --isolation chroot --no-cache --pull=missing --platform linux/amd64 "${buildargs[@]}" "${labels[@]}" \
    -t localhost/dtk-bench/plain:1 -f "$ctx/Containerfile" "$ctx" >/dev/null 2>&1
  t2=$(now)
  echo "run $i: dtk build $(ms "$t0" "$t1") ms, podman build $(ms "$t1" "$t2") ms"
  dtk_total=$((dtk_total + t1 - t0)); plain_total=$((plain_total + t2 - t1))
done
echo "mean: dtk build $((dtk_total / runs / 1000000)) ms, podman build $((plain_total / runs / 1000000)) ms," \
  "ratio $(awk -v a="$dtk_total" -v b="$plain_total" 'BEGIN { printf "%.2f", a / b }')"
