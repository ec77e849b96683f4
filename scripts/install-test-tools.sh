#!/usr/bin/env bash
# Install the real consumers that devbox-gen's test suite checks its output with.
#
#   bash scripts/install-test-tools.sh        (as root, Debian 12 "bookworm")
#
# From Debian 12's own archive (via the system's apt configuration):
#   - nix-bin     nix-instantiate (Nix 2.8): parses/evaluates generated .nix files
#   - shellcheck  lints generated shell scripts
#   - systemd     systemd-analyze verify: generated and quadlet-produced units
#   - bash        bash -n
#   - python3     tomllib (3.11) parses generated TOML; runs pre-commit (below)
#   - git         the scratch repositories of the pre-commit test (any git on PATH will do)
#   - jq          runs in the GitHub Actions recipe's check step (docs/ci/github-actions.yml)
#   - dpkg, tar   unpack the podman .deb below
#   - debootstrap, systemd-container (systemd-nspawn), uidmap (newuidmap)
#                 the booted end-to-end test (scripts/e2e.sh, tests/booted.rs):
#                 debootstrap builds a Debian 13 root file system, nspawn boots it
#   - e2fsprogs, util-linux
#                 its qemu variant: mkfs.ext4 -d makes the guest's disk from that
#                 tree, debugfs reads the results back, unshare keeps qemu's
#                 binds private (qemu itself is the guest tree's own)
#
# From PyPI: pre-commit (pinned, PRE_COMMIT_VERSION below) in its own virtualenv under
# /opt/devbox-gen-test-tools, linked as /usr/local/bin/pre-commit: tests/suite/precommit.rs
# runs this repo's .pre-commit-hooks.yaml through it.
#
# From Debian 13 ("trixie"): podman 5.4's standalone `quadlet` binary, installed as
# /usr/local/bin/quadlet. Debian 12's podman (4.3) predates quadlet, and trixie's
# podman package cannot be installed on bookworm (needs libc6 >= 2.38), but the quadlet
# binary only links libc (GLIBC_2.34) and runs fine here.
# It is fetched with a *private* apt state: its own sources, lists, caches, dpkg status
# and preferences in a temporary directory, with the apt.conf hooks that would touch
# system state cleared. The system's apt sources, lists and caches are left untouched.
#
# Idempotent: every step is skipped when its tool is already present (quadlet only when
# `quadlet -version` reports 5.4.x). Exits non-zero unless every tool runs at the end.
set -euo pipefail

QUADLET_DEST=/usr/local/bin/quadlet
QUADLET_WANT_RE='^5\.4\.'
PRE_COMMIT_VERSION=4.7.0
PRE_COMMIT_VENV=/opt/devbox-gen-test-tools/pre-commit
PRE_COMMIT_DEST=/usr/local/bin/pre-commit

start=$SECONDS
log() { printf '[install-test-tools %3ds] %s\n' "$((SECONDS - start))" "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

# Only installing needs root: with every tool present, anyone can run this as a check.
need_root() {
	[ "$(id -u)" -eq 0 ] || die "must run as root to install $1"
	command -v apt-get >/dev/null || die "apt-get not found: this script targets Debian 12"
}

# The URI of the system's first enabled `deb` source for suite $1, from its apt
# configuration: deb822 `*.sources` files (`Types:`, `URIs:`, `Suites:`), then the
# one-line `sources.list` format. trixie is fetched from the mirror the machine
# already uses for its own release, so no host is named here.
apt_mirror() {
	local suite=$1 f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		awk -v suite="$suite" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && enabled != "no" && uri != "" &&
					(suites " ") ~ (" " suite " ")) {
					print uri
					found = 1
					exit
				}
				types = suites = uri = enabled = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^[ \t]*#/ { next }
			tolower($1) == "types:" { $1 = ""; types = $0 }
			tolower($1) == "suites:" { $1 = ""; suites = $0 }
			tolower($1) == "uris:" { uri = $2 }
			tolower($1) == "enabled:" { enabled = tolower($2) }
			END { if (!found) flush() }
		' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -e "$f" ] || continue
		awk -v suite="$suite" '
			$1 == "deb" {
				i = 2
				if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
				if ($(i + 1) == suite) { print $i; exit }
			}
		' "$f"
	done
}

export DEBIAN_FRONTEND=noninteractive
APT_QUIET=(-q -y -o Dpkg::Use-Pty=0)

# ---------------------------------------------------------------------------
# 1. Debian 12 packages
# ---------------------------------------------------------------------------
DEBIAN_PACKAGES=(nix-bin shellcheck systemd bash dpkg tar python3 git jq debootstrap systemd-container uidmap e2fsprogs util-linux)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
	installed=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	# python3 may come from elsewhere (pyenv); what matters is a python3 with tomllib.
	if [ "$pkg" = python3 ] && python3 -c 'import tomllib' >/dev/null 2>&1; then
		continue
	fi
	# Any git will do (pre-commit drives it); one built into /usr/local counts.
	if [ "$pkg" = git ] && command -v git >/dev/null; then
		continue
	fi
	if [ "$installed" != "install ok installed" ]; then
		missing+=("$pkg")
	fi
done

if [ ${#missing[@]} -gt 0 ]; then
	need_root "${missing[*]}"
	log "installing Debian 12 packages: ${missing[*]}"
	apt-get "${APT_QUIET[@]}" update
	apt-get "${APT_QUIET[@]}" install --no-install-recommends "${missing[@]}"
else
	log "Debian 12 packages already installed: ${DEBIAN_PACKAGES[*]}"
fi

# ---------------------------------------------------------------------------
# 2. quadlet from trixie's podman, with a private apt state
# ---------------------------------------------------------------------------
quadlet_version() {
	# `quadlet -version` prints e.g. "5.4.2"; anything else counts as not installed.
	local v
	v=$("$1" -version 2>/dev/null) || true
	v=${v%%$'\n'*}
	printf '%s' "${v//[[:space:]]/}"
}

have=""
if [ -x "$QUADLET_DEST" ]; then
	have=$(quadlet_version "$QUADLET_DEST")
fi
if [[ "$have" =~ $QUADLET_WANT_RE ]]; then
	log "quadlet $have already at $QUADLET_DEST"
else
	need_root quadlet
	log "fetching podman from Debian 13 (trixie) for its quadlet binary (have: '${have:-none}')"
	# The machine's release and its mirrors (TRIXIE_MIRROR / TRIXIE_SECURITY_MIRROR
	# override them).
	# shellcheck source=/dev/null
	release=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
	[ -n "$release" ] || die "no VERSION_CODENAME in /etc/os-release"
	TRIXIE_MIRROR=${TRIXIE_MIRROR:-$(apt_mirror "$release" | head -n 1)}
	TRIXIE_SECURITY_MIRROR=${TRIXIE_SECURITY_MIRROR:-$(apt_mirror "$release-security" | head -n 1)}
	[ -n "$TRIXIE_MIRROR" ] ||
		die "no deb source for $release in the apt configuration: set TRIXIE_MIRROR to a Debian mirror"
	log "Debian mirror from the apt configuration: $TRIXIE_MIRROR (security: ${TRIXIE_SECURITY_MIRROR:-none})"
	work=$(mktemp -d "${TMPDIR:-/tmp}/devbox-quadlet.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	# apt drops privileges to _apt for downloads: let it reach its partial dirs.
	chmod 0755 "$work"
	mkdir -p "$work/sources.list.d" "$work/preferences.d" "$work/lists/partial" \
		"$work/archives/partial" "$work/cache" "$work/extract"
	: >"$work/status"
	if id _apt >/dev/null 2>&1; then
		chown _apt:root "$work/lists/partial" "$work/archives" "$work/archives/partial"
	fi
	cat >"$work/sources.list.d/trixie.sources" <<EOF
Types: deb
URIs: $TRIXIE_MIRROR
Suites: trixie trixie-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	if [ -n "$TRIXIE_SECURITY_MIRROR" ]; then
		cat >>"$work/sources.list.d/trixie.sources" <<EOF

Types: deb
URIs: $TRIXIE_SECURITY_MIRROR
Suites: trixie-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	fi
	# Read after the system's apt.conf.d (network/proxy settings stay in force):
	# clear every hook that would act on system state (appstream/packagekit refresh on
	# update, docker-clean's rm of /var/cache/apt on dpkg runs) and skip indexes we
	# don't need (translations, DEP-11 metadata).
	cat >"$work/apt.conf" <<'EOF'
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
#clear DPkg::Pre-Invoke;
#clear DPkg::Post-Invoke;
#clear APT::Default-Release;
Acquire::Languages "none";
Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11-icons-large::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11-icons-large-hidpi::DefaultEnabled "false";
EOF
	PRIVATE_APT=(
		-c "$work/apt.conf"
		-o "Dir::Etc::sourcelist=/dev/null"
		-o "Dir::Etc::sourceparts=$work/sources.list.d"
		-o "Dir::Etc::preferences=$work/preferences"
		-o "Dir::Etc::preferencesparts=$work/preferences.d"
		-o "Dir::State::Lists=$work/lists"
		-o "Dir::State::status=$work/status"
		-o "Dir::State::extended_states=$work/extended_states"
		-o "Dir::Cache=$work/cache"
		-o "Dir::Cache::Archives=$work/archives"
		-o "Dir::Cache::pkgcache=$work/cache/pkgcache.bin"
		-o "Dir::Cache::srcpkgcache=$work/cache/srcpkgcache.bin"
	)
	apt-get "${APT_QUIET[@]}" "${PRIVATE_APT[@]}" update
	log "podman candidate in trixie: $(apt-cache "${PRIVATE_APT[@]}" policy podman | sed -n 's/^ *Candidate: //p')"
	# `apt-get download` writes into the current directory.
	(cd "$work/archives" && apt-get "${APT_QUIET[@]}" "${PRIVATE_APT[@]}" download podman)
	deb=$(find "$work/archives" -maxdepth 1 -name 'podman_*.deb' | head -n1)
	[ -n "$deb" ] || die "apt-get download podman produced no .deb"
	log "extracting usr/libexec/podman/quadlet from $(basename "$deb")"
	dpkg-deb -x "$deb" "$work/extract"
	[ -f "$work/extract/usr/libexec/podman/quadlet" ] || die "no usr/libexec/podman/quadlet in $deb"
	install -m 0755 "$work/extract/usr/libexec/podman/quadlet" "$QUADLET_DEST.new"
	mv -f "$QUADLET_DEST.new" "$QUADLET_DEST"
	rm -rf "$work"
	trap - EXIT
fi

# ---------------------------------------------------------------------------
# 3. pre-commit from PyPI, pinned, in a virtualenv of its own
# ---------------------------------------------------------------------------
pre_commit_version() {
	# `pre-commit --version` prints "pre-commit 4.7.0".
	local v
	v=$("$1" --version 2>/dev/null) || true
	printf '%s' "${v#pre-commit }"
}

have=""
if [ -x "$PRE_COMMIT_DEST" ]; then
	have=$(pre_commit_version "$PRE_COMMIT_DEST")
fi
if [ "$have" = "$PRE_COMMIT_VERSION" ]; then
	log "pre-commit $have already at $PRE_COMMIT_DEST"
else
	need_root pre-commit
	# Debian's python3 first (always there after step 1); any python3 otherwise.
	py=/usr/bin/python3
	[ -x "$py" ] || py=$(command -v python3)
	log "installing pre-commit $PRE_COMMIT_VERSION from PyPI into $PRE_COMMIT_VENV (have: '${have:-none}', python: $py)"
	rm -rf "$PRE_COMMIT_VENV"
	if ! "$py" -m venv "$PRE_COMMIT_VENV" >/dev/null 2>&1; then
		# Debian's python3 makes venvs with pip only when python3-venv is installed.
		log "python3 -m venv failed: installing python3-venv"
		rm -rf "$PRE_COMMIT_VENV"
		apt-get "${APT_QUIET[@]}" update
		apt-get "${APT_QUIET[@]}" install --no-install-recommends python3-venv
		"$py" -m venv "$PRE_COMMIT_VENV"
	fi
	"$PRE_COMMIT_VENV/bin/python" -m pip install -q --disable-pip-version-check \
		"pre-commit==$PRE_COMMIT_VERSION"
	ln -sfn "$PRE_COMMIT_VENV/bin/pre-commit" "$PRE_COMMIT_DEST"
fi

# ---------------------------------------------------------------------------
# 4. Verify that every tool runs
# ---------------------------------------------------------------------------
fail=0
check() {
	local name=$1
	shift
	local out
	if out=$("$@" 2>&1) && out=${out%%$'\n'*} && [ -n "$out" ]; then
		log "ok   $name: $out"
	else
		log "FAIL $name: '$*' did not run"
		fail=1
	fi
}
check nix-instantiate nix-instantiate --version
check shellcheck sh -c 'shellcheck --version | sed -n "s/^version: //p"'
check systemd-analyze systemd-analyze --version
check bash bash --version
check pre-commit sh -c "$PRE_COMMIT_DEST --version | grep -x 'pre-commit $PRE_COMMIT_VERSION'"
check git git --version
check jq jq --version
check debootstrap sh -c 'debootstrap --version'
check systemd-nspawn systemd-nspawn --version
check newuidmap sh -c 'command -v newuidmap'
check mkfs.ext4 sh -c 'mkfs.ext4 -V 2>&1 | head -n1'
check debugfs sh -c 'command -v debugfs'
check unshare sh -c 'unshare --version'
check python3-tomllib python3 -c 'import sys, tomllib; print(sys.version.split()[0], "tomllib ok")'
qv=$(quadlet_version "$(command -v quadlet || echo "$QUADLET_DEST")")
if [[ "$qv" =~ $QUADLET_WANT_RE ]]; then
	log "ok   quadlet: $qv ($(command -v quadlet || echo "$QUADLET_DEST: NOT ON PATH"))"
	command -v quadlet >/dev/null || fail=1
else
	log "FAIL quadlet: '-version' gave '${qv}', want 5.4.x"
	fail=1
fi
# Nix must work offline without a daemon: with `--store dummy://` even `--parse`
# and `--eval` need no daemon socket and no /nix.
if nix-instantiate --store dummy:// --eval --strict --json -E '{ a = 1 + 1; }' 2>/dev/null | grep -qx '{"a":2}'; then
	log "ok   nix-instantiate --store dummy:// evaluates"
else
	log "FAIL nix-instantiate --store dummy:// --eval does not work"
	fail=1
fi

log "done in $((SECONDS - start))s"
exit "$fail"
