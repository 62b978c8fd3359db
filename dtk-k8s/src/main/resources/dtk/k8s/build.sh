#!/bin/sh
# dtk's build pod: unpack the build context, build with buildah, verify the image in a throwaway
# build FROM it (the checks of dtk's local verify), push it by image id and leave the pushed
# digest in the termination log. Every path is under DTK_ROOT, empty in the pod, so the same
# script also runs outside a pod with its files laid out below one directory.
#
# The ConfigMap mounted at $DTK_ROOT/run/dtk/ctx holds:
#   context.tar.gz  context/ (what dtk render writes) and verify/ (verify.sh, canary sources)
#   target.env      IMAGE ARCH PLATFORM KERNEL_VERSION VERIFY CANARY TLS_VERIFY [SOURCE_DATE_EPOCH]
#   build.args      buildah build arguments, one per line (--platform, --timestamp, --build-arg, --label)
#   unset-labels    inherited labels to remove, one per line
#   secrets         build secret ids, one per line; each is a file $DTK_ROOT/run/dtk/build-secrets/<id>/value
# Storage driver and isolation come from STORAGE_DRIVER and BUILDAH_ISOLATION, credentials from
# REGISTRY_AUTH_FILE: buildah reads all three itself.
set -eu

root=${DTK_ROOT:-}
ctx=$root/run/dtk/ctx
secrets=$root/run/dtk/build-secrets
work=$root/tmp/dtk-work
digestfile=$root/dev/termination-log

# shellcheck disable=SC1091
. "$ctx/target.env"

stage() { echo "@@dtk-stage $1"; }
note() { echo "### dtk: $*"; }
fail() { echo "@@dtk-failed $1 $2"; exit 1; }

tls=
if [ "$TLS_VERIFY" = false ]; then tls=--tls-verify=false; fi

rm -rf "$work"
mkdir -p "$work" "$(dirname "$digestfile")"
tar -xzf "$ctx/context.tar.gz" -C "$work"

stage build
set --
while IFS= read -r a; do set -- "$@" "$a"; done < "$ctx/build.args"
while IFS= read -r id; do
  if [ -n "$id" ]; then set -- "$@" --secret "id=$id,src=$secrets/$id/value"; fi
done < "$ctx/secrets"
relabel=
if [ -s "$ctx/unset-labels" ]; then
  if buildah build --help 2>/dev/null | grep -q -- '--unsetlabel'; then
    while IFS= read -r k; do set -- "$@" --unsetlabel "$k"; done < "$ctx/unset-labels"
  else
    relabel=1
  fi
fi
note "build $IMAGE"
# shellcheck disable=SC2086 # $tls is empty or one word
buildah build $tls --pull=missing --file "$work/context/Containerfile" --tag "$IMAGE" --iidfile "$work/iid" \
  "$@" "$work/context" || fail build "buildah build exited with $?"
if [ -n "$relabel" ]; then
  # buildah < 1.33 has no --unsetlabel: config --label KEY- on a working container, then commit
  ctr=$(buildah from --pull=never --quiet "$(cat "$work/iid")")
  set --
  while IFS= read -r k; do set -- "$@" --label "$k-"; done < "$ctx/unset-labels"
  buildah config "$@" "$ctr"
  buildah commit --quiet ${SOURCE_DATE_EPOCH:+--timestamp "$SOURCE_DATE_EPOCH"} --iidfile "$work/iid" "$ctr" "$IMAGE" >/dev/null
  buildah rm "$ctr" >/dev/null || true
  note "removed $(tr '\n' ' ' < "$ctx/unset-labels")with buildah config + commit"
fi
iid=$(cat "$work/iid")

if [ "$VERIFY" = true ]; then
  stage verify
  v=$work/verify
  {
    echo "FROM $iid"
    echo "USER root"
    echo "COPY . /tmp/dtk-verify"
    echo "RUN sh /tmp/dtk-verify/verify.sh $CANARY '$KERNEL_VERSION.$ARCH' '$KERNEL_VERSION'"
  } > "$v/Containerfile"
  note "verify $iid$( [ "$CANARY" = true ] && echo ' (with the canary module)')"
  status=0
  buildah build --pull=never --platform "$PLATFORM" --layers=false --iidfile "$work/verify.iid" \
    --file "$v/Containerfile" "$v" > "$work/verify.out" 2>&1 || status=$?
  cat "$work/verify.out"
  if [ -s "$work/verify.iid" ]; then buildah rmi -f "$(cat "$work/verify.iid")" >/dev/null 2>&1 || true; fi
  mark() { sed -n "s/^.*@@dtk-verify $1//p" "$work/verify.out" | head -n 1; }
  failures=
  failed() { failures="${failures:+$failures; }$1: $2"; note "verify $1: FAILED, $2"; }
  passed() { note "verify $1: ok, $2"; }
  rel=/etc/driver-toolkit-release.json
  if [ $status -ne 0 ] || ! grep -q '@@dtk-verify ' "$work/verify.out"; then
    failed "kernel installed" "the check did not run: $(tail -n 5 "$work/verify.out" | tr '\n' ' ')"
  else
    if grep -q '@@dtk-verify release-missing' "$work/verify.out"; then
      failed "release file" "$rel is missing from the image (is build.releaseFile off?)"
    else
      kv=$(mark 'release ')
      if [ -z "$kv" ]; then
        failed "release file" "$rel has no KERNEL_VERSION string"
      elif [ "$kv" = "$KERNEL_VERSION.$ARCH" ] || [ "$kv" = "$KERNEL_VERSION" ]; then
        passed "release file" "KERNEL_VERSION $kv"
      else
        failed "release file" "KERNEL_VERSION is $kv in $rel, expected $KERNEL_VERSION.$ARCH"
      fi
    fi
    found=$(mark 'kernel ')
    if [ -z "$found" ]; then
      failed "kernel installed" "none of /lib/modules/$KERNEL_VERSION.$ARCH, /lib/modules/$KERNEL_VERSION exists in the image"
    else
      passed "kernel installed" "/lib/modules/$found"
      if [ "$CANARY" = true ]; then
        vermagic=$(mark 'vermagic' | sed 's/^ *//;s/ *$//')
        if [ -z "$vermagic" ]; then
          failed canary "the canary module did not build against /lib/modules/$found/build: $(tail -n 8 "$work/verify.out" | tr '\n' ' ')"
        else
          case "$vermagic" in
            "$found"|"$found "*) passed canary "vermagic $vermagic" ;;
            *) failed canary "vermagic '$vermagic' does not start with $found" ;;
          esac
        fi
      fi
    fi
  fi
  if [ -n "$failures" ]; then fail verify "$failures; not pushed"; fi
fi

stage push
note "push $iid to $IMAGE"
# shellcheck disable=SC2086
buildah push $tls --digestfile "$digestfile" "$iid" "docker://$IMAGE" || fail push "buildah push exited with $?"
echo "@@dtk-pushed $(cat "$digestfile")"
