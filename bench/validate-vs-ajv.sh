#!/usr/bin/env bash
# dtk validate vs ajv-cli on the same schema (schemas/dtk-spec.schema.json, draft 2020-12, with
# ajv-formats) and the same YAML files: 1 spec, and 1,000 specs. The files are specs/centos.yaml
# with its `extends` merged in (bench/flatten-spec.js), so that ajv, which knows nothing of
# `extends`, validates the complete document dtk validates; each copy has its own metadata.name.
# Several runs of each, min / median / max wall time and the median peak RSS, and the ratio of
# the medians. A benchmark to run by hand (figures depend on the machine and its load).
#
#   bench/validate-vs-ajv.sh
#   RUNS=10 COUNT=1000 BENCH_SPEC=debian bench/validate-vs-ajv.sh
#
# Needs node and npm (ajv-cli, ajv-formats and yaml are installed from the npm registry into
# bench/.node on the first run, git-ignored), /usr/bin/time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$bench_repo"
runs=${RUNS:-5}
count=${COUNT:-1000}
template=${BENCH_SPEC:-centos}
bench_need node npm /usr/bin/time

mods=bench/.node/node_modules
if [[ ! -x $mods/.bin/ajv || ! -d $mods/yaml || ! -d $mods/ajv-formats ]]; then
  echo "installing ajv-cli@5, ajv-formats, yaml into bench/.node (npm registry)" >&2
  mkdir -p bench/.node
  (cd bench/.node && npm install --no-audit --no-fund --silent ajv-cli@5 ajv-formats yaml >&2)
fi
ajv=$mods/.bin/ajv
ajv_args=(validate --spec=draft2020 --strict=false -c ajv-formats -s schemas/dtk-spec.schema.json)

"$dtk" --version >/dev/null   # build the CLI (and its start-up archive) outside the measurement

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/one" "$tmp/many"
cp -r specs/repos "$tmp/one/repos"
cp -r specs/repos "$tmp/many/repos"
NODE_PATH=$mods node bench/flatten-spec.js "specs/$template.yaml" >"$tmp/flat.yaml"
cp "$tmp/flat.yaml" "$tmp/one/$template.yaml"
for i in $(seq -w 1 "$count"); do
  sed -e "/^metadata:/,/^[^ ]/ s/^\(  name:\).*/\1 bench-$i/" "$tmp/flat.yaml" >"$tmp/many/bench-$i.yaml"
done

# both must find the files valid, or the figures mean nothing; and ajv must really apply the
# schema: a copy with a misspelt key is refused by both
"$dtk" validate "$tmp/one" >/dev/null
"$dtk" validate "$tmp/many" >/dev/null
"$ajv" "${ajv_args[@]}" -d "$tmp/many/*.yaml" >/dev/null
mkdir -p "$tmp/bad"
sed -e 's/^packageManager:/packageManagr:/' "$tmp/flat.yaml" >"$tmp/bad/bad.yaml"
if "$ajv" "${ajv_args[@]}" -d "$tmp/bad/bad.yaml" >/dev/null 2>&1; then
  echo "bench: ajv accepted a spec with a misspelt key: it is not applying dtk's schema" >&2; exit 1
fi
if "$dtk" validate "$tmp/bad/bad.yaml" >/dev/null 2>&1; then
  echo "bench: dtk accepted a spec with a misspelt key" >&2; exit 1
fi

bench_machine
echo "files: specs/$template.yaml with extends merged in, 1 and $count copies; $runs runs each after a warm-up"
echo "min / median / max wall time, median peak RSS:"
bench_time "$tmp/dtk1" "$runs" "$dtk" validate "$tmp/one"
bench_time "$tmp/ajv1" "$runs" "$ajv" "${ajv_args[@]}" -d "$tmp/one/*.yaml"
bench_time "$tmp/dtkN" "$runs" "$dtk" validate "$tmp/many"
bench_time "$tmp/ajvN" "$runs" "$ajv" "${ajv_args[@]}" -d "$tmp/many/*.yaml"
bench_row "validate 1 spec" "$tmp/dtk1" ajv-cli "$tmp/ajv1"
bench_row "validate $count specs" "$tmp/dtkN" ajv-cli "$tmp/ajvN"
