#!/usr/bin/env bash
# Prepares the guest root before the module is installed: what a NixOS host
# has outside the generated module, and the nspawn workarounds.
#   guest-setup.sh ROOT SPEC_JSON HARNESS_DIR [nspawn|qemu]
set -euo pipefail
root=$1 spec=$2 harness=$3 vm=${4:-nspawn}
in_guest() { chroot "$root" "$@"; }

# The owners' accounts: on the host they come from users.nix (users.users).
for owner in $(jq -r '[.containers[].owner] | unique | .[]' "$spec"); do
	uid=$(jq -r --arg o "$owner" '.users[$o].uid' "$spec")
	in_guest useradd --create-home --uid "$uid" --user-group --shell /bin/bash "$owner"
done

# NixOS keeps the journal on disk, which gives each user their own journal
# (`journalctl --user`, used by `devbox logs`).
mkdir -p "$root/var/log/journal"

# The guest's cgroup2 has no controllers under nspawn here: crun cannot set a
# pids limit (limits are checked in the units, not enforced). Under qemu the
# kernel is the guest's own, with every controller: nothing to work around.
if [ "$vm" = nspawn ]; then
	mkdir -p "$root/etc/containers/containers.conf.d"
	printf '[containers]\npids_limit = 0\n' >"$root/etc/containers/containers.conf.d/50-e2e-nspawn.conf"
fi
mkdir -p "$root/var/lib/devbox-e2e"
echo "$vm" >"$root/var/lib/devbox-e2e/vm"
if [ "$vm" = qemu ]; then
	# /var/lib/devbox on a data disk of its own, XFS with project quota
	# enforced: the host layout docs/podman.md asks for capped homes.
	printf '/dev/vdb /var/lib/devbox xfs prjquota 0 2\n' >>"$root/etc/fstab"
	mkdir -p "$root/var/lib/devbox"
	# The serial console is the harness's log, not a login prompt.
	ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
fi

# Lingering user managers start units that wait for the network.
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf /usr/lib/systemd/system/network-online.target "$root/etc/systemd/system/multi-user.target.wants/"
# /dev/net/tun for pasta (rootless networking), mode 0666 as udev makes it on
# NixOS; nspawn copies the host's node with the host's mode.
cat >"$root/etc/systemd/system/devbox-e2e-tun.service" <<'UNIT'
[Unit]
Description=/dev/net/tun as on a NixOS host
DefaultDependencies=no
Before=sysinit.target

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'mkdir -p /dev/net && { [ -c /dev/net/tun ] || mknod /dev/net/tun c 10 200; } && chmod 0666 /dev/net/tun'
UNIT
mkdir -p "$root/etc/systemd/system/sysinit.target.wants"
ln -sf /etc/systemd/system/devbox-e2e-tun.service "$root/etc/systemd/system/sysinit.target.wants/"
# No login prompt on the console the harness reads.
ln -sf /dev/null "$root/etc/systemd/system/console-getty.service"

# nixpkgs' podman is a wrapper that puts its helpers (pasta, …) on PATH and finds
# newuidmap/newgidmap at /run/wrappers/bin whatever the caller's PATH: the
# same here, so podman run from a unit with NixOS's minimal PATH works as it
# does there (and nothing else gains a PATH). The wrapper's PATH has
# util-linux (nixpkgs' podman binPath: fuse-overlayfs, util-linuxMinimal,
# iproute2, nftables): nsenter, and mount/umount for a volume with a device.
in_guest dpkg-divert --quiet --local --rename --divert /usr/bin/podman.unwrapped --add /usr/bin/podman
mkdir -p "$root/usr/lib/devbox-e2e/podman-path"
for b in newuidmap newgidmap fuse-overlayfs nsenter mount umount ip pasta passt; do
	ln -sf "$(in_guest sh -c "command -v $b")" "$root/usr/lib/devbox-e2e/podman-path/$b"
done
cat >"$root/usr/bin/podman" <<'WRAP'
#!/bin/sh
PATH=/usr/lib/devbox-e2e/podman-path${PATH:+:$PATH} exec /usr/bin/podman.unwrapped "$@"
WRAP
chmod 0755 "$root/usr/bin/podman"

# The 1Password service-account token file (devbox.opTokenFile), root-only.
mkdir -p "$root/etc/devbox-e2e"
printf 'ops_e2e%s' "$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$root/etc/devbox-e2e/op-token"
chmod 0400 "$root/etc/devbox-e2e/op-token"

# The fake `op` records its calls in /var/log/devbox-e2e, which the
# devbox-authkey units' ProtectSystem=strict makes read-only: a test-only
# drop-in (applies to devbox-authkey-*.service) lets the record through and
# nothing else; the units' own sandbox is otherwise the module's.
mkdir -p "$root/var/log/devbox-e2e" "$root/etc/systemd/system/devbox-authkey-.service.d"
cat >"$root/etc/systemd/system/devbox-authkey-.service.d/e2e-op-log.conf" <<'UNIT'
[Service]
ReadWritePaths=/var/log/devbox-e2e
UNIT

# users.users.<u>.packages are on a NixOS login shell's PATH.
cat >"$root/etc/profile.d/nixos-per-user-profile.sh" <<'PROF'
PATH=/etc/profiles/per-user/$USER/bin:$PATH
PROF

# The scenario driver: a oneshot system unit that prints to the console and
# powers the guest off when done.
mkdir -p "$root/var/lib/devbox-e2e"
install -m 0755 "$harness/guest/driver.sh" "$root/var/lib/devbox-e2e/driver.sh"
install -m 0644 "$harness/guest/lifecycle.sh" "$root/var/lib/devbox-e2e/lifecycle.sh"
install -m 0644 "$harness/guest/access.sh" "$root/var/lib/devbox-e2e/access.sh"
install -m 0644 "$harness/guest/storage.sh" "$root/var/lib/devbox-e2e/storage.sh"
install -m 0644 "$harness/guest/secrets.sh" "$root/var/lib/devbox-e2e/secrets.sh"
install -m 0644 "$harness/guest/quota.sh" "$root/var/lib/devbox-e2e/quota.sh"
cp "$spec" "$root/var/lib/devbox-e2e/spec.json"
# Under TCG everything is an order of magnitude slower.
timeout=540
if [ "$vm" = qemu ]; then timeout=1500; fi
cat >"$root/etc/systemd/system/devbox-e2e-driver.service" <<UNIT
[Unit]
Description=devbox end-to-end scenarios
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/var/lib/devbox-e2e/driver.sh
StandardOutput=tty
TTYPath=/dev/console
TimeoutStartSec=$timeout
ExecStopPost=/usr/bin/systemctl poweroff --no-block
UNIT
ln -sf /etc/systemd/system/devbox-e2e-driver.service "$root/etc/systemd/system/multi-user.target.wants/"
