# The rest of a container's life, sourced by driver.sh (its helpers: as, uctl,
# ok, fail, detail, cfield, containers_of, …). docs/e2e.md, scenarios 4–8.
# shellcheck shell=bash
# shellcheck disable=SC2154 # spec, state, owners: driver.sh's

# Seconds of a spec duration ("2h", "14d"); 0 for none (null).
secs() {
	local d=$1
	case $d in
	null | "") echo 0 ;;
	*s) echo "${d%s}" ;;
	*m) echo $((${d%m} * 60)) ;;
	*h) echo $((${d%h} * 3600)) ;;
	*d) echo $((${d%d} * 86400)) ;;
	*w) echo $((${d%w} * 604800)) ;;
	*) echo "$d" ;;
	esac
}
# The owner of container $1, in the spec or (a new container) the rebuilt one.
owner_of() {
	jq -r --arg c "$1" '.containers[$c].owner // empty' "$spec" "$state/spec-rebuild.json" 2>/dev/null | head -n 1
}
stop_after() { secs "$(cfield "$1" idle.stopAfter)"; }
destroy_after() { secs "$(cfield "$1" idle.destroyAfter)"; }
bin() { echo "/etc/devbox/users/$1/bin/$2"; }
# devbox-cleanup of owner $1 with the clock at $2 (DEVBOX_NOW), more args after.
cleanup_at() {
	local u=$1 t=$2
	shift 2
	as "$u" env DEVBOX_NOW="$t" "$(bin "$u" devbox-cleanup)" "$@"
}
# devbox start|revive OWNER NAME once more: the scenarios start units more
# often than their StartLimitBurst= (a crash-loop guard) allows in an hour.
devbox_again() {
	uctl "$1" reset-failed "$3.service"
	login_devbox "$1" "$2" "$3" >/dev/null 2>&1
}
user_state() { echo "/home/$1/.local/state/devbox"; }
is_active() { uctl "$(owner_of "$1")" is-active "$1.service" 2>/dev/null; }
# wait_state C STATE SECONDS: until container C's unit is in STATE.
wait_state() {
	local c=$1 want=$2 n=$3
	for _ in $(seq "$n"); do
		[ "$(is_active "$c")" = "$want" ] && return 0
		sleep 1
	done
	return 1
}
# A checksum of everything devbox keeps for owner $1, and their units' states.
footprint() {
	local u=$1 c
	{
		find "$(user_state "$u")" -type f -exec sha256sum {} + 2>/dev/null | sort
		for c in $(containers_of "$u"); do echo "$c $(is_active "$c")"; done
		as "$u" podman volume ls -q
	} | sha256sum
}

# ---------------------------------------------------------------- 4. idle
# With an injected clock (DEVBOX_NOW), never the guest's: stop after
# stopAfter, destroy after destroyAfter, --dry-run changes nothing, revive.
scenario_idle() {
	local u c t0 s d o before home vol hv
	for u in $owners; do
		o=$(as "$u" systemctl --user list-timers --all --no-pager "devbox-cleanup-$u.timer" 2>&1)
		if grep -q "devbox-cleanup-$u.timer" <<<"$o"; then ok "idle: $u's cleanup timer in systemctl --user list-timers"; else
			fail "idle: $u's cleanup timer not in systemctl --user list-timers"
			printf '%s\n' "$o" | detail
		fi
		# The container that stops first, and stays clear of its destroyAfter.
		c="" s=0
		for x in $(containers_of "$u"); do
			[ "$(is_active "$x")" = active ] || continue
			sx=$(stop_after "$x") dx=$(destroy_after "$x")
			((sx > 0)) || continue
			((dx == 0 || dx > sx + 600)) || continue
			if ((s == 0 || sx < s)); then c=$x s=$sx; fi
		done
		[ -n "$c" ] || continue
		# The clock starts at the owner's last activity: a `devbox start` of the
		# running container records it now (the scenarios before this one, the
		# ways in among them, may have been minutes ago).
		devbox_again "$u" start "$c"
		wait_state "$c" active 30 || true
		t0=$(date +%s)
		cleanup_at "$u" "$t0" >/dev/null 2>&1
		before=$(footprint "$u")
		o=$(cleanup_at "$u" $((t0 + s + 60)) --dry-run 2>&1)
		if grep -q "would run: systemctl --user stop $c.service" <<<"$o" && [ "$(footprint "$u")" = "$before" ]; then
			ok "idle: --dry-run at stopAfter of $c says it would stop it and changes nothing"
		else
			fail "idle: --dry-run at stopAfter of $c"
			printf '%s\n' "$o" | detail
		fi
		cleanup_at "$u" $((t0 + s - 60)) >/dev/null 2>&1
		if [ "$(is_active "$c")" = active ]; then ok "idle: $c still runs 1 min before its stopAfter ($(cfield "$c" idle.stopAfter))"; else fail "idle: $c stopped before its stopAfter"; fi
		o=$(cleanup_at "$u" $((t0 + s + 60)) 2>&1)
		if [ "$(is_active "$c")" = inactive ] && [ -e "$(user_state "$u")/idle-stopped/$c" ]; then
			ok "idle: $c stopped 1 min after its stopAfter, remembered as stopped idle"
		else
			fail "idle: $c after its stopAfter: $(is_active "$c")"
			printf '%s\n' "$o" | detail
		fi
		as "$u" systemctl --user start "$c.service" >/dev/null 2>&1
		if [ "$(is_active "$c")" = inactive ]; then ok "idle: a plain systemctl start of idle-stopped $c is skipped (ExecCondition=)"; else fail "idle: idle-stopped $c started by systemctl start"; fi
		devbox_again "$u" start "$c"
		if wait_state "$c" active 30 && [ ! -e "$(user_state "$u")/idle-stopped/$c" ]; then ok "idle: devbox start brings idle-stopped $c back"; else fail "idle: devbox start of idle-stopped $c: $(is_active "$c")"; fi
	done

	# Destroy: every container with a destroyAfter, running, with a file in its home.
	for c in $(jq -r '.containers | to_entries[] | select(.value.idle.destroyAfter != null) | .key' "$spec"); do
		u=$(owner_of "$c") d=$(destroy_after "$c")
		[ "$(is_active "$c")" = active ] || { devbox_again "$u" start "$c"; wait_state "$c" active 30; }
		home=$(jq -r --arg i "$(cfield "$c" image)" '.images[$i].user.home' "$spec")
		as "$u" podman exec "devbox-$c" bash -c "echo e2e >$home/e2e-kept" ||
			fail "idle: could not write a file into $c's home"
		t0=$(date +%s)
		o=$(cleanup_at "$u" $((t0 + d + 60)) 2>&1)
		hv=devbox-$c-home
		[ "$(cfield "$c" resources.homeSize)" = null ] || hv+=-capped # a capped home's volume
		vol=$(as "$u" podman volume exists "$hv" && echo kept || echo removed)
		want=removed
		[ "$(cfield "$c" idle.keepVolume)" = true ] && want=kept
		if [ "$(is_active "$c")" = inactive ] && [ -e "$(user_state "$u")/destroyed/$c" ] && [ "$vol" = "$want" ]; then
			ok "idle: $c destroyed 1 min after its destroyAfter ($(cfield "$c" idle.destroyAfter)), home volume $vol"
		else
			fail "idle: $c after its destroyAfter: $(is_active "$c"), volume $vol (want $want)"
			printf '%s\n' "$o" | detail
		fi
		if [ "$(cfield "$c" tailscale.enable)" = true ]; then
			if grep -q "e2e-tailscale: logged out" <<<"$o"; then ok "idle: $c logged out of the tailnet when destroyed"; else
				fail "idle: no tailscale logout when $c was destroyed"
				printf '%s\n' "$o" | detail
			fi
		fi
		devbox_again "$u" revive "$c"
		if wait_state "$c" active 30; then
			k=$(as "$u" podman exec "devbox-$c" cat "$home/e2e-kept" 2>/dev/null)
			if { [ "$want" = kept ] && [ "$k" = e2e ]; } || { [ "$want" = removed ] && [ -z "$k" ]; }; then
				ok "idle: devbox revive brings destroyed $c back (home volume $vol)"
			else
				fail "idle: revived $c: home file '$k', volume should be $vol"
			fi
		else
			fail "idle: devbox revive of $c: $(is_active "$c")"
			unit_diag "$u" "$c.service"
		fi
	done
}

# ---------------------------------------------------------------- 5. key faults
scenario_key_faults() {
	local u c uid key stamp o n
	c=$(jq -r '[.containers | to_entries[] | select(.value.tailscale.enable and .value.autoStart) | .key] | first // empty' "$spec")
	[ -n "$c" ] || return 0
	u=$(owner_of "$c") uid=$(uid_of "$u")
	key=/run/devbox/keys/$u/ts-authkey stamp=/run/devbox/keys/$u.last-read
	forget_key() {
		rm -f "$key" "$stamp"
		as "$u" podman secret rm devbox-ts-authkey >/dev/null 2>&1
	}

	# op fails: the unit fails, the container cannot start, and it is driven
	# into its start limit (failed, no more restarts of its own).
	login_devbox "$u" stop "$c" >/dev/null 2>&1
	forget_key
	echo fail >/etc/devbox-e2e/op-mode
	systemctl restart "devbox-authkey-$u.service" >/dev/null 2>&1
	r=$(systemctl show -P Result "devbox-authkey-$u.service")
	if [ "$r" = exit-code ] && [ ! -e "$key" ]; then ok "key faults: op failing: devbox-authkey-$u fails, no key"; else fail "key faults: op failing: devbox-authkey-$u result $r"; fi
	uctl "$u" reset-failed "$c.service"
	for _ in 1 2 3 4 5 6; do uctl "$u" start "$c.service" >/dev/null 2>&1; done
	r=$(uctl "$u" show -P Result "$c.service") s=$(is_active "$c")
	if [ "$s" = failed ]; then ok "key faults: without a key $c failed ($r)"; else fail "key faults: without a key $c is $s ($r)"; fi

	# The key arrives late: the container comes up with no manual step.
	echo ok >/etc/devbox-e2e/op-mode
	rm -f "$stamp" # an hour later, for the rate limit
	systemctl restart "devbox-authkey-$u.service"
	if wait_state "$c" active 45; then ok "key faults: key arriving late: $c came up by itself"; else
		fail "key faults: key arriving late: $c is $(is_active "$c")"
		unit_diag "$u" "$c.service"
		unit_diag "$u" "devbox-key-$u.service"
	fi

	# op hangs: the unit times out; the owner's user manager and logins go on.
	forget_key
	echo hang >/etc/devbox-e2e/op-mode
	systemctl stop "user@$uid.service"
	systemctl restart --no-block "devbox-authkey-$u.service"
	sleep 2
	t=$SECONDS
	if timeout 30 systemctl start "user@$uid.service" && timeout 30 runuser -l "$u" -c true; then
		ok "key faults: op hanging: $u's user manager and a login start meanwhile ($((SECONDS - t)) s, authkey $(systemctl is-active "devbox-authkey-$u.service"))"
	else
		fail "key faults: op hanging holds back $u's user manager or logins"
	fi
	for _ in $(seq 90); do
		[ "$(systemctl is-active "devbox-authkey-$u.service")" = activating ] || break
		sleep 1
	done
	r=$(systemctl show -P Result "devbox-authkey-$u.service")
	if [ "$r" = timeout ]; then ok "key faults: op hanging: devbox-authkey-$u stopped by its start timeout"; else fail "key faults: op hanging: devbox-authkey-$u result $r"; fi
	echo ok >/etc/devbox-e2e/op-mode
	rm -f "$stamp"
	systemctl restart "devbox-authkey-$u.service"
	wait_state "$c" active 45 || fail "key faults: $c did not come back once the key was there"

	# Two containers importing at the same moment: serialised.
	n=0
	for _ in 1 2 3 4 5; do
		as "$u" podman secret rm devbox-ts-authkey >/dev/null 2>&1
		as "$u" "$(bin "$u" devbox-authkey)" import >/dev/null 2>"$state/import1" &
		p1=$!
		as "$u" "$(bin "$u" devbox-authkey)" import >/dev/null 2>"$state/import2" &
		p2=$!
		wait "$p1" || n=$((n + 1))
		wait "$p2" || n=$((n + 1))
	done
	if [ "$n" = 0 ] && as "$u" podman secret exists devbox-ts-authkey; then ok "key faults: two imports at the same moment, five times: all succeeded"; else
		fail "key faults: $n of 10 simultaneous imports failed"
		cat "$state/import1" "$state/import2" | detail
	fi
}

# ---------------------------------------------------------------- 6. uid drift
scenario_uid_drift() {
	local u uid o rc
	u=$(for x in $owners; do echo "$x"; done | head -n 1) uid=$(uid_of "$u")
	o=$(/var/lib/devbox-e2e/nixos-system-activation 2>&1)
	rc=$?
	if [ "$rc" = 0 ]; then ok "uid drift: the activation passes with the uids of users.nix"; else
		fail "uid drift: the activation fails with the right uids ($rc)"
		printf '%s\n' "$o" | detail
	fi
	sed "s/^$u:x:$uid:/$u:x:$((uid + 50)):/" /etc/passwd >"$state/passwd-drift"
	o=$(unshare -m sh -c "mount --bind $state/passwd-drift /etc/passwd && exec /var/lib/devbox-e2e/nixos-system-activation" 2>&1)
	rc=$?
	if [ "$rc" != 0 ] && grep -q "devbox: $u has uid $((uid + 50)) on this host, but users.nix gives $uid" <<<"$o"; then
		ok "uid drift: $u with uid $((uid + 50)) instead of $uid fails the activation loudly"
	else
		fail "uid drift: $u with another uid: activation exit $rc"
		printf '%s\n' "$o" | detail
	fi
}

# ---------------------------------------------------------------- 7. reboot
# Roles: one container stopped as idle, one destroyed, the rest come back.
reboot_setup() {
	local c u idle="" gone="" t
	for c in $(jq -r '.containers | to_entries[] | select(.value.autoStart) | .key' "$spec" | sort); do
		if [ -z "$idle" ] && (($(stop_after "$c") > 0)) && (($(destroy_after "$c") == 0 || $(destroy_after "$c") > $(stop_after "$c") + 600)); then
			idle=$c
		elif [ -z "$gone" ] && (($(destroy_after "$c") > 0)) && [ "$(owner_of "$c")" != "$(owner_of "${idle:-none}" 2>/dev/null)" ]; then
			gone=$c
		fi
	done
	for c in $(jq -r '.containers | to_entries[] | select(.value.autoStart) | .key' "$spec"); do
		u=$(owner_of "$c")
		[ "$(is_active "$c")" = active ] || devbox_again "$u" revive "$c"
		wait_state "$c" active 30
	done
	t=$(date +%s)
	[ -z "$idle" ] || cleanup_at "$(owner_of "$idle")" $((t + $(stop_after "$idle") + 60)) >/dev/null 2>&1
	[ -z "$gone" ] || cleanup_at "$(owner_of "$gone")" $((t + $(destroy_after "$gone") + 60)) >/dev/null 2>&1
	: >"$state/reboot-roles"
	for c in $(jq -r '.containers | to_entries[] | select(.value.autoStart) | .key' "$spec"); do
		u=$(owner_of "$c")
		case $c in
		"$idle") role=idle ;;
		"$gone") role=destroyed ;;
		*)
			role=back
			cleanup_at "$u" "$t" >/dev/null 2>&1
			;;
		esac
		printf '%s %s %s\n' "$c" "$role" "$(cat "$(user_state "$u")/activity/$c" 2>/dev/null)" >>"$state/reboot-roles"
	done
	sed 's/^/reboot set-up: /' "$state/reboot-roles" | detail
}

scenario_reboot() {
	local c role act u got
	sleep 5
	while read -r c role act; do
		u=$(owner_of "$c")
		case $role in
		back)
			if wait_state "$c" active 60; then ok "reboot: $c came back"; else
				fail "reboot: $c did not come back ($(is_active "$c"))"
				unit_diag "$u" "$c.service"
			fi
			# The idle clock counts user activity only: not the start at boot.
			cleanup_at "$u" "$(date +%s)" >/dev/null 2>&1
			got=$(cat "$(user_state "$u")/activity/$c" 2>/dev/null)
			if [ -n "$act" ] && [ "$got" = "$act" ]; then ok "reboot: $c's idle clock kept its last activity ($act) across the boot"; else fail "reboot: $c's last activity was $act before the reboot, $got after"; fi
			;;
		idle)
			sleep 2
			if [ "$(is_active "$c")" = inactive ] && [ -e "$(user_state "$u")/idle-stopped/$c" ]; then ok "reboot: $c, stopped as idle, stays stopped"; else fail "reboot: $c, stopped as idle, is $(is_active "$c")"; fi
			;;
		destroyed)
			if [ "$(is_active "$c")" = inactive ]; then ok "reboot: destroyed $c stays down"; else fail "reboot: destroyed $c is $(is_active "$c")"; fi
			;;
		esac
	done <"$state/reboot-roles"
}

# ---------------------------------------------------------------- 8. rebuild
# A `nixos-rebuild switch` to spec-rebuild.json, replayed in the order of
# switch-to-configuration: the new generation's files (installed from the
# host), system activation, systemd daemon-reload, each user manager
# re-executed and its nixos-activation.service started, then system units.
scenario_rebuild() {
	local new=$state/spec-rebuild.json c u o id
	[ -f "$new" ] || return 0
	declare -A before_id
	for c in $(jq -r '.containers | keys[]' "$spec"); do
		u=$(owner_of "$c")
		[ "$(is_active "$c")" = active ] || devbox_again "$u" revive "$c"
		wait_state "$c" active 30 || fail "rebuild: $c not running before the rebuild"
		before_id[$c]=$(as "$u" podman container inspect --format '{{.Id}}' "devbox-$c" 2>/dev/null)
	done
	touch "$state/rebuild.request"
	for _ in $(seq 120); do
		[ -e "$state/rebuild.installed" ] || [ -e "$state/rebuild.failed" ] && break
		sleep 1
	done
	if [ ! -e "$state/rebuild.installed" ]; then
		fail "rebuild: the new generation was not installed"
		return 0
	fi
	o=$(/var/lib/devbox-e2e/nixos-system-activation 2>&1) || {
		fail "rebuild: system activation"
		printf '%s\n' "$o" | detail
	}
	systemd-tmpfiles --create >/dev/null 2>&1
	systemctl daemon-reload
	for u in $owners; do
		uctl "$u" daemon-reexec
		if uctl "$u" start nixos-activation.service; then ok "rebuild: $u's nixos-activation.service ran"; else
			fail "rebuild: $u's nixos-activation.service failed"
			unit_diag "$u" nixos-activation.service
		fi
	done
	for unit in $(systemctl list-units --all --plain --no-legend 'devbox-*' | awk '{ print $1 }'); do
		[ "$(systemctl show -P LoadState "$unit")" = not-found ] && systemctl stop "$unit"
	done

	newc() { jq -r --arg c "$1" ".containers[\$c].$2" "$new"; }
	# New containers start.
	for c in $(jq -r --slurpfile old "$spec" '.containers | to_entries[] | select(.value.autoStart and ($old[0].containers[.key] == null)) | .key' "$new"); do
		u=$(newc "$c" owner)
		if wait_state "$c" active 60; then ok "rebuild: new $c started"; else
			fail "rebuild: new $c is $(is_active "$c")"
			unit_diag "$u" "$c.service"
		fi
	done
	# Changed ones restart (their unit or their image changed), the others keep running.
	for c in $(jq -r --slurpfile old "$spec" '.containers | to_entries[] | select($old[0].containers[.key] != null) | .key' "$new"); do
		u=$(newc "$c" owner)
		changed=$(jq -n --slurpfile a "$spec" --slurpfile b "$new" --arg c "$c" '
			($a[0].containers[$c]) as $x | ($b[0].containers[$c]) as $y |
			($x != $y) or ($a[0].images[$x.image] != $b[0].images[$y.image])')
		wait_state "$c" active 60
		id=$(as "$u" podman container inspect --format '{{.Id}}' "devbox-$c" 2>/dev/null)
		img=$(as "$u" podman container inspect --format '{{.Image}}' "devbox-$c" 2>/dev/null)
		ref=$(as "$u" podman image inspect --format '{{.Id}}' "localhost/devbox-$(newc "$c" image):$(jq -r --arg i "$(newc "$c" image)" '.images[$i].tag' "$new")" 2>/dev/null)
		if [ "$changed" = true ]; then
			if [ -n "$id" ] && [ "$id" != "${before_id[$c]}" ] && [ "$img" = "$ref" ]; then ok "rebuild: changed $c restarted, on the image now loaded"; else
				fail "rebuild: changed $c: $(is_active "$c"), restarted: $([ "$id" != "${before_id[$c]}" ] && echo yes || echo no), image current: $([ "$img" = "$ref" ] && echo yes || echo no)"
				unit_diag "$u" "$c.service"
			fi
		elif [ "$id" = "${before_id[$c]}" ]; then ok "rebuild: unchanged $c kept running"; else fail "rebuild: unchanged $c was restarted"; fi
	done
	# Removed ones stop and their unit is gone; an owner removed has nothing running.
	for c in $(jq -r --slurpfile new "$new" '.containers | to_entries[] | select($new[0].containers[.key] == null) | .key' "$spec"); do
		u=$(owner_of "$c")
		l=$(uctl "$u" show -P LoadState "$c.service") a=$(is_active "$c")
		if [ "$a" = inactive ] && [ "$l" = not-found ] && ! as "$u" podman container exists "devbox-$c"; then ok "rebuild: removed $c stopped, its unit gone"; else
			fail "rebuild: removed $c: $a, unit $l"
		fi
	done
	for u in $owners; do
		jq -e --arg u "$u" '[.containers[] | select(.owner == $u)] | length == 0' "$new" >/dev/null || continue
		o=$(as "$u" podman ps --format '{{.Names}}'; as "$u" podman images --format '{{.Repository}}' | grep '^localhost/devbox-')
		if [ -z "$o" ]; then ok "rebuild: offboarded $u has no container running and no devbox image left"; else
			fail "rebuild: offboarded $u still has"
			printf '%s\n' "$o" | detail
		fi
	done
	for u in $(jq -r '[.containers[].owner] | unique | .[]' "$new"); do
		o=$(as "$u" podman images --filter dangling=true --format '{{.Id}}')
		if [ -z "$o" ]; then ok "rebuild: $u has no stale image copy"; else
			fail "rebuild: $u keeps stale image copies"
			printf '%s\n' "$o" | detail
		fi
	done
}
