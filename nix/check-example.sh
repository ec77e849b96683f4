#!/usr/bin/env bash
# The regeneration check of one example spec, for a repository that does not commit the
# generated tree (this one: the examples' trees are insta snapshots instead).
#
#   nix/check-example.sh SPEC_DIR WORK_DIR
#
# Uses `devbox-gen` from PATH, or the binary named by $DEVBOX_GEN. WORK_DIR must not
# exist or be empty. Run by the flake's `checks.<system>.example-<name>` and, with the
# freshly built binary, by tests/suite/flake.rs.
#
#  1. `devbox-gen check` accepts the spec;
#  2. `render` into an empty directory succeeds and leaves a manifest;
#  3. a second `render` writes and removes nothing;
#  4. `render --check` exits 0 and prints nothing;
#  5. a render into a second directory gives the same bytes (diff -r);
#  6. a generated file edited by hand makes `--check` exit 1 with a unified diff that
#     names it, and `render` puts it back.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 SPEC_DIR WORK_DIR" >&2
	exit 2
fi
spec=$1
work=$2
bin=${DEVBOX_GEN:-devbox-gen}
name=$(basename "$spec")

fail() {
	echo "check-example $name: FAIL: $*" >&2
	exit 1
}
step() { echo "check-example $name: $*"; }

mkdir -p "$work"
a="$work/a"
b="$work/b"

step "check"
"$bin" check "$spec" || fail "devbox-gen check $spec exited $?"

step "render"
first=$("$bin" render "$spec" --out "$a") || fail "render exited $?"
echo "  $first"
[ -f "$a/.devbox-gen.json" ] || fail "no manifest .devbox-gen.json after render"

step "render again: nothing to write"
second=$("$bin" render "$spec" --out "$a") || fail "second render exited $?"
echo "  $second"
case "$second" in
*": 0 written, "*", 0 removed") ;;
*) fail "second render was not a no-op: $second" ;;
esac

step "render --check: clean and quiet"
report=$("$bin" render "$spec" --out "$a" --check) || fail "--check on a fresh tree exited $?: $report"
[ -z "$report" ] || fail "--check printed on a fresh tree: $report"

step "render into a second directory: same bytes"
"$bin" render "$spec" --out "$b" >/dev/null || fail "render into $b exited $?"
diff -r "$a" "$b" || fail "two renders of the same spec differ"

step "a hand edit is stale, and render repairs it"
victim=$(cd "$a" && find . -type f ! -name .devbox-gen.json | LC_ALL=C sort | head -n 1)
victim=${victim#./}
[ -n "$victim" ] || fail "the rendered tree has no files"
echo "# edited by hand" >>"$a/$victim"
set +e
report=$("$bin" render "$spec" --out "$a" --check)
code=$?
set -e
[ "$code" -eq 1 ] || fail "--check after a hand edit exited $code, expected 1"
case "$report" in
*"--- a/$victim"*"+++ b/$victim"*) ;;
*) fail "--check did not print a diff of $victim: $report" ;;
esac
"$bin" render "$spec" --out "$a" >/dev/null || fail "render after the edit exited $?"
diff -r "$a" "$b" || fail "render did not restore $victim"

step "ok"
