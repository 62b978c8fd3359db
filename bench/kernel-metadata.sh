#!/usr/bin/env bash
# Time and peak memory of reading repository metadata with dtk's readers (JVM capped at
# -Xmx100m) against the shell pipeline on the same file, in one run:
#   the Debian bookworm main Packages.xz for amd64 (from the mirror in the machine's apt sources)
#     vs  xz -dc | grep -c '^Package:'
#   a generated 100k-package primary.xml.zst          vs  zstd -dc | grep -c '<package '
# A benchmark to run by hand, not a test.
set -euo pipefail
repo=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
mvn -B -q -o -pl dtk-exec -am test-compile -Dmaven.test.skip.exec=true >/dev/null
# the readers need only dtk-exec's classes and the two decoders (pinned in the parent pom)
m2=${MAVEN_REPO:-$HOME/.m2/repository}
xzv=$(sed -n 's:.*<xz.version>\(.*\)</xz.version>.*:\1:p' pom.xml)
acv=$(sed -n 's:.*<aircompressor.version>\(.*\)</aircompressor.version>.*:\1:p' pom.xml)
cp="dtk-exec/target/test-classes:dtk-exec/target/classes:$m2/org/tukaani/xz/$xzv/xz-$xzv.jar:$m2/io/airlift/aircompressor/$acv/aircompressor-$acv.jar"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the mirror of the machine's apt configuration (deb822 URIs: or one-line deb entries)
mirror=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -m1 -E 'debian/?$|debian ' | sed -E 's/^URIs: *//; s/^deb +(\[[^]]*\] +)?//; s/ .*//' || true)
mirror=${mirror%/}
[[ -n $mirror ]] || { echo "bench: no Debian mirror in /etc/apt/sources.list*" >&2; exit 1; }
mkdir -p "$tmp/apt/dists/bookworm/main/binary-amd64"
curl -fsS "$mirror/dists/bookworm/Release" -o "$tmp/apt/dists/bookworm/Release"
curl -fsS "$mirror/dists/bookworm/main/binary-amd64/Packages.xz" -o "$tmp/apt/dists/bookworm/main/binary-amd64/Packages.xz"

# 100k packages with format sections like Fedora's, compressed with zstd, repomd.xml by hand
mkdir -p "$tmp/dnf/repodata"
perl -e 'print qq{<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="100000">\n};
  for my $i (1..100000) { my $n = $i % 50 == 0 ? "kernel-devel" : "pkg$i"; my $r = $i % 997;
    print qq{<package type="rpm"><name>$n</name><arch>x86_64</arch><version epoch="0" ver="5.14.0" rel="$r.el9"/><checksum type="sha256" pkgid="YES">}, "0" x 64, qq{</checksum><summary>Package $i</summary><description>The package number $i, a generated one.</description><packager>bench</packager><url>https://example.org/$i</url><time file="1" build="1"/><size package="1" installed="1" archive="1"/><location href="Packages/$n-5.14.0-$r.el9.x86_64.rpm"/><format><rpm:license>MIT</rpm:license><rpm:provides><rpm:entry name="$n" flags="EQ" epoch="0" ver="5.14.0" rel="$r.el9"/><rpm:entry name="lib$i.so()(64bit)"/></rpm:provides><rpm:requires><rpm:entry name="libc.so.6()(64bit)"/><rpm:entry name="/bin/sh" pre="1"/></rpm:requires><file>/usr/bin/$n</file></format></package>\n} }
  print "</metadata>\n";' | zstd -q -o "$tmp/dnf/repodata/primary.xml.zst"
sum=$(sha256sum "$tmp/dnf/repodata/primary.xml.zst" | cut -d' ' -f1)
size=$(stat -c %s "$tmp/dnf/repodata/primary.xml.zst")
printf '<repomd xmlns="http://linux.duke.edu/metadata/repo"><data type="primary"><checksum type="sha256">%s</checksum><location href="repodata/primary.xml.zst"/><size>%s</size></data></repomd>\n' \
  "$sum" "$size" >"$tmp/dnf/repodata/repomd.xml"

measure() { # label command... -> "label wall_s maxrss_kib"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  echo "$label $(cat "$tmp/t") $(tail -1 "$tmp/out")"
}
jvm=(java -Xmx100m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$cp" dtk.exec.resolve.repo.KernelMetadataBench)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "Packages.xz: $(stat -c %s "$tmp/apt/dists/bookworm/main/binary-amd64/Packages.xz") bytes from $mirror; primary.xml.zst: $size bytes"
a=$(measure dtk-apt "${jvm[@]}" apt "file://$tmp/apt bookworm main" 'linux-headers-*-amd64' x86_64)
b=$(measure pipe-apt bash -c "xz -dc '$tmp/apt/dists/bookworm/main/binary-amd64/Packages.xz' | grep -c '^Package:'")
c=$(measure dtk-dnf "${jvm[@]}" dnf "file://$tmp/dnf/" kernel-devel x86_64)
d=$(measure pipe-dnf bash -c "zstd -dc '$tmp/dnf/repodata/primary.xml.zst' | grep -c '<package '")
printf '%-9s %8s %12s  %s\n' what wall_s maxrss_KiB "last line of output"
for l in "$a" "$b" "$c" "$d"; do read -r n w m rest <<<"$l"; printf '%-9s %8s %12s  %s\n' "$n" "$w" "$m" "$rest"; done
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", (y > 0 ? x / y : 0) }'; }
echo "ratio apt (dtk / xz|grep): $(ratio "$(echo "$a" | cut -d' ' -f2)" "$(echo "$b" | cut -d' ' -f2)")"
echo "ratio dnf (dtk / zstd|grep): $(ratio "$(echo "$c" | cut -d' ' -f2)" "$(echo "$d" | cut -d' ' -f2)")"
