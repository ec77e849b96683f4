#!/usr/bin/env bash
# Builds (or reuses) the Debian 13 "trixie" root file system the end-to-end
# harness boots: systemd 257, rootless podman 5.4 with quadlet.
#
#   bash scripts/e2e/rootfs.sh          prints the path of the cached tarball
#   bash scripts/e2e/rootfs.sh qemu     the same, plus what the qemu variant needs:
#                                       a kernel for the guest, qemu to boot it
#                                       (run from inside the tree: the host's
#                                       qemu packages are not trixie's), and the
#                                       XFS/quota tools of the home-volume cap
#
# The tarball is cached outside the repository, in $DEVBOX_E2E_CACHE
# (default /var/cache/devbox-gen-e2e), named after a hash of everything that
# goes into it (suite, variant, package list, this file's setup steps), so a
# changed list builds a new one and an unchanged one is reused. The mirror is
# read from this machine's apt configuration; it does not enter the key.
set -euo pipefail

SUITE=trixie
VARIANT=minbase
# systemd as PID 1 and the user managers; rootless podman with its helpers;
# busybox-static gives the test image its coreutils; bash/jq for the driver.
# What runs inside the containers for real: syncthing, OpenSSH's server (and
# its client and curl for the driver to come in), zsh as an owner's shell.
PACKAGES=(
	systemd systemd-sysv dbus dbus-user-session libpam-systemd
	podman crun conmon catatonit passt uidmap fuse-overlayfs netavark aardvark-dns
	iproute2 procps busybox-static jq
	syncthing openssh-server openssh-client zsh curl
	# The hosts' tzdata (NixOS) has the legacy zone names too (US/Eastern, …):
	# tests/calendar_differential.rs checks the calendar corpus against this
	# root's systemd-analyze (257), which reads them from here.
	tzdata tzdata-legacy
)
# The qemu variant (a real kernel with cgroup v2): Debian's kernel and its
# initramfs, udev (the device units the data disk's mount waits for),
# qemu-system-x86 to run it under TCG, and the file-system tools the project
# quota of a capped home needs (XFS and ext4).
if [ "${1:-}" = qemu ]; then
	PACKAGES+=(linux-image-amd64 initramfs-tools udev qemu-system-x86 xfsprogs e2fsprogs quota)
elif [ -n "${1:-}" ]; then
	printf 'usage: rootfs.sh [qemu]\n' >&2
	exit 2
fi
CACHE=${DEVBOX_E2E_CACHE:-/var/cache/devbox-gen-e2e}

log() { printf '[e2e rootfs] %s\n' "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

# The first archive URI of the machine's apt sources (deb822 .sources files
# first, then the one-line sources.list), skipping the security archive.
apt_mirror() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk '
			/^[[:space:]]*$/ { if (u != "" && s !~ /-security/) { print u; exit } u = ""; s = ""; next }
			tolower($1) == "uris:" { u = $2 }
			tolower($1) == "suites:" { $1 = ""; s = $0 }
			END { if (u != "" && s !~ /-security/) print u }' "$f" | head -n1)
		if [ -n "$uri" ]; then
			printf '%s\n' "$uri"
			return 0
		fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		uri=$(awk '$1 == "deb" && $0 !~ /-security/ {
			for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit } }' "$f")
		if [ -n "$uri" ]; then
			printf '%s\n' "$uri"
			return 0
		fi
	done
	return 1
}

key=$(
	{
		printf '%s\n' "$SUITE" "$VARIANT" "${PACKAGES[@]}"
		# The steps below change the tree too.
		sed -n '/^# -- setup --$/,$p' "${BASH_SOURCE[0]}"
	} | sha256sum | cut -c1-16
)
tarball=$CACHE/rootfs-$SUITE-$key.tar
if [ -s "$tarball" ]; then
	log "cached: $tarball"
	printf '%s\n' "$tarball"
	exit 0
fi

[ "$(id -u)" -eq 0 ] || die "building the root file system needs root"
command -v debootstrap >/dev/null || die "debootstrap is missing (scripts/install-test-tools.sh installs it)"
mirror=${DEVBOX_E2E_MIRROR:-$(apt_mirror)} || die "no Debian mirror in /etc/apt/sources.list{,.d}"
mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
start=$SECONDS
log "debootstrap $SUITE ($VARIANT, ${#PACKAGES[@]} packages) from the apt mirror into $root"
include=$(
	IFS=,
	printf '%s' "${PACKAGES[*]}"
)
if ! debootstrap --variant="$VARIANT" --include="$include" "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
	tail -n 30 "$work/debootstrap.log" >&2
	die "debootstrap failed (log above)"
fi
# -- setup --
# Nothing of the host leaks in: no apt caches, a fresh machine id at boot.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*_Packages
: >"$root/etc/machine-id"
tar --xattrs --xattrs-include='*' --numeric-owner -C "$root" -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$tarball"
log "built $tarball in $((SECONDS - start))s ($(du -h "$tarball" | cut -f1))"
printf '%s\n' "$tarball"
