#!/usr/bin/env bash
# End-to-end test of the generated host side on a booted system.
#
#   bash scripts/e2e.sh SPEC_DIR        (as root; docs/e2e.md)
#
# Renders SPEC_DIR, installs the tree into a Debian 13 "trixie" userland
# (systemd 257, rootless podman 5.4 with quadlet) exactly as the generated
# nixos/default.nix would, boots it with systemd-nspawn and runs the scenarios
# of scripts/e2e/guest/driver.sh inside, as the owners, rootless. Prints one
# line per step and `N passed, N failed`; exits 0 when all passed, 1 on a
# failure, 77 when it cannot run here (no root, no systemd-nspawn or
# debootstrap), after saying so loudly.
#
# Two boots of one guest: the first runs the boot, devbox, units, idle,
# key-fault and uid-drift scenarios and leaves containers stopped as idle and
# destroyed; the second checks what a reboot brings back, then replays a
# `nixos-rebuild switch` to scripts/e2e/rebuild/<spec name> (installed from
# the host into the running guest when the driver asks for it).
#
# Environment: DEVBOX_GEN (the devbox-gen binary; default: cargo build),
# DEVBOX_E2E_CACHE (root file system cache, default /var/cache/devbox-gen-e2e),
# DEVBOX_E2E_KEEP=1 (keep the work directory), DEVBOX_E2E_TIMEOUT (seconds a
# boot may take, default 600), DEVBOX_E2E_TEMPLATES (render with these
# templates instead of the embedded ones: try a template change without a build),
# DEVBOX_E2E_SERVER (a spec that declares `servers`: the server whose module the
# guest installs; the guest is that server, and the servers scenario checks that
# nothing of the other servers' containers is there), DEVBOX_E2E_VM (`nspawn`,
# the default, or `qemu`).
#
# The qemu variant (DEVBOX_E2E_VM=qemu): one boot of the same guest as a
# virtual machine under qemu's software emulation (TCG), with Debian's kernel:
# a real cgroup v2 tree with every controller, where nspawn on a cgroup-v1 host
# has none. It runs the boot scenario with the limits checked in each
# container's cgroup (a missing cgroup file fails there), and the capped homes'
# quota; /var/lib/devbox is a second disk, XFS mounted with prjquota, as
# docs/podman.md asks of a host with capped homes.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
harness=$here/e2e
repo=$(cd "$here/.." && pwd)
start=$SECONDS

say() { printf 'e2e: %s\n' "$*"; }
skip() {
	printf '\n!!! e2e: SKIPPED: %s !!!\n\n' "$*" >&2
	exit 77
}
die() {
	printf 'e2e: ERROR: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: scripts/e2e.sh SPEC_DIR"
spec=$(cd "$1" && pwd) || die "no spec directory $1"
vm=${DEVBOX_E2E_VM:-nspawn}
case $vm in
nspawn) tools=(systemd-nspawn) ;;
# The root disk is made and read back with the host's e2fsprogs; qemu
# itself runs from inside the guest's tree.
qemu) tools=(mkfs.ext4 debugfs mount) ;;
*) die "DEVBOX_E2E_VM=$vm: nspawn or qemu" ;;
esac
[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap, chroot, systemd-nspawn)"
for tool in "${tools[@]}" debootstrap newuidmap nix-instantiate python3 jq; do
	command -v "$tool" >/dev/null || skip "$tool is missing (scripts/install-test-tools.sh installs it)"
done

gen=${DEVBOX_GEN:-}
if [ -z "$gen" ]; then
	(cd "$repo" && cargo build --quiet --bin devbox-gen)
	gen=$repo/target/debug/devbox-gen
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/devbox-gen-e2e.XXXXXX")
cleanup() {
	if [ "${DEVBOX_E2E_KEEP:-0}" = 1 ]; then
		say "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
root=$work/root
tree=$work/tree

# 1. The guest: the cached root file system, unpacked.
if [ "$vm" = qemu ]; then tarball=$(bash "$harness/rootfs.sh" qemu); else tarball=$(bash "$harness/rootfs.sh"); fi
mkdir "$root"
tar --xattrs --xattrs-include='*' --numeric-owner -C "$root" -xf "$tarball"
say "root file system ready ($((SECONDS - start))s)"

# 2. The spec, with fresh SSH keys: a public key file whose comment says
#    "scripts/e2e.sh puts a fresh key here" gets one (its private half goes to
#    the guest's /var/lib/devbox-e2e/keys/<file name>, where the driver logs
#    in with it), plus a key nobody authorised ("stranger"). Then the tree and
#    the decoded spec (owners, containers, images).
cp -a "$spec" "$work/spec"
keys=$root/var/lib/devbox-e2e/keys
mkdir -p "$keys"
chmod 700 "$keys"
while IFS= read -r -d '' pub; do
	grep -q 'scripts/e2e.sh puts a fresh key here' "$pub" || continue
	name=$(basename "$pub" .pub)
	chroot "$root" ssh-keygen -q -t ed25519 -N '' -C "$name@e2e" -f "/var/lib/devbox-e2e/keys/$name"
	cp "$keys/$name.pub" "$pub"
done < <(find "$work/spec" -name '*.pub' -print0)
chroot "$root" ssh-keygen -q -t ed25519 -N '' -C stranger@e2e -f /var/lib/devbox-e2e/keys/stranger
render=(render "$work/spec" --out "$tree")
if [ -n "${DEVBOX_E2E_TEMPLATES:-}" ]; then render+=(--templates "$DEVBOX_E2E_TEMPLATES"); fi
"$gen" "${render[@]}" >/dev/null
"$gen" eval "$work/spec" >"$work/spec.json"

# The module to install: the tree's only one, or (a spec with `servers`) the
# one of DEVBOX_E2E_SERVER. Then the guest is that server: the scenarios see
# its containers only, and the others' go to elsewhere.json.
server=${DEVBOX_E2E_SERVER:-}
if [ -f "$tree/nixos/default.nix" ]; then
	[ -z "$server" ] || die "DEVBOX_E2E_SERVER=$server, but $spec declares no servers"
	module=nixos
else
	servers=$(jq -r '.servers | keys | join(", ")' "$work/spec.json")
	[ -n "$server" ] || die "$spec declares servers ($servers): set DEVBOX_E2E_SERVER to the one to install"
	[ -f "$tree/nixos/$server/default.nix" ] || die "$spec has no server $server (servers: $servers)"
	module=nixos/$server
	say "server $server"
	jq --arg s "$server" '.containers |= with_entries(select(.value.server != $s))' "$work/spec.json" >"$work/elsewhere.json"
	jq --arg s "$server" '.containers |= with_entries(select(.value.server == $s))' "$work/spec.json" >"$work/spec-here.json"
	mv "$work/spec-here.json" "$work/spec.json"
fi

# 3. The host configuration outside the module: the owners' accounts (from
#    users.nix, as the host's own users.users), and what makes Debian behave
#    like NixOS where the module relies on it.
bash "$harness/guest-setup.sh" "$root" "$work/spec.json" "$harness" "$vm"
if [ -f "$work/elsewhere.json" ]; then cp "$work/elsewhere.json" "$root/var/lib/devbox-e2e/elsewhere.json"; fi

# 4. The module: evaluated with stub config/lib/pkgs, applied by install.py.
# evaluate TREE SPEC_JSON OUT: the module of TREE as NixOS would see it.
evaluate() {
	local tree=$1 spec_json=$2 out=$3 names users
	names=$(
		grep -rhoE 'pkgs\.[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*' "$tree/nixos" "$tree/images" |
			sed 's/^pkgs\.//' | sort -u | jq -Rn '[inputs]' | tr -d '\n'
	)
	# The owners' accounts as the host's users.users has them (uid from users.nix).
	users=$(jq -c '[.containers[].owner] as $o | .users | with_entries(select(.key as $k | $o | index($k))) | map_values({ uid })' "$spec_json")
	if ! nix-instantiate --store dummy:// --eval --strict --json "$harness/eval.nix" \
		--arg tree "$tree" --argstr module "$module" --argstr namesJson "$names" --argstr usersJson "$users" \
		--argstr opTokenFile /etc/devbox-e2e/op-token --argstr podmanVersion "$podman_version" \
		>"$out.json" 2>"$out.trace"; then
		grep -v devbox-e2e-drv "$out.trace" >&2
		die "evaluating the generated NixOS module of $tree failed"
	fi
}
# The guest's podman release, from its package database (podman itself does
# not run in a bare chroot: it reads /proc): the module asserts it meets the
# units' target. "5.4.2+ds1-2" -> "5.4.2".
podman_version=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Version}' podman | sed -E 's/^[0-9]+://; s/[+~-].*//')
[ -n "$podman_version" ] || die "the guest has no podman"
evaluate "$tree" "$work/spec.json" "$work/module"
python3 "$harness/install.py" "$root" "$work/module.json" "$work/module.trace" "$tree" "$harness"
# NixOS runs the system activation at boot, before systemd.
chroot "$root" /var/lib/devbox-e2e/nixos-system-activation || die "the system activation script failed"

# The rebuild: the modified spec, rendered and evaluated now, installed when
# the driver asks (second boot).
rebuild_spec=$harness/rebuild/$(basename "$spec")
if [ -d "$rebuild_spec" ]; then
	"$gen" render "$rebuild_spec" --out "$work/tree2" "${render[@]:4}" >/dev/null
	"$gen" eval "$rebuild_spec" >"$root/var/lib/devbox-e2e/spec-rebuild.json"
	evaluate "$work/tree2" "$root/var/lib/devbox-e2e/spec-rebuild.json" "$work/module2"
fi
# The user manager's PATH on NixOS: systemd's own bin directory only.
systemd_pkg=$(jq -r '.defaultPath[-1]' "$work/module.json")
mkdir -p "$root/etc/systemd/user.conf.d"
printf '[Manager]\nDefaultEnvironment=PATH=%s/bin\n' "$systemd_pkg" >"$root/etc/systemd/user.conf.d/50-nixos-path.conf"
say "tree installed as the NixOS module would ($((SECONDS - start))s)"

# 5. Boot (twice); the driver unit runs the scenarios and powers off.
: >"$work/console.log"
state=$root/var/lib/devbox-e2e
# The rebuild, installed into the running guest when the driver asks.
rebuild_watch() {
	while [ ! -e "$state/rebuild.request" ]; do sleep 1; done
	if [ -f "$work/module2.json" ] &&
		python3 "$harness/install.py" "$root" "$work/module2.json" "$work/module2.trace" "$work/tree2" "$harness" --reinstall; then
		touch "$state/rebuild.installed"
	else
		touch "$state/rebuild.failed"
	fi
}
results=$state/results
boot_rc=0
# Each guest in a cgroup of its own. On this machine kind (cgroup v1
# controllers, a controller-less cgroup2 at /sys/fs/cgroup/unified) a guest's
# cgroup tree is the caller's: two runs side by side would share the paths of
# their user managers (user-1001.slice/…), and one guest's podman and stop
# jobs would see the other's processes.
if [ -d /sys/fs/cgroup/unified ]; then
	parent=/sys/fs/cgroup/unified$(sed -n 's/^0:://p' /proc/self/cgroup)
	own=${parent%/}/devbox-e2e-$$
	if mkdir "$own" 2>/dev/null && echo $$ >"$own/cgroup.procs"; then
		# The guest's systemd leaves its cgroup tree below ours: removed
		# depth first. Tidying up must not change the verdict (errexit in a
		# trap would fail a passed run), so a busy cgroup just stays.
		trap 'set +e; echo $$ >"$parent/cgroup.procs" 2>/dev/null; find "$own" -depth -type d -exec rmdir {} + 2>/dev/null; cleanup' EXIT
	fi
fi
# /dev/fuse for the containers that ask for it (`devices`): nspawn's own /dev
# has no FUSE node; the host's is bound in when it has one.
devices=()
if [ -c /dev/fuse ]; then devices+=(--bind=/dev/fuse); fi
boot_nspawn() {
	timeout "${DEVBOX_E2E_TIMEOUT:-600}" env SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 \
		systemd-nspawn -D "$root" -b --register=no --keep-unit --console=read-only \
		--private-network --system-call-filter=@keyring --machine=devbox-e2e "${devices[@]}" 2>&1
}

# The qemu variant's disks, in $work/vm: the installed tree as the ext4 root
# (the host's mke2fs copies owners, modes and extended attributes), and an
# empty XFS data disk for /var/lib/devbox (the guest mounts it with prjquota).
# qemu, mkfs.xfs and the kernel are the guest's own (trixie's), run from
# inside the tree in a mount namespace of their own: the binds of /dev, /proc
# and the disks vanish with it, and nothing of the host stays mounted in the
# tree when the work directory is removed.
in_vm_tree() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare --mount --propagation private sh -ec '
		root=$1 vm=$2
		shift 2
		mount --bind /dev "$root/dev"
		mount -t proc proc "$root/proc"
		mkdir -p "$root/mnt/e2e-vm"
		mount --bind "$vm" "$root/mnt/e2e-vm"
		exec chroot "$root" "$@"' sh "$root" "$work/vm" "$@"
}
make_vm_disks() {
	kernel=$(cd "$root" && find boot -name 'vmlinuz-*' | sort -V | tail -n1)
	initrd=$(cd "$root" && find boot -name 'initrd.img-*' | sort -V | tail -n1)
	if [ -z "$kernel" ] || [ -z "$initrd" ]; then die "the qemu root file system has no kernel or initrd in /boot"; fi
	mkdir -p "$work/vm"
	# Room for the owners' podman storage (images and layers) beyond the tree.
	truncate -s "$(($(du -sm "$root" | cut -f1) + 4096))M" "$work/vm/root.img"
	mkfs.ext4 -q -F -L devbox-e2e -d "$root" "$work/vm/root.img"
	truncate -s 2G "$work/vm/data.img"
	in_vm_tree mkfs.xfs -q -L devbox-data /mnt/e2e-vm/data.img
}
boot_qemu() {
	# The timeout is the tree's coreutils', inside: qemu is its child.
	in_vm_tree timeout "${DEVBOX_E2E_TIMEOUT:-1800}" \
		qemu-system-x86_64 -accel tcg,thread=multi -cpu max -m 3072 -smp 2 \
		-display none -monitor none -serial stdio -nic none -no-reboot \
		-drive file=/mnt/e2e-vm/root.img,format=raw,if=virtio \
		-drive file=/mnt/e2e-vm/data.img,format=raw,if=virtio \
		-kernel "/$kernel" -initrd "/$initrd" \
		-append 'root=/dev/vda rw console=ttyS0 panic=-1 quiet loglevel=3' </dev/null 2>&1
	local rc=$?
	# The driver's record is on the guest's disk now.
	debugfs -R "cat /var/lib/devbox-e2e/results" "$work/vm/root.img" >"$results" 2>/dev/null
	return "$rc"
}

# nspawn: two boots of one guest; qemu: one (the boot scenario with the
# limits in the cgroup tree, and the capped homes).
boots=2
if [ "$vm" = qemu ]; then
	boots=1
	make_vm_disks
	say "disks made ($((SECONDS - start))s)"
fi
for boot in $(seq "$boots"); do
	say "boot $boot ($vm)"
	if [ "$boot" = 2 ]; then
		rebuild_watch &
		watcher=$!
	fi
	set +e
	# (qemu's console starts with the firmware's terminal escapes.)
	"boot_$vm" | tee -a "$work/console.log" |
		sed -u -n 's/\r$//; s/\x1b\[[0-9;?!]*[A-Za-z]//g; s/\x1b\][0-9]*\x07//g; s/^E2E //p'
	boot_rc=${PIPESTATUS[0]}
	set -e
	if [ "$boot" = 2 ]; then kill "$watcher" 2>/dev/null || true; fi
	grep -qx "done $boot" "$results" 2>/dev/null || break
done
passed=$(grep -c '^ok ' "$results" 2>/dev/null || true)
failed=$(grep -c '^FAIL ' "$results" 2>/dev/null || true)
if ! grep -qx "done $boots" "$results" 2>/dev/null; then
	failed=$((failed + 1))
	say "FAIL the driver did not finish its boots (boot exit $boot_rc); last console lines:"
	tail -n 40 "$work/console.log" | sed 's/^/   | /'
fi
say "$spec: $((SECONDS - start))s"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${failed:-0}" -ne 0 ]; then
	[ "${DEVBOX_E2E_KEEP:-0}" = 1 ] || say "DEVBOX_E2E_KEEP=1 keeps the guest root and console.log for a look"
	exit 1
fi
