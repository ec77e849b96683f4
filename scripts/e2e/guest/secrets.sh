# The owner-secrets scenario of the booted test, sourced by driver.sh (its
# helpers: as, uctl, ok, fail, detail, cfield, containers_of, uid_of,
# unit_diag, $spec, $owners): each secret of users.nix `devbox.secrets` is
# in the containers that declare it, in the declared form, and nowhere else:
# not in another container (of the owner or of another owner), not readable
# by another owner, not in `podman inspect`, not in the journal, not in the
# installed tree (store, /etc) or the units quadlet generated.
# The values are compared by sha256 inside the containers: a value never
# reaches a command line (podman's events log exec commands).
# shellcheck shell=bash disable=SC2154 # spec, owners: set by driver.sh

# The sha256 of every environment value and of every readable file under
# /run/secrets and the home of the container's processes (up to 64 KiB), one a
# line. Bash and coreutils only: the images have no find.
ctr_digests() {
	local u=$1 c=$2
	# shellcheck disable=SC2016 # expanded in the container
	as "$u" podman exec "devbox-$c" bash -c '
		while IFS= read -r -d "" kv; do printf "%s" "${kv#*=}" | sha256sum; done < <(env -0)
		shopt -s globstar dotglob nullglob
		for f in /run/secrets/** "$HOME"/**; do
			[[ -f $f && -r $f ]] || continue
			(($(stat -c %s -- "$f") <= 65536)) && sha256sum -- "$f"
		done' 2>/dev/null | cut -c1-64
}

scenario_secrets() {
	local u s c file digest value kind target want o n name ref
	local -a secrets=() all=()
	for u in $owners; do
		for s in $(jq -r --arg o "$u" '.users[$o].devbox.secrets // {} | keys[]' "$spec"); do
			secrets+=("$u/$s")
		done
		for c in $(containers_of "$u"); do all+=("$u/$c"); done
	done
	if ((${#secrets[@]} == 0)); then
		ok "secrets: the spec declares none"
		return 0
	fi
	# Every container runs for the checks (those that do not start at boot: now).
	started=()
	for c in "${all[@]}"; do
		if [ "$(uctl "${c%/*}" is-active "${c#*/}.service")" != active ]; then
			uctl "${c%/*}" reset-failed "${c#*/}.service" 2>/dev/null
			uctl "${c%/*}" start "${c#*/}.service"
			started+=("$c")
		fi
	done
	declare -A digests
	for c in "${all[@]}"; do
		digests[$c]=$(ctr_digests "${c%/*}" "${c#*/}")
		[ -n "${digests[$c]}" ] || fail "secrets: no digests from ${c#*/} (not running?)"
	done
	for entry in "${secrets[@]}"; do
		u=${entry%/*} s=${entry#*/}
		file=/run/devbox/keys/$u/secret-$s
		if [ ! -s "$file" ]; then
			fail "secrets: $u's $s: root left no $file"
			journalctl --no-pager -o cat -u "devbox-authkey-$u" | detail
			continue
		fi
		o=$(stat -c '%U %a' "$file")
		if [ "$o" = "$u 400" ]; then ok "secrets: $u's $s is in $file, $u's alone ($o)"; else fail "secrets: $file is '$o', want '$u 400'"; fi
		ref=$(jq -r --arg o "$u" --arg s "$s" '.users[$o].devbox.secrets[$s].reference' "$spec")
		n=$(journalctl -o cat --no-pager | grep -cF "e2e-op: op read --no-newline --out-file" | head -n1)
		if journalctl -o cat --no-pager | grep -F "e2e-op: op read --no-newline --out-file" | grep -F -- " $ref | uid=0 token=ok mode=ok" >/dev/null; then
			ok "secrets: root read $ref with the token (op read calls: $n)"
		else
			fail "secrets: no op read of $ref as root with the token"
			journalctl -o cat --no-pager | grep '^e2e-op:' | detail
		fi
		value=$(<"$file")
		name=devbox-secret-$s
		digest=$(printf '%s' "$value" | sha256sum | cut -c1-64)
		kind=$(jq -r --arg o "$u" --arg s "$s" '.users[$o].devbox.secrets[$s] | if .env then "env" elif .file then "file" else "podman" end' "$spec")
		for c in "${all[@]}"; do
			want=$(jq -r --arg o "$u" --arg s "$s" --arg c "${c#*/}" \
				'if (.users[$o].devbox.secrets[$s].containers | index($c)) != null then "yes" else "no" end' "$spec")
			[ "${c%/*}" = "$u" ] || want=no
			if [ "$want" = yes ]; then
				case $kind in
				env)
					target=$(jq -r --arg o "$u" --arg s "$s" '.users[$o].devbox.secrets[$s].env' "$spec")
					o=$(as "$u" podman exec "devbox-${c#*/}" printenv "$target" 2>&1 | tr -d '\n' | sha256sum | cut -c1-64)
					;;
				file)
					target=$(jq -r --arg o "$u" --arg s "$s" '.users[$o].devbox.secrets[$s].file.path' "$spec")
					o=$(as "$u" podman exec "devbox-${c#*/}" sha256sum "$target" 2>&1 | cut -c1-64)
					;;
				podman)
					target=/run/secrets/$s
					o=$(as "$u" podman exec "devbox-${c#*/}" sha256sum "$target" 2>&1 | cut -c1-64)
					;;
				esac
				if [ "$o" = "$digest" ]; then ok "secrets: $u's $s is in ${c#*/} as the $kind $target"; else
					fail "secrets: $u's $s is not in ${c#*/} as the $kind $target"
				fi
				# The scan that looks for it elsewhere finds it here: it is not blind.
				if grep -qx "$digest" <<<"${digests[$c]}"; then ok "secrets: the scan of ${c#*/} finds $u's $s there"; else
					fail "secrets: the scan of ${c#*/} misses $u's $s ($(wc -l <<<"${digests[$c]}") values scanned)"
				fi
				if [ "$kind" = file ]; then
					want=$(jq -r --arg o "$u" --arg s "$s" --arg c "${c#*/}" '
						.users[$o].devbox.secrets[$s].file as $f
						| (.images[.containers[$c].image].user.uid) as $iu
						| "\($f.owner // $iu):\($f.owner // $iu) \($f.mode | ltrimstr("0"))"' "$spec")
					o=$(as "$u" podman exec "devbox-${c#*/}" stat -c '%u:%g %a' "$target" 2>&1)
					if [ "$o" = "$want" ]; then ok "secrets: ${c#*/}: $target is $o as declared"; else fail "secrets: ${c#*/}: $target is '$o', want '$want'"; fi
				fi
			elif grep -qx "$digest" <<<"${digests[$c]}"; then
				fail "secrets: $u's $s is visible in ${c#*/} (${c%/*}'s), which does not declare it"
			else
				ok "secrets: $u's $s is nowhere in ${c#*/} (${c%/*}'s: environment, /run/secrets, home)"
			fi
			# podman inspect of every container, the env-delivered value included.
			n=$(as "${c%/*}" podman container inspect "devbox-${c#*/}" 2>&1 | grep -cF -- "$value")
			if [ "$n" = 0 ]; then ok "secrets: $u's $s not in podman inspect of ${c#*/}"; else
				fail "secrets: $u's $s in $n lines of podman inspect of ${c#*/}"
			fi
		done
		for o in $owners; do
			[ "$o" != "$u" ] || continue
			if as "$o" cat "$file" >/dev/null 2>&1; then fail "secrets: $o can read $u's $file"; else ok "secrets: $o cannot read $u's $s"; fi
			if as "$o" podman secret ls --format '{{.Name}}' 2>&1 | grep -qx -- "$name"; then
				fail "secrets: $o's podman has a secret $name"
			else
				ok "secrets: $o's podman has no secret of $u's $s"
			fi
		done
		n=$(journalctl -o export --no-pager | grep -caF -- "$value")
		if [ "$n" = 0 ]; then ok "secrets: $u's $s in no journal field"; else fail "secrets: $u's $s in $n journal lines"; fi
		o=$(grep -rlF -- "$value" /nix/store /etc /run/user/*/systemd/generator /var/lib/devbox-e2e 2>/dev/null | head -n 5)
		if [ -z "$o" ]; then ok "secrets: $u's $s in no file of the installed tree, /etc or the generated units"; else
			fail "secrets: $u's $s in installed files"
			printf '%s\n' "$o" | detail
		fi
	done
	for c in "${started[@]}"; do uctl "${c%/*}" stop "${c#*/}.service"; done
}
