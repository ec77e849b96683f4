# Scenario 9 of the booted test, sourced by driver.sh after lifecycle.sh (its
# helpers: as, uctl, ok, fail, detail, cfield, containers_of, cleanup_at,
# devbox_again, wait_state, is_active, owner_of, destroy_after): the
# containers' `mounts` and `devices` (docs/e2e.md). Runs for the specs that
# have them (tests/specs/storage).
# shellcheck shell=bash disable=SC2154 # spec, owners: set by driver.sh

# ex OWNER CONTAINER COMMAND: a shell command in the container, as its image user.
ex() { as "$1" podman exec "devbox-$2" bash -c "$3" 2>&1; }
# The targets of container $1's mounts of kind $2 (volume, hostPath, tmpfs).
mounts_of() { jq -r --arg c "$1" --arg k "$2" '.containers[$c].mounts[] | select(.[$k] != null) | .target' "$spec"; }
# The mount of container $1 on target $2, field $3.
mount_field() { jq -r --arg c "$1" --arg t "$2" --arg f "$3" '.containers[$c].mounts[] | select(.target == $t) | .[$f]' "$spec"; }

# A bash test run in the container: is $1 a mount point? (The volumes sit on
# one file system with the home, so `stat`'s device walk cannot tell.)
# shellcheck disable=SC2016 # expanded in the container
mounted='f() { while read -r _ _ _ _ mp _; do [ "$mp" = "$1" ] && { echo mounted; return; }; done </proc/self/mountinfo; echo "not a mount"; }; f'

scenario_storage() {
	local u c t v o shared a b first second podvol unit ds d step keep left have want x t0 fs blocks bsize
	jq -e '[.containers[] | .mounts + .devices] | add | length > 0' "$spec" >/dev/null || return 0
	for u in $owners; do
		for c in $(containers_of "$u"); do
			[ "$(is_active "$c")" = active ] || continue
			# Volumes: writable by the image user (the `.volume` unit's User=).
			for t in $(mounts_of "$c" volume); do
				v=$(mount_field "$c" "$t" volume)
				o=$(ex "$u" "$c" "echo $c >$t/e2e-from-$c && stat -c %u $t && $mounted $t")
				if [ "$o" = "$(image_uid "$c")"$'\n'"mounted" ]; then ok "storage: $c: volume $v mounted on $t, written by its image user"; else
					fail "storage: $c: volume $v on $t: '$o'"
					printf '%s\n' "$o" | detail
				fi
			done
			# Host directories: made by tmpfiles under the owner's root; read-only ones refuse writes.
			for t in $(mounts_of "$c" hostPath); do
				o=$(ex "$u" "$c" "$mounted $t")
				if [ "$o" = mounted ]; then ok "storage: $c: host directory $(mount_field "$c" "$t" hostPath) mounted on $t"; else fail "storage: $c: $t is not a mount: '$o'"; fi
				if [ "$(mount_field "$c" "$t" readOnly)" = true ]; then
					o=$(as "$u" podman exec --user 0 "devbox-$c" touch "$t/e2e-write" 2>&1)
					if grep -q 'Read-only file system' <<<"$o"; then ok "storage: $c: read-only $t refuses a write, even by the container's root"; else
						fail "storage: $c: write into read-only $t: '$o'"
					fi
				fi
			done
			# Tmpfs: a tmpfs of the size written.
			for t in $(mounts_of "$c" tmpfs); do
				o=$(ex "$u" "$c" "stat -f -c '%T %b %S' $t && touch $t/e2e && echo written")
				read -r fs blocks bsize _ <<<"$o"
				if [ "$fs" = tmpfs ] && [ $((blocks * bsize)) -eq "$(numfmt --from=iec "$(mount_field "$c" "$t" tmpfs)")" ] && grep -q written <<<"$o"; then
					ok "storage: $c: tmpfs on $t, $(mount_field "$c" "$t" tmpfs), writable by the image user"
				else
					fail "storage: $c: tmpfs on $t: '$o'"
				fi
			done
			# Devices: quadlet's ExecStart has --device, podman inspect the device, the container the node.
			for v in $(jq -r --arg c "$c" '.containers[$c].devices[]' "$spec"); do
				unit=/run/user/$(uid_of "$u")/systemd/generator/$c.service
				if grep -q -- "--device $v" "$unit"; then ok "storage: $c: quadlet's $c.service runs podman with --device $v"; else fail "storage: $c: no --device $v in $unit"; fi
				# Rootless podman binds the node in: HostConfig.Devices stays empty, the create command has it.
				o=$(as "$u" podman container inspect --format '{{.Config.CreateCommand}}' "devbox-$c" 2>&1)
				if grep -q -- "--device $v" <<<"$o"; then ok "storage: $c: podman inspect: created with --device $v"; else fail "storage: $c: podman inspect create command: '$o'"; fi
				o=$(ex "$u" "$c" "test -c $v && echo char")
				if [ "$o" = char ]; then ok "storage: $c: $v is a character device in the container"; else fail "storage: $c: $v in the container: '$o'"; fi
			done
		done
		if jq -e --arg o "$u" '[.containers[] | select(.owner == $o) | .mounts[] | select(.hostPath != null)] | length > 0' "$spec" >/dev/null; then
			o=$(stat -c '%U %a' "/var/lib/devbox/$u" 2>&1)
			if [ "$o" = "$u 700" ]; then ok "storage: tmpfiles made /var/lib/devbox/$u, $u's, mode 700"; else fail "storage: /var/lib/devbox/$u is '$o', want '$u 700'"; fi
		fi
		# A volume mounted by two containers of the owner is one volume: each sees the other's file.
		for v in $(jq -r '.volumes | keys[]' "$spec"); do
			shared=$(jq -r --arg o "$u" --arg v "$v" '.containers | to_entries[] | select(.value.owner == $o) | . as $e | .value.mounts[] | select(.volume == $v) | "\($e.key):\(.target)"' "$spec")
			[ "$(wc -l <<<"$shared")" -ge 2 ] || continue
			a=$(sed -n 1p <<<"$shared") b=$(sed -n 2p <<<"$shared")
			o=$(ex "$u" "${b%%:*}" "cat ${b#*:}/e2e-from-${a%%:*}")
			if [ "$o" = "${a%%:*}" ]; then ok "storage: volume $v is shared: ${b%%:*} reads what ${a%%:*} wrote"; else fail "storage: volume $v not shared: ${b%%:*} read '$o'"; fi
		done
		o=$(login_devbox "$u" list 2>&1)
		for c in $(containers_of "$u"); do
			want=devbox-$c-home
			[ "$(cfield "$c" resources.homeSize)" = null ] || want+=-capped # a capped home's volume
			for v in $(jq -r --arg c "$c" '[.containers[$c].mounts[] | .volume // empty] | unique[]' "$spec"); do want+=",devbox_$v"; done
			if grep -qE "^$c .* $want\$" <<<"$o"; then ok "storage: devbox list shows $c's volumes ($want)"; else
				fail "storage: devbox list does not show $c's volumes ($want)"
				printf '%s\n' "$o" | detail
			fi
		done
	done

	# Destroy as documented: a volume with keepOnDestroy stays; one without goes
	# with the last container that mounts it; revive brings the containers back
	# with the kept data.
	for u in $owners; do
		mapfile -t ds < <(for c in $(containers_of "$u"); do
			d=$(destroy_after "$c")
			((d > 0)) && [ "$(jq --arg c "$c" '.containers[$c].mounts | map(select(.volume != null)) | length' "$spec")" -gt 0 ] && echo "$d $c"
		done | sort -n)
		((${#ds[@]} >= 2)) || continue
		first=${ds[0]#* } second=${ds[1]#* }
		for c in "$first" "$second"; do [ "$(is_active "$c")" = active ] || { devbox_again "$u" start "$c"; wait_state "$c" active 30; }; done
		t0=$(date +%s)
		cleanup_at "$u" "$t0" >/dev/null 2>&1
		for step in "$first" "$second"; do
			o=$(cleanup_at "$u" $((t0 + $(destroy_after "$step") + 60)) 2>&1)
			if [ -e "$(user_state "$u")/destroyed/$step" ]; then ok "storage: $step destroyed after its destroyAfter"; else
				fail "storage: $step not destroyed"
				printf '%s\n' "$o" | detail
			fi
			for v in $(jq -r --arg c "$step" '[.containers[$c].mounts[] | .volume // empty] | unique[]' "$spec"); do
				podvol=devbox_$v
				keep=$(jq -r --arg v "$v" '.volumes[$v].keepOnDestroy' "$spec")
				# Still mounted by a container of the owner that is not destroyed?
				left=""
				for x in $(containers_of "$u"); do
					[ -e "$(user_state "$u")/destroyed/$x" ] && continue
					jq -e --arg c "$x" --arg v "$v" '.containers[$c].mounts | any(.volume == $v)' "$spec" >/dev/null && left=$x
				done
				want=removed
				if [ "$keep" = true ] || [ -n "$left" ]; then want=kept; fi
				have=$(as "$u" podman volume exists "$podvol" && echo kept || echo removed)
				if [ "$have" = "$want" ]; then
					ok "storage: destroy of $step: volume $v $have (keepOnDestroy = $keep${left:+, $left still mounts it})"
				else
					fail "storage: destroy of $step: volume $v $have, want $want"
					printf '%s\n' "$o" | detail
				fi
			done
		done
		for c in "$first" "$second"; do
			devbox_again "$u" revive "$c"
			if wait_state "$c" active 30; then ok "storage: devbox revive brings $c back"; else
				fail "storage: devbox revive of $c: $(is_active "$c")"
				unit_diag "$u" "$c.service"
			fi
		done
		for v in $(jq -r '.volumes | keys[]' "$spec"); do
			t=$(jq -r --arg c "$first" --arg v "$v" '.containers[$c].mounts[] | select(.volume == $v) | .target' "$spec")
			[ -n "$t" ] || continue
			o=$(ex "$u" "$first" "cat $t/e2e-from-$first 2>/dev/null || echo gone")
			if [ "$(jq -r --arg v "$v" '.volumes[$v].keepOnDestroy' "$spec")" = true ]; then want=$first; else want=gone; fi
			if [ "$o" = "$want" ]; then ok "storage: after revive, volume $v holds $([ "$want" = gone ] && echo 'nothing (made anew)' || echo 'the data written before')"; else
				fail "storage: after revive, $t/e2e-from-$first in $first: '$o', want '$want'"
			fi
		done
	done
}
