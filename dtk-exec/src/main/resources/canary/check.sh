#!/bin/sh
# dtk canary check, run inside a driver toolkit image by the canary Containerfile (as the image's
# user). For every /lib/modules/<release>/build it compiles dtk_canary.ko, fails on any compiler
# warning (kbuild warns when gcc differs from the one that built the kernel) and checks that the
# module's vermagic starts with <release>. One release must be the target kernel: KERNEL_VERSION
# itself, or KERNEL_VERSION.<arch> / KERNEL_VERSION+<flavour> (RPM kernels append the arch).
# Results stay in /tmp/dtk-canary/<release>/ (module, modinfo.txt, build.log).
set -eu

fail() {
  echo "dtk-canary: FAIL: $*"
  exit 1
}

[ -n "${KERNEL_VERSION:-}" ] || fail "build argument KERNEL_VERSION is missing"
command -v make >/dev/null || fail "make is not installed in the toolkit image"
command -v modinfo >/dev/null || fail "modinfo is not installed in the toolkit image (package kmod)"

src=$(dirname "$0")
out=/tmp/dtk-canary
mkdir -p "$out"
target=no
for build in /lib/modules/*/build; do
  [ -e "$build" ] || continue
  release=${build#/lib/modules/}
  release=${release%/build}
  case "$release" in
    "$KERNEL_VERSION" | "$KERNEL_VERSION".* | "$KERNEL_VERSION"+*) target=yes ;;
  esac
  dir="$out/$release"
  mkdir -p "$dir"
  cp "$src/Makefile" "$src/dtk_canary.c" "$dir/"
  if ! make -C "$build" M="$dir" modules >"$dir/build.log" 2>&1; then
    cat "$dir/build.log"
    fail "the canary module does not build against $build"
  fi
  cat "$dir/build.log"
  if grep -i 'warning:' "$dir/build.log"; then
    fail "building against $build printed warnings (above)"
  fi
  modinfo "$dir/dtk_canary.ko" >"$dir/modinfo.txt"
  vermagic=$(modinfo -F vermagic "$dir/dtk_canary.ko")
  case "$vermagic" in
    "$release" | "$release "*) echo "dtk-canary: ok: $release: vermagic $vermagic" ;;
    *) fail "built against $build, vermagic is '$vermagic', not $release" ;;
  esac
done
[ "$target" = yes ] \
  || fail "no /lib/modules/<release>/build for kernel $KERNEL_VERSION (have: $(cd /lib/modules 2>/dev/null && echo *))"
