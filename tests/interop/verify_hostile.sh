#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "verify_hostile": `sigil verify` bounds its work on hostile zones built
# here (verify_zone.py), and says why it stopped.
#   keytrap    a ~1 MB zone signed by `sigil sign` with a KSK and a ZSK, plus 299 more
#              DNSKEYs sharing the ZSK's algorithm and tag (RFC 4034 App. B tag fixed by
#              the last two key bytes) and 300 bogus RRSIGs per RRset: algorithm 13 (random
#              64-byte keys) and algorithm 15 (keys that are points of the curve). sigil
#              exits 1 with limit-keys-per-tag / limit-signatures-per-rrset, and the
#              JSON summary's "verifications" stays bounded
#   iterations a 10,000-name zone signed by `sigil sign --nsec3 --iterations 2500
#              --force`: exit 1 with limit-nsec3-iterations, and few verifications
# Wall times are printed for information only: no check depends on the clock.
# With VERIFY_PEER_TIMES=1 (not part of `make check`: the peers take seconds to minutes)
# dnssec-verify, ldns-verify-zone and kzonecheck are timed on the same zones and, with
# VERIFY_REPORT_DIR set, the results go to $VERIFY_REPORT_DIR/hostile.md.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
VZ=$here/verify_zone.py
python_init

now=$(date +%s)
keyat=$(utc_time $((now - 10 * 86400)))
at=$(utc_time $((now - 86400)))
report=${VERIFY_REPORT_DIR:+$VERIFY_REPORT_DIR/hostile.md}
: "${report:=$WORK/hostile.md}"
: >"$report"
# Bound on the signature verifications of the KeyTrap zones: 19 RRsets x 8 RRSIGs
# examined (the default sigs_per_rrset) x 4 candidate keys (the default keys_per_tag) is
# 608; "a few thousand" leaves room for other reasonable limits, not for 300 x 300.
KEYTRAP_MAX_VERIFICATIONS=3000
# The iteration limit is a property of the NSEC3 parameters, found before any hashing;
# a verifier that stops there needs no more than a few signature checks.
ITER_MAX_VERIFICATIONS=1000

# ms: milliseconds since the epoch (information only).
ms()
{
	date +%s%N | cut -c 1-13
}

# timed OUT CMD...: run CMD with stdout in OUT, stderr in OUT.err; sets T_MS (wall time)
# and T_RC.
timed()
{
	tm_out=$1
	shift
	tm_0=$(ms)
	"$@" >"$tm_out" 2>"$tm_out.err"
	T_RC=$?
	T_MS=$(($(ms) - tm_0))
}

# secs MS: "1.234 s".
secs()
{
	awk -v m="$1" 'BEGIN { printf "%.3f s", m / 1000 }'
}

# expect_findings DESC JSON RC CODES: exit 1 and an error finding of one of CODES (a
# comma-separated list) at any owner.
expect_findings()
{
	ef_found=$($PY "$VZ" findings "$2" 2>/dev/null | tr ' ' '\n' | sed 's/@.*//' | sort -u | tr '\n' ' ')
	ef_hit=""
	for ef_c in $(echo "$4" | tr ',' ' '); do
		case " $ef_found " in
		*" $ef_c "*) ef_hit="$ef_hit $ef_c" ;;
		esac
	done
	if [ "$3" -eq 1 ] && [ -n "$ef_hit" ]; then
		ok "$1: sigil verify exits 1 with$ef_hit"
	else
		not_ok "$1: sigil verify exits 1 with one of $4"
		echo "#   exit $3; error finding codes: ${ef_found:-none}"
	fi
}

# expect_le DESC VALUE MAX
expect_le()
{
	if [ -n "$2" ] && [ "$2" -le "$3" ] 2>/dev/null; then
		ok "$1 ($2 <= $3)"
	else
		not_ok "$1 (got '$2', at most $3 expected)"
	fi
}

# peer_times ZONEFILE ORIGIN TOOLS...: time each peer on the zone (VERIFY_PEER_TIMES=1
# only); a table row per tool in the report.
peer_times()
{
	pt_file=$1 pt_zone=$2
	shift 2
	[ "${VERIFY_PEER_TIMES:-0}" = 1 ] || return 0
	for pt_t in "$@"; do
		case $pt_t in
		dnssec-verify) set -- dnssec-verify -o "$pt_zone" "$pt_file" ;;
		ldns-verify-zone) set -- ldns-verify-zone "$pt_file" ;;
		kzonecheck) set -- kzonecheck -o "$pt_zone" -d on "$pt_file" ;;
		esac
		timed "$WORK/peer.log" timeout 600 "$@"
		# the verdict: the last lines of stdout, then what stderr said (and how much)
		pt_msg=$({
			grep -v '^$' "$WORK/peer.log" | grep -v '^Loading\|^Verifying\|^- ' | tail -n 3
			if [ -s "$WORK/peer.log.err" ]; then
				printf '; stderr (%s lines): ' "$(wc -l <"$WORK/peer.log.err")"
				sort "$WORK/peer.log.err" | uniq -c | sort -rn | head -n 2 | sed 's/^ *\([0-9]*\) /\1 x /'
			fi
		} | tr '\t\n' '  ' | sed "s|$WORK/||g; s/|/\\\\|/g; s/  */ /g" | cut -c 1-240)
		pt_verdict="exit $T_RC"
		[ "$T_RC" -ne 0 ] || pt_verdict="exit 0 (valid)"
		[ "$T_RC" -ne 124 ] || pt_verdict="killed after 600 s"
		echo "# $pt_t: $pt_verdict in $(secs "$T_MS"): $pt_msg"
		echo "| $pt_t | $pt_verdict | $(secs "$T_MS") | ${pt_msg:-(no output)} |" >>"$report"
	done
}

# -- KeyTrap: many keys with one tag, many bogus signatures -------------------------------

for alg in 13 15; do
	d=$WORK/keytrap$alg
	z=keytrap$alg.test
	mkdir -p "$d/k"
	# A KSK and a ZSK; the 299 extra DNSKEYs share the ZSK's tag, so every RRset but the
	# DNSKEY RRset has 300 candidate keys for its real signature and each bogus one.
	if ! "$SIGIL" keygen -K "$d/k" --at "$keyat" -a $alg -f KSK $z >/dev/null 2>"$d/keygen.err" ||
		! key=$("$SIGIL" keygen -f ZSK -K "$d/k" --at "$keyat" -a $alg $z 2>>"$d/keygen.err"); then
		not_ok "keytrap $alg: sigil keygen"
		diag "$d/keygen.err"
		continue
	fi
	tag=$(echo "${key##*+}" | sed 's/^0*\(.\)/\1/')
	{
		printf '$ORIGIN %s.\n$TTL 3600\n' $z
		printf '@\tSOA\tns1 hostmaster 1 7200 3600 1209600 300\n@\tNS\tns1\n@\tA\t192.0.2.1\n'
		printf 'ns1\tA\t192.0.2.53\n'
		for i in 1 2 3 4 5 6; do printf 'h%d\tA\t192.0.2.1%d\n' $i $i; done
		$PY "$VZ" fakekeys "$d/k/$key.key" 299 $alg
	} >"$d/unsigned" 2>"$d/fake.err"
	if ! [ -s "$d/fake.err" ] && run "$SIGIL" sign -q -K "$d/k" --at "$at" -f "$d/signed" "$d/unsigned" &&
		$PY "$VZ" bogus "$d/signed" "$d/zone" 300 2>"$d/bogus.err"; then
		ndk=$(awk '$4 == "DNSKEY"' "$d/zone" | wc -l)
		nsig=$(awk '$4 == "RRSIG"' "$d/zone" | wc -l)
		size=$(wc -c <"$d/zone")
		ok "keytrap $alg: the zone is built ($ndk DNSKEYs, $((ndk - 1)) with tag $tag, $nsig RRSIGs, $size bytes)"
	else
		not_ok "keytrap $alg: the zone is built"
		diag "$d/fake.err"
		diag "$LOG"
		diag "$d/bogus.err"
		continue
	fi
	timed "$d/verify.json" "$SIGIL" verify --json --max-errors 0 "$d/zone"
	expect_findings "keytrap $alg" "$d/verify.json" $T_RC limit-keys-per-tag,limit-signatures-per-rrset
	v=$($PY "$VZ" summary "$d/verify.json" verifications 2>/dev/null)
	expect_le "keytrap $alg: the signature verifications are bounded" "$v" $KEYTRAP_MAX_VERIFICATIONS
	echo "# keytrap $alg: sigil verify took $(secs "$T_MS") (information only), $v verifications"
	sigil_ms=$T_MS sigil_rc=$T_RC
	# --max-errors N shows at most N findings of each kind (default 100): every kind
	# counted is listed, up to 100 times.
	"$SIGIL" verify --json "$d/zone" >"$d/default.json" 2>/dev/null
	kinds=$($PY -c '
import collections, json, sys
d = json.load(open(sys.argv[1]))
listed = collections.Counter(f["code"] for f in d["findings"])
print(" ".join("%s:%d/%d" % (c, listed[c], n) for c, n in sorted(d["summary"]["by_code"].items())
               if listed[c] != min(n, 100)))' "$d/default.json" 2>&1)
	if [ -z "$kinds" ]; then
		ok "keytrap $alg: with the default --max-errors, each kind of finding is listed up to 100 times"
	else
		not_ok "keytrap $alg: with the default --max-errors, each kind of finding is listed up to 100 times"
		echo "#   kinds listed fewer times than min(count, 100) (listed/counted): $kinds"
	fi
	if [ "${VERIFY_PEER_TIMES:-0}" = 1 ]; then
		{
			echo
			echo "### KeyTrap zone, algorithm $alg"
			echo
			echo "$size bytes: $ndk DNSKEYs, a KSK and $((ndk - 1)) sharing key tag $tag (the ZSK and"
			[ $alg = 13 ] && echo "299 random 64-byte strings, which are not points of P-256)," ||
				echo "299 random points of the Ed25519 curve),"
			echo "$nsig RRSIGs (per RRset the real one and 300 with random signature bytes and the"
			echo "ZSK's tag)."
			echo
			echo "| tool | verdict | wall time | says |"
			echo "|---|---|---|---|"
			echo "| sigil verify | exit $sigil_rc | $(secs "$sigil_ms") | $($PY "$VZ" summary "$d/verify.json" by_code | tr -d "{}'"); $v verifications |"
		} >>"$report"
		peer_times "$d/zone" $z dnssec-verify ldns-verify-zone kzonecheck
	fi
done

# -- NSEC3 with 2,500 iterations ----------------------------------------------------------

d=$WORK/iter
z=iter.test
mkdir -p "$d/k"
if "$SIGIL" keygen -K "$d/k" --at "$keyat" -f KSK $z >/dev/null 2>"$d/keygen.err" &&
	"$SIGIL" keygen -f ZSK -K "$d/k" --at "$keyat" $z >/dev/null 2>>"$d/keygen.err" &&
	$PY "$VZ" bigzone $z. 10000 >"$d/unsigned" 2>"$d/gen.err"; then
	timed "$d/sign.log" "$SIGIL" sign -q -K "$d/k" --at "$at" --nsec3 --iterations 2500 --force \
		-f "$d/zone" "$d/unsigned"
	if [ $T_RC -eq 0 ] && grep -q 'NSEC3PARAM.*1 0 2500 -' "$d/zone"; then
		ok "iterations: sigil sign --nsec3 --iterations 2500 --force signs 10,000 names ($(secs "$T_MS"))"
		timed "$d/verify.json" "$SIGIL" verify --json --max-errors 0 "$d/zone"
		expect_findings "iterations" "$d/verify.json" $T_RC limit-nsec3-iterations
		v=$($PY "$VZ" summary "$d/verify.json" verifications 2>/dev/null)
		expect_le "iterations: few signature verifications before the limit is reported" "$v" \
			$ITER_MAX_VERIFICATIONS
		echo "# iterations: sigil verify took $(secs "$T_MS") (information only), $v verifications"
		if [ "${VERIFY_PEER_TIMES:-0}" = 1 ]; then
			{
				echo
				echo "### 10,000 names, NSEC3 with 2,500 iterations"
				echo
				echo "Signed by \`sigil sign --nsec3 --iterations 2500 --force\` (an ECDSAP256SHA256 KSK"
				echo "and ZSK)."
				echo
				echo "| tool | verdict | wall time | says |"
				echo "|---|---|---|---|"
				echo "| sigil verify | exit $T_RC | $(secs "$T_MS") | $($PY "$VZ" summary "$d/verify.json" by_code | tr -d "{}'"); $v verifications |"
			} >>"$report"
			peer_times "$d/zone" $z ldns-verify-zone kzonecheck dnssec-verify
		fi
	else
		not_ok "iterations: sigil sign --nsec3 --iterations 2500 --force signs 10,000 names"
		diag "$d/sign.log"
	fi
else
	not_ok "iterations: sigil keygen and the 10,000-name zone"
	diag "$d/keygen.err"
	diag "$d/gen.err"
fi

finish
