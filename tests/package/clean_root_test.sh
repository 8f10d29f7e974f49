#!/usr/bin/env bash
# clean_root_test.sh DEB REFERENCE_DIR: proves the package's Depends: are complete. In a minimal Debian
# bookworm root (debootstrap --variant=minbase) it runs `apt-get install ./cldcert_*.deb` without
# Recommends, then `cldcert run --skip-large` on the reference integration (copied in with its
# node_modules, which are the integration's, not cldcert's), and asserts the run passed and wrote
# report.html. Exits 77 (CTest: skipped, with the reason) where it cannot run: not root, no debootstrap.
#
# Cached under $CLDCERT_CLEAN_ROOT_CACHE (default /var/cache/cldcert/clean-root): the debootstrapped root
# as a tarball, one per UTC day, and the .debs apt downloads (a download cache; every run installs
# them afresh into a fresh root).
set -euo pipefail
deb=$(realpath "$1")
reference=$(realpath "$2")
platforms=$(realpath "$reference/../../platforms")
cache=${CLDCERT_CLEAN_ROOT_CACHE:-/var/cache/cldcert/clean-root}
mirror=${CLDCERT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

skip() {
  echo "SKIPPED: $*"
  exit 77
}
[ "$(id -u)" -eq 0 ] || skip "the clean-root test needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null 2>&1 || skip "debootstrap is not installed (apt-get install debootstrap)"
# Root in an unprivileged container (many CI runners) may not mount: the chroot needs /proc and /dev.
unshare --mount sh -c 'mount -t tmpfs cldcert-probe /mnt' 2>/dev/null ||
  skip "this root cannot mount file systems (an unprivileged container?): the chroot needs /proc and /dev"
[ -d "$reference/node_modules/cloudinary" ] || { echo "no $reference/node_modules: run ctest -R e2e.install_reference" >&2; exit 1; }

started=$SECONDS
mkdir -p "$cache/apt-archives/partial"
# One run at a time per cache; a run killed before its cleanup (a CTest timeout) leaves a root with
# mounts, which the next run unmounts and removes.
exec 9>"$cache/lock"
flock 9
unmount_under() {
  { findmnt -rn -o TARGET | grep "^$1/" || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
}
for stale in "$cache"/root-*; do
  [ -d "$stale" ] || continue
  unmount_under "$stale"
  findmnt -rn -o TARGET | grep -q "^$stale/" || rm -rf --one-file-system "$stale"
done
tarball="$cache/bookworm-minbase-$(date -u +%Y%m%d).tar"
if [ ! -f "$tarball" ]; then
  rm -f "$cache"/bookworm-minbase-*.tar
  fresh=$(mktemp -d "$cache/debootstrap-XXXXXX")
  if ! debootstrap --variant=minbase bookworm "$fresh" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    tail -20 "$cache/debootstrap.log" >&2
    rm -rf --one-file-system "$fresh"
    exit 1
  fi
  tar -C "$fresh" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  rm -rf --one-file-system "$fresh"
  echo "clean root: debootstrapped bookworm in $((SECONDS - started)) s"
fi

root=$(mktemp -d "$cache/root-XXXXXX")
mounts=()
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -R "${mounts[i]}" || true; done
  unmount_under "$root"
  # Never remove a folder something is still mounted under: that would be the host's /dev.
  if findmnt -rn -o TARGET | grep -q "^$root/"; then
    echo "clean root: $root still has mounts; left in place" >&2
  else
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT
mount_into() {  # mount_into TARGET MOUNT-ARGS…
  mount "${@:2}" "$root/$1"
  mounts+=("$root/$1")
}
extracting=$SECONDS
tar -C "$root" -xf "$tarball"
chmod 755 "$root"  # a root folder, not mktemp's private one: apt downloads as _apt
mount_into proc -t proc proc
mount_into sys -t sysfs -o ro sysfs
mount_into dev --rbind /dev
mount --make-rslave "$root/dev"
mount_into var/cache/apt/archives --bind "$cache/apt-archives"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
mkdir -p "$root/root/fixtures/integrations"
cp -a "$reference" "$root/root/fixtures/integrations/reference"
cp -a "$platforms" "$root/root/fixtures/platforms"
echo "clean root: a fresh root ready in $((SECONDS - extracting)) s"

status=0
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive DEB="/tmp/$(basename "$deb")" /bin/bash -euo pipefail -c '
  t=$SECONDS
  apt-get update -qq
  # A throwaway root needs no fsync after each file: --force-unsafe-io.
  apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "$DEB" >/tmp/apt.log 2>&1 || { tail -30 /tmp/apt.log; exit 1; }
  echo "clean root: apt-get install of the package and its dependencies took $((SECONDS - t)) s"
  cldcert --version
  test -f /usr/share/man/man1/cldcert.1.gz
  cd /root/fixtures/integrations/reference
  status=0
  t=$SECONDS
  cldcert run --integration . --skip-large --out /root/bundle --color never || status=$?
  echo "cldcert run exited $status after $((SECONDS - t)) s"
  test -f /root/bundle/report.html || { echo "no report.html in the bundle" >&2; exit 1; }
  exit "$status"' || status=$?
echo "clean root: $((SECONDS - started)) s in all"
exit "$status"
