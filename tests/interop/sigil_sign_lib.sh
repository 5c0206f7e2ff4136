#!/bin/sh
# SPDX-License-Identifier: MIT
# Shared by the sigil_sign_* interop topics (zones signed by `sigil sign`, checked by the
# peers' validators): the helpers, the test zones (gensignzone.awk) and the key sets.
# Sourced, not run.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
GEN=$here/gensignzone.awk
GENBIG=$here/../../bench/genzone.awk
PATH=$PATH:/usr/sbin:/sbin
export PATH

ex=example.test
exfile=$ZONES/$ex.zone
gz=gen.test
now=$(date +%s)
# Keys are created, published and active from ten days ago; zones are signed as of
# yesterday (--at), so that their signatures are valid now and the output is repeatable.
keyat=$(utc_time $((now - 10 * 86400)))
at_s=$((now - 86400))
at=$(utc_time $at_s)

for f in "$exfile" "$GEN" "$GENBIG"; do
	if [ ! -r "$f" ]; then
		not_ok "sigil_sign: $f is readable"
		finish
		exit 1
	fi
done

# -- helpers ------------------------------------------------------------------------

# section NAME: a "#" line with the time the previous section took.
sec_name="" sec_t0=$(date +%s)
section()
{
	[ -z "$sec_name" ] || echo "# $sec_name took $(($(date +%s) - sec_t0))s"
	sec_name=$1 sec_t0=$(date +%s)
}

# sign DESC OUT ARGS...: sigil sign -q -f OUT ARGS (options first, the zone file last,
# as in the peers' signers); ok or not ok; its exit code.
sign()
{
	sg_desc=$1 sg_out=$2
	shift 2
	if run "$SIGIL" sign -q -f "$sg_out" "$@"; then
		ok "$sg_desc"
		return 0
	else
		sg_rc=$?
	fi
	not_ok "$sg_desc"
	diag "$LOG" "exit $sg_rc: sigil sign -q -f $sg_out $*"
	return 1
}

# sign_json OUT ARGS...: sigil sign --json -f OUT ARGS, with the JSON summary in OUT.json.
sign_json()
{
	sj_out=$1
	shift
	"$SIGIL" sign --json -f "$sj_out" "$@" >"$sj_out.json" 2>"$sj_out.json.err"
}

# jget FILE KEY: a number or boolean from a flat JSON object.
jget()
{
	sed -n "s/^[ \t]*\"$2\":[ \t]*\([0-9a-z]*\).*/\1/p" "$1" | head -n 1
}

# compare A OP B: test(1) with OP one of = -eq -ne -lt -le -gt -ge.
compare()
{
	case $2 in
	=) [ "$1" = "$3" ] ;;
	-eq) [ "$1" -eq "$3" ] ;;
	-ne) [ "$1" -ne "$3" ] ;;
	-lt) [ "$1" -lt "$3" ] ;;
	-le) [ "$1" -le "$3" ] ;;
	-gt) [ "$1" -gt "$3" ] ;;
	-ge) [ "$1" -ge "$3" ] ;;
	*) return 2 ;;
	esac
}

# expect DESC ACTUAL OP EXPECTED [CONTEXT-FILE]: a numeric comparison (OP: -eq, -le, ...).
expect()
{
	ex_desc=$1 ex_a=$2 ex_op=$3 ex_e=$4
	if [ -n "$ex_a" ] && compare "$ex_a" "$ex_op" "$ex_e" 2>/dev/null; then
		ok "$ex_desc"
	else
		not_ok "$ex_desc"
		echo "#   got '$ex_a', expected $ex_op $ex_e"
		[ $# -lt 5 ] || diag "$5" "context ($(basename "$5")):"
	fi
}

# strip_below_dname IN OUT: IN without the records below its DNAMEs. Those are occluded:
# outside every signature and the NSEC/NSEC3 chain, so removing them keeps the zone
# valid; kzonecheck and validns refuse them even in zones signed by BIND.
strip_below_dname()
{
	awk '
		NR == FNR { if ($4 == "DNAME") dn["." tolower($1)] = 1; next }
		{
			o = "." tolower($1)
			for (d in dn)
				if (length(o) > length(d) && substr(o, length(o) - length(d) + 1) == d)
					next
			print
		}' "$1" "$1" >"$2"
}

# verdict DESC RC LOG CMD: ok when RC is 0; otherwise not ok with CMD and LOG.
verdict()
{
	if [ "$2" -eq 0 ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "$3" "exit $2: $4"
	fi
}

# verify3 DESC FILE ZONE [--keys] [DNSSEC-VERIFY-OPTIONS]: dnssec-verify,
# ldns-verify-zone and kzonecheck -d on accept FILE (run side by side). With --keys,
# dnssec-verify must also count exactly 1 active KSK and 1 active ZSK.
verify3()
{
	v3_desc=$1 v3_file=$2 v3_zone=$3
	shift 3
	v3_keys=0
	if [ "${1:-}" = --keys ]; then
		v3_keys=1
		shift
	fi
	strip_below_dname "$v3_file" "$v3_file.knot"
	dnssec-verify "$@" -o "$v3_zone" "$v3_file" >"$v3_file.bind.log" 2>&1 &
	v3_p1=$!
	ldns-verify-zone "$v3_file" >"$v3_file.ldns.log" 2>&1 &
	v3_p2=$!
	kzonecheck -o "$v3_zone" -d on "$v3_file.knot" >"$v3_file.knot.log" 2>&1
	v3_r3=$?
	wait $v3_p1
	v3_r1=$?
	wait $v3_p2
	v3_r2=$?
	verdict "$v3_desc: dnssec-verify accepts it" $v3_r1 "$v3_file.bind.log" "dnssec-verify $* -o $v3_zone $v3_file"
	if [ $v3_r1 -eq 0 ] && [ $v3_keys -eq 1 ]; then
		if grep -q 'KSKs: 1 active, 0 stand-by, 0 revoked' "$v3_file.bind.log" &&
			grep -q 'ZSKs: 1 active, 0 stand-by, 0 revoked' "$v3_file.bind.log"; then
			ok "$v3_desc: dnssec-verify counts 1 active KSK and 1 active ZSK"
		else
			not_ok "$v3_desc: dnssec-verify counts 1 active KSK and 1 active ZSK"
			diag "$v3_file.bind.log"
		fi
	fi
	verdict "$v3_desc: ldns-verify-zone accepts it" $v3_r2 "$v3_file.ldns.log" "ldns-verify-zone $v3_file"
	verdict "$v3_desc: kzonecheck -d on accepts it" $v3_r3 "$v3_file.knot.log" "kzonecheck -o $v3_zone -d on $v3_file.knot"
}

# rr_of FILE TYPE: the records of TYPE (not the RRSIGs over them, nor NSEC bitmaps).
rr_of()
{
	awk -v t="$2" '$4 == t' "$1"
}

# count_type FILE TYPE: the number of records of TYPE (one RR per line, sigil's output).
count_type()
{
	awk -v t="$2" '$4 == t { n++ } END { print n + 0 }' "$1"
}

# denial_shape DESC FILE nsec|nsec3|optout [NSEC3-COUNT-WITHOUT-OPT-OUT]
denial_shape()
{
	ds_desc=$1 ds_file=$2 ds_kind=$3
	ds_nsec=$(count_type "$ds_file" NSEC)
	ds_nsec3=$(count_type "$ds_file" NSEC3)
	ds_param=$(awk '$4 == "NSEC3PARAM" { print $5, $6, $7, $8 }' "$ds_file")
	ds_flags=$(awk '$4 == "NSEC3" { print $6 }' "$ds_file" | sort -u | tr '\n' ' ')
	ds_bad=""
	case $ds_kind in
	nsec)
		[ "$ds_nsec" -gt 0 ] || ds_bad="no NSEC records"
		[ "$ds_nsec3" -eq 0 ] && [ -z "$ds_param" ] || ds_bad="$ds_bad; NSEC3 records in an NSEC zone"
		;;
	nsec3 | optout)
		[ "$ds_nsec" -eq 0 ] || ds_bad="$ds_nsec NSEC records in an NSEC3 zone"
		[ "$ds_param" = "1 0 0 -" ] || ds_bad="$ds_bad; NSEC3PARAM is '$ds_param', not '1 0 0 -'"
		if [ "$ds_kind" = nsec3 ]; then
			[ "$ds_flags" = "0 " ] || ds_bad="$ds_bad; NSEC3 flags '$ds_flags', not 0"
		else
			[ "$ds_flags" = "1 " ] || ds_bad="$ds_bad; NSEC3 flags '$ds_flags', not 1"
			[ -z "${4:-}" ] || [ "$ds_nsec3" -lt "$4" ] ||
				ds_bad="$ds_bad; $ds_nsec3 NSEC3 records with opt-out, not fewer than $4 without"
		fi
		;;
	esac
	if [ -z "$ds_bad" ]; then
		ok "$ds_desc: denial records as asked ($ds_nsec NSEC, $ds_nsec3 NSEC3)"
	else
		not_ok "$ds_desc: denial records as asked"
		echo "#   ${ds_bad#; }"
	fi
}

# keytag FLAGS PROTO ALG BASE64: the RFC 4034 key tag, computed here.
keytag()
{
	echo "$1 $2 $3 $4" | awk '
		BEGIN {
			b = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
			for (i = 0; i < 64; i++) v[substr(b, i + 1, 1)] = i
		}
		{
			ac = $1 + $2 * 256 + $3; n = 4; acc = 0; nb = 0
			for (i = 1; i <= length($4); i++) {
				c = substr($4, i, 1)
				if (c == "=") break
				acc = acc * 64 + v[c]; nb += 6
				if (nb >= 8) {
					nb -= 8; x = int(acc / 2 ^ nb); acc -= x * 2 ^ nb
					ac += (n % 2 == 0) ? x * 256 : x
					n++
				}
			}
			ac += int(ac / 65536) % 65536
			print ac % 65536
		}'
}

# key_b64 KEYFILE: the public key of a .key file, in one piece.
key_b64()
{
	dnskey_norm <"$1" | awk '{ print $6 }'
}

# sig_tags FILE TYPE|-TYPE: the key tags of the RRSIGs covering TYPE (or any type but TYPE).
sig_tags()
{
	case $2 in
	-*) awk -v t="${2#-}" '$4 == "RRSIG" && $5 != t { print $11 }' "$1" | sort -u | tr '\n' ' ' ;;
	*) awk -v t="$2" '$4 == "RRSIG" && $5 == t { print $11 }' "$1" | sort -u | tr '\n' ' ' ;;
	esac
}

# keygen DIR ARGS... ZONE: sigil keygen --at $keyat; prints the basename.
keygen()
{
	kg_dir=$1
	shift
	mkdir -p "$kg_dir"
	"$SIGIL" keygen -K "$kg_dir" --at "$keyat" "$@" 2>>"$WORK/keygen.err"
}

# Zones. The validns variants have no escaped names (validns 0.8 cannot parse a dot
# inside a label, nor an NSEC pointing at \000.esc) and no data below DNAMEs.
awk -v N=10 -v ORIGIN=$gz. -f "$GEN" >"$WORK/gen.zone"
awk -v N=10 -v ORIGIN=$gz. -v ODD=0 -v DNAMEOCC=0 -f "$GEN" >"$WORK/gen.plain.zone"
grep -v '^z\\\.z\|^\\000\.esc' "$exfile" >"$WORK/example.plain.zone"
if cmp -s "$WORK/gen.zone" "$WORK/gen.plain.zone" ||
	[ "$(awk -v N=10 -v ORIGIN=$gz. -f "$GEN" | cksum)" != "$(cksum <"$WORK/gen.zone")" ]; then
	not_ok "sigil_sign: gensignzone.awk is deterministic and its variants differ"
else
	ok "sigil_sign: gensignzone.awk is deterministic ($(grep -c . "$WORK/gen.zone") lines)"
fi


# std_keys NUMBER ALG: $WORK/keys.ALG with a KSK and a ZSK of ALG for each of $ex and $gz
# (the key sets the matrix and the options topics sign with). Non-zero on failure.
std_keys()
{
	sk_n=$1 sk_alg=$2
	sk_kd=$WORK/keys.$sk_alg
	# shellcheck disable=SC2046
	keygen "$sk_kd" -a "$sk_alg" $(rsa_bits "$sk_n") -f KSK $ex >/dev/null &&
		keygen "$sk_kd" -f ZSK -a "$sk_alg" $(rsa_bits "$sk_n") $ex >/dev/null &&
		keygen "$sk_kd" -a "$sk_alg" $(rsa_bits "$sk_n") -f KSK $gz >/dev/null &&
		keygen "$sk_kd" -f ZSK -a "$sk_alg" $(rsa_bits "$sk_n") $gz >/dev/null
}
