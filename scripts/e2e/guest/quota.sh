# The capped homes (`resources.homeSize`) of the booted test, sourced by
# driver.sh (its helpers: as, uctl, ok, fail, detail, cfield, containers_of,
# bytes, is_active): for each capped container, the root unit
# devbox-home-quota-<owner>.service ran, the home's host directory carries the
# project id the module gives it with the limit the spec says, and inside the
# running container the image user writes below the cap, is refused past it
# with the project's usage at its limit, and the home works after. Needs /var/lib/devbox on
# XFS mounted with prjquota (or ext4 with project quotas): the qemu variant's
# guest disk (tests/specs/limits; docs/podman.md).
# shellcheck shell=bash disable=SC2154 # spec, owners: set by driver.sh

# The project id the module gives container $1 with the default base
# (devbox.homeProjectIdBase = 2^30): plus the first 32 bits of SHA-256 of the
# name, mod 2^30 (docs/podman.md).
quota_project_id() {
	local h
	h=$(printf '%s' "$1" | sha256sum)
	echo $(((1 << 30) + (16#${h:0:8} % (1 << 30))))
}

# The hard block limit, in KiB, of project $2 on the file system at $1 ($3: its
# type); with $4 = used, the KiB the project uses.
quota_report_kib() {
	local mnt=$1 id=$2 fs=$3 what=${4:-hard}
	if [ "$fs" = xfs ]; then
		# -N: no header; -n: ids, not names; -b: blocks (KiB): "#ID used soft hard warn grace".
		xfs_quota -x -c 'report -p -b -N -n' "$mnt" |
			awk -v id="#$id" -v f="$([ "$what" = used ] && echo 2 || echo 4)" '$1 == id { print $f }'
	else
		# "#ID -- used soft hard grace …"
		repquota -P -n "$mnt" |
			awk -v id="#$id" -v f="$([ "$what" = used ] && echo 3 || echo 5)" '$1 == id { print $f }'
	fi
}

scenario_home_quota() {
	local u c size unit dir fs mnt want_id got_id want_kib got_kib home mib o used avail
	jq -e '[.containers[] | .resources.homeSize // empty] | length > 0' "$spec" >/dev/null || return 0
	for u in $owners; do
		unit=devbox-home-quota-$u.service
		for c in $(containers_of "$u"); do
			size=$(cfield "$c" resources.homeSize)
			[ "$size" != null ] || continue
			o=$(systemctl is-active "$unit" 2>&1)
			if [ "$o" = active ]; then ok "home quota: $unit ran"; else
				fail "home quota: $unit is $o"
				journalctl -b -u "$unit" --no-pager 2>&1 | tail -n 15 | detail
				continue
			fi
			dir=/var/lib/devbox/.homes/$u/$c
			fs=$(stat -f -c %T "$dir" 2>&1)
			mnt=$(findmnt -n -o TARGET -T "$dir" 2>&1)
			want_id=$(quota_project_id "$c")
			if [ "$fs" = xfs ]; then
				got_id=$(xfs_io -c lsproj "$dir" 2>&1)
				got_id=${got_id#projid = }
			else
				got_id=$(lsattr -d -p "$dir" 2>&1 | awk '{ print $1 }')
			fi
			if [ "$got_id" = "$want_id" ]; then ok "home quota: $dir ($fs on $mnt) is in project $want_id"; else
				fail "home quota: $dir ($fs on $mnt) is in project '$got_id', want $want_id"
			fi
			want_kib=$(($(bytes "$size") / 1024))
			got_kib=$(quota_report_kib "$mnt" "$want_id" "$fs" 2>&1)
			if [ "$got_kib" = "$want_kib" ]; then ok "home quota: project $want_id has a hard limit of $size ($want_kib KiB)"; else
				fail "home quota: project $want_id's hard limit is '$got_kib' KiB, want $want_kib ($size)"
			fi
			o=$(stat -c '%U %a' "/var/lib/devbox/.homes/$u" 2>&1)/$(lsattr -d "/var/lib/devbox/.homes/$u" 2>&1 | cut -c5)
			if [ "$o" = "$u 700/i" ]; then ok "home quota: /var/lib/devbox/.homes/$u is open to $u alone, immutable"; else
				fail "home quota: /var/lib/devbox/.homes/$u is '$o', want '$u 700/i'"
			fi

			[ "$(is_active "$c")" = active ] || {
				fail "home quota: $c is not running: $(is_active "$c")"
				continue
			}
			home=$(jq -r --arg i "$(cfield "$c" image)" '.images[$i].user.home' "$spec")
			mib=$(($(bytes "$size") >> 20))
			# Below the cap: a quarter of it.
			o=$(as "$u" podman exec "devbox-$c" bash -c "dd if=/dev/zero of=$home/e2e-quota-below bs=1M count=$((mib / 4)) 2>&1 && sync && echo written" 2>&1)
			if [[ $o == *written ]]; then ok "home quota: $c's image user writes $((mib / 4))M of $size into the home"; else
				fail "home quota: $c: writing $((mib / 4))M below the cap failed"
				printf '%s\n' "$o" | detail
			fi
			# Past it: refused by the file system, with the project's usage at
			# its limit while the file system has room to spare (so the quota
			# refused it, not a full disk). ext4 says "Disk quota exceeded";
			# XFS reports a project's hard limit as "No space left on device"
			# (its project quota bounds a directory tree like a file system).
			o=$(as "$u" podman exec "devbox-$c" bash -c "dd if=/dev/zero of=$home/e2e-quota-past bs=1M count=$((mib + 16)) conv=fsync 2>&1; echo exit=\$?" 2>&1)
			used=$(quota_report_kib "$mnt" "$want_id" "$fs" used 2>&1)
			avail=$(df -k --output=avail "$mnt" | tail -n1 | tr -d ' ')
			if [[ ($o == *"Disk quota exceeded"* || $o == *"No space left on device"*) && $o != *exit=0 ]] &&
				[[ $used =~ ^[0-9]+$ ]] && ((used <= want_kib && used >= want_kib - 2048 && avail > 2 * want_kib)); then
				ok "home quota: $c: writing $((mib + 16))M stops at $size (${used} KiB used, ${avail} KiB free on $mnt): $(grep -oE 'Disk quota exceeded|No space left on device' <<<"$o" | head -n1)"
			else
				fail "home quota: $c: writing past the cap was not refused at the cap (${used} KiB used of $want_kib, ${avail} KiB free on $mnt)"
				printf '%s\n' "$o" | detail
			fi
			# The home works after: the files go, a new one is written and read back.
			o=$(as "$u" podman exec "devbox-$c" bash -c "rm -f $home/e2e-quota-below $home/e2e-quota-past && echo after >$home/e2e-quota-after && cat $home/e2e-quota-after && rm $home/e2e-quota-after" 2>&1)
			if [ "$o" = after ]; then ok "home quota: $c's home works after the refused write"; else
				fail "home quota: $c's home after the refused write: '$o'"
			fi
		done
	done
}
