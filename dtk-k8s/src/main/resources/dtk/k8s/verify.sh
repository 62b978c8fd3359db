#!/bin/sh
# Runs in a throwaway build FROM the image to verify: verify.sh CANARY RELEASE... prints the
# @@dtk-verify lines build.sh reads (the release file's KERNEL_VERSION, the installed kernel,
# the canary module's vermagic). It always succeeds: build.sh decides what passed.
canary=$1
shift
m='@@dtk-verify'
f=/etc/driver-toolkit-release.json
if [ -f "$f" ]; then
  echo "$m release $(tr -d '\n' < "$f" | sed -n 's/.*"KERNEL_VERSION"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')"
else
  echo "$m release-missing"
fi
found=
for r in "$@"; do
  if [ -d "/lib/modules/$r" ]; then found=$r; break; fi
done
if [ -z "$found" ]; then
  echo "$m kernel-missing"
  exit 0
fi
echo "$m kernel $found"
if [ "$canary" = true ]; then
  if make -C "/lib/modules/$found/build" M=/tmp/dtk-verify/canary modules; then
    echo "$m vermagic $(tr '\000' '\n' < /tmp/dtk-verify/canary/dtk_canary.ko | grep '^vermagic=' | cut -d= -f2-)"
  fi
fi
exit 0
