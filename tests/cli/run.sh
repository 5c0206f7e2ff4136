#!/bin/sh
# SPDX-License-Identifier: MIT
# CLI golden tests (in the style of libsodium's .exp files and jq's tests).
#
# Each case is a directory tests/cli/<case>/ holding:
#   cmd              the arguments to sigil, one line, shell-quoted (empty: no arguments)
#   exit             the expected exit code
#   expected-stdout  optional: stdout must match it byte for byte
#   expected-stderr  optional: stderr must match it byte for byte
#   stdin            optional: fed to sigil on standard input (default /dev/null)
#   fixture          optional: names of directories under tests/cli/fixtures/, one a line,
#                    whose files (README* aside) are copied in before the case's own
#   filter           optional: a sed script applied to stdout and stderr before they are
#                    compared (and before UPDATE=1 saves them), to mask what varies between
#                    runs, such as the time a command took
#   check            optional: a POSIX sh script run after sigil, in the same directory,
#                    with SIGIL, STDOUT, STDERR (paths of the captured output), EXIT (the
#                    exit code), CASE (the case name), CASEDIR (the pristine case directory),
#                    FIXTUREDIRS (the fixture directories, space-separated) and CHECKLIB (tests/cli/checklib.sh, helpers to `. "$CHECKLIB"`) in the
#                    environment; it fails the case by exiting non-zero. For outputs that
#                    are random (keygen), it checks their shape instead of their bytes.
#   anything else    input files (keys, zones) that the command reads
#
# sigil runs in a fresh copy of the case directory (without the files above), so a case
# may write files. After every case, no temporary file (*.tmp*) may remain there.
#
# Usage: SIGIL=/abs/path/build/sigil sh tests/cli/run.sh [CASE...]
#        UPDATE=1 rewrites `exit` and the expected-* files that exist from the actual
#        results (review the diff before committing it).
set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SIGIL:-}" ]; then
	echo "cli-tests: set SIGIL to the sigil binary (an absolute path)" >&2
	exit 2
fi
case $SIGIL in
/*) ;;
*) SIGIL=$(pwd)/$SIGIL ;;
esac
if [ ! -x "$SIGIL" ]; then
	echo "cli-tests: '$SIGIL' is not an executable" >&2
	exit 2
fi
export SIGIL
# Stable output regardless of the caller's environment (SIGIL_ANCHOR would change the
# default trust anchor of chain and ds check --bootstrap).
LC_ALL=C
TZ=UTC
export LC_ALL TZ
unset SIGIL_ANCHOR

work=$(mktemp -d "${TMPDIR:-/tmp}/sigil-cli.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if [ $# -gt 0 ]; then
	cases=$*
else
	cases=$(cd "$here" && for d in */; do [ -f "$d/cmd" ] && printf '%s\n' "${d%/}"; done)
fi

pass=0
fail=0
failed=""
start=$(date +%s)

# run_case NAME: prints nothing on success, the reasons on failure; returns non-zero.
run_case()
{
	name=$1
	src=$here/$name
	if [ ! -f "$src/cmd" ] || [ ! -f "$src/exit" ]; then
		echo "  case '$name' needs at least 'cmd' and 'exit'"
		return 1
	fi
	dir=$work/$name
	out=$work/$name.out
	mkdir -p "$dir" "$out"
	# Copy the fixtures, then the inputs, keeping modes; leave the control files behind.
	fixdirs=""
	if [ -f "$src/fixture" ]; then
		for fx in $(cat "$src/fixture"); do
			if [ ! -d "$here/fixtures/$fx" ]; then
				echo "  no fixture '$fx' in tests/cli/fixtures"
				return 1
			fi
			fixdirs="$fixdirs $here/fixtures/$fx"
			(cd "$here/fixtures/$fx" && for f in *; do
				case $f in README*) ;; *) cp -Rp "$f" "$dir/" ;; esac
			done)
		done
	fi
	(cd "$src" && for f in * .[!.]*; do
		[ -e "$f" ] || continue
		case $f in
		cmd | exit | expected-stdout | expected-stderr | stdin | check | fixture | filter | README) ;;
		*) cp -Rp "$f" "$dir/" ;;
		esac
	done)
	args=$(cat "$src/cmd")
	input=/dev/null
	[ -f "$src/stdin" ] && input=$src/stdin
	(cd "$dir" && eval "set -- $args" && exec "$SIGIL" "$@") \
		<"$input" >"$out/stdout" 2>"$out/stderr"
	rc=$?
	if [ -f "$src/filter" ]; then
		for stream in stdout stderr; do
			sed -f "$src/filter" "$out/$stream" >"$out/$stream.filtered" &&
				mv "$out/$stream.filtered" "$out/$stream"
		done
	fi
	ok=0
	want=$(tr -d ' \t\n' <"$src/exit")
	if [ "${UPDATE:-}" = 1 ]; then
		echo "$rc" >"$src/exit"
		for stream in stdout stderr; do
			[ -f "$src/expected-$stream" ] && cp "$out/$stream" "$src/expected-$stream"
		done
		want=$rc
	fi
	if [ "$rc" != "$want" ]; then
		echo "  exit code $rc, expected $want"
		ok=1
	fi
	for stream in stdout stderr; do
		if [ -f "$src/expected-$stream" ] && ! cmp -s "$src/expected-$stream" "$out/$stream"; then
			echo "  $stream differs (--- expected, +++ actual):"
			diff -u "$src/expected-$stream" "$out/$stream" | sed 's/^/    /'
			ok=1
		fi
	done
	if [ "$ok" -ne 0 ]; then
		# Show what was not compared, too: it usually explains the failure.
		for stream in stdout stderr; do
			if [ ! -f "$src/expected-$stream" ] && [ -s "$out/$stream" ]; then
				echo "  $stream was:"
				sed 's/^/    /' "$out/$stream" | head -n 20
			fi
		done
	fi
	if [ -f "$src/check" ]; then
		if ! (cd "$dir" && STDOUT=$out/stdout STDERR=$out/stderr EXIT=$rc CASE=$name \
			CASEDIR=$src FIXTUREDIRS=$fixdirs CHECKLIB=$here/checklib.sh \
			sh "$src/check") >"$out/check" 2>&1; then
			echo "  check script failed:"
			sed 's/^/    /' "$out/check"
			ok=1
		fi
	fi
	leftovers=$(cd "$dir" && find . -name '*.tmp*' | LC_ALL=C sort)
	if [ -n "$leftovers" ]; then
		echo "  temporary files left behind:"
		printf '%s\n' "$leftovers" | sed 's/^/    /'
		ok=1
	fi
	return "$ok"
}

for c in $cases; do
	if report=$(run_case "$c"); then
		echo "ok - $c"
		pass=$((pass + 1))
	else
		echo "not ok - $c"
		printf '%s\n' "$report"
		fail=$((fail + 1))
		failed="$failed $c"
	fi
done

secs=$(($(date +%s) - start))
echo "cli-tests: $pass passed, $fail failed (${secs}s)"
if [ "$fail" -ne 0 ]; then
	echo "cli-tests: failed:$failed"
	exit 1
fi
exit 0
