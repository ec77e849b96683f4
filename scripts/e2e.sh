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
# Environment: DEVBOX_GEN (the devbox-gen binary; default: cargo build),
# DEVBOX_E2E_CACHE (root file system cache, default /var/cache/devbox-gen-e2e),
# DEVBOX_E2E_KEEP=1 (keep the work directory), DEVBOX_E2E_TIMEOUT (seconds a
# boot may take, default 600), DEVBOX_E2E_TEMPLATES (render with these
# templates instead of the embedded ones: try a template change without a build).
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
[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap, chroot, systemd-nspawn)"
for tool in systemd-nspawn debootstrap newuidmap nix-instantiate python3 jq; do
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
tarball=$(bash "$harness/rootfs.sh")
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

# 3. The host configuration outside the module: the owners' accounts (from
#    users.nix, as the host's own users.users), and what makes Debian behave
#    like NixOS where the module relies on it.
bash "$harness/guest-setup.sh" "$root" "$work/spec.json" "$harness"

# 4. The module: evaluated with stub config/lib/pkgs, applied by install.py.
names=$(
	grep -rhoE 'pkgs\.[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*' "$tree/nixos" "$tree/images" |
		sed 's/^pkgs\.//' | sort -u | jq -Rn '[inputs]' | tr -d '\n'
)
# The owners' accounts as the host's users.users has them (uid from users.nix).
users=$(jq -c '[.containers[].owner] as $o | .users | with_entries(select(.key as $k | $o | index($k))) | map_values({ uid })' "$work/spec.json")
if ! nix-instantiate --store dummy:// --eval --strict --json "$harness/eval.nix" \
	--arg tree "$tree" --argstr namesJson "$names" --argstr usersJson "$users" \
	--argstr opTokenFile /etc/devbox-e2e/op-token >"$work/module.json" 2>"$work/module.trace"; then
	grep -v devbox-e2e-drv "$work/module.trace" >&2
	die "evaluating the generated NixOS module failed"
fi
python3 "$harness/install.py" "$root" "$work/module.json" "$work/module.trace" "$tree" "$harness"
# The user manager's PATH on NixOS: systemd's own bin directory only.
systemd_pkg=$(jq -r '.defaultPath[-1]' "$work/module.json")
mkdir -p "$root/etc/systemd/user.conf.d"
printf '[Manager]\nDefaultEnvironment=PATH=%s/bin\n' "$systemd_pkg" >"$root/etc/systemd/user.conf.d/50-nixos-path.conf"
say "tree installed as the NixOS module would ($((SECONDS - start))s)"

# 5. Boot; the driver unit runs the scenarios and powers off.
: >"$work/console.log"
set +e
timeout "${DEVBOX_E2E_TIMEOUT:-600}" env SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 \
	systemd-nspawn -D "$root" -b --register=no --keep-unit --console=read-only \
	--private-network --system-call-filter=@keyring --machine=devbox-e2e 2>&1 |
	tee "$work/console.log" | sed -u -n 's/\r$//; s/^E2E //p'
boot_rc=${PIPESTATUS[0]}
set -e
results=$root/var/lib/devbox-e2e/results
passed=$(grep -c '^ok ' "$results" 2>/dev/null || true)
failed=$(grep -c '^FAIL ' "$results" 2>/dev/null || true)
if ! grep -qx 'done' "$results" 2>/dev/null; then
	failed=$((failed + 1))
	say "FAIL the driver did not finish (boot exit $boot_rc); last console lines:"
	tail -n 40 "$work/console.log" | sed 's/^/   | /'
fi
say "$spec: $((SECONDS - start))s"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${failed:-0}" -ne 0 ]; then
	[ "${DEVBOX_E2E_KEEP:-0}" = 1 ] || say "DEVBOX_E2E_KEEP=1 keeps the guest root and console.log for a look"
	exit 1
fi
