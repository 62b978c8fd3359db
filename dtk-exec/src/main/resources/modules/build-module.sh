#!/bin/bash
# dtk verify.modules: builds one driver source inside a throwaway stage FROM a driver toolkit
# image, as the image's user, the way dkms's build step does, and prints what happened as lines
# "<mark> <id> <key> <value>" for dtk to read. Always exits 0: the verdict is in those lines.
#
#   build-module.sh ID TIMEOUT MARK RELEASE...      (the source is /opt/dtk-modules/ID)
#
# With a dkms.conf: PACKAGE_NAME/PACKAGE_VERSION, the build directory
# $dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build, BUILD_EXCLUSIVE_KERNEL/ARCH/CONFIG (a source
# excluded on this kernel is "skipped"), PRE_BUILD, MAKE[0] (a leading "make" becomes
# "make -jN KERNELRELEASE=$kernelver", as dkms does) and BUILT_MODULE_NAME[n] /
# BUILT_MODULE_LOCATION[n]: every named .ko must be built. Without one:
# make -C /lib/modules/<release>/build M=<dir> modules, and at least one .ko. Every .ko's vermagic
# must start with the release. DTK_MODULES_DIR and DTK_KERNEL_MODULES (default /opt/dtk-modules
# and /lib/modules) move both places, for tests on a machine without kernel headers.
sources=${DTK_MODULES_DIR:-/opt/dtk-modules}
modules=${DTK_KERNEL_MODULES:-/lib/modules}
if [ "${1:-}" = --inner ]; then
  shift
  id=$1 kernelver=$2 work=$3
  src=$sources/$id
  status() { printf '%s\n' "$*" >>"$work/status"; }
  arch=$(uname -m)
  kernel_source_dir=$modules/$kernelver/build
  export kernelver arch kernel_source_dir
  jobs=$(nproc 2>/dev/null || echo 1)
  expected=()
  if [ -f "$src/dkms.conf" ]; then
    dkms_tree=$work/tree
    source_tree=$work/source
    export dkms_tree source_tree
    names=$(cd "$src" && bash -c '. ./dkms.conf >/dev/null 2>&1; printf "%s\n%s\n" "$PACKAGE_NAME" "$PACKAGE_VERSION"')
    PACKAGE_NAME=$(printf '%s\n' "$names" | sed -n 1p)
    PACKAGE_VERSION=$(printf '%s\n' "$names" | sed -n 2p)
    if [ -z "$PACKAGE_NAME" ] || [ -z "$PACKAGE_VERSION" ]; then
      status "result failed"
      status "detail dkms.conf sets no PACKAGE_NAME or PACKAGE_VERSION"
      exit 0
    fi
    build=$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build
    mkdir -p "$build" && cp -R "$src/." "$build/" || { status "result failed"; status "detail cannot copy the source to $build"; exit 0; }
    cd "$build" || exit 0
    # shellcheck disable=SC1091
    . ./dkms.conf
    if [ -n "${BUILD_EXCLUSIVE_KERNEL:-}" ] && ! [[ $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]]; then
      status "result skipped"
      status "detail BUILD_EXCLUSIVE_KERNEL=\"$BUILD_EXCLUSIVE_KERNEL\" excludes $kernelver"
      exit 0
    fi
    if [ -n "${BUILD_EXCLUSIVE_ARCH:-}" ] && ! [[ $arch =~ $BUILD_EXCLUSIVE_ARCH ]]; then
      status "result skipped"
      status "detail BUILD_EXCLUSIVE_ARCH=\"$BUILD_EXCLUSIVE_ARCH\" excludes $arch"
      exit 0
    fi
    for c in ${BUILD_EXCLUSIVE_CONFIG:-}; do
      want=y
      case "$c" in !*) want=n; c=${c#!} ;; esac
      have=n
      grep -Eq "^$c=(y|m)$" "$kernel_source_dir/.config" 2>/dev/null && have=y
      if [ "$have" != "$want" ]; then
        status "result skipped"
        status "detail BUILD_EXCLUSIVE_CONFIG=\"$BUILD_EXCLUSIVE_CONFIG\" excludes $kernelver"
        exit 0
      fi
    done
    if [ -n "${PRE_BUILD:-}" ]; then
      echo "+ PRE_BUILD: $PRE_BUILD"
      if ! eval "$build/$PRE_BUILD"; then
        status "result failed"
        status "detail PRE_BUILD failed: $PRE_BUILD"
        exit 0
      fi
    fi
    make_command=${MAKE[0]:-"make -C $kernel_source_dir M=$build"}
    make_command=${make_command/#make/make -j$jobs KERNELRELEASE=$kernelver}
    for i in "${!BUILT_MODULE_NAME[@]}"; do
      loc=${BUILT_MODULE_LOCATION[$i]:-}
      expected+=("$build/${loc:+$loc/}${BUILT_MODULE_NAME[$i]}.ko")
    done
  else
    build=$work/build
    mkdir -p "$build" && cp -R "$src/." "$build/" || { status "result failed"; status "detail cannot copy the source to $build"; exit 0; }
    cd "$build" || exit 0
    make_command="make -j$jobs -C $kernel_source_dir M=$build modules"
  fi
  echo "+ MAKE: $make_command"
  if ! eval "$make_command"; then
    status "result failed"
    status "detail MAKE failed: $make_command"
    exit 0
  fi
  if [ ${#expected[@]} -eq 0 ]; then
    while IFS= read -r ko; do expected+=("$ko"); done < <(find "$build" -name '*.ko' | sort)
    if [ ${#expected[@]} -eq 0 ]; then
      status "result failed"
      status "detail MAKE succeeded but built no .ko under $build"
      exit 0
    fi
  fi
  count=0
  for ko in "${expected[@]}"; do
    if [ ! -f "$ko" ]; then
      status "result failed"
      status "detail dkms.conf names ${ko#"$build"/} (BUILT_MODULE_NAME/BUILT_MODULE_LOCATION) but the build made no such file"
      exit 0
    fi
    v=$(modinfo -F vermagic "$ko" 2>/dev/null || tr '\000' '\n' <"$ko" | sed -n 's/^vermagic=//p' | head -1)
    v=$(printf '%s' "$v" | sed 's/[[:space:]]*$//')
    case "$v" in
      "$kernelver" | "$kernelver "*) ;;
      *)
        status "result failed"
        status "detail ${ko#"$build"/} has vermagic '$v', not $kernelver"
        exit 0
        ;;
    esac
    count=$((count + 1))
    status "vermagic $v"
  done
  status "ko $count"
  status "result ok"
  exit 0
fi

id=$1 limit=$2 mark=$3
shift 3
say() { printf '%s %s %s\n' "$mark" "$id" "$*"; }
kernelver=
for r in "$@"; do
  if [ -d "$modules/$r/build" ]; then kernelver=$r; break; fi
done
if [ -z "$kernelver" ]; then
  say result failed
  say detail "no $modules/<release>/build for $*"
  exit 0
fi
say kernel "$kernelver"
work=$(mktemp -d /tmp/dtk-module-XXXXXX) || { say result failed; say detail "cannot create a directory under /tmp as $(id -un)"; exit 0; }
start=$(date +%s)
timeout --kill-after=10 "$limit" bash "$0" --inner "$id" "$kernelver" "$work" >"$work/build.log" 2>&1 </dev/null
rc=$?
end=$(date +%s)
cat "$work/build.log"
say seconds $((end - start))
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
  say result failed
  say detail "timed out after ${limit}s"
else
  [ -f "$work/status" ] || echo "result failed" >"$work/status"
  while IFS= read -r line; do say "$line"; done <"$work/status"
fi
first=$(grep -m1 -E '(error|Error):|\*\*\* |Error [0-9]+' "$work/build.log" || true)
[ -n "$first" ] && say error "$first"
rm -rf "$work" 2>/dev/null
exit 0
