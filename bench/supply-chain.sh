#!/usr/bin/env bash
# What the supply chain adds to each image, measured on a Debian build (to run by hand: figures
# depend on the machine and its load; not a test).
#
# The shipped specs/debian.yaml (real apt installs from Debian's archive on a debootstrap base), one
# kernel, x86_64, is applied to a docker-registry on 127.0.0.1:
#   warm-up    one apply that fills the layer cache (the real build; its time is printed for scale)
#   unsigned   dtk apply --force: SBOM and provenance (always made), no signature
#   signed     dtk apply --force --sign-by KEY (a GPG key made here, in a GNUPGHOME of its own,
#              signatures to a lookaside directory of a private HOME's registries.d)
#   checked    as signed, plus verify.signature (the policy check of the pushed image and its
#              artifacts before the tag is written); skipped with CHECK=0
# Both timed runs reuse the cached layers, so what differs is what dtk does after the build. Each
# target log has dtk's own timings: "sbom: ... (N ms)", "pushed ... (N ms)", "attached ... (N ms)",
# "verify signature ... (N ms)"; the table prints them per run, and the index push from its log.
#
#   bench/supply-chain.sh                           # newest 6.1.0-N-amd64 that apt-cache knows
#   KERNEL=6.1.0-57-amd64 RUNS=3 bench/supply-chain.sh
#   DTK=/path/to/dtk bench/supply-chain.sh          # another dtk launcher (default: ./dtk)
#   LOGS_TO=/tmp/logs bench/supply-chain.sh         # keep each run's target and index logs there
#
# Needs root, debootstrap, podman, skopeo, docker-registry, gpg, curl, python3.
# Only 127.0.0.1 and Debian's archive are contacted. No key material or passphrase is printed.
set -euo pipefail

repo=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
dtk=${DTK:-./dtk}
runs=${RUNS:-1}
check=${CHECK:-1}
kernel=${KERNEL:-}

"$dtk" --version >/dev/null     # build the CLI (and its class-data archive) outside the measurement

tmp=$(mktemp -d)
registry_pid=""
cleanup() {
  [[ -n $registry_pid ]] && kill "$registry_pid" 2>/dev/null || true
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

# a private HOME (registries.d: where signatures go) and GNUPGHOME with one key without passphrase
home=$tmp/home
mkdir -p "$home/.config/containers/registries.d" "$home/gnupg"
chmod 700 "$home/gnupg"
cat >"$home/.config/containers/registries.d/bench.yaml" <<YML
default-docker:
  lookaside-staging: file://$home/signatures
  lookaside: file://$home/signatures
YML
export GNUPGHOME=$home/gnupg
cat >"$tmp/key.params" <<'KEY'
Key-Type: RSA
Key-Length: 2048
%no-protection
Name-Real: dtk bench
Name-Email: bench@dtk.invalid
Expire-Date: 0
%commit
KEY
gpg --batch --quiet --gen-key "$tmp/key.params" 2>/dev/null
gpg --armor --export bench@dtk.invalid >"$tmp/bench.pub"

if [[ -z $kernel ]]; then
  kernel=$(apt-cache search --names-only '^linux-headers-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' \
    | sed 's/^linux-headers-//' | sort -V | tail -1)
fi
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(podman --version), $(skopeo --version), $(gpg --version | head -1)"
echo "registry: $reg (docker-registry on loopback); kernel: $kernel"
debbase=$(it/debian/base-image.sh --push "$reg" 2>"$tmp/base.log") || { cat "$tmp/base.log"; exit 1; }

# the spec set: the shipped specs plus a policy for verify.signature (the spec root must hold it)
cp -r specs "$tmp/specs"
cat >"$tmp/specs/policy.json" <<JSON
{"default":[{"type":"reject"}],"transports":{"docker":{"$reg":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"$tmp/bench.pub"}]}}}
JSON

# $1 = label, $2 = organization (a repository of its own), rest = extra dtk args
apply() {
  local label=$1 org=$2; shift 2
  local t0 t1
  rm -rf "$tmp/logs"
  t0=$(now)
  HOME=$home "$dtk" apply --tls-verify=false --engine-arg=--isolation=chroot --state-dir "$tmp/state" \
    --log-dir "$tmp/logs" --jobs 1 "$tmp/specs/debian.yaml" --kernel-version "$kernel" \
    --set "baseImage=$debbase" --set "image.registry=$reg" --set "image.organization=$org" \
    --set "verify.enabled=true" --set "verify.canary=false" "$@" >"$tmp/$org.out" 2>"$tmp/$org.err" \
    || { cat "$tmp/$org.out" "$tmp/$org.err"; tail -n 20 "$tmp"/logs/*.log; exit 1; }
  t1=$(now)
  local log idx
  log=$(ls "$tmp"/logs/*.log | grep -v '/index\.' | head -1)
  idx=$(ls "$tmp"/logs/index.*.log 2>/dev/null | head -1 || true)
  grab() { grep -o "$1.*(\([0-9]*\) ms)" "$2" 2>/dev/null | tail -1 | sed 's/.*(\([0-9]*\) ms)$/\1/'; }
  printf '%-10s %9s %9s %9s %9s %9s %9s\n' "$label" "$(ms "$t0" "$t1")" "$(grab '### dtk: sbom: ' "$log")" \
    "$(grab '### dtk: pushed ' "$log")" "$(grab '### dtk: attached ' "$log")" \
    "$(grab '### dtk: verify signature' "$log")" "$( [[ -n $idx ]] && grab '### dtk: pushed ' "$idx")"
  grep -h '### dtk: sbom: ' "$log" | sed 's/^.*### dtk: /    /' >"$tmp/sbom-line"
  if [[ -n ${LOGS_TO:-} ]]; then mkdir -p "$LOGS_TO/$label"; cp "$tmp"/logs/*.log "$LOGS_TO/$label/"; fi
}

echo
printf '%-10s %9s %9s %9s %9s %9s %9s\n' run "total ms" "sbom ms" "push ms" "attach ms" "check ms" "index ms"
apply warm-up "warm$port"
for i in $(seq "$runs"); do
  apply unsigned "unsigned$port-$i" --force
  apply signed "signed$port-$i" --force --sign-by bench@dtk.invalid
  if [[ $check == 1 ]]; then
    apply checked "checked$port-$i" --force --sign-by bench@dtk.invalid --set "verify.signature.policy=$tmp/specs/policy.json"
  fi
done
cat "$tmp/sbom-line"
echo "(sbom = read the image's package database and write SPDX; attach = provenance + both artifacts pushed"
echo " with skopeo + the referrers fallback index; push = podman push of the image (signed: with --sign-by);"
echo " check = policy check of the image and both artifacts by digest, SBOM/provenance subjects, then the tag)"
