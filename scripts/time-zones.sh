#!/usr/bin/env bash
# Prints the time zone list embedded in devbox-gen (src/validate/data/time-zones.txt)
# from a tzdata installation: every TZif file under the zoneinfo directory, except
# the posix/ and right/ copies and the distribution's localtime/posixrules links.
# Usage: scripts/time-zones.sh [/usr/share/zoneinfo] > src/validate/data/time-zones.txt
# then update the version line and the README's tzdata version.
set -euo pipefail
dir=${1:-/usr/share/zoneinfo}
version=$(sed -n '1s/^# version //p' "$dir/tzdata.zi")
echo "# IANA time zone names: tzdata $version (every zone and backward link)."
echo "# Regenerate with scripts/time-zones.sh; posix/, right/, localtime and posixrules are distribution artifacts, left out."
cd "$dir"
find . -path ./posix -prune -o -path ./right -prune -o \( -type f -o -type l \) -print |
	sed 's|^\./||' |
	while read -r f; do
		case $f in localtime | posixrules) continue ;; esac
		if [[ $(head -c4 "$f" 2>/dev/null) == TZif ]]; then echo "$f"; fi
	done | LC_ALL=C sort
