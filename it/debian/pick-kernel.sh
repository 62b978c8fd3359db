#!/usr/bin/env bash
# Prints the Debian kernel release (e.g. 6.1.0-56-amd64) whose headers the archive serves now:
# the one the linux-headers-<flavour> meta-package depends on, i.e. the kernel a Debian machine
# that keeps up with updates (including bookworm-security) runs. It asks apt inside the base
# image, so the answer is exactly what a build FROM that image can install.
#
#   it/debian/pick-kernel.sh                                   # image localhost/dtk-it/debian:bookworm
#   it/debian/pick-kernel.sh --image 127.0.0.1:5000/dtk-it/debian:bookworm --flavour cloud-amd64
#   it/debian/pick-kernel.sh --list                            # every linux-headers-*-<flavour> served
#
# By hand, in any debian:bookworm container:
#   apt-get update && apt-cache depends linux-headers-amd64      # Depends: linux-headers-<kver>
#   apt-cache search --names-only '^linux-headers-[0-9].*-amd64$'
#
# Needs buildah (RUN-like execution with chroot isolation works where `podman run` does not).
set -euo pipefail

image=localhost/dtk-it/debian:bookworm
flavour=amd64
list=false

die() { echo "pick-kernel.sh: error: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --image) image=${2:?--image needs a value}; shift 2 ;;
    --flavour|--flavor) flavour=${2:?--flavour needs a value}; shift 2 ;;
    --list) list=true; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
command -v buildah >/dev/null || die "'buildah' not found on PATH; on Debian/Ubuntu: apt-get install buildah"

from_args=()
case "$image" in
  localhost/*) from_args=(--pull-never) ;;
  127.0.0.1:*|localhost:*) from_args=(--tls-verify=false) ;;
esac
ctr=$(buildah from -q "${from_args[@]}" "$image") || die "cannot create a working container from $image; build it first: it/debian/base-image.sh"
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT

# Quoted: the script runs inside the container, $1 is the flavour passed as an argument.
# shellcheck disable=SC2016
query='
set -eu
flavour=$1
apt-get update -qq >/dev/null
if [ "$2" = list ]; then
  # -amd64 also ends -cloud-amd64 and -rt-amd64: drop the other flavours, and meta-packages such
  # as linux-headers-6.12-amd64 that name no kernel release.
  apt-cache search --names-only "^linux-headers-[0-9].*-${flavour}\$" | cut -d" " -f1 | sed "s/^linux-headers-//" \
    | grep -v -E -e "-[a-z]+-${flavour}\$" -e "^[0-9]+\.[0-9]+-${flavour}\$" | sort -V
  exit 0
fi
pkg=$(apt-cache depends "linux-headers-$flavour" | sed -n "s/^ *Depends: linux-headers-\([0-9].*-$flavour\)\$/\1/p" | head -n1)
[ -n "$pkg" ] || { echo "linux-headers-$flavour names no versioned headers package" >&2; exit 3; }
apt-cache show "linux-headers-$pkg" >/dev/null
echo "$pkg"
'
mode=pick
$list && mode=list
out=$(buildah run --isolation chroot "$ctr" -- sh -c "$query" sh "$flavour" "$mode") \
  || die "apt inside $image could not name a linux-headers-$flavour version (apt's message above): check the flavour (amd64, cloud-amd64, rt-amd64, arm64) and that builds reach the Debian archive"
[[ -n "$out" ]] || die "apt inside $image lists no linux-headers-*-$flavour packages"
echo "$out"
