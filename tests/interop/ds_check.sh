#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "ds_check": `sigil ds check`, the registrar's DS pipeline.
#
# 1. Every case of BIND's own dnssec-cds system test (bin/tests/system/cds in BIND 9: its
#    setup.sh and tests.sh; the facts and cases only, rebuilt here with dnssec-keygen,
#    dnssec-signzone and dnssec-dsfromkey), run through dnssec-cds and through
#    `sigil ds check --cds`: the verdict (accepted or not) and the DS set (or nsupdate
#    script) must be the same. Where dnssec-cds disagrees with a later document, the case
#    says so and checks sigil against that document instead: a CDS and CDNSKEY pair that
#    describe different keys is accepted by `dnssec-cds -D` (it prefers the CDNSKEY) but
#    must be refused (RFC 9975 section 3.1, published from
#    draft-ietf-dnsop-cds-consistency). Every accepted change is also written as EPP
#    (dsData and keyData) and validated against the RFC 5910 schema with xmllint. The
#    comparison table is printed at the end ("# table" lines).
# 2. Live (ds_check_live.sh, sourced): a test hierarchy served by NSD on 127.54.0.x with a
#    child zone for each case, checked with --live; accepted changes applied to the parent
#    and a validating Unbound still resolves the child securely; refused ones applied anyway
#    make Unbound fail (SERVFAIL).
# 3. Batch: a few hundred domains, in parallel, and an interrupted run resumed with
#    --resume gives the same output as an uninterrupted one.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
XSD=$top/docs/xml/secDNS-1.1.xsd
Z=cds.test
B=$WORK/bind
mkdir -p "$B"
cd "$B" || exit 1

# -- the fixtures of BIND's setup.sh, rebuilt: a ZSK and two KSKs, DS sets, CDS/CDNSKEY
# sets, zones signed with each combination, and mangled copies
ALG=ECDSAP256SHA256
ALGN=13
ALTN=8 # BIND's ALTERNATIVE_ALGORITHM_NUMBER (RSASHA256)
keyz=$(dnssec-keygen -q -a $ALG $Z)
key1=$(dnssec-keygen -q -a $ALG -f KSK $Z)
key2=$(dnssec-keygen -q -a $ALG -f KSK $Z)
idz=$(echo "$keyz" | sed 's/.*+//; s/^0*//')
id1=$(echo "$key1" | sed 's/.*+//; s/^0*//')
touch empty

convert()
{
	dnssec-dsfromkey -12 "$1" >DS.$2 2>/dev/null
	grep " $ALGN 1 " DS.$2 >DS.$2-1
	grep " $ALGN 2 " DS.$2 >DS.$2-2
	sed 's/ IN DS / IN CDS /' <DS.$2 >CDS.$2
	sed 's/ IN DS / IN CDS /' <DS.$2-1 >CDS.$2-1
	grep -v '^;' "$1.key" | sed 's/ IN DNSKEY / IN CDNSKEY /' >CDNSKEY.$2
	sed 's/ IN DS / 3600 IN DS /' <DS.$2 >DS.ttl$2
	sed 's/ IN DS / 7200 IN DS /' <DS.$2 >DS.ttlong$2
}
convert "$key1" 1
convert "$key2" 2
sort DS.1 DS.2 >DS.both
cp DS.1 DS.inplace
touch -d @$(($(date +%s) - 7200)) DS.inplace

# mangle RE: the 8 characters after the first match of RE become 00000000
mangle()
{
	sed -E "s/($1)......../\\100000000/"
}
mangle " IN DS $id1 $ALGN 1 " <DS.1 >DS.broke1
mangle " IN DS $id1 $ALGN 2 " <DS.1 >DS.broke2
mangle " IN DS $id1 $ALGN [12] " <DS.1 | mangle " IN DS $id1 $ALGN [12] " >DS.broke12
sed -E "s/( IN DS $id1 $ALGN 1 )......../\\100000000/; s/( IN DS $id1 $ALGN 2 )......../\\100000000/" <DS.1 >DS.broke12

sign()
{
	cat >db.$1
	dnssec-signzone -S -O full -o $Z -f sig.$1 db.$1 >/dev/null 2>&1 || echo "# signing $1 failed"
}
sign null <<EOF2
\$TTL 1h
@	SOA	localhost.	root.localhost. 1 1h 1h 1w 1h
	NS	localhost.
EOF2
cat sig.null CDS.1 >brk.unsigned-cds
cat db.null CDS.1 | sign cds.1
cat db.null CDS.2 | sign cds.2
cat db.null CDS.1 CDS.2 | sign cds.both
awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }' sig.cds.1 >sig.cds.rev1
cat db.null CDNSKEY.2 | sign cdnskey.2
cat db.null CDS.2 CDNSKEY.2 | sign cds.cdnskey.2
cat db.null CDS.1 CDNSKEY.2 | sign cds1.cdnskey2
cat db.null CDS.2-1 CDNSKEY.2 | sign cds.cdnskey.2.sha1
cat db.null CDS.2-1 | sign cds.2.sha1
mangle "[[:space:]]+IN[[:space:]]+RRSIG[[:space:]]+CDS .* $idz $Z\\. " <sig.cds.1 >brk.rrsig.cds.zsk
mangle "[[:space:]]+IN[[:space:]]+RRSIG[[:space:]]+CDS .* $id1 $Z\\. " <sig.cds.1 >brk.rrsig.cds.ksk
mangle " IN CDS $id1 $ALGN 1 " <db.cds.1 | sign cds-mangled
bad=$((id1 ^ 255))
sed "s/IN CDS $id1 $ALGN 1 /IN CDS $bad $ALGN 1 /" <db.cds.1 | sign bad-digests
sed "/IN CDS $id1 $ALGN /p;s//IN CDS $bad $ALTN /" <db.cds.1 | sign bad-algos
rm -f dsset-*
for f in brk.rrsig.cds.zsk brk.rrsig.cds.ksk; do
	cmp -s "$f" sig.cds.1 && echo "# mangling $f changed nothing"
done

# dsn: DS lines as "TTL owner tag alg digesttype DIGEST", sorted ("-" when no TTL)
dsn()
{
	awk '
		/^[ \t]*;/ { next }
		{
			for (i = 2; i <= NF; i++) if ($i == "DS") break
			if (i > NF) next
			ttl = "-"
			for (j = 1; j < i; j++) if ($j ~ /^[0-9]+$/) ttl = $j
			d = ""
			for (j = i + 4; j <= NF; j++) d = d $j
			printf "%s %s %s %s %s %s\n", ttl, tolower($(i - (($(i-1) == "IN") ? 2 : 1) - (($(i-2) ~ /^[0-9]+$/ && $(i-1) == "IN") ? 1 : 0))), $(i + 1), $(i + 2), $(i + 3), toupper(d)
		}' | LC_ALL=C sort
}
# upn: nsupdate lines as "add|del [TTL] tag alg digesttype DIGEST", sorted; TTLs only with
# WITHTTL=1 (dnssec-cds writes none unless it knows one; sigil always gives one, as
# nsupdate needs it to add)
upn()
{
	awk -v withttl="${WITHTTL:-0}" '
		$1 == "update" {
			op = ($2 ~ /^del/) ? "del" : "add"
			for (i = 3; i <= NF; i++) if ($i == "DS") break
			ttl = ($(i - 2) ~ /^[0-9]+$/) ? $(i - 2) : "-"
			d = ""
			for (j = i + 4; j <= NF; j++) d = d $j
			printf "%s %s%s %s %s %s\n", op, (withttl == 1 && op == "add") ? ttl " " : "", $(i + 1), $(i + 2), $(i + 3), toupper(d)
		}' | LC_ALL=C sort
}

TABLE=$WORK/table
printf '| case | dnssec-cds | sigil | same |\n|---|---|---|---|\n' >"$TABLE"
nepp=0

# bind_case NAME KIND EXPECT_AGREE -- DNSSEC-CDS-ARGS -- SIGIL-ARGS
#   KIND: zone (compare the DS sets) or nsupdate (compare the scripts) or ttl (DS sets with TTLs)
#   EXPECT_AGREE: same, or a document name where sigil follows it instead
bind_case()
{
	bc_name=$1 bc_kind=$2 bc_agree=$3
	shift 4
	bc_b=""
	while [ "$1" != -- ]; do
		bc_b="$bc_b $1"
		shift
	done
	shift
	newlog
	bc_log=$LOG
	# shellcheck disable=SC2086
	dnssec-cds $bc_b $Z >"$bc_log.bind" 2>"$bc_log.bind.err"
	bc_rb=$?
	bc_fmt=zone
	[ "$bc_kind" != nsupdate ] || bc_fmt=nsupdate
	"$SIGIL" ds check "$Z" --cds "$@" --format $bc_fmt >"$bc_log.sigil" 2>"$bc_log.sigil.err"
	bc_rs=$?
	"$SIGIL" ds check "$Z" --cds "$@" --json >"$bc_log.json" 2>/dev/null
	bc_why=$(sed -n 's/.*"code": "\([^"]*\)".*/\1/p' "$bc_log.json" | grep -v -e '^ds-digest-not-allowed$' | head -n 3 | tr '\n' ' ')
	bc_verdict=$(sed -n 's/^  "verdict": "\([^"]*\)".*/\1/p' "$bc_log.json")
	case $bc_kind in
	nsupdate)
		upn <"$bc_log.bind" >"$bc_log.bn"
		upn <"$bc_log.sigil" >"$bc_log.sn"
		;;
	ttl)
		dsn <"$bc_log.bind" >"$bc_log.bn"
		dsn <"$bc_log.sigil" >"$bc_log.sn"
		;;
	*)
		dsn <"$bc_log.bind" | cut -d' ' -f2- >"$bc_log.bn"
		dsn <"$bc_log.sigil" | cut -d' ' -f2- >"$bc_log.sn"
		;;
	esac
	bc_bv=$([ $bc_rb -eq 0 ] && echo "accepts ($(wc -l <"$bc_log.bn") DS)" || echo "refuses")
	bc_sv=$([ $bc_rs -eq 0 ] && echo "$bc_verdict ($(wc -l <"$bc_log.sn") DS)" || echo "$bc_verdict${bc_why:+: $bc_why}")
	[ $bc_rs -le 1 ] || bc_sv="error $bc_rs"
	if [ "$bc_agree" = same ]; then
		if [ $((bc_rb == 0)) -eq $((bc_rs == 0)) ] && { [ $bc_rb -ne 0 ] || cmp -s "$bc_log.bn" "$bc_log.sn"; }; then
			ok "dnssec-cds case '$bc_name': sigil agrees ($bc_sv)"
			printf '| %s | %s | %s | yes |\n' "$bc_name" "$bc_bv" "$bc_sv" >>"$TABLE"
		else
			not_ok "dnssec-cds case '$bc_name': sigil agrees (dnssec-cds exit $bc_rb, sigil exit $bc_rs)"
			diff -u --label dnssec-cds --label sigil "$bc_log.bn" "$bc_log.sn" | sed 's/^/#   /'
			diag "$bc_log.bind.err" "dnssec-cds stderr:"
			diag "$bc_log.sigil.err" "sigil stderr:"
			diag "$bc_log.json" "sigil --json:"
			printf '| %s | %s | %s | **no** |\n' "$bc_name" "$bc_bv" "$bc_sv" >>"$TABLE"
		fi
	else
		# dnssec-cds accepts; the later document says refuse: sigil must refuse
		if [ $bc_rb -eq 0 ] && [ $bc_rs -eq 1 ]; then
			ok "dnssec-cds case '$bc_name': dnssec-cds accepts, sigil refuses as $bc_agree requires ($bc_why)"
		else
			not_ok "dnssec-cds case '$bc_name': dnssec-cds accepts (exit $bc_rb), sigil refuses (exit $bc_rs) as $bc_agree requires"
			diag "$bc_log.json" "sigil --json:"
		fi
		printf '| %s | %s | %s | no: sigil follows %s |\n' "$bc_name" "$bc_bv" "$bc_sv" "$bc_agree" >>"$TABLE"
	fi
	# every accepted change also as EPP, dsData and keyData, valid against RFC 5910's schema
	if [ $bc_rs -eq 0 ] && [ "$bc_verdict" = accept ]; then
		for bc_k in "" --keydata; do
			"$SIGIL" ds check "$Z" --cds "$@" --format epp $bc_k >"$bc_log.epp" 2>&1
			if xmllint --noout --schema "$XSD" "$bc_log.epp" >"$bc_log.xmllint" 2>&1; then
				nepp=$((nepp + 1))
			else
				not_ok "dnssec-cds case '$bc_name': EPP ${bc_k:-dsData} output validates against secDNS-1.1"
				diag "$bc_log.xmllint"
				diag "$bc_log.epp"
			fi
		done
	fi
}

A12="-d SHA-1 -d SHA-256 --allow sha1"
OLD="--not-before now-2h"
mt() { stat -c %Y "$1"; }

echo "# BIND's dnssec-cds cases"
bind_case "need a DS file" zone same -- -f sig.cds.1 -- --zone sig.cds.1
bind_case "load a file (empty DS set)" zone same -- -f sig.cds.1 -d empty -- --zone sig.cds.1 --current-ds empty
bind_case "missing DNSKEY" zone same -- -f db.null -d DS.1 -- --zone db.null --current-ds DS.1
bind_case "sigs too old" zone same -- -f sig.null -d DS.1 -- --zone sig.null --current-ds DS.1 --not-before "$(mt DS.1)"
bind_case "old sigs are allowed" zone same -- -s -7200 -f sig.null -d DS.1 -- --zone sig.null --current-ds DS.1 $OLD
bind_case "no CDS/CDNSKEY records" zone same -- -s -7200 -f sig.null -d DS.1 -- --zone sig.null --current-ds DS.1 $OLD
bind_case "unsigned CDS" zone same -- -f brk.unsigned-cds -d DS.1 -- --zone brk.unsigned-cds --current-ds DS.1
bind_case "in-place reads modification time" zone same -- -a1 -a2 -f sig.cds.1 -d DS.inplace -- --zone sig.cds.1 --current-ds DS.inplace --not-before "$(mt DS.inplace)" $A12
bind_case "one mangled DS" zone same -- -a1 -a2 -s -7200 -f sig.cds.1 -d DS.broke1 -- --zone sig.cds.1 --current-ds DS.broke1 $OLD $A12
bind_case "other mangled DS" zone same -- -a1 -a2 -s -7200 -f sig.cds.1 -d DS.broke2 -- --zone sig.cds.1 --current-ds DS.broke2 $OLD $A12
bind_case "both mangled DS" zone same -- -a1 -a2 -s -7200 -f sig.cds.1 -d DS.broke12 -- --zone sig.cds.1 --current-ds DS.broke12 $OLD $A12
bind_case "mangle RRSIG CDS by ZSK" zone same -- -a1 -a2 -s -7200 -f brk.rrsig.cds.zsk -d DS.1 -- --zone brk.rrsig.cds.zsk --current-ds DS.1 $OLD $A12
bind_case "mangle RRSIG CDS by KSK" zone same -- -s -7200 -f brk.rrsig.cds.ksk -d DS.1 -- --zone brk.rrsig.cds.ksk --current-ds DS.1 $OLD
bind_case "mangle CDS 1" zone same -- -a1 -a2 -s -7200 -f sig.cds-mangled -d DS.1 -- --zone sig.cds-mangled --current-ds DS.1 $OLD $A12
bind_case "inconsistent digests" zone same -- -a1 -a2 -s -7200 -f sig.bad-digests -d DS.1 -- --zone sig.bad-digests --current-ds DS.1 $OLD $A12
bind_case "inconsistent algorithms" zone same -- -s -7200 -f sig.bad-algos -d DS.1 -- --zone sig.bad-algos --current-ds DS.1 $OLD
bind_case "add DS records" zone same -- -a1 -a2 -s -7200 -f sig.cds.both -d DS.1 -- --zone sig.cds.both --current-ds DS.1 $OLD $A12
bind_case "update add" nsupdate same -- -a1 -a2 -u -s -7200 -f sig.cds.both -d DS.1 -- --zone sig.cds.both --current-ds DS.1 $OLD $A12
bind_case "remove DS records" zone same -- -a1 -a2 -s -7200 -f sig.cds.2 -d DS.both -- --zone sig.cds.2 --current-ds DS.both $OLD $A12
bind_case "update del" nsupdate same -- -a1 -a2 -u -s -7200 -f sig.cds.2 -d DS.both -- --zone sig.cds.2 --current-ds DS.both $OLD $A12
bind_case "swap DS records" zone same -- -a1 -a2 -s -7200 -f sig.cds.2 -d DS.1 -- --zone sig.cds.2 --current-ds DS.1 $OLD $A12
bind_case "update swap" nsupdate same -- -a1 -a2 -u -s -7200 -f sig.cds.2 -d DS.1 -- --zone sig.cds.2 --current-ds DS.1 $OLD $A12
bind_case "TTL from -T" ttl same -- -a1 -a2 -T 3600 -s -7200 -f sig.cds.2 -d DS.1 -- --zone sig.cds.2 --current-ds DS.1 --ttl 3600 $OLD $A12
WITHTTL=1
bind_case "update TTL from -T" nsupdate same -- -a1 -a2 -u -T 3600 -s -7200 -f sig.cds.2 -d DS.1 -- --zone sig.cds.2 --current-ds DS.1 --ttl 3600 $OLD $A12
bind_case "update TTL from dsset" nsupdate same -- -a1 -a2 -u -s -7200 -f sig.cds.2 -d DS.ttl1 -- --zone sig.cds.2 --current-ds DS.ttl1 $OLD $A12
WITHTTL=0
bind_case "TTL from -T overrides dsset" ttl same -- -a1 -a2 -T 7200 -s -7200 -f sig.cds.2 -d DS.ttl1 -- --zone sig.cds.2 --current-ds DS.ttl1 --ttl 7200 $OLD $A12
bind_case "stable DS record order (changes)" zone same -- -a1 -a2 -s -7200 -f sig.cds.rev1 -d DS.2 -- --zone sig.cds.rev1 --current-ds DS.2 $OLD $A12
bind_case "CDNSKEY default algorithm" zone same -- -s -7200 -f sig.cdnskey.2 -d DS.1 -- --zone sig.cdnskey.2 --current-ds DS.1 $OLD
bind_case "CDNSKEY SHA1" zone same -- -a SHA1 -s -7200 -f sig.cdnskey.2 -d DS.1 -- --zone sig.cdnskey.2 --current-ds DS.1 $OLD -d SHA-1 --allow sha1
bind_case "CDNSKEY two algorithms" zone same -- -a SHA1 -a SHA256 -s -7200 -f sig.cdnskey.2 -d DS.1 -- --zone sig.cdnskey.2 --current-ds DS.1 $OLD $A12
bind_case "CDNSKEY two algorithms, reversed" zone same -- -a SHA256 -a SHA1 -s -7200 -f sig.cdnskey.2 -d DS.1 -- --zone sig.cdnskey.2 --current-ds DS.1 $OLD -d SHA-256 -d SHA-1 --allow sha1
bind_case "CDNSKEY and CDS" zone same -- -a1 -a2 -s -7200 -f sig.cds.cdnskey.2 -d DS.1 -- --zone sig.cds.cdnskey.2 --current-ds DS.1 $OLD $A12
bind_case "prefer CDNSKEY (CDS and CDNSKEY disagree)" zone RFC9975 -- -D -s -7200 -f sig.cds1.cdnskey2 -d DS.1 -- --zone sig.cds1.cdnskey2 --current-ds DS.1 $OLD
bind_case "CDS subset default (SHA-256)" zone same -- -s -7200 -f sig.cds.2 -d DS.1 -- --zone sig.cds.2 --current-ds DS.1 $OLD
bind_case "CDS subset replace SHA1 with SHA2" zone same -- -s -7200 -f sig.cds.cdnskey.2.sha1 -d DS.1 -- --zone sig.cds.cdnskey.2.sha1 --current-ds DS.1 $OLD
bind_case "CDS subset mismatch" zone same -- -s -7200 -f sig.cds.2.sha1 -d DS.1 -- --zone sig.cds.2.sha1 --current-ds DS.1 $OLD
bind_case "CDS algorithm unavailable, use CDNSKEY" zone same -- -a SHA256 -s -7200 -f sig.cds.cdnskey.2.sha1 -d DS.1 -- --zone sig.cds.cdnskey.2.sha1 --current-ds DS.1 $OLD -d SHA-256
if [ $nepp -gt 0 ]; then
	ok "EPP secDNS-1.1 output of every accepted case validates with xmllint ($nepp documents)"
else
	not_ok "EPP output was checked at all"
fi
# Not verdicts, so not compared: BIND's usage messages, the dsset-directory lookup, the
# in-place file rewrite (-i) and its mtime handling, and the -v3 inception log line.
sed 's/^/# table /' "$TABLE"

# -- batch: 150 checks of the cases above (zone file in the fourth column), in parallel, in
# input order; then a run stopped part way (with a torn last line) and resumed with --resume
echo "# batch"
: >batch.txt
for i in $(seq 1 50); do
	printf '%s DS.1 - sig.cds.2\n%s DS.1 - sig.null\n%s DS.broke12 - sig.cds.1\n' $Z $Z $Z >>batch.txt
done
BATCH="ds check --batch batch.txt --cds --zone-dir . --not-before now-2h"
# shellcheck disable=SC2086
"$SIGIL" $BATCH -j 4 >whole.jsonl 2>batch.err
b_rc=$?
b_lines=$(wc -l <whole.jsonl)
b_acc=$(grep -c '"verdict":"accept"' whole.jsonl)
b_ref=$(grep -c '"verdict":"refuse"' whole.jsonl)
b_order=$(awk -F'"verdict":"' '{ split($2, v, "\""); printf "%s ", v[1] }' whole.jsonl | cut -d' ' -f1-3)
if [ "$b_rc" -eq 1 ] && [ "$b_lines" -eq 150 ] && [ "$b_acc" -eq 50 ] && [ "$b_ref" -eq 50 ] &&
	[ "$b_order" = "accept no-change refuse" ]; then
	ok "batch: 150 domains with -j 4, one JSON line each in input order (50 accepted, 50 refused, exit 1)"
else
	not_ok "batch: 150 domains with -j 4 (exit $b_rc, $b_lines lines, $b_acc accepted, $b_ref refused, order '$b_order')"
	diag batch.err
fi
head -n 70 batch.txt >first.txt
# shellcheck disable=SC2086
"$SIGIL" ds check --batch first.txt --cds --zone-dir . --not-before now-2h --resume resumed.jsonl -j 3 >/dev/null 2>&1
head -c 100 "$(ls whole.jsonl)" | tr -d '\n' >>resumed.jsonl # a torn line, as a kill leaves it
# shellcheck disable=SC2086
"$SIGIL" $BATCH --resume resumed.jsonl -j 2 >/dev/null 2>&1
if cmp -s whole.jsonl resumed.jsonl; then
	ok "batch: a run stopped after 70 domains (torn last line) and resumed with --resume gives the same output"
else
	not_ok "batch: a run stopped after 70 domains and resumed with --resume gives the same output"
	diff whole.jsonl resumed.jsonl | head -n 5 | cut -c1-200 | sed 's/^/#   /'
fi
cd "$WORK" || exit 1

[ ! -f "$(dirname "$0")/ds_check_live.sh" ] || . "$(dirname "$0")/ds_check_live.sh"

finish
