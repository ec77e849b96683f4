#!/bin/bash
# The scenarios, run as root inside the booted guest by devbox-e2e-driver.service.
# One line per step on the console ("E2E ok …" / "E2E FAIL …", details
# indented), the same lines in /var/lib/devbox-e2e/results, then "done N"
# after boot N. Boot 1: boot, devbox, units, then lifecycle.sh's idle, key
# faults and uid drift, and the reboot's set-up; boot 2: lifecycle.sh's
# reboot and rebuild scenarios.
# Owners' commands run as the owner: from a login shell (runuser -l) and from a
# bare `systemd-run --user` (the user manager's environment: NixOS's PATH).
set -uo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
state=/var/lib/devbox-e2e
spec=$state/spec.json
results=$state/results
boot=$(($(cat "$state/boot" 2>/dev/null || echo 0) + 1))
echo "$boot" >"$state/boot"
((boot > 1)) || : >"$results"
t0=$SECONDS
# nspawn, or qemu: a real kernel whose cgroup tree has every controller, under
# software emulation (everything an order of magnitude slower).
vm=$(cat "$state/vm" 2>/dev/null || echo nspawn)
boot_wait=60
if [ "$vm" = qemu ]; then boot_wait=300; fi

out() { printf 'E2E %s\n' "$*"; }
ok() {
	out "ok   $*"
	printf 'ok %s\n' "$*" >>"$results"
}
fail() {
	out "FAIL $*"
	printf 'FAIL %s\n' "$*" >>"$results"
}
detail() { sed 's/^/E2E        | /' | head -n "${1:-25}"; }
# check DESCRIPTION COMMAND…: ok when COMMAND succeeds; its output on failure.
check() {
	local d=$1 o
	shift
	if o=$("$@" 2>&1); then ok "$d"; else
		fail "$d"
		printf '%s\n' "$o" | detail
	fi
}

owners=$(jq -r '[.containers[].owner] | unique | .[]' "$spec")
uid_of() { id -u "$1"; }
containers_of() { jq -r --arg o "$1" '.containers | to_entries[] | select(.value.owner == $o) | .key' "$spec"; }
cfield() { jq -r --arg c "$1" ".containers[\$c].$2" "$spec"; }
image_uid() { jq -r --arg i "$(cfield "$1" image)" '.images[$i].user.uid' "$spec"; }

# The owner, with the session variables pam_systemd would give them.
as() {
	local u=$1 uid
	shift
	uid=$(uid_of "$u")
	setpriv --reuid="$uid" --regid="$(id -g "$u")" --init-groups \
		env -i HOME="/home/$u" USER="$u" LOGNAME="$u" PATH=/usr/bin:/bin \
		XDG_RUNTIME_DIR="/run/user/$uid" DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus" "$@"
}
uctl() {
	local u=$1
	shift
	as "$u" systemctl --user "$@"
}
# The owner's command from a login shell, as they would type it.
login_devbox() {
	local u=$1
	shift
	runuser -l "$u" -c "devbox $*"
}
# The owner's command in a transient unit of their user manager: nothing but
# the manager's environment (on NixOS: PATH = systemd's bin directory).
bare_devbox() {
	local u=$1
	shift
	as "$u" systemd-run --user --quiet --wait --pipe --collect "/etc/profiles/per-user/$u/bin/devbox" "$@"
}
unit_diag() {
	local u=$1 unit=$2
	{
		uctl "$u" status --no-pager --lines=0 "$unit"
		journalctl --no-pager -o cat --lines=15 _UID="$(uid_of "$u")" --unit="$unit" --user-unit="$unit"
	} 2>&1 | detail 30
}

for u in $owners; do
	for _ in $(seq "$boot_wait"); do
		[ -S "/run/user/$(uid_of "$u")/bus" ] && break
		sleep 1
	done
done
# shellcheck source=scripts/e2e/guest/lifecycle.sh
. "$state/lifecycle.sh"
if ((boot == 2)); then
	scenario_reboot
	scenario_rebuild
	echo 'done 2' >>"$results"
	out "boot 2: scenarios finished in $((SECONDS - t0)) s"
	exit 0
fi

# ---------------------------------------------------------------- 1. boot
declare -A active_at
pending=()
for u in $owners; do
	for c in $(containers_of "$u"); do
		[ "$(cfield "$c" autoStart)" = true ] && pending+=("$u/$c")
	done
done
deadline=$((t0 + boot_wait))
while ((${#pending[@]})) && ((SECONDS < deadline)); do
	left=()
	for p in "${pending[@]}"; do
		if [ "$(uctl "${p%/*}" is-active "${p#*/}.service" 2>/dev/null)" = active ]; then
			active_at[$p]=$((SECONDS - t0))
		else
			left+=("$p")
		fi
	done
	pending=("${left[@]}")
	((${#pending[@]})) && sleep 1
done
for u in $owners; do
	for c in $(containers_of "$u"); do
		if [ "$(cfield "$c" autoStart)" != true ]; then
			continue
		fi
		if [ -n "${active_at[$u/$c]:-}" ]; then
			ok "boot: $u's $c active within $boot_wait s (at ${active_at[$u/$c]} s)"
		else
			fail "boot: $u's $c not active within $boot_wait s ($(uctl "$u" is-active "$c.service"))"
			unit_diag "$u" "$c.service"
		fi
	done
done
for u in $owners; do
	for c in $(containers_of "$u"); do
		if [ "$(cfield "$c" autoStart)" = true ]; then
			continue
		fi
		s=$(uctl "$u" is-active "$c.service")
		if [ "$s" = inactive ]; then ok "boot: $u's $c (autoStart = false) stays down"; else fail "boot: $u's $c (autoStart = false) is $s"; fi
	done
done

for u in $owners; do
	uid=$(uid_of "$u")
	sub=$(awk -F: -v u="$u" '$1 == u { print $2 }' /etc/subuid)
	for c in $(containers_of "$u"); do
		[ "$(cfield "$c" autoStart)" = true ] || continue
		ctr=devbox-$c
		pid=$(as "$u" podman container inspect --format '{{.State.Pid}}' "$ctr" 2>/dev/null)
		if [[ ! $pid =~ ^[1-9][0-9]*$ ]]; then
			fail "boot: $c: no running container $ctr"
			continue
		fi
		# Rootless: container root is the owner, the image user a subordinate uid.
		map=$(awk 'NR == 1 { print $1, $2, $3 }' "/proc/$pid/uid_map")
		host_uid=$(stat -c %u "/proc/$pid")
		iu=$(image_uid "$c")
		if [ "$map" = "0 $uid 1" ] && [ "$host_uid" = $((sub + iu - 1)) ]; then
			ok "boot: $c is rootless (uid_map '0 $uid 1'; its user $iu is host uid $host_uid)"
		else
			fail "boot: $c is not rootless as expected: uid_map '$map', main process host uid $host_uid"
		fi
		if [ "$(cfield "$c" tailscale.enable)" = true ]; then
			key=/run/devbox/keys/$u/ts-authkey
			m=$(as "$u" podman exec "$ctr" stat -c '%u:%g %a' /run/secrets/ts-authkey 2>&1)
			if [ "$m" = "$iu:$iu 400" ]; then ok "boot: $c: auth key mounted for the image user ($m)"; else fail "boot: $c: auth key mount is '$m', want '$iu:$iu 400'"; fi
			calls=$(as "$u" podman exec "$ctr" cat /home/dev/.devbox-e2e/calls 2>&1)
			digest=$(sha256sum <"$key" | cut -c1-64)
			if grep -q -- '^tailscale .* up .*--auth-key=file:/run/secrets/ts-authkey' <<<"$calls" &&
				grep -qx "  key file /run/secrets/ts-authkey: readable, sha256 $digest" <<<"$calls"; then
				ok "boot: $c: tailscale up got --auth-key=file:/run/secrets/ts-authkey with $u's key"
			else
				fail "boot: $c: tailscale up did not get $u's key as --auth-key=file:"
				printf '%s\n' "$calls" | detail
			fi
		else
			m=$(as "$u" podman exec "$ctr" bash -c 'test -e /run/secrets/ts-authkey && echo mounted; cat /home/dev/.devbox-e2e/calls 2>/dev/null' 2>&1 | grep -v '^code-server ')
			if [ -z "$m" ]; then ok "boot: $c (no Tailscale): no key mounted, no tailscale call"; else
				fail "boot: $c (no Tailscale) has a key or called tailscale"
				printf '%s\n' "$m" | detail
			fi
		fi
	done
done
# Limits: what systemd made of each running container's resources (TasksMax,
# MemorySwapMax, IOWeight of the service), and the cgroup files where this
# guest's cgroup tree has the controller (under nspawn on a cgroup-v1 host it
# has none: the files are absent and only the unit's values show). Under qemu
# every controller is there: a missing file is a failure, and the container's
# processes must be inside the service's cgroup, where the limits bound them.
bytes() {
	case $1 in
	0) echo 0 ;;
	*K) echo $((${1%K} << 10)) ;; *M) echo $((${1%M} << 20)) ;;
	*G) echo $((${1%G} << 30)) ;; *T) echo $((${1%T} << 40)) ;;
	esac
}
# cgroup_file CGROUP FILE WANT: the file's value, or why there is none.
cgroup_file() {
	local f=/sys/fs/cgroup$1/$2
	if [ ! -e "$f" ]; then
		echo "$2 absent (controllers here: $(cat "/sys/fs/cgroup$1/cgroup.controllers" 2>/dev/null))"
		[ "$vm" != qemu ]
		return
	fi
	local v
	v=$(cat "$f")
	[ "$v" = "$3" ] && { echo "$2 $v"; return 0; }
	echo "$2 is '$v', want '$3'"
	return 1
}
for u in $owners; do
	io_wanted=
	for c in $(containers_of "$u"); do
		[ "$(cfield "$c" resources.ioWeight)" = null ] || io_wanted=1
		[ "$(cfield "$c" autoStart)" = true ] || continue
		pids=$(cfield "$c" resources.pids) swap=$(cfield "$c" resources.swap) io=$(cfield "$c" resources.ioWeight)
		want_swap=infinity want_io="[not set]" want_swap_file=max want_io_file="default 100"
		want_mem=$(bytes "$(cfield "$c" resources.memory)")
		# CPUQuota=<cpus×100>% is cpus × systemd's 100 ms period in cpu.max.
		want_cpu="$(awk -v c="$(cfield "$c" resources.cpus)" 'BEGIN { printf "%d", c * 100000 }') 100000"
		if [ "$swap" != null ]; then want_swap=$(bytes "$swap") want_swap_file=$want_swap; fi
		if [ "$io" != null ]; then want_io=$io want_io_file="default $io"; fi
		got=$(uctl "$u" show -P TasksMax "$c.service")/$(uctl "$u" show -P MemorySwapMax "$c.service")/$(uctl "$u" show -P IOWeight "$c.service")
		if [ "$got" = "$pids/$want_swap/$want_io" ]; then
			ok "limits: $c.service has TasksMax/MemorySwapMax/IOWeight $got"
		else
			fail "limits: $c.service has TasksMax/MemorySwapMax/IOWeight $got, want $pids/$want_swap/$want_io"
		fi
		cg=$(uctl "$u" show -P ControlGroup "$c.service")
		if o=$(cgroup_file "$cg" pids.max "$pids" && cgroup_file "$cg" memory.max "$want_mem" &&
			cgroup_file "$cg" cpu.max "$want_cpu" && cgroup_file "$cg" memory.swap.max "$want_swap_file" &&
			cgroup_file "$cg" io.weight "$want_io_file"); then
			ok "limits: $c's cgroup: $(tr '\n' ';' <<<"$o")"
		else
			fail "limits: $c's cgroup $cg"
			printf '%s\n' "$o" | detail
		fi
		# The container's main process, seen from the guest: in a cgroup at or
		# below the service's (podman's --cgroups=split puts the payload in a
		# child), so every limit above bounds it.
		if [ "$vm" = qemu ]; then
			pid=$(as "$u" podman container inspect --format '{{.State.Pid}}' "devbox-$c" 2>/dev/null)
			pcg=$(sed -n 's/^0:://p' "/proc/$pid/cgroup" 2>/dev/null)
			if [ -n "$pcg" ] && [[ $pcg == "$cg" || $pcg == "$cg"/* ]]; then
				ok "limits: $c's main process ($pid) is in $pcg, inside the service's cgroup"
			else
				fail "limits: $c's main process (${pid:-none}) is in '${pcg:-no cgroup}', not inside $cg"
			fi
		fi
	done
	# The module's drop-in for user@.service adds io to pids, memory and cpu.
	d=$(systemctl show -P DelegateControllers "user@$(uid_of "$u").service")
	if [ -n "$io_wanted" ]; then
		if [[ " $d " == *" io "* ]]; then ok "limits: user@$(uid_of "$u").service delegates io ($d)"; else
			fail "limits: user@$(uid_of "$u").service delegates '$d', not io"
		fi
	fi
done
# The root unit read each owner's key with the service-account token, as root,
# from the owner's vault (users.nix `devbox.opVault`, else containers.nix's `onePassword.vault`).
for u in $owners; do
	jq -e --arg o "$u" '[.containers[] | select(.owner == $o and .tailscale.enable)] | length > 0' "$spec" >/dev/null || continue
	vault=$(jq -r --arg o "$u" '.users[$o].devbox.opVault // .opVault' "$spec")
	n=$(journalctl -o cat --no-pager | grep -c "^e2e-op: op read .*op://$vault/.* | uid=0 token=ok mode=ok\$")
	if [ "${n:-0}" -ge 1 ]; then ok "boot: op read $u's key from op://$vault/ as root with the token ($n call)"; else
		fail "boot: no op read of $u's key from op://$vault/ with the token"
		journalctl -o cat --no-pager | grep '^e2e-op:' | detail
	fi
done
leaks=0 keys=0
for f in /run/devbox/keys/*/ts-authkey /etc/devbox-e2e/op-token; do
	[ -f "$f" ] || continue
	keys=$((keys + 1))
	n=$(journalctl -o export --no-pager | grep -caF "$(tr -d '\n' <"$f")")
	if [ "$n" != 0 ]; then
		leaks=1
		fail "boot: the secret in $f appears in $n journal lines"
	fi
done
want=$(($(jq '[.containers[] | select(.tailscale.enable) | .owner] | unique | length' "$spec") + 1))
if [ "$keys" != "$want" ]; then
	fail "boot: $keys secrets to look for in the journal, want $want (a key per Tailscale owner, the token)"
elif [ "$leaks" = 0 ]; then
	ok "boot: no auth key and no 1Password token in any journal field ($keys secrets)"
fi

# The qemu variant ends here: the scenarios below need no real kernel and take
# minutes each under emulation; the nspawn runs cover them. The capped homes'
# quota needs the data disk's project quota, which only this variant has.
if [ "$vm" = qemu ]; then
	# shellcheck source=scripts/e2e/guest/quota.sh
	. "$state/quota.sh"
	scenario_home_quota
	echo 'done 1' >>"$results"
	out "boot 1 (qemu): scenarios finished in $((SECONDS - t0)) s"
	exit 0
fi

# ---------------------------------------------------------------- 1b. servers
# A spec with `servers`, this guest being one of them (DEVBOX_E2E_SERVER): the
# other servers' containers (elsewhere.json) have no Quadlet file and no unit
# here, their images no loader and no copy in an owner's storage, their owners
# with nothing here no key unit and no scripts; the owners here list only
# this server's containers.
elsewhere=$state/elsewhere.json
if [ -f "$elsewhere" ]; then
	for c in $(jq -r '.containers | keys[]' "$elsewhere"); do
		on=$(jq -r --arg c "$c" '.containers[$c].server' "$elsewhere")
		found=$(find /etc/containers/systemd/users -name "$c.container" -o -name "$c-home.volume" 2>&1)
		for u in $owners; do
			if uctl "$u" cat "$c.service" >/dev/null 2>&1; then found+=" $u has $c.service"; fi
		done
		if [ -z "$found" ]; then ok "servers: $c (server $on) has no Quadlet file and no unit here"; else
			fail "servers: $c (server $on) is installed here"
			printf '%s\n' "$found" | detail
		fi
	done
	here_images=$(jq -r '[.containers[].image] | unique | .[]' "$spec")
	for i in $(jq -r '[.containers[].image] | unique | .[]' "$elsewhere"); do
		grep -qxF "$i" <<<"$here_images" && continue
		ref=localhost/devbox-$i:$(jq -r --arg i "$i" '.images[$i].tag' "$spec")
		found=""
		[ -e "/etc/systemd/user/devbox-image-$i.service" ] && found+=" unit devbox-image-$i.service"
		for u in $owners; do
			if as "$u" podman image exists "$ref" 2>/dev/null; then found+=" $u has $ref"; fi
		done
		if [ -z "$found" ]; then ok "servers: image $i (other servers only) has no loader and is not loaded here"; else
			fail "servers: image $i (other servers only) is here:$found"
		fi
	done
	for o in $(jq -r '[.containers[].owner] | unique | .[]' "$elsewhere"); do
		grep -qxF "$o" <<<"$owners" && continue
		found=$(find /etc/systemd/system /etc/systemd/user /etc/devbox/users -name "*-$o.*" -o -name "$o" 2>&1)
		if [ -z "$found" ]; then ok "servers: $o (containers on other servers only) has no key unit and no scripts here"; else
			fail "servers: $o (containers on other servers only) has units or scripts here"
			printf '%s\n' "$found" | detail
		fi
	done
	for u in $owners; do
		want=$(containers_of "$u" | sort | tr '\n' ' ')
		o=$(login_devbox "$u" list 2>&1)
		have=$(awk 'NR > 1 { print $1 }' <<<"$o" | sort | tr '\n' ' ')
		if [ "$have" = "$want" ]; then ok "servers: $u's devbox list shows this server's containers only ($want)"; else
			fail "servers: $u's devbox list shows ($have), want ($want)"
			printf '%s\n' "$o" | detail
		fi
	done
fi

# ---------------------------------------------------------------- 2. devbox
for u in $owners; do
	c=""
	for x in $(containers_of "$u"); do
		if [ "$(cfield "$x" autoStart)" = true ]; then
			c=$x
			break
		fi
	done
	[ -n "$c" ] || continue
	for how in login bare; do
		# Each round starts the unit four times; the units allow five starts an
		# hour (StartLimitBurst=): a fresh count per round.
		uctl "$u" reset-failed "$c.service"
		run() { "${how}_devbox" "$u" "$@"; }
		if o=$(run list 2>&1) && grep -qE "^$c +running " <<<"$o"; then ok "devbox ($how): $u: list shows $c running"; else
			fail "devbox ($how): $u: list"
			printf '%s\n' "$o" | detail
		fi
		check "devbox ($how): $u: stop $c" run stop "$c"
		s=$(uctl "$u" is-active "$c.service")
		if [ "$s" = inactive ]; then ok "devbox ($how): $c is inactive after stop"; else fail "devbox ($how): $c is $s after stop"; fi
		check "devbox ($how): $u: start $c" run start "$c"
		s=$(uctl "$u" is-active "$c.service")
		if [ "$s" = active ]; then ok "devbox ($how): $c is active after start"; else
			fail "devbox ($how): $c is $s after start"
			unit_diag "$u" "$c.service"
		fi
		if o=$(run logs "$c" --no-pager -n 50 2>&1) && grep -q "Started" <<<"$o"; then ok "devbox ($how): $u: logs $c shows its journal"; else
			fail "devbox ($how): $u: logs $c"
			printf '%s\n' "$o" | detail
		fi
		# A destroyed container (its marker) stays down until revived.
		run stop "$c" >/dev/null 2>&1
		as "$u" sh -c "mkdir -p ~/.local/state/devbox/destroyed && echo e2e >~/.local/state/devbox/destroyed/$c"
		if o=$(run start "$c" 2>&1); then fail "devbox ($how): start of destroyed $c was not refused"; else ok "devbox ($how): start of destroyed $c refused"; fi
		uctl "$u" start "$c.service" >/dev/null 2>&1
		s=$(uctl "$u" is-active "$c.service")
		if [ "$s" = inactive ]; then ok "devbox ($how): destroyed $c skipped by its ExecCondition"; else fail "devbox ($how): destroyed $c is $s after systemctl start"; fi
		check "devbox ($how): $u: revive $c" run revive "$c"
		s=$(uctl "$u" is-active "$c.service")
		if [ "$s" = active ] && ! as "$u" test -e "/home/$u/.local/state/devbox/destroyed/$c"; then ok "devbox ($how): $c active again after revive"; else
			fail "devbox ($how): $c is $s after revive"
			unit_diag "$u" "$c.service"
		fi
	done
done

# ---------------------------------------------------------------- 3. units
# Every unit the module or the tree defines ran (or runs) successfully, i.e.
# found every tool it calls.
# shellcheck disable=SC2013 # unit names have no spaces
for unit in $(grep '\.service$' "$state/units-system"); do
	case $unit in *-refresh-*) systemctl start "$unit" ;; esac
	r=$(systemctl show -P Result "$unit") st=$(systemctl show -P ExecMainStatus "$unit")
	if [ "$r" = success ] && [ "$st" = 0 ]; then ok "units: system $unit ran (result $r)"; else
		fail "units: system $unit: result $r, status $st"
		journalctl --no-pager -o cat -n 15 -u "$unit" | detail
	fi
done
for u in $owners; do
	# The module's user units, and those quadlet made of the owner's files.
	uunits=$(
		grep '\.service$' "$state/units-user"
		for f in /etc/containers/systemd/users/"$(uid_of "$u")"/*; do
			case $f in
			*.container) basename "$f" .container | sed 's/$/.service/' ;;
			*.volume) basename "$f" .volume | sed 's/$/-volume.service/' ;;
			esac
		done
	)
	for unit in $uunits; do
		[ "$(uctl "$u" show -P LoadState "$unit")" = loaded ] || continue
		# Units for another owner (ConditionUser=) are not this one's.
		conds=$(sed -n 's/^ConditionUser=//p' "/etc/systemd/user/$unit" 2>/dev/null)
		if [ -n "$conds" ] && ! grep -qw -- "$u" <<<"$conds"; then continue; fi
		started=""
		case $unit in
		devbox-cleanup-*) uctl "$u" start "$unit" ;;
		*-volume.service) ;;
		*)
			# A container that does not start at boot: started once here.
			if [ -f "/etc/containers/systemd/users/$(uid_of "$u")/${unit%.service}.container" ] &&
				[ "$(uctl "$u" is-active "$unit")" != active ]; then
				uctl "$u" start "$unit"
				started=1
			fi
			;;
		esac
		r=$(uctl "$u" show -P Result "$unit") a=$(uctl "$u" is-active "$unit")
		[ -z "$started" ] || uctl "$u" stop "$unit"
		if [ "$r" = success ] && { [ "$a" = active ] || { [ "$a" = inactive ] && [ -z "$started" ]; }; }; then
			ok "units: $u's $unit ran ($a, result $r)"
		else
			fail "units: $u's $unit: $a, result $r"
			unit_diag "$u" "$unit"
		fi
	done
done
n=$(journalctl --no-pager -o cat | grep -cE 'status=127|command not found|No such file or directory' || true)
if [ "$n" = 0 ]; then ok "units: no command not found (127) anywhere in the journal"; else
	fail "units: $n journal lines say a command was not found"
	journalctl --no-pager -o cat | grep -E 'status=127|command not found|No such file or directory' | detail 15
fi

# systemd 257's verdict on every unit the module and quadlet produced.
# (A spec without Tailscale has no timer: only the units that exist.)
mapfile -t sys_units < <(compgen -G '/etc/systemd/system/devbox-*.service'; compgen -G '/etc/systemd/system/devbox-*.timer')
o=$(systemd-analyze verify --man=no "${sys_units[@]}" 2>&1 | grep -v devbox-e2e)
if [ -z "$o" ]; then ok "units: systemd-analyze verify (257): system units clean (${#sys_units[@]})"; else
	fail "units: systemd-analyze verify (257) on system units"
	printf '%s\n' "$o" | detail
fi
for u in $owners; do
	gen=/run/user/$(uid_of "$u")/systemd/generator
	o=$(as "$u" sh -c "cd /etc/systemd/user && systemd-analyze --user verify --man=no \$(ls *.service *.timer) $gen/*.service" 2>&1)
	if [ -z "$o" ]; then ok "units: systemd-analyze --user verify (257): $u's units clean"; else
		fail "units: systemd-analyze --user verify (257) on $u's units"
		printf '%s\n' "$o" | detail
	fi
done

# ---------------------------------------------------------------- 4. ways in
# shellcheck source=scripts/e2e/guest/access.sh
. "$(dirname "${BASH_SOURCE[0]}")/access.sh"

# ---------------------------------------------------------------- 9. storage
# shellcheck source=scripts/e2e/guest/storage.sh
. "$state/storage.sh"
scenario_storage

# ---------------------------------------------------------------- 10. secrets
# shellcheck source=scripts/e2e/guest/secrets.sh
. "$(dirname "${BASH_SOURCE[0]}")/secrets.sh"
scenario_secrets
scenario_idle
scenario_key_faults
scenario_uid_drift
reboot_setup
echo 'done 1' >>"$results"
out "boot 1: scenarios finished in $((SECONDS - t0)) s"
