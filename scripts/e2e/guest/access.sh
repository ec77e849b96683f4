# Scenario 4 of the booted test, sourced by driver.sh (its helpers: as, uctl,
# ok, fail, detail, cfield, containers_of, uid_of, unit_diag, $spec, $state,
# $owners): each documented way into a container.
# shellcheck shell=bash disable=SC2154 # state, owners, spec: set by driver.sh
# Each documented way into a container, from the container's network namespace
# (where tailscaled's userspace networking delivers every tailnet connection:
# to 127.0.0.1 on the same port).
keys=$state/keys
in_net() {
	local pid=$1
	shift
	nsenter -t "$pid" -n "$@"
}
ssh_opts=(-o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 -o LogLevel=ERROR)
ctr_pid() { as "$1" podman container inspect --format '{{.State.Pid}}' "devbox-$2" 2>/dev/null; }
for u in $owners; do
	for c in $(containers_of "$u"); do
		[ "$(cfield "$c" autoStart)" = true ] || continue
		ctr=devbox-$c
		pid=$(ctr_pid "$u" "$c")
		[[ $pid =~ ^[1-9][0-9]*$ ]] || continue
		login=$(jq -r --arg i "$(cfield "$c" image)" '.images[$i].user.name' "$spec")
		shell=$(jq -r --arg o "$u" '.users[$o].shell' "$spec")

		# OpenSSH in the container (tailscale.ssh = false): the owner's key, the owner's shell.
		if [ "$(cfield "$c" tailscale.enable)" = true ] && [ "$(cfield "$c" tailscale.ssh)" = false ]; then
			if [ ! -f "$keys/$u" ]; then
				fail "ssh: $c: no key of $u to log in with ($keys/$u)"
			else
				# shellcheck disable=SC2016 # expanded by the login shell in the container
				o=$(in_net "$pid" ssh "${ssh_opts[@]}" -i "$keys/$u" "$login@127.0.0.1" 'echo "$SHELL"; readlink /proc/$$/exe; :' 2>&1)
				if [ "$(sed -n 1p <<<"$o")" = "/bin/$shell" ] && [[ "$(sed -n 2p <<<"$o")" == */"$shell"* ]]; then
					ok "ssh: $u's key logs in to $c as $login, in $u's shell ($shell)"
				else
					fail "ssh: $u's key into $c: want a $shell login shell"
					printf '%s\n' "$o" | detail
					journalctl --no-pager -o cat _UID="$(uid_of "$u")" | grep -i sshd | tail -n 10 | detail
				fi
				if o=$(in_net "$pid" ssh "${ssh_opts[@]}" -i "$keys/stranger" "$login@127.0.0.1" true 2>&1); then
					fail "ssh: $c let in a key that is not $u's"
				elif grep -q 'Permission denied' <<<"$o"; then
					ok "ssh: $c refuses a key that is not $u's ($(tr -d '\r' <<<"$o" | tail -n1))"
				else
					fail "ssh: $c: another key failed, but not as refused"
					printf '%s\n' "$o" | detail
				fi
			fi
		fi

		# Syncthing: the folder in its config, the GUI through an SSH forward only.
		if [ "$(cfield "$c" syncthing.enable)" = true ]; then
			version=$(as "$u" podman exec "$ctr" syncthing --version 2>&1 | head -n1)
			# The CLI changed in 2.0: say which major version drove it.
			version="Syncthing $(sed -n 's/^syncthing v\([0-9]*\)\..*/\1/p' <<<"$version").x: $(cut -d' ' -f2 <<<"$version")"
			folder=$(cfield "$c" syncthing.folder)
			[ "$folder" != null ] || folder=$(jq -r --arg i "$(cfield "$c" image)" '.images[$i].user.home' "$spec")/sync
			cfg=""
			for _ in $(seq 60); do
				cfg=$(as "$u" podman exec "$ctr" cat /home/dev/.local/state/syncthing/config.xml 2>/dev/null)
				grep -q 'id="devbox-sync"' <<<"$cfg" && break
				sleep 1
			done
			if grep -qE "<folder id=\"devbox-sync\"[^>]* path=\"$folder/?\"" <<<"$cfg"; then
				ok "syncthing: $c has its folder $folder in Syncthing's config ($version; its CLI drove it)"
			else
				fail "syncthing: $c: folder devbox-sync ($folder) not in config.xml ($version)"
				grep -E '<folder |<gui ' <<<"$cfg" | detail
				journalctl --no-pager -o cat _UID="$(uid_of "$u")" | grep -iE 'syncthing' | tail -n 10 | detail
			fi
			# The Mac's ssh config forwards its local port 18384 to the GUI
			# (darwin/<host>/home.nix): the browser's Host is localhost:18384.
			code=000
			if [ -f "$keys/$u" ] && [ "$(cfield "$c" tailscale.ssh)" = false ]; then
				in_net "$pid" ssh "${ssh_opts[@]}" -i "$keys/$u" -N -L 18384:127.0.0.1:8384 "$login@127.0.0.1" &
				fwd=$!
				for _ in $(seq 30); do
					code=$(in_net "$pid" curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://localhost:18384/ 2>/dev/null)
					[ "$code" = 200 ] && break
					sleep 1
				done
				kill "$fwd" 2>/dev/null
				wait "$fwd" 2>/dev/null
				if [ "$code" = 200 ]; then ok "syncthing: $c's GUI answers 200 at http://localhost:18384 through ssh -L 18384:127.0.0.1:8384"; else fail "syncthing: $c's GUI through the SSH forward: HTTP $code"; fi
			fi
			host=$(cfield "$c" hostname).tailnet-e2e.ts.net
			code=$(in_net "$pid" curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: $host:8384" http://127.0.0.1:8384/ 2>/dev/null)
			if [ "$code" = 403 ]; then ok "syncthing: $c's GUI refuses the tailnet name as Host (403)"; else fail "syncthing: $c's GUI answered $code to Host $host:8384, want 403"; fi
			code=$(in_net "$pid" curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$(in_net "$pid" ip -4 -o addr show scope global | awk '{ sub("/.*", "", $4); print $4; exit }'):8384/" 2>/dev/null)
			if [ "$code" = 000 ]; then ok "syncthing: $c's GUI is not on the container's other addresses (refused)"; else fail "syncthing: $c's GUI answered $code on a non-loopback address"; fi
		fi

		# code-server: started at start, on loopback, without a password in its environment.
		if jq -e --arg i "$(cfield "$c" image)" '.images[$i].editors.codeServer' "$spec" >/dev/null; then
			calls=$(as "$u" podman exec "$ctr" cat /home/dev/.devbox-e2e/calls 2>&1)
			if grep -qx 'code-server --bind-addr 127.0.0.1:8080 --auth password --disable-telemetry --disable-update-check /home/dev \[PASSWORD=\]' <<<"$calls"; then
				ok "code-server: $c started it on 127.0.0.1:8080 with its own password"
			else
				fail "code-server: $c did not start it as documented"
				grep '^code-server' <<<"$calls" | detail
			fi
		fi

		# Health: a dead tailscaled makes the container unhealthy, podman kills
		# it, systemd restarts it (the Quadlet's HealthOnFailure=kill).
		if [ "$(cfield "$c" tailscale.enable)" = true ] && [ "$u/$c" = "$(jq -r '[.containers | to_entries[] | select(.value.tailscale.enable and .value.autoStart) | "\(.value.owner)/\(.key)"] | last' "$spec")" ]; then
			if ! o=$(as "$u" podman healthcheck run "$ctr" 2>&1); then
				fail "health: $c is not healthy with tailscaled running: $o"
				continue
			fi
			ok "health: $c is healthy while tailscaled runs"
			# Podman counts no failure within HealthStartPeriod= of a start.
			period=$(sed -n 's/^HealthStartPeriod=//p' "/etc/containers/systemd/users/$(uid_of "$u")/$c.container")
			started=$(date -d "$(as "$u" podman container inspect --format '{{.State.StartedAt}}' "$ctr" | cut -d. -f1)" +%s)
			wait_s=$((started + $(systemd-analyze timespan "$period" | sed -n 's/^ *μs: *//p') / 1000000 + 2 - $(date +%s)))
			((wait_s <= 0)) || sleep "$wait_s"
			before=$(uctl "$u" show -P NRestarts "$c.service")
			# shellcheck disable=SC2016 # expanded in the container
			as "$u" podman exec "$ctr" bash -c 'for p in /proc/[0-9]*; do case $(tr "\0" " " <"$p/cmdline" 2>/dev/null) in */tailscaled\ --*) kill "${p#/proc/}" ;; esac; done'
			runs=0
			while ((runs < 6)) && [ "$(ctr_pid "$u" "$c")" = "$pid" ]; do
				as "$u" podman healthcheck run "$ctr" >/dev/null 2>&1
				runs=$((runs + 1))
			done
			if [ "$(ctr_pid "$u" "$c")" != "$pid" ]; then ok "health: tailscaled killed: $c unhealthy after $runs checks, and killed"; else
				fail "health: $c still runs $runs checks after tailscaled died"
				as "$u" podman inspect --format '{{json .State.Health}}' "$ctr" 2>&1 | detail
			fi
			restarted=""
			for _ in $(seq 60); do
				n=$(uctl "$u" show -P NRestarts "$c.service")
				new=$(ctr_pid "$u" "$c")
				if [ "$n" -gt "$before" ] && [[ $new =~ ^[1-9][0-9]*$ ]] && [ "$new" != "$pid" ] && as "$u" podman healthcheck run "$ctr" >/dev/null 2>&1; then
					restarted=1
					break
				fi
				sleep 2
			done
			if [ -n "$restarted" ]; then ok "health: systemd restarted $c (NRestarts $before -> $n), healthy again"; else
				fail "health: $c was not restarted and healthy again (NRestarts $before -> $n)"
				unit_diag "$u" "$c.service"
			fi
		fi
	done
done

