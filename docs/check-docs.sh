#!/bin/sh
# SPDX-License-Identifier: MIT
# Check docs/ against the code: man pages render without warnings, the programs in
# library-guide.md and libsign.3 compile and run against the built library, and the JSON
# schemas accept what `sigil --json` prints. Run from the top of the source tree after
# `make`:  sh docs/check-docs.sh [BUILD_DIR]
#
# Optional tools are used when present and reported as skipped otherwise: mandoc (lint),
# python3 with the jsonschema module (schema validation). Nothing in the build needs them.
set -u

B=${1:-build}
CC=${CC:-cc}
top=$(pwd)
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigil-docs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { printf 'ok   %s\n' "$1"; }
bad() { printf 'FAIL %s\n' "$1"; fail=1; }
skip() { printf 'skip %s\n' "$1"; }

if [ ! -x "$B/sigil" ] || [ ! -e "$B/libsign.so" ]; then
	echo "check-docs: build first ($B/sigil and $B/libsign.so are missing)" >&2
	exit 2
fi

# -- man pages ---------------------------------------------------------------------------
for page in docs/*.1 docs/*.3; do
	out=$(groff -man -Tutf8 -ww "$page" 2>&1 >/dev/null)
	if [ -n "$out" ]; then bad "groff $page: $out"; else ok "groff -ww $page"; fi
	if command -v mandoc >/dev/null 2>&1; then
		out=$(mandoc -Tlint -Wstyle "$page" 2>&1)
		if [ -n "$out" ]; then bad "mandoc $page: $out"; else ok "mandoc -Tlint $page"; fi
	fi
done
command -v mandoc >/dev/null 2>&1 || skip "mandoc -Tlint (mandoc not installed)"

# -- example programs --------------------------------------------------------------------
# Every ```c block of the guide that starts with "/* example: NAME.c" is a whole program.
awk -v dir="$tmp" '
	/^```c$/ { inblock = 1; name = ""; next }
	/^```$/ { if (name != "") close(dir "/" name); inblock = 0; name = ""; next }
	inblock && name == "" {
		if (match($0, /\/\* example: [a-z0-9_]+\.c/)) {
			name = substr($0, RSTART + 12, RLENGTH - 12)
		} else {
			inblock = 0
			next
		}
	}
	inblock && name != "" { print > (dir "/" name) }
' docs/library-guide.md
# The program in libsign.3's EXAMPLES section, from the rendered page.
MANWIDTH=200 man -l docs/libsign.3 2>/dev/null | col -bx | awk '
	/^ *#include <stdio.h>/ { p = 1 }
	p { sub(/^       /, ""); print }
	p && /return err == SGN_OK/ { q = 1; next }
	q && p { exit }
' > "$tmp/libsign3.c"

n=0
for src in "$tmp"/*.c; do
	name=$(basename "$src" .c)
	n=$((n + 1))
	if ! $CC -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Ilibsign/include \
		"$src" -L"$B" -lsign -Wl,-rpath,"$top/$B" -o "$tmp/$name" 2>"$tmp/$name.cc"; then
		bad "compile $name.c: $(cat "$tmp/$name.cc")"
		continue
	fi
	mkdir -p "$tmp/run-$name"
	if (cd "$tmp/run-$name" && "$tmp/$name" >"$tmp/$name.out" 2>&1); then
		ok "example $name.c"
	else
		bad "run $name.c: $(cat "$tmp/$name.out")"
	fi
done
[ "$n" -ge 10 ] || bad "expected at least 10 example programs, found $n"

# -- JSON schemas ------------------------------------------------------------------------
if command -v python3 >/dev/null 2>&1 && python3 -c 'import jsonschema' 2>/dev/null; then
	S="$top/$B/sigil"
	mkdir -p "$tmp/json" && cd "$tmp/json" || exit 2
	i=0
	run() { # KIND ARGS...: save stdout of `sigil ARGS` as a sample of KIND
		kind=$1
		shift
		i=$((i + 1))
		"$S" "$@" >"$kind.$i.json" 2>/dev/null
	}
	for a in RSASHA256 ECDSAP256SHA256 ECDSAP384SHA384 ED25519 ED448; do
		run keygen keygen --json -a "$a" -f KSK ex.test
		run keygen keygen --json -a "$a" -f zsk ex.test
	done
	run keygen keygen --json --revoked -f CSK -K . ex.test
	run ds ds --json ./*.key
	run ds ds --json --all --cds --cdnskey -d 1 -d 2 -d 4 --ttl 60 ./*.key
	run ds ds --format json ./Kex.test.+013+*.key
	printf 'ex.test. 3600 IN DNSKEY 256 3 13 %s\n' \
		"$(grep -h DNSKEY ./Kex.test.+013+*.key | head -1 | awk '{print $NF}')" >zsk.zone
	run ds ds --json zsk.zone
	run nsec3-hash nsec3-hash --json example.
	run nsec3-hash nsec3-hash --json -s AABBCCDD -i 12 example. a.example '*.W.example' .
	run nsec3-hash nsec3-hash --json ok. bad..name
	if python3 - "$top/docs/json" <<'EOF'; then ok "JSON schemas ($i samples)"; else bad "JSON schemas"; fi
import glob, json, sys
import jsonschema
bad = 0
for kind in ("keygen", "ds", "nsec3-hash"):
    schema = json.load(open(f"{sys.argv[1]}/{kind}.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    for f in sorted(glob.glob(f"{kind}.*.json")):
        try:
            doc = json.load(open(f))
        except ValueError as e:
            print(f"  {f}: not JSON: {e}")
            bad = 1
            continue
        for e in v.iter_errors(doc):
            print(f"  {f}: {e.message}")
            bad = 1
sys.exit(bad)
EOF
	cd "$top" || exit 2
else
	skip "JSON schemas (python3 with jsonschema not installed)"
fi

exit $fail
