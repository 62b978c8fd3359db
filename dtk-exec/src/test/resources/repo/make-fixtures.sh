#!/usr/bin/env bash
# Builds the package repositories the repository tests read, under DIR:
#   DIR/dnf-{gz,xz,zst}/  real dnf repositories (rpmbuild + createrepo_c; zst recompressed by hand)
#   DIR/apt/              a real apt repository (dpkg-deb + apt-ftparchive), suites bookworm and
#                         bookworm-security, component main, arches amd64 and arm64
set -euo pipefail
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

# --- dnf: stub rpms (nothing compiles), x86_64 and aarch64 -------------------------------------
mkdir -p rpm/SPECS rpm/RPMS
spec() { # name epoch version release arch
  local f="rpm/SPECS/$1-$3-$4.$5.spec"
  {
    echo "Name: $1"
    [[ $2 != 0 ]] && echo "Epoch: $2"
    echo "Version: $3"
    echo "Release: $4"
    echo "Summary: fixture $1"
    echo "License: MIT"
    [[ $5 == noarch ]] && echo "BuildArch: noarch"
    echo "%description"
    echo "A fixture package."
    echo "%files"
  } >"$f"
  local target=()
  [[ $5 != noarch ]] && target=(--target "$5")
  rpmbuild -bb --quiet "${target[@]}" --define "_topdir $PWD/rpm" --define "_rpmdir $PWD/rpm/RPMS" "$f" >/dev/null 2>&1 \
    || rpmbuild -bb "${target[@]}" --define "_topdir $PWD/rpm" --define "_rpmdir $PWD/rpm/RPMS" "$f"
}
for arch in x86_64 aarch64; do
  for vr in 5.14.0:70.22.1.el9_0 5.14.0:503.el9 5.14.0:503.11.1.el9_5 5.14.0:611.el9 5.14.0:611~rc1.el9; do
    spec kernel-devel 0 "${vr%%:*}" "${vr#*:}" "$arch"
    spec kernel-core 0 "${vr%%:*}" "${vr#*:}" "$arch"
  done
  spec bash 0 5.1.8 9.el9 "$arch"
done
# only x86_64 has the newest kernel, and an epoch that outranks every version
spec kernel-devel 0 5.14.0 620.el9 x86_64
spec kernel-devel 1 4.18.0 1.el8 x86_64
spec kernel-devel-matched 0 5.14.0 611.el9 x86_64
spec kernel-doc 0 5.14.0 611.el9 noarch
mkdir -p repo-src
find rpm/RPMS -name '*.rpm' -exec cp {} repo-src/ \;
for c in gz xz; do
  cp -r repo-src "dnf-$c"
  createrepo_c --quiet --general-compress-type="$c" "dnf-$c" >/dev/null
done
# zst: createrepo_c 0.17 cannot write it; recompress primary and rewrite repomd.xml
cp -r dnf-xz dnf-zst
primary=$(cd dnf-zst && ls repodata/*-primary.xml.xz)
xz -dc "dnf-zst/$primary" | zstd -q -19 -o dnf-zst/repodata/primary.xml.zst
rm "dnf-zst/$primary"
sum=$(sha256sum dnf-zst/repodata/primary.xml.zst | cut -d' ' -f1)
size=$(stat -c %s dnf-zst/repodata/primary.xml.zst)
mv dnf-zst/repodata/primary.xml.zst "dnf-zst/repodata/$sum-primary.xml.zst"
# perl-base is essential on Debian: no extra package for this edit of the primary <data> block
OLD=$primary SUM=$sum SIZE=$size perl -0pi -e '
  s{(<data type="primary">.*?</data>)}{
    my $b = $1;
    $b =~ s{<checksum type="sha256">[0-9a-f]+</checksum>}{<checksum type="sha256">$ENV{SUM}</checksum>};
    $b =~ s{href="\Q$ENV{OLD}\E"}{href="repodata/$ENV{SUM}-primary.xml.zst"};
    $b =~ s{<size>\d+</size>}{<size>$ENV{SIZE}</size>};
    $b }se' dnf-zst/repodata/repomd.xml
rm -rf rpm repo-src

# --- apt: stub debs -----------------------------------------------------------------------------
deb() { # suite name version arch
  local d="debsrc/$2_$3_$4"
  mkdir -p "$d/DEBIAN"
  printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: fixture <fixture@example.org>\nDescription: fixture %s\n fixture package, second line\n' \
    "$2" "$3" "$4" "$2" >"$d/DEBIAN/control"
  mkdir -p "apt/pool/$1"
  dpkg-deb --build --root-owner-group "$d" "apt/pool/$1/$2_$3_$4.deb" >/dev/null
}
for arch in amd64 arm64; do
  deb bookworm "linux-headers-6.1.0-28-$arch" 6.1.119-1 "$arch"
  deb bookworm "linux-headers-6.1.0-31-$arch" 6.1.128-1 "$arch"
  deb bookworm "linux-headers-6.1.0-31-rt-$arch" 6.1.128-1 "$arch"
  deb bookworm "linux-headers-$arch" 6.1.128-1 "$arch"
  deb bookworm-security "linux-headers-6.1.0-32-$arch" 6.1.129-1 "$arch"
done
deb bookworm linux-headers-6.1.0-31-cloud-amd64 6.1.128-1 amd64
deb bookworm linux-headers-6.1.0-31-common 6.1.128-1 all
deb bookworm-security linux-headers-6.1.0-9-amd64 6.1.99~rc1-1 amd64
deb bookworm-security linux-headers-6.1.0-33-amd64 6.1.130-1 amd64
for suite in bookworm bookworm-security; do
  for arch in amd64 arm64; do
    out="apt/dists/$suite/main/binary-$arch"
    mkdir -p "$out"
    (cd apt && apt-ftparchive --arch "$arch" packages "pool/$suite") >"$out/Packages"
    xz -k "$out/Packages"
    gzip -k "$out/Packages"
  done
  (cd "apt/dists/$suite" && apt-ftparchive -o APT::FTPArchive::Release::Suite="$suite" release . >Release)
done
# bookworm-security ships only Packages.gz, as some mirrors do
rm apt/dists/bookworm-security/main/binary-*/Packages.xz
(cd apt/dists/bookworm-security && apt-ftparchive -o APT::FTPArchive::Release::Suite=bookworm-security release . >Release.new && mv Release.new Release)
rm -rf debsrc
echo ok
