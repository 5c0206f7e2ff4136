#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "sigil_verify": `sigil verify` raises no false alarm and finds what the
# peers miss.
#   peers      the interop test zone (secure and insecure delegations, glue, wildcards,
#              an empty non-terminal, CNAMEs, escaped names) signed by dnssec-signzone,
#              ldns-signzone and kzonesign with each peer's own keys (dnssec-keygen,
#              ldns-keygen, keymgr), algorithms 8, 13 and 15 x NSEC, NSEC3, NSEC3
#              opt-out (and ldns-signzone with ZONEMD), on the interop test zone and, for
#              algorithm 13, on a generated zone: sigil verify exits 0 with no error
#              finding (warnings are listed)
#   fixtures   RFC 4035 App. A at 2004-04-20, RFC 5155 App. A at 2010-01-01, the 2023
#              root zone under the IANA root-anchors.xml, the 2017 root zone (and under
#              the KSK-2010 DS), each valid; the wrong anchor is refused; ldns' RFC 8976
#              ZONEMD zones: the A.x digests verify, the repeated ZONEMD is
#              zonemd-duplicate
#   2alg       a zone signed with ECDSAP256SHA256 and Ed25519 keys, one Ed25519 RRSIG
#              removed from one RRset: exit 1 with rrset-algorithm-missing at that owner;
#              what dnssec-verify, ldns-verify-zone and kzonecheck say is asserted
#              (ldns-verify-zone and kzonecheck accept the zone)
#   expired    a zone signed in 2020 with one day of validity, verified now: exit 1,
#              rrsig-expired and no other error, "earliest expiry: ... already expired";
#              dnssec-verify's message is asserted
#   With VERIFY_REPORT_DIR set, what the peers said is written to
#   $VERIFY_REPORT_DIR/verify.md (see tests/interop/verify_report.sh).
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
VZ=$here/verify_zone.py
TZONES=$top/testzones
ANCHORS=$top/keys/root-anchors
python_init

zone=example.test
zonefile=$ZONES/$zone.zone
report=${VERIFY_REPORT_DIR:+$VERIFY_REPORT_DIR/verify.md}
: "${report:=$WORK/verify.md}"
: >"$report"

for f in "$zonefile" "$VZ" "$TZONES/rfc4035-signed-zone-example/example.zone" \
	"$TZONES/rfc5155-nsec3-example-zone/example.zone" "$TZONES/root-zone-2023051100/root.zone" \
	"$TZONES/root-zone-2017082100/root.zone" "$ANCHORS/root-anchors.xml" "$ANCHORS/ksk2010.ds" \
	"$ANCHORS/root.key" "$TZONES/peer-suites/ldns-zonemd/A.1.Simple-EXAMPLE-Zone"; do
	if [ ! -r "$f" ]; then
		not_ok "sigil_verify: $f is readable"
		finish
		exit 1
	fi
done

# verify_clean DESC FILE [SIGIL-VERIFY-OPTIONS]: exit 0 and no error finding; the
# warnings are listed on a "#" line.
verify_clean()
{
	vc_desc=$1 vc_file=$2
	shift 2
	newlog
	"$SIGIL" verify --json --max-errors 0 "$@" "$vc_file" >"$LOG.json" 2>"$LOG"
	vc_rc=$?
	echo $vc_rc >>"$WORK/fixture.rc"
	vc_err=$($PY "$VZ" summary "$LOG.json" errors 2>/dev/null)
	vc_warn=$($PY "$VZ" summary "$LOG.json" by_code 2>/dev/null | tr -d "{}'")
	if [ $vc_rc -eq 0 ] && [ "$vc_err" = 0 ]; then
		ok "$vc_desc: sigil verify exits 0 with no error finding"
		[ -z "$vc_warn" ] || echo "#   warnings: $vc_warn"
		VC_OK=yes
	else
		VC_OK=no
		not_ok "$vc_desc: sigil verify exits 0 with no error finding"
		echo "#   exit $vc_rc; errors: ${vc_err:-?}; findings: $($PY "$VZ" findings "$LOG.json" 2>/dev/null)"
		diag "$LOG" "stderr:"
	fi
	VC_WARN=$vc_warn
}

# -- peers: each signer with its own keys -------------------------------------------------

now=$(date +%s)
inception=$(utc_time $((now - 3600)))
expiration=$(utc_time $((now + 30 * 86400)))

# knot_conf DIR DENIAL ZONE: a Knot configuration signing ZONE with keymgr's keys.
knot_conf()
{
	cat <<EOF
database:
    storage: "$1/db"
policy:
  - id: manual
    manual: on
    rrsig-lifetime: 30d
EOF
	case $2 in
	nsec3 | optout)
		echo "    nsec3: on"
		echo "    nsec3-iterations: 0"
		echo "    nsec3-salt-length: 0"
		[ "$2" = nsec3 ] || echo "    nsec3-opt-out: on"
		;;
	esac
	cat <<EOF
template:
  - id: default
    storage: "$1"
    file: "%s.zone"
    dnssec-signing: on
    dnssec-policy: manual
zone:
  - domain: $3.
EOF
}

echo "## Zones signed by the peers" >>"$report"
echo >>"$report"
echo "| zone | signer | algorithm | denial | sigil verify | warnings |" >>"$report"
echo "|---|---|---|---|---|---|" >>"$report"

# peer_row ZONE SIGNER ALG DENIAL: one line of the report about the last verify_clean.
peer_row()
{
	if [ "$VC_OK" = yes ]; then
		pr_v="exit 0, no error"
	else
		pr_v="**false alarm**: $($PY "$VZ" findings "$LOG.json" 2>/dev/null | cut -c 1-200)"
	fi
	echo "| $1 | $2 | $3 | $4 | $pr_v | ${VC_WARN:-none} |" >>"$report"
}

# sign_all N ALG ZONE ZONEFILE DIR: sign ZONEFILE with each peer's signer and keys, with
# NSEC, NSEC3 and NSEC3 opt-out, and verify each result.
sign_all()
{
	sa_n=$1 sa_alg=$2 sa_z=$3 sa_file=$4 d=$5
	mkdir -p "$d/bind" "$d/ldns" "$d/knot/db" "$d/knot/out"
	cp "$sa_file" "$d/knot/$sa_z.zone"

	# BIND: dnssec-keygen, then smart signing from the key directory.
	# shellcheck disable=SC2046
	if run dnssec-keygen -q -K "$d/bind" -a "$sa_alg" $(rsa_bits "$sa_n") -f KSK $sa_z &&
		run dnssec-keygen -q -K "$d/bind" -a "$sa_alg" $(rsa_bits "$sa_n") $sa_z; then
		for den in nsec nsec3 optout; do
			case $den in
			nsec) set -- ;;
			nsec3) set -- -3 - -H 0 ;;
			optout) set -- -3 - -H 0 -A ;;
			esac
			out=$d/bind.$den
			if run dnssec-signzone -q -S -K "$d/bind" -d "$d/bind" -o $sa_z -s "$inception" \
				-e "$expiration" "$@" -f "$out" "$sa_file"; then
				verify_clean "$sa_z dnssec-signzone $sa_n $den" "$out"
				peer_row $sa_z dnssec-signzone $sa_n $den
			else
				not_ok "$sa_z dnssec-signzone $sa_n $den: the peer signs the zone"
				diag "$LOG"
			fi
		done
	else
		not_ok "$sa_z dnssec-keygen $sa_n: makes a KSK and a ZSK"
		diag "$LOG"
	fi

	# ldns: ldns-keygen prints the basenames, ldns-signzone takes them.
	# shellcheck disable=SC2046
	if (cd "$d/ldns" && ldns-keygen -a "$sa_alg" $(rsa_bits "$sa_n") -k $sa_z >ksk 2>&1 &&
		ldns-keygen -a "$sa_alg" $(rsa_bits "$sa_n") $sa_z >zsk 2>&1); then
		ksk=$d/ldns/$(cat "$d/ldns/ksk")
		zsk=$d/ldns/$(cat "$d/ldns/zsk")
		for den in nsec nsec3 optout; do
			case $den in
			nsec) set -- ;;
			nsec3) set -- -n -t 0 ;;
			optout) set -- -n -t 0 -p ;;
			esac
			out=$d/ldns.$den
			if run ldns-signzone "$@" -i "$inception" -e "$expiration" -f "$out" "$sa_file" \
				"$ksk" "$zsk"; then
				verify_clean "$sa_z ldns-signzone $sa_n $den" "$out"
				peer_row $sa_z ldns-signzone $sa_n $den
			else
				not_ok "$sa_z ldns-signzone $sa_n $den: the peer signs the zone"
				diag "$LOG"
			fi
		done
		# with ZONEMD records (RFC 8976: SHA-384 and SHA-512), signed like the rest
		out=$d/ldns.zonemd
		if run ldns-signzone -z 1:1 -z 1:2 -i "$inception" -e "$expiration" -f "$out" "$sa_file" \
			"$ksk" "$zsk"; then
			verify_clean "$sa_z ldns-signzone $sa_n nsec+zonemd" "$out"
			peer_row $sa_z ldns-signzone $sa_n "nsec, ZONEMD SHA-384 + SHA-512"
		else
			not_ok "$sa_z ldns-signzone $sa_n nsec+zonemd: the peer signs the zone"
			diag "$LOG"
		fi
	else
		not_ok "$sa_z ldns-keygen $sa_n: makes a KSK and a ZSK"
		diag "$d/ldns/ksk"
		diag "$d/ldns/zsk"
	fi

	# Knot: keymgr generates the keys into the KASP database; kzonesign signs.
	knot_conf "$d/knot" nsec $sa_z >"$d/knot/knot.conf"
	ka=$(echo "$sa_alg" | tr 'A-Z' 'a-z')
	size=""
	[ "$sa_n" != 8 ] || size="size=2048"
	# shellcheck disable=SC2086
	if run keymgr -c "$d/knot/knot.conf" $sa_z. generate algorithm=$ka ksk=yes zsk=no $size &&
		run keymgr -c "$d/knot/knot.conf" $sa_z. generate algorithm=$ka ksk=no zsk=yes $size; then
		for den in nsec nsec3 optout; do
			knot_conf "$d/knot" $den $sa_z >"$d/knot/knot.conf"
			rm -f "$d/knot/out/$sa_z.zone"
			out=$d/knot.$den
			if run kzonesign -c "$d/knot/knot.conf" -o "$d/knot/out" $sa_z. &&
				cp "$d/knot/out/$sa_z.zone" "$out"; then
				verify_clean "$sa_z kzonesign $sa_n $den" "$out"
				peer_row $sa_z kzonesign $sa_n $den
			else
				not_ok "$sa_z kzonesign $sa_n $den: the peer signs the zone"
				diag "$LOG"
			fi
		done
	else
		not_ok "$sa_z keymgr $sa_n: generates a KSK and a ZSK"
		diag "$LOG"
	fi
}

for spec in 8:RSASHA256 13:ECDSAP256SHA256 15:ED25519; do
	sign_all "${spec%%:*}" "${spec#*:}" $zone "$zonefile" "$WORK/${spec#*:}"
done
# A bigger zone with more of everything (tests/interop/gensignzone.awk: delegations of
# every kind, glue, DS, wildcards, empty non-terminals four deep, CNAMEs, a DNAME, odd
# TXT, escaped names, an unknown type), without data below its DNAMEs: kzonesign signs
# such data as if it were authoritative, BIND and ldns leave it out (RFC 6672 section
# 2.3: no data may exist below a DNAME), so it is no test of a verifier.
if [ -r "$here/gensignzone.awk" ] &&
	awk -v N=4 -v ORIGIN=gen.test. -v DNAMEOCC=0 -f "$here/gensignzone.awk" >"$WORK/gen.zone"; then
	sign_all 13 ECDSAP256SHA256 gen.test "$WORK/gen.zone" "$WORK/gen"
else
	not_ok "sigil_verify: tests/interop/gensignzone.awk makes the generated zone"
fi

# -- fixtures -----------------------------------------------------------------------------

{
	echo
	echo "## Fixtures"
	echo
	echo "| zone | options | sigil verify | expected |"
	echo "|---|---|---|---|"
} >>"$report"

# fixture_row ZONE OPTIONS EXPECTED: one line of the report about the last check.
fixture_row()
{
	fr_json=$LOG.json
	fr_rc=$(tail -n 1 "$WORK/fixture.rc" 2>/dev/null)
	fr_w=$($PY "$VZ" summary "$fr_json" by_code 2>/dev/null | tr -d "{}'")
	echo "| $1 | \`$2\` | exit $fr_rc; $($PY "$VZ" summary "$fr_json" errors 2>/dev/null) errors; findings by code: ${fr_w:-none} | $3 |" >>"$report"
}

# verify_expect DESC FILE CODE OWNER [SIGIL-VERIFY-OPTIONS]: exit 1 with CODE at OWNER.
verify_expect()
{
	ve_desc=$1 ve_file=$2 ve_code=$3 ve_owner=$4
	shift 4
	newlog
	"$SIGIL" verify --json --max-errors 0 "$@" "$ve_file" >"$LOG.json" 2>"$LOG"
	ve_rc=$?
	echo $ve_rc >>"$WORK/fixture.rc"
	if VE_FOUND=$($PY "$VZ" has "$LOG.json" "$ve_code" "$ve_owner") && [ $ve_rc -eq 1 ]; then
		ok "$ve_desc: sigil verify exits 1 with $ve_code at $ve_owner"
	else
		not_ok "$ve_desc: sigil verify exits 1 with $ve_code at $ve_owner"
		echo "#   exit $ve_rc; error findings: ${VE_FOUND:-none}"
		diag "$LOG" "stderr:"
	fi
}

t4035=$TZONES/rfc4035-signed-zone-example/example.zone
t5155=$TZONES/rfc5155-nsec3-example-zone/example.zone
r2023=$TZONES/root-zone-2023051100/root.zone
r2017=$TZONES/root-zone-2017082100/root.zone
verify_clean "RFC 4035 App. A at 2004-04-20" "$t4035" --at 20040420000000
fixture_row "RFC 4035 App. A" "--at 20040420000000" "valid"
verify_expect "RFC 4035 App. A at 2004-05-10" "$t4035" rrsig-expired example. --at 20040510000000
fixture_row "RFC 4035 App. A" "--at 20040510000000" "rrsig-expired"
verify_clean "RFC 5155 App. A at 2010-01-01" "$t5155" --at 20100101000000
fixture_row "RFC 5155 App. A" "--at 20100101000000" "valid"
verify_clean "root zone 2023051100 under root-anchors.xml" "$r2023" --at 20230515000000 \
	--anchor "$ANCHORS/root-anchors.xml"
fixture_row "root zone 2023051100" "--at 20230515000000 --anchor root-anchors.xml" "valid"
verify_expect "root zone 2023051100 under the KSK-2010 DS" "$r2023" dnskey-not-anchored . \
	--at 20230515000000 --ds "$ANCHORS/ksk2010.ds"
fixture_row "root zone 2023051100" "--at 20230515000000 --ds ksk2010.ds" "dnskey-not-anchored"
verify_clean "root zone 2017082100" "$r2017" --at 20170825000000
fixture_row "root zone 2017082100" "--at 20170825000000" "valid"
verify_clean "root zone 2017082100 under the KSK-2010 DS" "$r2017" --at 20170825000000 \
	--ds "$ANCHORS/ksk2010.ds"
fixture_row "root zone 2017082100" "--at 20170825000000 --ds ksk2010.ds" "valid"
verify_expect "root zone 2017082100 under root.key (KSK-2017 not signing yet)" "$r2017" \
	dnskey-not-anchored . --at 20170825000000 --anchor "$ANCHORS/root.key"
fixture_row "root zone 2017082100" "--at 20170825000000 --anchor root.key" "dnskey-not-anchored"

# ldns' ZONEMD zones. A.1-A.3 and A.5 are unsigned (sigil reports them unsigned; the
# ZONEMD verdict is what counts here); A.4 is uri.arpa, signed before its ZONEMD was added.
zm=$TZONES/peer-suites/ldns-zonemd
for f in A.1.Simple-EXAMPLE-Zone A.2.Complex-EXAMPLE-Zone A.3.EXAMPLE-Zone-with-multiple-digests \
	A.4.The-URI.ARPA-Zone A.5.The-ROOT-SERVERS.NET-Zone; do
	newlog
	"$SIGIL" verify --json --max-errors 0 --at 20181021203928 "$zm/$f" >"$LOG.json" 2>"$LOG"
	echo $? >>"$WORK/fixture.rc"
	found=$($PY "$VZ" findings "$LOG.json" 2>/dev/null)
	zmbad=$(echo "$found" | tr ' ' '\n' | grep '^zonemd-')
	if [ -s "$LOG.json" ] && [ -z "$zmbad" ] && $PY "$VZ" summary "$LOG.json" zone >/dev/null; then
		ok "ldns-zonemd $f: the ZONEMD digest verifies (no zonemd-* error)"
		[ "${f#A.4}" = "$f" ] || cp "$LOG.json" "$WORK/uri.arpa.json"
	else
		not_ok "ldns-zonemd $f: the ZONEMD digest verifies (no zonemd-* error)"
		echo "#   error findings: ${found:-none}"
		diag "$LOG" "stderr:"
	fi
	fixture_row "ldns-zonemd $f" "--at 20181021203928" "ZONEMD verifies (no zonemd-* error)"
done
# uri.arpa: the DNSSEC errors are exactly those of a ZONEMD added after signing.
found=$($PY "$VZ" findings "$WORK/uri.arpa.json" 2>/dev/null)
want="nsec-bitmap@uri.arpa./NSEC rrset-unsigned@uri.arpa./ZONEMD"
if [ "$found" = "$want" ]; then
	ok "ldns-zonemd A.4 uri.arpa: the only errors are the unsigned ZONEMD and the apex NSEC bitmap without it"
else
	not_ok "ldns-zonemd A.4 uri.arpa: the only errors are the unsigned ZONEMD and the apex NSEC bitmap without it"
	echo "#   error findings: '$found', expected '$want'"
fi
verify_expect "ldns-zonemd repeated-ZONEMD-scheme-and-algorithm" \
	"$zm/repeated-ZONEMD-scheme-and-algorithm" zonemd-duplicate example. --at 20181021203928
fixture_row "ldns-zonemd repeated-ZONEMD-scheme-and-algorithm" "--at 20181021203928" "zonemd-duplicate"
{
	echo
	echo "The unsigned ZONEMD zones (A.1-A.3, A.5, repeated) also get the errors of an unsigned"
	echo "zone (\`dnskey-missing\`, \`denial-missing\`, \`rrset-unsigned\`); uri.arpa (A.4) gets"
	echo "\`rrset-unsigned\` for its ZONEMD and \`nsec-bitmap\` for the apex NSEC, because the ZONEMD"
	echo "was added after signing (ldns-verify-zone: \"no signatures for uri.arpa. ZONEMD\")."
} >>"$report"

# -- two algorithms, one signature missing ------------------------------------------------

kd=$WORK/keys.2alg
keyat=$(utc_time $((now - 10 * 86400)))
at=$(utc_time $((now - 86400)))
d2=$WORK/2alg
mkdir -p "$kd" "$d2"
if "$SIGIL" keygen -K "$kd" --at "$keyat" -a 13 -f KSK $zone >/dev/null 2>"$d2/keygen.err" &&
	"$SIGIL" keygen -f ZSK -K "$kd" --at "$keyat" -a 13 $zone >/dev/null 2>>"$d2/keygen.err" &&
	"$SIGIL" keygen -K "$kd" --at "$keyat" -a 15 -f KSK $zone >/dev/null 2>>"$d2/keygen.err" &&
	"$SIGIL" keygen -f ZSK -K "$kd" --at "$keyat" -a 15 $zone >/dev/null 2>>"$d2/keygen.err" &&
	run "$SIGIL" sign -q -K "$kd" --at "$at" -f "$d2/signed" "$zonefile"; then
	verify_clean "2alg: the zone signed with algorithms 13 and 15" "$d2/signed"
	# Drop the Ed25519 RRSIG of mail A (RRSIG fields: type alg ...).
	awk '!($1 == "mail.example.test." && $4 == "RRSIG" && $5 == "A" && $6 == "15")' \
		"$d2/signed" >"$d2/broken"
	if [ "$(($(wc -l <"$d2/signed") - $(wc -l <"$d2/broken")))" -ne 1 ]; then
		not_ok "2alg: exactly one RRSIG (Ed25519, mail A) removed"
	else
		verify_expect "2alg: mail A without its Ed25519 RRSIG" "$d2/broken" \
			rrset-algorithm-missing mail.example.test.
		# What the peers do, asserted as observed (Debian 12: BIND 9.18, ldns 1.8.3, Knot 3.2).
		run dnssec-verify -o $zone "$d2/broken"
		dv_rc=$? dv_log=$LOG
		run ldns-verify-zone "$d2/broken"
		ld_rc=$? ld_log=$LOG
		run kzonecheck -o $zone -d on "$d2/broken"
		kn_rc=$? kn_log=$LOG
		if [ $dv_rc -ne 0 ] && grep -q 'No correct ED25519 signature for mail.example.test A' "$dv_log" &&
			grep -q 'not fully signed' "$dv_log"; then
			ok "2alg: dnssec-verify rejects it (No correct ED25519 signature for mail.example.test A; not fully signed)"
		else
			not_ok "2alg: dnssec-verify rejects it (No correct ED25519 signature for mail.example.test A; not fully signed)"
			diag "$dv_log" "exit $dv_rc:"
		fi
		if [ $ld_rc -eq 0 ]; then
			ok "2alg: ldns-verify-zone accepts it (misses the missing algorithm)"
		else
			not_ok "2alg: ldns-verify-zone accepts it (misses the missing algorithm)"
			diag "$ld_log" "exit $ld_rc:"
		fi
		if [ $kn_rc -eq 0 ]; then
			ok "2alg: kzonecheck accepts it (misses the missing algorithm)"
		else
			not_ok "2alg: kzonecheck accepts it (misses the missing algorithm)"
			diag "$kn_log" "exit $kn_rc:"
		fi
		{
			echo
			echo "## Two algorithms, one RRSIG missing"
			echo
			echo "The test zone signed by \`sigil sign\` with ECDSAP256SHA256 and Ed25519 keys; the"
			echo "Ed25519 RRSIG of \`mail.example.test. A\` removed (RFC 4035 section 2.2, RFC 6840"
			echo "section 5.11: every RRset needs a signature of each algorithm in the DNSKEY RRset)."
			echo
			echo "| tool | exit | says |"
			echo "|---|---|---|"
			echo "| sigil verify | 1 | \`$("$SIGIL" verify "$d2/broken" 2>/dev/null | grep 'rrset-algorithm-missing' | sed 's/  */ /g' | head -n 1)\` |"
			echo "| dnssec-verify | $dv_rc | $(grep -v '^$' "$dv_log" | grep -v '^Loading\|^Verifying\|^- ' | tr '\n' ' ' | sed 's/|/\\|/g') |"
			echo "| ldns-verify-zone | $ld_rc | $(grep -v '^$' "$ld_log" | tail -n 1) |"
			echo "| kzonecheck | $kn_rc | $(grep -v '^$' "$kn_log" | tail -n 1)$([ -s "$kn_log" ] || echo '(no output)') |"
		} >>"$report"
	fi
else
	not_ok "2alg: sigil keygen and sign with algorithms 13 and 15"
	diag "$d2/keygen.err"
	diag "$LOG"
fi

# -- expired zone -------------------------------------------------------------------------

kd=$WORK/keys.old
de=$WORK/expired
mkdir -p "$kd" "$de"
if "$SIGIL" keygen -K "$kd" --at 20191201000000 -a 13 -f KSK $zone >/dev/null 2>"$de/keygen.err" &&
	"$SIGIL" keygen -f ZSK -K "$kd" --at 20191201000000 -a 13 $zone >/dev/null 2>>"$de/keygen.err" &&
	run "$SIGIL" sign -q -K "$kd" --at 20200101000000 --validity 1d -f "$de/signed" "$zonefile"; then
	verify_expect "expired: a zone signed 2020-01-01 for one day, verified now" "$de/signed" \
		rrsig-expired example.test.
	# Nothing but the expiry: the DNSKEY RRset is signed by the KSK (SEP), its signature
	# only expired, which rrsig-expired already says.
	ex_other=$($PY "$VZ" findings "$LOG.json" 2>/dev/null | tr ' ' '\n' | grep -v '^rrsig-expired@' | tr '\n' ' ')
	if [ -z "$ex_other" ]; then
		ok "expired: every error finding is rrsig-expired"
	else
		not_ok "expired: every error finding is rrsig-expired"
		echo "#   also: $ex_other"
	fi
	run "$SIGIL" verify "$de/signed"
	ex_rc=$? ex_log=$LOG
	if [ $ex_rc -eq 1 ] &&
		grep -q '^ *earliest expiry: 2020-01-02T00:00:00Z (.*), already expired$' "$ex_log"; then
		ok "expired: the summary says 'earliest expiry: 2020-01-02T00:00:00Z (...), already expired'"
	else
		not_ok "expired: the summary says 'earliest expiry: 2020-01-02T00:00:00Z (...), already expired'"
		diag "$ex_log" "exit $ex_rc:"
	fi
	run dnssec-verify -o $zone "$de/signed"
	dv_rc=$? dv_log=$LOG
	if [ $dv_rc -ne 0 ] && grep -q 'No self-signed KSK DNSKEY found' "$dv_log"; then
		ok "expired: dnssec-verify says only 'No self-signed KSK DNSKEY found'"
	else
		not_ok "expired: dnssec-verify says only 'No self-signed KSK DNSKEY found'"
		diag "$dv_log" "exit $dv_rc:"
	fi
	run ldns-verify-zone "$de/signed"
	ld_rc=$? ld_log=$LOG
	run kzonecheck -o $zone -d on "$de/signed"
	kn_rc=$? kn_log=$LOG
	check_fails "expired: ldns-verify-zone rejects it" ldns-verify-zone "$de/signed"
	check_fails "expired: kzonecheck rejects it" kzonecheck -o $zone -d on "$de/signed"
	{
		echo
		echo "## An expired zone"
		echo
		echo "The test zone signed by \`sigil sign --at 20200101000000 --validity 1d\`, verified at"
		echo "the time of the run."
		echo
		echo "| tool | exit | says |"
		echo "|---|---|---|"
		echo "| sigil verify | $ex_rc | \`$(grep 'earliest expiry' "$ex_log" | sed 's/^ *//')\`; $(grep -c '^error *rrsig-expired' "$ex_log") \`rrsig-expired\` findings (one per RRset) |"
		echo "| dnssec-verify | $dv_rc | $(grep -v '^$' "$dv_log" | grep -v '^Loading\|^Verifying\|^- ' | tr '\n' ' ' | sed "s|$WORK/||g; s/|/\\\\|/g") |"
		echo "| ldns-verify-zone | $ld_rc | $(grep -m 1 -i 'expired' "$ld_log" | tr '\t' ' ') ($(grep -c -i 'expired' "$ld_log") such lines) |"
		echo "| kzonecheck | $kn_rc | $(grep -v '^$' "$kn_log" | head -n 1) |"
	} >>"$report"
else
	not_ok "expired: sigil keygen and sign as of 2020-01-01"
	diag "$de/keygen.err"
	diag "$LOG"
fi

finish
