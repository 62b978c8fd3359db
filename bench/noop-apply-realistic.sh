#!/usr/bin/env bash
# No-op `dtk apply` vs the skopeo loop against a realistic registry: docker-registry with TLS (a
# test CA made with openssl) and htpasswd (bcrypt) auth, reached through a proxy on 127.0.0.1 that
# adds 20 ms to each round trip (bench/latency-proxy.py), 8 up-to-date targets. skopeo pays a TCP
# connection, a TLS handshake and an auth round trip per call; dtk may reuse them.
# Several runs, min / median / max wall time, median peak RSS, ratio of the medians.
#
#   bench/noop-apply-realistic.sh
#   RUNS=10 TARGETS=32 DELAY_MS=50 bench/noop-apply-realistic.sh
#
# The registry is filled over plain HTTP first (same storage, same address), then served with TLS
# and auth behind the proxy. dtk trusts the test CA through --cert-dir when it has it, else through
# a JVM trust store (DTK_JAVA_OPTS), and reads the credentials from an auth file (--authfile);
# skopeo gets --cert-dir and --creds.
# Needs podman, skopeo, docker-registry, busybox, openssl, htpasswd (apache2-utils), python3,
# keytool (the JDK), /usr/bin/time. Only 127.0.0.1 is contacted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$bench_repo"
runs=${RUNS:-5}
n=${TARGETS:-8}
delay=${DELAY_MS:-20}
bench_need podman skopeo docker-registry busybox curl openssl htpasswd python3 /usr/bin/time

"$dtk" --version >/dev/null

tmp=$(mktemp -d)
bench_registry_pid=""
proxy_pid=""
cleanup() {
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  [[ -n $bench_registry_pid ]] && kill "$bench_registry_pid" 2>/dev/null || true
  [[ -n ${reg:-} ]] && bench_rmi_registry "$reg"
  rm -rf "$tmp"
}
trap cleanup EXIT

# clients talk to the proxy's port: the registry is first served there directly to fill it
bench_port=$(bench_free_port)
bench_registry "$tmp/registry"
reg=$bench_reg
bench_fill "$tmp" "$n"
kill "$bench_registry_pid"; wait "$bench_registry_pid" 2>/dev/null || true; bench_registry_pid=""

# a test CA and a server certificate for 127.0.0.1
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dtk bench CA" \
  -keyout "$tmp/ca.key" -out "$tmp/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$tmp/server.key" -out "$tmp/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$tmp/ext"
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 2 \
  -extfile "$tmp/ext" -out "$tmp/server.crt" 2>/dev/null
mkdir -p "$tmp/certs.d"
cp "$tmp/ca.crt" "$tmp/certs.d/ca.crt"
user=bench pass=bench-$RANDOM$RANDOM
htpasswd -Bbc "$tmp/htpasswd" "$user" "$pass" 2>/dev/null
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$reg" "$(printf '%s:%s' "$user" "$pass" | base64 -w0)" >"$tmp/auth.json"

# the same storage, now with TLS and auth on a port of its own, behind the proxy on $reg
bench_port=$(bench_free_port)
bench_registry "$tmp/registry" ", tls: { certificate: $tmp/server.crt, key: $tmp/server.key }" \
  "auth: { htpasswd: { realm: dtk-bench, path: $tmp/htpasswd } }"
backend=$bench_reg
python3 bench/latency-proxy.py "${reg##*:}" "$backend" "$delay" >"$tmp/proxy.out" 2>"$tmp/proxy.err" &
proxy_pid=$!
for _ in $(seq 50); do grep -q ready "$tmp/proxy.out" 2>/dev/null && break; sleep 0.1; done
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$tmp/ca.crt" "https://$reg/v2/")
[[ $code == 401 ]] || { echo "bench: the registry behind the proxy answered $code, not 401" >&2; exit 1; }

# how dtk trusts the CA
if "$dtk" apply --help 2>/dev/null | grep -q -- '--cert-dir'; then
  dtk_tls=(--cert-dir "$tmp/certs.d")
  trust="--cert-dir"
else
  keytool -importcert -noprompt -alias dtk-bench -file "$tmp/ca.crt" -keystore "$tmp/ca.p12" \
    -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  export DTK_JAVA_OPTS="${DTK_JAVA_OPTS:-} -Djavax.net.ssl.trustStore=$tmp/ca.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12"
  dtk_tls=()
  trust="a JVM trust store (DTK_JAVA_OPTS)"
fi
versions=$bench_versions
common=("${bench_common[@]}" --authfile "$tmp/auth.json" "${dtk_tls[@]}")

noop() {
  "$dtk" apply "${common[@]}" "$bench_spec_dir" >"$tmp/noop.out" 2>&1 || { cat "$tmp/noop.out" >&2; return 1; }
  grep -q "Nothing to build" "$tmp/noop.out" || { cat "$tmp/noop.out" >&2; echo "bench: the no-op apply built something" >&2; return 1; }
}
loop() {
  local v
  for v in ${versions//,/ }; do
    skopeo inspect --cert-dir "$tmp/certs.d" --creds "$user:$pass" "docker://$reg/bench/dtk:$v.x86_64" >/dev/null
    skopeo inspect --cert-dir "$tmp/certs.d" --creds "$user:$pass" "docker://$reg/bench/dtk:$v" >/dev/null
  done
}

bench_machine
echo "registry: docker-registry, TLS (test CA) + htpasswd, behind a proxy adding $delay ms per round trip, on $reg"
echo "dtk trusts the CA through $trust; $runs runs each after a warm-up"
echo "min / median / max wall time, median peak RSS:"
bench_time "$tmp/dtk" "$runs" bash -c "$(declare -p dtk common tmp bench_spec_dir); $(declare -f noop); noop"
bench_time "$tmp/sko" "$runs" bash -c "$(declare -p versions reg tmp user pass); $(declare -f loop); loop"
bench_row "no-op apply, $n targets, TLS+auth+${delay}ms" "$tmp/dtk" "$((2 * n)) x skopeo inspect" "$tmp/sko"
