#!/usr/bin/env bash
# Builds a Debian base image from Debian's archive alone (no docker.io): debootstrap a minbase
# rootfs, cache it as a tarball, import it with podman, optionally push it to a registry.
#
#   it/debian/base-image.sh                         # -> localhost/dtk-it/debian:bookworm
#   it/debian/base-image.sh --push 127.0.0.1:5000   # and push it as 127.0.0.1:5000/dtk-it/debian:bookworm
#   it/debian/base-image.sh --rootfs-only           # only make sure the cached rootfs tarball exists
#
# The mirror is the one this machine's apt already uses (/etc/apt/sources.list and
# /etc/apt/sources.list.d/*.list|*.sources, one-line or deb822), so no other host is contacted;
# DTK_DEBIAN_MIRROR / DTK_DEBIAN_SECURITY_MIRROR override it. The image's /etc/apt/sources.list
# points at the same mirror.
#
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/dtk/debootstrap/<suite>-<variant>-<arch>.tar, rebuilt when
# missing, older than --max-age-days (default 7) or made from another mirror; written atomically
# and guarded by a lock so concurrent runs do not clobber each other.
#
# Needs root (debootstrap), debootstrap, podman, tar, flock. Prints the image reference (the pushed
# one with --push, the tarball path with --rootfs-only) on stdout; progress goes to stderr.
set -euo pipefail

suite=bookworm
variant=minbase
arch=""
max_age_days=${DTK_DEBOOTSTRAP_MAX_AGE_DAYS:-7}
image=localhost/dtk-it/debian:bookworm
push_registry=""
push_repo=dtk-it/debian
rootfs_only=false
refresh=false

die() { echo "base-image.sh: error: $*" >&2; exit 1; }
log() { echo "base-image.sh: $*" >&2; }
usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  cat >&2 <<EOF
Options: --suite S (default $suite)  --arch A (default: host's)  --image REF (default $image)
         --push REGISTRY [--push-repo REPO (default $push_repo)]  --max-age-days N  --refresh
         --rootfs-only
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --suite) suite=${2:?--suite needs a value}; shift 2 ;;
    --arch) arch=${2:?--arch needs a value}; shift 2 ;;
    --image) image=${2:?--image needs a value}; shift 2 ;;
    --push) push_registry=${2:?--push needs a registry, e.g. 127.0.0.1:5000}; shift 2 ;;
    --push-repo) push_repo=${2:?--push-repo needs a value}; shift 2 ;;
    --max-age-days) max_age_days=${2:?--max-age-days needs a value}; shift 2 ;;
    --refresh) refresh=true; shift ;;
    --rootfs-only) rootfs_only=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; die "unknown argument '$1'" ;;
  esac
done
[[ "$max_age_days" =~ ^[0-9]+$ ]] || die "--max-age-days must be a whole number of days, got '$max_age_days'"

for tool in debootstrap podman tar flock chroot; do
  command -v "$tool" >/dev/null || die "'$tool' not found on PATH; on Debian/Ubuntu: apt-get install debootstrap podman tar util-linux coreutils"
done
[[ $(id -u) -eq 0 ]] || die "debootstrap needs root; run as root (or with sudo)"

if [[ -z "$arch" ]]; then
  if command -v dpkg >/dev/null; then arch=$(dpkg --print-architecture)
  else case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
  fi
fi

# Prints the first URI of an enabled 'deb' source of this machine's apt that serves suite $1.
apt_source_uri() {
  local want=$1 f
  local files=()
  [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] && files+=("$f")
  done
  for f in "${files[@]}"; do
    case "$f" in
      *.sources)
        # deb822: paragraphs of 'Field: value' lines separated by blank lines.
        awk -v want="$want" '
          function flush(   n, i, s, u) {
            if (!done && types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
              n = split(suites, s, /[ \t]+/)
              for (i = 1; i <= n; i++) if (s[i] == want) { split(uris, u, /[ \t]+/); print u[1]; done = 1 }
            }
            types = ""; uris = ""; suites = ""; enabled = ""
          }
          /^[ \t]*#/ { next }
          /^[ \t]*$/ { flush(); next }
          { key = tolower($1); val = $0; sub(/^[^:]*:[ \t]*/, "", val) }
          key == "types:" { types = val } key == "uris:" { uris = val }
          key == "suites:" { suites = val } key == "enabled:" { enabled = val }
          END { flush() }' "$f"
        ;;
      *)
        # One-line: deb [options] URI SUITE COMPONENT...
        awk -v want="$want" '
          $1 == "deb" {
            i = 2
            if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
            if ($(i + 1) == want) { print $i; exit }
          }' "$f"
        ;;
    esac
  done | head -n1
}

mirror=${DTK_DEBIAN_MIRROR:-$(apt_source_uri "$suite")}
if [[ -z "$mirror" ]]; then
  mirror=http://deb.debian.org/debian
  log "no apt source for '$suite' on this machine; using $mirror (set DTK_DEBIAN_MIRROR to choose)"
fi
mirror=${mirror%/}
security_mirror=${DTK_DEBIAN_SECURITY_MIRROR:-$(apt_source_uri "$suite-security")}
security_mirror=${security_mirror%/}

cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/dtk/debootstrap
mkdir -p "$cache_dir"
key="$suite-$variant-$arch"
tarball="$cache_dir/$key.tar"
meta="$cache_dir/$key.source"
wanted_meta="mirror=$mirror security=$security_mirror"

cache_is_fresh() {
  [[ -s "$tarball" && -f "$meta" ]] || return 1
  [[ "$(cat "$meta")" == "$wanted_meta" ]] || { log "cached rootfs was made from another mirror; rebuilding"; return 1; }
  [[ -n "$(find "$tarball" -maxdepth 0 -mtime "-$max_age_days")" ]] || { log "cached rootfs is older than $max_age_days days; rebuilding"; return 1; }
}

build_rootfs() {
  local work rootfs
  work=$(mktemp -d "$cache_dir/.build-$key.XXXXXX")
  # shellcheck disable=SC2064  # expand now: the trap must remove this run's directory
  trap "rm -rf '$work'" EXIT
  rootfs="$work/rootfs"
  log "debootstrap --variant=$variant --arch=$arch $suite from $mirror"
  local keyring=()
  [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] && keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
  if ! debootstrap --variant="$variant" --arch="$arch" "${keyring[@]}" "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    [[ -f "$rootfs/debootstrap/debootstrap.log" ]] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
    die "debootstrap of $suite from $mirror failed (log above); check that the mirror is reachable: curl -sI $mirror/dists/$suite/Release"
  fi
  {
    echo "deb $mirror $suite main"
    echo "deb $mirror $suite-updates main"
    [[ -n "$security_mirror" ]] && echo "deb $security_mirror $suite-security main"
  } >"$rootfs/etc/apt/sources.list"
  # Image hygiene: no package lists, caches or logs from the bootstrap in the image.
  chroot "$rootfs" apt-get clean
  rm -rf "${rootfs:?}"/var/lib/apt/lists/* "${rootfs:?}"/var/cache/apt/*.bin "${rootfs:?}"/var/log/*.log \
         "${rootfs:?}"/var/log/apt/* "${rootfs:?}"/tmp/* "${rootfs:?}"/dev/* "${rootfs:?}"/debootstrap
  : >"$rootfs/etc/machine-id"
  tar --numeric-owner --xattrs --sort=name -C "$rootfs" -cf "$work/rootfs.tar" .
  # rename(2) within one directory: a reader sees the old tarball or the new one, never a partial one.
  mv -f "$work/rootfs.tar" "$tarball.tmp" && mv -f "$tarball.tmp" "$tarball"
  echo "$wanted_meta" >"$meta"
  rm -rf "$work"
  trap - EXIT
}

start=$SECONDS
exec 9>"$cache_dir/$key.lock"
flock 9
if ! $refresh && cache_is_fresh; then
  log "using cached rootfs $tarball ($(du -h "$tarball" | cut -f1))"
else
  build_rootfs
  log "debootstrap done in $((SECONDS - start)) s: $tarball ($(du -h "$tarball" | cut -f1))"
fi
if $rootfs_only; then
  echo "$tarball"
  exit 0
fi

# Re-importing the same tarball would make a new image ID (import stamps the creation time) and so
# throw away the layer cache of every build FROM it: import only when the tarball changed.
stamp="$image $(stat -c '%s %Y' "$tarball")"
imported="$cache_dir/$key.imported"
current_id=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
if [[ -n "$current_id" && -f "$imported" && "$(cat "$imported")" == "$stamp $current_id" ]]; then
  log "$image is up to date with $tarball (image ${current_id:0:12})"
else
  log "podman import $tarball as $image"
  podman import -q --arch "$arch" --os linux \
    --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --message "debootstrap --variant=$variant $suite $mirror" \
    "$tarball" "$image" >/dev/null
  echo "$stamp $(podman image inspect --format '{{.Id}}' "$image")" >"$imported"
fi
flock -u 9

if [[ -z "$push_registry" ]]; then
  echo "$image"
  exit 0
fi
ref="$push_registry/$push_repo:$suite"
tls=()
case "$push_registry" in 127.0.0.1:*|localhost:*|127.0.0.1|localhost) tls=(--tls-verify=false) ;; esac
log "podman push $image docker://$ref"
podman push -q "${tls[@]}" "$image" "docker://$ref" >&2 \
  || die "push of $image to $ref failed; is the registry running and reachable (curl -s http://$push_registry/v2/)?"
echo "$ref"
