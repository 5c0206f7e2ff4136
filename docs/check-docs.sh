#!/bin/sh
# SPDX-License-Identifier: MIT
# Check docs/ against the code: man pages render without warnings and document every option
# of their command, every public function has its doc block with the Errors and Ownership
# lines STYLE.md asks for, findings.md matches the finding table, the programs in
# library-guide.md and libsign.3 compile and run against the built library, and the JSON
# schemas accept what `sigil --json` prints. Run from the top of the source tree after `make`:
#   sh docs/check-docs.sh [BUILD_DIR]
#
# `make deps` installs what it uses: groff, mandoc (lint) and python3-jsonschema; a missing
# one is a failure, not a skip.
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
	out=$(mandoc -Tlint -Wstyle "$page" 2>&1)
	if [ -n "$out" ]; then bad "mandoc $page: $out"; else ok "mandoc -Tlint $page"; fi
	if command -v man >/dev/null 2>&1; then
		out=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
		if [ -n "$out" ]; then bad "man -l $page: $out"; else ok "man -l $page"; fi
	fi
done
command -v man >/dev/null 2>&1 || skip "man -l (man not installed)"

# Every command has its page, sigil.1 refers to it, and it names every option --help lists.
# (In man source a "-" is written "\-", so --no-zonemd is looked for as \-\-no\-zonemd.)
mandash() { echo "$1" | sed 's/-/\\-/g'; }
for cmd in $("$B/sigil" help | awk '/^commands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
	page=docs/sigil-$cmd.1
	if [ ! -f "$page" ]; then
		bad "no man page $page for 'sigil $cmd'"
		continue
	fi
	grep -qF ".BR sigil\\-$(mandash "$cmd") (1)" docs/sigil.1 || bad "sigil.1 does not refer to $page"
	missing=""
	for o in $("$B/sigil" "$cmd" --help | sed -n 's/^ *\(-., \)*--\([a-z0-9-]*\).*/\2/p'); do
		grep -qF -- "\\-\\-$(mandash "$o")" "$page" || missing="$missing --$o"
	done
	if [ -n "$missing" ]; then bad "$page lacks$missing"; else ok "$page documents every option"; fi
done

# -- architecture.md ---------------------------------------------------------------------
# The newcomer's map names files: every one of them must exist (a map that names files the
# tree does not have is worse than none).
missing=""
for f in $(grep -o '`[A-Za-z0-9_./]*\.[ch]`' docs/architecture.md | tr -d '`' | sort -u); do
	case $f in
	*/*) [ -e "libsign/src/$f" ] || [ -e "$f" ] || [ -e "libsign/$f" ] || missing="$missing $f" ;;
	*.h) [ -e "libsign/include/libsign/$f" ] || [ -n "$(find libsign/src cmd -name "$f")" ] || missing="$missing $f" ;;
	*) [ -n "$(find libsign/src cmd -name "$f")" ] || missing="$missing $f" ;;
	esac
done
if [ -z "$missing" ]; then ok "architecture.md names only files that exist"; else bad "architecture.md names missing files:$missing"; fi
for h in libsign/include/libsign/*.h; do
	grep -q "\`$(basename "$h")\`" docs/architecture.md || missing="$missing $h"
done
if [ -z "$missing" ]; then ok "architecture.md maps every public header"; else bad "architecture.md misses:$missing"; fi

# -- public headers ----------------------------------------------------------------------
# Every SGN_API function of libsign/include/libsign/ has a /** ... */ block right above it
# (one block may cover a run of declarations with no blank line between them, as for a
# group of getters). The block of a function returning sgn_err_t says "Errors:" or
# "@return"; that of a function that hands over or lends memory (a ** parameter, a pointer
# return, or a _new/_free/_take/_dup/_load/_read/_open name) says "Ownership:".
undoc=$(awk '
	FNR == 1 { indoc = 0; have = 0; doc = "" }
	indoc {
		doc = doc " " $0
		if ($0 ~ /\*\//) { indoc = 0; have = 1 }
		next
	}
	/^[ \t]*\/\*\*([^<]|$)/ {
		doc = $0
		have = 0
		if ($0 ~ /\*\//) { have = 1 } else { indoc = 1 }
		next
	}
	/^SGN_API/ {
		line = FNR
		decl = $0
		while (decl !~ /;/ && (getline more) > 0) { decl = decl " " more }
		n++
		head = decl
		sub(/\(.*/, "", head)
		name = head
		sub(/.*[ *]/, "", name)
		params = decl
		sub(/^[^(]*\(/, "", params)
		where = FILENAME ":" line ": " name
		if (!have) { print where ": no /** */ doc block"; next }
		if (head ~ /(^|[ \t])sgn_err_t[ \t]/ && doc !~ /Errors:/ && doc !~ /@return/) {
			print where ": returns sgn_err_t but its block has no Errors: or @return"
		}
		if ((params ~ /\*\*/ || head ~ /\*/ ||
		     name ~ /_(new|free|take|dup|load|read|open)(_|$)/) && doc !~ /Ownership:/) {
			print where ": hands over or lends memory but its block has no Ownership:"
		}
		next
	}
	{ have = 0 }
	END { if (n == 0) print "no SGN_API declaration found" }
' libsign/include/libsign/*.h)
if [ -z "$undoc" ]; then
	ok "public headers: every SGN_API function documented ($(grep -c '^SGN_API' libsign/include/libsign/*.h | awk -F: '{ n += $2 } END { print n }') functions)"
else
	bad "public headers: $undoc"
fi

# -- findings.md -------------------------------------------------------------------------
if sh docs/gen-findings.sh >"$tmp/findings.md" && cmp -s "$tmp/findings.md" docs/findings.md; then
	ok "findings.md matches libsign/src/validate/finding.c"
else
	bad "findings.md is out of date: sh docs/gen-findings.sh > docs/findings.md"
fi

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
	nothing() { # KIND ARGS...: `sigil ARGS` must exit with 1 and print nothing on stdout
		kind=$1
		shift
		out=$("$S" "$@" 2>/dev/null)
		rc=$?
		if [ "$rc" -ne 1 ] || [ -n "$out" ]; then
			bad "$kind: 'sigil $*' should exit 1 with nothing on stdout (got $rc)"
		fi
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
	run ds ds --json --all zsk.zone
	nothing ds ds --json zsk.zone
	nothing ds ds --format epp zsk.zone
	run nsec3-hash nsec3-hash --json example.
	run nsec3-hash nsec3-hash --json -s AABBCCDD -i 12 example. a.example '*.W.example' .
	run nsec3-hash nsec3-hash --json ok. bad..name

	# sign and verify: a zone with a delegation, glue, a wildcard and an empty non-terminal,
	# signed at a fixed time with a KSK and a ZSK made for it.
	at=20240115000000
	cat >z.zone <<'ZONE'
$ORIGIN z.test.
$TTL 3600
@ SOA ns hostmaster 1 7200 3600 1209600 300
@ NS ns
ns A 192.0.2.53
www A 192.0.2.80
* TXT "wildcard"
a.b.c AAAA 2001:db8::1
sub NS ns.sub
ns.sub A 192.0.2.99
ZONE
	mkdir -p zk
	"$S" keygen -K zk --at 20240101 -f KSK z.test >/dev/null 2>&1
	"$S" keygen -K zk --at 20240101 -f ZSK z.test >/dev/null 2>&1
	run sign sign --json -K zk --at $at -f z.nsec z.zone
	run sign sign --json -K zk --at $at --nsec3 --opt-out --zonemd --cds -f z.nsec3 z.zone
	run sign sign --json -K zk --at $at --serial keep -f z.again z.nsec3
	run sign sign --json -K zk --at 20240120000000 --previous z.nsec -f z.prev z.zone
	# update: applied with a journal, one refused, a difference on the NSEC3 zone, a dry run
	printf 'update add new.x 300 A 192.0.2.7\nupdate delete www A\nsend\nprereq nxdomain ns\nupdate add ns 60 TXT "x"\n' >z.changes
	run update update --json -K zk --at $at --journal z.jnl -f z.upd z.nsec z.changes
	printf 'update add upd 300 TXT "u"\n' >z.stdin
	run update update --json -K zk --at $at --dry-run z.nsec3 <z.stdin
	printf 'update delete ns A\n' >z.none
	run update update --json -K zk --at $at -f z.upd2 z.nsec z.none
	run verify verify --json --at $at z.nsec
	run verify verify --json --at $at z.nsec3
	run verify verify --json --at 20240126000000 z.nsec3
	run verify verify --json --strict --at 20240126000000 z.nsec3
	run verify verify --json --at 20240201000000 --max-errors 3 z.nsec
	run verify verify --json z.zone
	"$S" ds --all "$(grep -l 'zone-signing key' zk/Kz.test.+013+*.key)" >zsk.ds 2>/dev/null
	run verify verify --json --at $at --ds zsk.ds z.nsec
	awk 'BEGIN { d = 0 } $4 == "RRSIG" && $5 == "A" && !d {
		s = $NF; $NF = substr(s, 1, 10) (substr(s, 11, 1) == "A" ? "B" : "A") substr(s, 12); d = 1 }
		{ print }' OFS='\t' z.nsec3 >z.bad
	run verify verify --json --at $at z.bad
	printf 'z.test. 60 SOA ns.z.test. h.z.test. 1 2 3 4 5\nw.z.test. 60 CNAME z.test.\nw.z.test. 60 A 192.0.2.1\n' >cname.zone
	run verify verify --json cname.zone

	# chain: the real root zone of 2023-05-11 with the IANA anchors, and the zone above
	# with its own KSK as the anchor: secure, insecure, bogus, indeterminate.
	root=$top/testzones/root-zone-2023051100/root.zone
	anchor=$top/keys/root-anchors/root-anchors.xml
	for q in "com. DS" ". SOA" ". TXT" "nonexistent. A" "ae. A" "com. A"; do
		# shellcheck disable=SC2086 # the name and the type are two words
		run chain chain --json --anchor "$anchor" --at 20230515000000 --zone "$root" $q
	done
	run chain chain --json --anchor "$anchor" --at 20240515000000 --zone "$root" com. DS
	run chain chain --json --anchor "$anchor" --at 20230515000000 --max-work 1 --zone "$root" com. DS
	run chain chain --json --anchor "$anchor" --at 20230515000000 --zone z.nsec com. DS
	"$S" ds "$(grep -l 'key-signing key' zk/Kz.test.+013+*.key)" >z.anchor 2>/dev/null
	for q in "www.z.test A" "x.y.z.test TXT" "b.c.z.test A" "nope.sub.z.test A" "www.z.test MX"; do
		# shellcheck disable=SC2086
		run chain chain --json --anchor z.anchor --at $at --zone z.nsec3 $q
	done
	run chain chain --json --anchor z.anchor --at $at --zone z.bad ns.z.test A
	run chain chain --json --anchor "$anchor" --at 20230515000000 --zone "$root" com. DS ae. A
	run chain chain --json --anchor zsk.ds --at $at --zone z.nsec www.z.test A

	# ds check: the zone above with its KSK's DS (accept), its ZSK's (refuse), its CDS (none:
	# no change), and a batch line that cannot run
	ksk=$(grep -l 'key-signing key' zk/Kz.test.+013+*.key)
	"$S" ds "$ksk" >z.ksk.ds 2>/dev/null
	run ds-check ds check --json --at $at --ds z.ksk.ds --zone z.nsec z.test
	run ds-check ds check --json --at $at --ds zsk.ds --zone z.nsec z.test
	run ds-check ds check --json --at $at --cds --current-ds z.ksk.ds --zone z.nsec3 z.test
	printf 'z.test z.ksk.ds z.ksk.ds z.nsec\nz.test - missing.ds z.nsec\n' >batch.txt
	"$S" ds check --batch batch.txt --ds - --zone-dir . --at $at 2>/dev/null | while IFS= read -r l; do
		i=$((i + 1))
		printf '%s\n' "$l" >"ds-check.b$i.json"
	done

	# rollover: a KSK and a ZSK with lifetimes, every subcommand along a ZSK and a KSK roll;
	# an empty directory (going secure); a hand-made unsafe timeline.
	mkdir -p rk rk0
	"$S" keygen -K rk --at 20250101 -f KSK rz.test >/dev/null 2>&1
	"$S" keygen -K rk --at 20250101 -f ZSK rz.test >/dev/null 2>&1
	printf 'dnssec-policy "p" {\n\tkeys {\n\t\tksk lifetime P1Y algorithm 13;\n\t\tzsk lifetime 30d algorithm 13;\n\t};\n};\n' >rp.conf
	R="-K rk --policy rp.conf"
	# shellcheck disable=SC2086
	{
		run rollover-plan rollover plan --json $R --now 20250115 rz.test
		run rollover-plan rollover plan --json --check $R --now 20250115 rz.test
		run rollover-status rollover status --json $R --now 20250115 rz.test
		run rollover-simulate rollover simulate --json $R --now 20250115 rz.test
		run rollover-simulate rollover simulate --json --lenient --negative-ttl 2d $R --now 20250115 rz.test
		run rollover-step rollover step --json --dry-run $R --now 20250131 rz.test
		for t in 20250130 20250131 20250201 20250301 20251231 20260101; do
			run rollover-step rollover step --json $R --now $t rz.test
			run rollover-status rollover status --json $R --now $t rz.test
		done
		run rollover-step rollover step --json --ds-seen $R --now 20260101010000 rz.test
		run rollover-status rollover status --json $R --now 20260101010000 rz.test
		run rollover-plan rollover plan --json $R --now 20260101010000 rz.test
		run rollover-plan rollover plan --json -K rk0 --policy rp.conf --now 20250115 rz.test
		run rollover-status rollover status --json -K rk0 --policy rp.conf --now 20250115 rz.test
	}
	printf 'key k KSK 13\nkey z1 ZSK 13\nkey z2 ZSK 13\nalways + k dnskey krrsig ds\nalways + z1 dnskey zrrsig\n100 + z2 dnskey zrrsig\n101 - z1 dnskey zrrsig\n' >early.tl
	run rollover-simulate rollover simulate --json --timeline early.tl --policy rp.conf rz.test
	grep -q '"link": "data-signature"' "rollover-simulate.$i.json" ||
		bad "rollover simulate: the hand-made early timeline is not rejected"

	if python3 - "$top/docs/json" "$top/libsign/src/validate/finding.c" <<'EOF'; then ok "JSON schemas ($i samples)"; else bad "JSON schemas"; fi
import glob, json, pathlib, re, sys
import jsonschema

schemas = pathlib.Path(sys.argv[1]).resolve()


def validator(schema, uri):
    # "finding.schema.json" is resolved next to the schema that refers to it: through the
    # referencing registry on jsonschema 4.18 and later, through RefResolver before (Debian 12).
    schema = dict(schema, **{"$id": uri})
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
    except ImportError:
        store = {p.as_uri(): json.loads(p.read_text()) for p in schemas.glob("*.schema.json")}
        resolver = jsonschema.RefResolver(uri, schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver)

    def retrieve(ref):
        path = pathlib.Path(ref.removeprefix("file://"))
        return Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)

    return jsonschema.Draft202012Validator(schema, registry=Registry(retrieve=retrieve))


bad = 0
# The finding ids of the schema are those of the table.
table = re.findall(r'\[SGN_FIND_[A-Z0-9_]+\]\s*=\s*\{\s*"([a-z0-9-]+)"', open(sys.argv[2]).read())
codes = json.loads((schemas / "finding.schema.json").read_text())["$defs"]["code"]["enum"]
if codes != table:
    print(f"  finding.schema.json: the code enum is not the table's ids in order: {sorted(set(codes) ^ set(table))}")
    bad = 1
for kind in ("keygen", "ds", "nsec3-hash", "sign", "update", "verify", "chain", "ds-check",
             "rollover-plan", "rollover-status", "rollover-simulate", "rollover-step"):
    path = schemas / f"{kind}.schema.json"
    schema = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    v = validator(schema, path.as_uri())
    samples = sorted(glob.glob(f"{kind}.*.json"))
    if not samples:
        print(f"  {kind}: no samples")
        bad = 1
    for f in samples:
        try:
            doc = json.load(open(f))
        except ValueError as e:
            print(f"  {f}: not JSON: {e}")
            bad = 1
            continue
        for e in v.iter_errors(doc):
            print(f"  {f}: {e.json_path}: {e.message}")
            bad = 1
sys.exit(bad)
EOF
	cd "$top" || exit 2
else
	bad "JSON schemas: python3 with the jsonschema module is missing (make deps installs it)"
fi

exit $fail
