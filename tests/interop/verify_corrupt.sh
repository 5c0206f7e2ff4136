#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "verify_corrupt": the corruption suite of `sigil verify`.
#   Zones signed by `sigil sign` (ECDSAP256SHA256 and Ed25519, each with NSEC, NSEC3 and
#   NSEC3 opt-out; the interop test zone with secure and insecure delegations, glue,
#   wildcards, an empty non-terminal and CNAMEs) are damaged in exactly one place each
#   (verify_zone.py lists the cases: flipped signature bit, removed RRSIG, changed or
#   added record, removed NSEC/NSEC3, removed ZSK or KSK, wrong key tag, a name emptied
#   while its NSEC/NSEC3 stays, wrong bitmap, expired and not-yet-valid windows, wrong
#   labels, original TTL or signer, NSEC/NSEC3 next pointing wrong, RRSIG over glue, NSEC
#   at glue, ZONEMD digest changed). Where editing a field would break a signature too,
#   a second case splices in records from a variant signed with the same keys, so that
#   the defect is the only one.
#   For each: `sigil verify --json` exits 1 with the expected finding at the damaged
#   owner; dnssec-verify (only where the signatures are valid now: it has no time
#   option), ldns-verify-zone -t and kzonecheck -t run on the same zone, and sigil must
#   catch every case any of them catches. Controls: every undamaged zone passes sigil
#   and all three peers.
#   With VERIFY_REPORT_DIR set, the results become $VERIFY_REPORT_DIR/corrupt.md, the
#   tables of docs/peer-misses.md (see tests/interop/verify_report.sh).
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
VZ=$here/verify_zone.py
python_init

zone=example.test
zonefile=$ZONES/$zone.zone
now=$(date +%s)
# Keys active long before every signing time used here; the base zones are signed as of
# yesterday (valid now, for dnssec-verify); "old" signatures expired 20 days ago; "future"
# ones start in 30 days.
keyat=$(utc_time $((now - 90 * 86400)))
at=$(utc_time $((now - 86400)))
old_at=$(utc_time $((now - 30 * 86400)))
fut_at=$(utc_time $((now + 30 * 86400)))
results=$WORK/results.tsv
: >"$results"

for f in "$zonefile" "$VZ"; do
	if [ ! -r "$f" ]; then
		not_ok "verify_corrupt: $f is readable"
		finish
		exit 1
	fi
done

# peer_msg LOG: the first line of a peer's output that says what is wrong (warnings only
# when nothing else does), tabs and scratch paths removed.
peer_msg()
{
	pm_re='error\|fail\|bad\|bogus\|missing\|expired\|not \|no \|invalid\|wrong\|mismatch\|unexpected\|occluded'
	{
		grep -v 'warning:' "$1" | grep -i -m 1 "$pm_re"
		grep -i -m 1 "$pm_re" "$1"
	} | sed -n 1p | tr '\t' ' ' | sed "s|$WORK/||g; s/^ *//" | cut -c 1-160
}

# peer NAME TIME FILE: run one peer on FILE (TIME: "now" or YYYYMMDDHHMMSS); prints
# "caught<TAB>message", "accepted<TAB>-" or "n/a<TAB>-".
peer()
{
	pr_log=$3.$1.log
	case $1 in
	dv)
		[ "$2" = now ] || { printf 'n/a\t-'; return; }
		dnssec-verify -o $zone "$3" >"$pr_log" 2>&1
		;;
	ldns)
		if [ "$2" = now ]; then
			ldns-verify-zone "$3" >"$pr_log" 2>&1
		else
			ldns-verify-zone -t "$2" "$3" >"$pr_log" 2>&1
		fi
		;;
	knot)
		if [ "$2" = now ]; then
			kzonecheck -o $zone -d on "$3" >"$pr_log" 2>&1
		else
			kzonecheck -o $zone -d on -t "$2" "$3" >"$pr_log" 2>&1
		fi
		;;
	esac
	if [ $? -eq 0 ]; then
		printf 'accepted\t-'
	else
		pr_m=$(peer_msg "$pr_log")
		printf 'caught\t%s' "${pr_m:-(no message; exit status non-zero)}"
	fi
}

# sigil_verify OUT TIME FILE: sigil verify --json into OUT; its exit code.
sigil_verify()
{
	if [ "$2" = now ]; then
		"$SIGIL" verify --json --max-errors 0 "$3" >"$1" 2>"$1.err"
	else
		"$SIGIL" verify --json --max-errors 0 --at "$2" "$3" >"$1" 2>"$1.err"
	fi
}

# -- keys, the plain zone and its variants -----------------------------------------------

mkdir -p "$WORK/plain" "$WORK/k13" "$WORK/k15"
if ! "$SIGIL" keygen -K "$WORK/k13" --at "$keyat" -a 13 -f KSK $zone >/dev/null 2>"$WORK/keygen.err" ||
	! "$SIGIL" keygen -f ZSK -K "$WORK/k13" --at "$keyat" -a 13 $zone >/dev/null 2>>"$WORK/keygen.err" ||
	! "$SIGIL" keygen -K "$WORK/k15" --at "$keyat" -a 15 -f KSK $zone >/dev/null 2>>"$WORK/keygen.err" ||
	! "$SIGIL" keygen -f ZSK -K "$WORK/k15" --at "$keyat" -a 15 $zone >/dev/null 2>>"$WORK/keygen.err"; then
	not_ok "verify_corrupt: sigil keygen makes the KSKs and ZSKs"
	diag "$WORK/keygen.err"
	finish
	exit 1
fi
# One RR per line with absolute names: sign once, then strip the DNSSEC records.
p=$WORK/plain
if run "$SIGIL" sign -q -K "$WORK/k13" --at "$at" -f "$p/signed" "$zonefile" &&
	$PY "$VZ" strip "$p/signed" "$p/base.zone" &&
	$PY "$VZ" drop "$p/base.zone" "$p/nomailaaaa.zone" mail.$zone. AAAA &&
	$PY "$VZ" drop "$p/base.zone" "$p/nomail.zone" mail.$zone. &&
	$PY "$VZ" drop "$p/base.zone" "$p/nosub.zone" sub.$zone. NS DS; then
	ok "verify_corrupt: the plain test zone and its variants"
else
	not_ok "verify_corrupt: the plain test zone and its variants"
	diag "$LOG"
	finish
	exit 1
fi

# -- the signed zones ---------------------------------------------------------------------

# sign_set DIR KEYDIR DENIAL-OPTIONS...: base and variant zones, all with the same keys.
sign_set()
{
	ss_d=$1 ss_k=$2
	shift 2
	mkdir -p "$ss_d"
	for ss_v in base nomailaaaa nomail nosub; do
		"$SIGIL" sign -q -K "$ss_k" --at "$at" --serial keep "$@" -f "$ss_d/$ss_v.zone" \
			"$p/$ss_v.zone" || return 1
	done
	"$SIGIL" sign -q -K "$ss_k" --at "$old_at" --validity 10d --serial keep "$@" \
		-f "$ss_d/old.zone" "$p/base.zone" &&
		"$SIGIL" sign -q -K "$ss_k" --at "$fut_at" --serial keep "$@" \
			-f "$ss_d/future.zone" "$p/base.zone" &&
		"$SIGIL" sign -q -K "$ss_k" --at "$at" --serial keep --zonemd "$@" \
			-f "$ss_d/zonemd.zone" "$p/base.zone"
}

zones=""
for alg in 13 15; do
	for den in nsec nsec3 optout; do
		z=$alg-$den
		case $den in
		nsec) set -- ;;
		nsec3) set -- --nsec3 ;;
		optout) set -- --nsec3 --opt-out ;;
		esac
		if ! run sign_set "$WORK/$z" "$WORK/k$alg" "$@"; then
			not_ok "$z: sigil sign makes the base zone and its variants"
			diag "$LOG"
			continue
		fi
		# Controls: the undamaged zones pass everywhere (else "caught" means nothing).
		ctl_bad=""
		for v in base zonemd; do
			sigil_verify "$WORK/$z/$v.json" now "$WORK/$z/$v.zone" || ctl_bad="$ctl_bad sigil:$v"
			for pn in dv ldns knot; do
				case $(peer $pn now "$WORK/$z/$v.zone") in
				accepted*) ;;
				*) ctl_bad="$ctl_bad $pn:$v" ;;
				esac
			done
		done
		if [ -z "$ctl_bad" ]; then
			ok "$z: control: the undamaged zones (plain and --zonemd) pass sigil verify, dnssec-verify, ldns-verify-zone and kzonecheck"
			zones="$zones $z"
		else
			not_ok "$z: control: the undamaged zones pass sigil verify and the peers (failed:$ctl_bad)"
			for v in base zonemd; do
				diag "$WORK/$z/$v.json" "sigil verify --json $v.zone:"
				for pn in dv ldns knot; do
					[ ! -s "$WORK/$z/$v.zone.$pn.log" ] || diag "$WORK/$z/$v.zone.$pn.log" "$pn on $v.zone:"
				done
			done
		fi
	done
done

# -- the cases ----------------------------------------------------------------------------

start=$(date +%s)
ncase=0
for z in $zones; do
	den=${z#*-}
	if ! $PY "$VZ" corrupt-all "$WORK/$z" "$den" >"$WORK/$z/cases" 2>"$WORK/$z/cases.err"; then
		not_ok "$z: the damaged zones are made"
		diag "$WORK/$z/cases.err"
		continue
	fi
	for c in $(cat "$WORK/$z/cases"); do
		ncase=$((ncase + 1))
		out=$WORK/$z/$c.zone
		desc="corrupt $z $c"
		codes=$(sed -n 's/^codes //p' "$out.expect")
		owners=$(sed -n 's/^owners //p' "$out.expect")
		t=$(sed -n 's/^at //p' "$out.expect")
		# sigil and the three peers at once (two cores or more make this twice as fast)
		peer dv "$t" "$out" >"$out.dv" &
		peer ldns "$t" "$out" >"$out.ldns" &
		peer knot "$t" "$out" >"$out.knot" &
		sigil_verify "$out.json" "$t" "$out"
		src=$?
		wait
		found=$($PY "$VZ" has "$out.json" "$codes" "$owners" 2>/dev/null)
		hrc=$?
		if [ $src -eq 1 ] && [ $hrc -eq 0 ]; then
			sok=yes
			ok "$desc: sigil verify exits 1 with $codes at ${owners%%,*}"
		else
			sok=no
			not_ok "$desc: sigil verify exits 1 with $codes at ${owners%%,*}"
			echo "#   damage: $(sed -n 's/^what //p' "$out.expect")"
			echo "#   exit $src; error findings: ${found:-none}"
			[ ! -s "$out.json.err" ] || diag "$out.json.err" "stderr:"
		fi
		dv=$(cat "$out.dv")
		ldns=$(cat "$out.ldns")
		knot=$(cat "$out.knot")
		caught_by=""
		for pr in "dnssec-verify:$dv" "ldns-verify-zone:$ldns" "kzonecheck:$knot"; do
			case ${pr#*:} in
			caught*) caught_by="$caught_by, ${pr%%:*}" ;;
			esac
		done
		if [ -n "$caught_by" ]; then
			if [ $src -eq 1 ]; then
				ok "$desc: sigil catches what ${caught_by#, } catch"
			else
				not_ok "$desc: sigil catches what ${caught_by#, } catch (sigil exit $src)"
			fi
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$z" "$src" "$sok" "$found" \
			"$dv" "$ldns" "$knot" >>"$results"
	done
done
echo "# verify_corrupt: $ncase damaged zones checked in $(($(date +%s) - start))s"

# What the peers missed, for the log (the full table: VERIFY_REPORT_DIR).
awk -F '\t' '
	$6 == "accepted" { m[$1] = m[$1] " dnssec-verify:" $2 }
	$8 == "accepted" { m[$1] = m[$1] " ldns-verify-zone:" $2 }
	$10 == "accepted" { m[$1] = m[$1] " kzonecheck:" $2 }
	END { for (c in m) print "# peer misses " c ":" m[c] }' "$results" | sort

if [ -n "${VERIFY_REPORT_DIR:-}" ]; then
	if $PY "$VZ" report "$results" >"$VERIFY_REPORT_DIR/corrupt.md" 2>"$WORK/report.err"; then
		ok "verify_corrupt: the report tables are written to $VERIFY_REPORT_DIR/corrupt.md"
	else
		not_ok "verify_corrupt: the report tables are written"
		diag "$WORK/report.err"
	fi
	cp "$results" "$VERIFY_REPORT_DIR/corrupt.tsv"
fi

finish
