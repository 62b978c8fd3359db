#!/usr/bin/env bash
# End-to-end proof on a real distro: a Debian driver toolkit image built from Debian's archive,
# pushed to a real registry, pulled back and used to compile a real kernel module whose vermagic
# matches the target kernel.
#
#   it/debian/prove.sh                     # from anywhere; ends with "PASS" (exit 0) or "FAIL" (exit 1)
#   it/debian/prove.sh --kernel 6.1.0-56-amd64 --keep       # pin one kernel instead of the spec's
#
# Steps (each timed, table at the end):
#   registry     docker-registry on 127.0.0.1:<random free port>, temp storage, stopped on exit
#   debootstrap  bookworm minbase rootfs (cached between runs, see base-image.sh)
#   import       podman import as localhost/dtk-it/debian:bookworm
#   base-push    push it to the test registry
#   kernels      what the shipped spec yields today: dtk kernels reads the base image's apt sources
#                out of its layers and the archive's indexes (newest 2); the newest must be the one
#                apt in the base image picks for linux-headers-amd64 (pick-kernel.sh)
#   dtk-cli      the dtk launcher (builds the CLI first when it is missing or stale)
#   apply        dtk plan, then dtk apply of specs/debian.yaml FROM the pushed base (--set baseImage,
#                image.registry; --tls-verify=false; --engine-arg=--isolation=chroot): per kernel
#                build, verify (release file, kernel installed, canary module), push, index; the
#                table also splits it into apply:build, apply:verify, apply:push
#   apply-again  a second dtk apply must build nothing (one registry round)
#   module       separate build FROM the newest kernel's toolkit pulled back from the registry: compile
#                the dtk canary module with make -C /lib/modules/<kver>/build M=... as the image's user
#   checks       vermagic starts with <kver>, headers installed, every label dtk planned (skopeo
#                inspect) and /etc/driver-toolkit-release.json KERNEL_VERSION of the pushed image
#
# Needs root, debootstrap, podman, buildah, skopeo, docker-registry, jq, tar, flock, Java (dtk), and the
# Debian archive reachable (also from builds). Builds use --isolation chroot (DTK_ISOLATION to change).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
kver=""
kver_source=spec
keep=false
isolation=${DTK_ISOLATION:-chroot}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --kernel) kver=${2:?--kernel needs a kernel release, e.g. 6.1.0-56-amd64}; kver_source=option; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "prove.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

log() { printf '\n[prove %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() { echo "prove.sh: FAILED CHECK: $*" >&2; return 1; }

# --- step bookkeeping: every step is timed; the table and the verdict are printed on exit ------
step_names=()
step_secs=()
step_results=()
current_step=""
current_start=0
now_ns() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
step() {
  current_step=$1; shift
  log "step $current_step: $*"
  current_start=$(now_ns)
  "$@"
  step_names+=("$current_step"); step_secs+=("$(secs_since "$current_start")"); step_results+=(ok)
  current_step=""
}

tmp=""
toolkit_ref=""
index_ref=""
canary_tag=""
registry_pid=""
port=""
containers=()
cleanup() {
  local rc=$?
  # One failure code for callers (CI, DebianToolkitIT); interrupts keep theirs.
  if [[ $rc -ne 0 && $rc -ne 130 && $rc -ne 143 ]]; then rc=1; fi
  if [[ -n "$current_step" ]]; then
    step_names+=("$current_step"); step_secs+=("$(secs_since "$current_start")"); step_results+=(FAILED)
  fi
  for c in "${containers[@]}"; do podman rm -f "$c" >/dev/null 2>&1 || true; done
  # Names carry the random port: drop them so repeated runs do not pile up images, but keep the
  # toolkit's intermediate layers (--no-prune, untag): they are the next run's build cache.
  [[ -n "$canary_tag" ]] && { podman rmi -f "$canary_tag" >/dev/null 2>&1 || true; }
  local name
  for name in "$toolkit_ref" "$index_ref"; do
    [[ -n "$name" ]] && { podman rmi --no-prune "$name" >/dev/null 2>&1 || true; }
  done
  if [[ -n "$port" ]]; then
    podman images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^127.0.0.1:$port/" \
      | xargs -r podman untag >/dev/null 2>&1 || true
  fi
  if [[ -n "$registry_pid" ]]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  local phases=""
  if [[ -n "$tmp" && -s "$tmp/apply.phases" ]]; then phases=$(cat "$tmp/apply.phases"); fi
  if [[ -n "$tmp" ]]; then
    if $keep; then echo "prove.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi
  fi
  {
    echo
    echo "Debian driver toolkit proof: wall time per step"
    printf '  %-12s %9s  %s\n' step seconds result
    local i total=0
    for i in "${!step_names[@]}"; do
      printf '  %-12s %9s  %s\n' "${step_names[$i]}" "${step_secs[$i]}" "${step_results[$i]}"
      total=$(awk -v t="$total" -v s="${step_secs[$i]}" 'BEGIN { print t + s }')
      if [[ "${step_names[$i]}" == apply && -n "$phases" ]]; then
        awk '{ printf "    %-12s %7s  (part of apply)\n", $1, $2 }' <<<"$phases"
      fi
    done
    printf '  %-12s %9.1f\n' total "$total"
    if [[ $rc -eq 0 ]]; then
      echo "PASS: Debian driver toolkit for ${kver:-?} built, pushed, pulled back and compiled a module with matching vermagic"
    else
      echo "FAIL: Debian driver toolkit proof failed (exit $rc) in step '${current_step:-?}'; see the output above"
    fi
  } >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- preflight --------------------------------------------------------------------------------
missing=()
for tool in debootstrap podman buildah skopeo docker-registry jq tar flock java; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "prove.sh: missing tools: ${missing[*]} (Debian: apt-get install debootstrap podman buildah skopeo docker-registry jq openjdk-17-jdk-headless)" >&2
  exit 1
fi
[[ $(id -u) -eq 0 ]] || { echo "prove.sh: must run as root (debootstrap, podman builds with chroot isolation)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dtk-prove.XXXXXX")

# --- steps ------------------------------------------------------------------------------------
# HTTP GET /v2/ on the registry port with bash's /dev/tcp: 200 means it serves the API.
registry_answers() {
  local status
  status=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 \
           && head -n1 <&3) 2>/dev/null || return 1
  [[ "$status" == "HTTP/1."?" 200"* ]]
}

start_registry() {
  mkdir -p "$tmp/registry"
  for _ in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    if command -v ss >/dev/null && ss -Htln "sport = :$port" | grep -q .; then continue; fi
    cat >"$tmp/registry.yml" <<EOF
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $tmp/registry }
  delete: { enabled: true }
http: { addr: "127.0.0.1:$port" }
EOF
    docker-registry serve "$tmp/registry.yml" >"$tmp/registry.log" 2>&1 &
    registry_pid=$!
    local i
    for i in $(seq 1 50); do
      if registry_answers; then
        echo "registry at 127.0.0.1:$port (pid $registry_pid, storage $tmp/registry)" >&2
        return 0
      fi
      kill -0 "$registry_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; registry_pid=""
    tail -n 5 "$tmp/registry.log" >&2
  done
  fail "docker-registry did not start on 127.0.0.1 (log above)"
}

spec=specs/debian.yaml
registry=""
base_local=localhost/dtk-it/debian:bookworm
base_ref=""
base_digest=""

push_base() {
  base_ref="$registry/dtk-it/debian:bookworm"
  podman push -q --tls-verify=false "$base_local" "docker://$base_ref"
  base_digest=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$base_ref")
  echo "base $base_ref@$base_digest" >&2
}

# The kernels the spec yields today (dtk kernels: the base image's apt sources, the archive's
# indexes), newest first; kver is the newest. With --kernel, that one kernel is pinned instead.
kernels=()
pick_kernels() {
  if [[ -n "$kver" ]]; then
    kernels=("$kver")
  else
    local args
    mapfile -t args < <(dtk_args)
    "$root/dtk" kernels "${args[@]}" --format json >"$tmp/kernels.json"
    jq -r '.specs[0].platforms.x86_64[] | "  \(.kernel)  from \(.from)"' "$tmp/kernels.json" >&2
    mapfile -t kernels < <(jq -r '.specs[0].platforms.x86_64[].kernel' "$tmp/kernels.json")
    [[ ${#kernels[@]} -eq 2 ]] || fail "dtk kernels gives ${#kernels[@]} kernels for $spec, expected its newest 2"
    kver=${kernels[0]}
    kver_source=spec
    # the newest dtk read from the indexes is the one apt in the base image installs
    local picked
    picked=$("$here/pick-kernel.sh" --image "$base_ref")
    [[ "$picked" == "$kver" ]] \
      || fail "dtk kernels' newest kernel is $kver, but apt in $base_ref picks $picked for linux-headers-amd64"
    jq -e '.specs[0].platforms.x86_64[0].from | test("^repository http.*/dists/bookworm(-security|-updates)?/main/binary-amd64/Packages")' \
      "$tmp/kernels.json" >/dev/null || fail "the newest kernel did not come from the base image's apt sources"
  fi
  local k
  for k in "${kernels[@]}"; do
    [[ "$k" =~ ^[0-9]+\.[0-9]+[^[:space:]]*-amd64$ ]] || fail "kernel release '$k' does not look like a Debian amd64 one"
  done
  echo "kernels: ${kernels[*]} (${kver_source}); module and checks on $kver" >&2
}

# What every dtk command gets: the test registry's base, registry and kernel, plain HTTP.
dtk_args() {
  printf '%s\n' "$spec" --set "baseImage=$base_ref" --set "image.registry=$registry" --tls-verify=false
  if [[ "$kver_source" == option ]]; then printf '%s\n' --set "kernel.version=$kver"; fi
}

cli_ready() {
  # The launcher builds the CLI when it is missing or stale; do it here so the toolkit step times
  # only the toolkit.
  "$root/dtk" --version
}

apply_toolkit() {
  local args
  mapfile -t args < <(dtk_args)
  # The plan (online: the base is pinned by digest) names the image and every label dtk sets.
  "$root/dtk" plan "${args[@]}" --format json >"$tmp/plan.json"
  local n=${#kernels[@]}
  jq -e --argjson n "$n" '.targets | length == $n' "$tmp/plan.json" >/dev/null \
    || fail "dtk plan of $spec does not give one target per kernel (${kernels[*]})"
  jq -e --arg k "$kver" '.targets[0].kernelVersion == $k' "$tmp/plan.json" >/dev/null \
    || fail "the first target of dtk plan is not the newest kernel $kver"
  toolkit_ref=$(jq -r '.targets[0].image' "$tmp/plan.json")
  index_ref=$(jq -r '.targets[0].index' "$tmp/plan.json")
  [[ "$toolkit_ref" == "$registry/"* && "$index_ref" == "$registry/"* ]] \
    || fail "planned images '$toolkit_ref', '$index_ref' are not in the test registry $registry"
  # build, verify (release file, installed kernel, canary module) and push, then the index
  "$root/dtk" apply "${args[@]}" --engine-arg="--isolation=$isolation" \
    --state-dir "$tmp/state" --log-dir "$tmp/logs" --report "$tmp/apply.json" 2> >(tee "$tmp/apply.err" >&2) \
    || { tail -n 40 "$tmp"/logs/*.log >&2 2>/dev/null || true; return 1; }
  jq -e --argjson n "$n" '.ok and .built == $n and ([.targets[].result] | all(. == "pushed"))
      and (.indexes | length == $n) and ([.indexes[].result] | all(. == "pushed"))' "$tmp/apply.json" >/dev/null \
    || { jq . "$tmp/apply.json" >&2; fail "dtk apply did not build and push one target and one index per kernel"; return 1; }
  jq -r --arg i "$toolkit_ref" '.targets[] | select(.image == $i) | .digest' "$tmp/apply.json" >"$tmp/toolkit.digest"
  [[ -s "$tmp/toolkit.digest" ]] || fail "dtk apply pushed another image than dtk plan named ($toolkit_ref)"
  grep -h '^### dtk: verify' "$tmp"/logs/debian.*.log >&2 || true
  local k
  for k in "${kernels[@]}"; do
    grep -q '^### dtk: verify canary: ok, vermagic '"$k " "$tmp"/logs/debian.*.log \
      || fail "dtk apply's log shows no passed canary for $k"
  done
  echo "pushed $toolkit_ref@$(cat "$tmp/toolkit.digest"), index $index_ref" >&2
  apply_phase_times
}

# dtk apply's progress lines ("<target>: <step> (<elapsed>s)", the elapsed time when the step
# started) give the time of each phase. POSIX awk only (mawk on Debian).
apply_phase_times() {
  sed -n -E 's/^.*: (render|build|verify|push|pushed) ([^ ]+ )?\(([0-9.]+)s\)$/\1 \3/p' "$tmp/apply.err" \
    | awk '{ t[$1] = $2 }
      END {
        if (("build" in t) && ("verify" in t) && ("push" in t) && ("pushed" in t))
          printf "apply:build %.1f\napply:verify %.1f\napply:push %.1f\n", t["verify"] - t["build"], t["push"] - t["verify"], t["pushed"] - t["push"]
      }' >"$tmp/apply.phases" || true
}

apply_again() {
  local args
  mapfile -t args < <(dtk_args)
  "$root/dtk" apply "${args[@]}" --engine-arg="--isolation=$isolation" \
    --state-dir "$tmp/state" --log-dir "$tmp/logs" --report "$tmp/apply2.json"
  jq -e '.ok and .built == 0 and .changedNothing' "$tmp/apply2.json" >/dev/null \
    || { jq . "$tmp/apply2.json" >&2; fail "a second dtk apply right after the first was not a no-op"; }
}

build_module() {
  # Drop every local name of the toolkit so the FROM below can only come from the registry; build
  # FROM the multi-arch tag a user pulls (driver-toolkit:<kver>), not the per-platform one.
  local name
  for name in "$toolkit_ref" "$index_ref"; do
    podman image exists "$name" && podman rmi --no-prune "$name" >/dev/null
    if podman image exists "$name"; then fail "$name still present locally after rmi"; return 1; fi
  done
  # The canary context dtk ships for verify.canary (dtk-exec/src/main/resources/canary): its
  # check.sh fails the build on a warning or a vermagic that does not name the kernel.
  cp -r "$root/dtk-exec/src/main/resources/canary" "$tmp/canary-ctx"
  canary_tag="$registry/dtk-it/canary:$kver"
  # --no-cache: nothing to reuse here, and a cache lookup can race with other users of the image
  # store removing images ("checking if cached image exists ...: layer not known").
  podman build --isolation "$isolation" --pull=always --tls-verify=false --no-cache \
    --build-arg "DTK_IMAGE=$index_ref" --build-arg "KERNEL_VERSION=$kver" \
    -t "$canary_tag" -f "$tmp/canary-ctx/Containerfile" "$tmp/canary-ctx"
  local cid
  cid=$(podman create "$canary_tag" /bin/true)
  containers+=("$cid")
  mkdir -p "$tmp/out"
  podman cp "$cid:/tmp/dtk-canary" - | tar -x -C "$tmp/out"
  podman cp "$cid:/var/lib/dpkg/status" - | tar -xO >"$tmp/out/dpkg-status"
}

failed_checks=0
check_failed() {
  echo "prove.sh: FAILED CHECK: $*" >&2
  failed_checks=$((failed_checks + 1))
}

# Every check runs; each failure is reported, then the step fails if any did.
check_all() {
  failed_checks=0
  # 1. The module build used the pushed image, pulled from the registry.
  local pushed repo_digests
  pushed=$(cat "$tmp/toolkit.digest")
  repo_digests=$(podman image inspect --format '{{.Digest}} {{join .RepoDigests " "}}' "$index_ref")
  echo "pulled $index_ref: $repo_digests" >&2
  [[ " $repo_digests " == *"$pushed"* ]] || check_failed "the module build's $index_ref is not the pushed $pushed"

  # 2. vermagic names the target kernel (check.sh checked it in the build; check the output again).
  local out="$tmp/out/dtk-canary/$kver"
  [[ -s "$out/dtk_canary.ko" ]] || check_failed "no $kver/dtk_canary.ko in the canary output"
  local vermagic
  vermagic=$(sed -n 's/^vermagic: *//p' "$out/modinfo.txt" 2>/dev/null)
  echo "vermagic: $vermagic" >&2
  [[ "$vermagic" == "$kver "* ]] || check_failed "vermagic '$vermagic' does not start with '$kver '"
  grep -q "^license: *GPL$" "$out/modinfo.txt" || check_failed "modinfo shows no 'license: GPL'"
  if grep -n -i -E '(warning|error):' "$out/build.log" >&2; then check_failed "the canary build printed warnings (above)"; fi
  awk -v p="linux-headers-$kver" '$0 == "Package: " p { f = 1 } f && /^Status:/ { print; exit }' "$tmp/out/dpkg-status" \
    | grep -q "install ok installed" || check_failed "linux-headers-$kver is not installed in the toolkit"
  echo "linux-headers-$kver installed; canary built as user '$(podman image inspect --format '{{.Config.User}}' "$canary_tag")'" >&2

  # 3. Labels of the pushed image, read from the registry: every label dtk planned for it.
  skopeo inspect --tls-verify=false --raw "docker://$index_ref" >"$tmp/index.json"
  jq -e --arg d "$pushed" '.manifests[] | select(.digest == $d and .platform.architecture == "amd64")' \
    "$tmp/index.json" >/dev/null \
    || { check_failed "the index $index_ref does not list the pushed $pushed for amd64"; cat "$tmp/index.json" >&2; }
  skopeo inspect --tls-verify=false "docker://$index_ref" >"$tmp/inspect.json"
  jq '.Labels' "$tmp/inspect.json" >&2
  local key want got
  while IFS=$'\t' read -r key want; do
    got=$(jq -r --arg k "$key" '.Labels[$k] // "<missing>"' "$tmp/inspect.json")
    [[ "$got" == "$want" ]] || check_failed "label $key is '$got', expected '$want'"
  done < <(expected_labels)

  # 4. Release file of the pushed image.
  local cid
  cid=$(podman create "$index_ref" /bin/true)
  containers+=("$cid")
  podman cp "$cid:/etc/driver-toolkit-release.json" - | tar -xO >"$tmp/release.json"
  cat "$tmp/release.json" >&2
  got=$(jq -r '.KERNEL_VERSION // "<missing>"' "$tmp/release.json")
  [[ "$got" == "$kver" ]] || check_failed "release file KERNEL_VERSION is '$got', expected '$kver'"
  got=$(jq -r '.OS_ID // "<missing>"' "$tmp/release.json")
  [[ "$got" == debian ]] || check_failed "release file OS_ID is '$got', expected 'debian'"

  [[ $failed_checks -eq 0 ]] || fail "$failed_checks check(s) failed (above)"
}

# Labels the pushed toolkit image must carry, as key<TAB>value lines: every label dtk planned
# (the spec's, the OCI ones with the base digest, the inputs digest), and the ones this proof
# relies on whatever the spec says.
expected_labels() {
  jq -r '.targets[0] | (.labels // {}), (.engineLabels // {}) | to_entries[] | "\(.key)\t\(.value)"' "$tmp/plan.json"
  printf '%s\t%s\n' name driver-toolkit version "$kver"
  printf '%s\t%s\n' org.opencontainers.image.base.digest "$base_digest"
}

step registry start_registry
registry="127.0.0.1:$port"
step debootstrap "$here/base-image.sh" --rootfs-only
step import "$here/base-image.sh" --image "$base_local"
step base-push push_base
step dtk-cli cli_ready
step kernels pick_kernels
step apply apply_toolkit
step apply-again apply_again
step module build_module
step checks check_all
