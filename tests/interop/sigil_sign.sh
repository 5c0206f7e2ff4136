#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "sigil_sign": zones signed by `sigil sign` are accepted by the peers'
# validators, and sign's features do what they say.
#   matrix     algorithms 8, 10, 13, 14, 15, 16 (a KSK and a ZSK from `sigil keygen`) x
#              NSEC, NSEC3, NSEC3 opt-out x the test zone and a generated zone
#              (gensignzone.awk: delegations secure and insecure, glue, DS, wildcards,
#              empty non-terminals, CNAMEs, data occluded by delegations and DNAMEs, odd
#              TXT, escaped names): dnssec-verify, ldns-verify-zone and kzonecheck accept
#              each, and validns the RSA ones. (validns 0.8 on Debian 12 cannot verify
#              ECDSA or EdDSA signatures at all, not even BIND's: "error building pkey".)
#   rdata      a zone with many RR types: the signed output parses in every peer
#   keys       a CSK alone; two algorithms at once (every RRset signed by both); -k = -K;
#              key timing (future Activate, past Inactive, past Delete, revoked KSKs)
#   options    --cds = sigil ds --cds --cdnskey; --zonemd (ldns-verify-zone -ZZ); --serial
#              keep/increment/unixtime/date; --at gives identical output; --jitter;
#              -j 1 = -j 2 = -j 3 byte for byte with Ed25519
#   re-signing no change re-uses every signature (with --zonemd without verifying any);
#              after an edit only the touched RRsets, their NSEC/NSEC3 neighbours and the
#              SOA get new signatures, and the peers accept the result
#   multi-signer  a foreign DNSKEY in the zone is kept, also when it shares its key tag
#              with our ZSK (found by generating keys until two tags meet)
#   errors     bad zones and refused directives exit 2 with file:line; kill -9 during a
#              signing run leaves no output and no partial file, or the previous output
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

section matrix
# -- matrix: every algorithm x every denial x two zones -------------------------------

for spec in $ALGS; do
	n=${spec%%:*}
	alg=${spec#*:}
	kd=$WORK/keys.$alg
	# shellcheck disable=SC2046
	if ! keygen "$kd" -a "$alg" $(rsa_bits "$n") -f KSK $ex >/dev/null ||
		! keygen "$kd" -f ZSK -a "$alg" $(rsa_bits "$n") $ex >/dev/null ||
		! keygen "$kd" -a "$alg" $(rsa_bits "$n") -f KSK $gz >/dev/null ||
		! keygen "$kd" -f ZSK -a "$alg" $(rsa_bits "$n") $gz >/dev/null; then
		not_ok "matrix $alg: sigil keygen makes KSKs and ZSKs"
		diag "$WORK/keygen.err"
		continue
	fi
	for z in example gen; do
		case $z in
		example) zf=$exfile zo=$ex plain=$WORK/example.plain.zone ;;
		gen) zf=$WORK/gen.zone zo=$gz plain=$WORK/gen.plain.zone ;;
		esac
		full3=""
		for den in nsec nsec3 optout; do
			case $den in
			nsec) dopt="" ;;
			nsec3) dopt="--nsec3" ;;
			optout) dopt="--nsec3 --opt-out" ;;
			esac
			d="matrix $alg $z $den"
			out=$WORK/$alg.$z.$den
			# shellcheck disable=SC2086
			sign "$d: sigil sign" "$out" -K "$kd" --at "$at" $dopt "$zf" || continue
			verify3 "$d" "$out" $zo --keys
			denial_shape "$d" "$out" $den $full3
			[ $den != nsec3 ] || full3=$(count_type "$out" NSEC3)
			case $n in
			8 | 10)
				# shellcheck disable=SC2086
				if sign "$d: sigil sign (validns variant)" "$out.plain" -K "$kd" --at "$at" $dopt "$plain"; then
					check "$d: validns accepts it" validns -z $zo "$out.plain"
				fi
				;;
			esac
		done
	done
done

# Negative control, so that the checks above can fail at all: a changed signed A record.
ctl=$WORK/ECDSAP256SHA256.gen.nsec
if [ -s "$ctl" ]; then
	sed 's/192\.0\.2\.105$/192.0.2.106/' "$ctl" >"$ctl.tampered"
	if cmp -s "$ctl" "$ctl.tampered"; then
		not_ok "control: the tampered copy differs from the signed zone"
	else
		check_fails "control: dnssec-verify rejects a tampered zone" dnssec-verify -o $gz "$ctl.tampered"
		check_fails "control: ldns-verify-zone rejects a tampered zone" ldns-verify-zone "$ctl.tampered"
		strip_below_dname "$ctl.tampered" "$ctl.tampered.knot"
		check_fails "control: kzonecheck rejects a tampered zone" kzonecheck -o $gz -d on "$ctl.tampered.knot"
	fi
fi
ctl=$WORK/RSASHA256.gen.nsec.plain
if [ -s "$ctl" ]; then
	sed 's/192\.0\.2\.105$/192.0.2.106/' "$ctl" >"$ctl.tampered"
	check_fails "control: validns rejects a tampered zone" validns -z $gz "$ctl.tampered"
fi

section rdata
# -- rdata: many RR types, printed so that every peer reads them back ----------------
# (NSAP and NULL are left out: kzonecheck 3.2 rejects them even in BIND's output.)
kd=$WORK/keys.ECDSAP256SHA256
keygen "$kd" -f KSK types.test >/dev/null && keygen "$kd" -f ZSK types.test >/dev/null
cat >"$WORK/types.zone" <<'EOF'
$ORIGIN types.test.
$TTL 3600
@		SOA	ns1 hostmaster 1 7200 3600 1209600 600
@		NS	ns1
ns1		A	192.0.2.1
afsdb		AFSDB	1 afs.types.test.
apl		APL	1:192.168.32.0/21 !1:192.168.38.0/28
caa		CAA	0 issue "ca.example.net"
caa		CAA	0 iodef "mailto:security@example.com"
caa		CAA	128 tbs "Unknown"
cert		CERT	PGP 0 0 AQID
csync		CSYNC	66 3 A NS AAAA
dhcid		DHCID	AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=
ds-sub		NS	ns.example.net.
ds-sub		DS	12345 13 2 B4C8C1FE2E7477127B27115656AD6256F424625BF5C1E2770CE6D6E37DF61D17
eui48		EUI48	00-00-5e-00-53-2a
eui64		EUI64	00-00-5e-ef-10-00-00-2a
hinfo		HINFO	"PC-Intel" "Linux 6"
https		HTTPS	1 . alpn=h2 ipv4hint=192.0.2.1
https2		HTTPS	0 svc.example.net.
ipseckey	IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
kx		KX	10 ns1
loc		LOC	52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
mx		MX	0 .
naptr		NAPTR	100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .
openpgp		OPENPGPKEY AQID
ptr		PTR	ns1.types.test.
rp		RP	admin.types.test. txt.types.test.
smimea		SMIMEA	3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
spf		SPF	"v=spf1 -all"
srv		SRV	0 5 443 ns1
sshfp		SSHFP	4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789
svcb		SVCB	1 . alpn=h2,h3 port=8443
tlsa		TLSA	3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
txt		TXT	"x"
uri		URI	10 1 "ftp://ftp1.example.com/public"
EOF
if sign "rdata: sigil sign signs a zone of many RR types" "$WORK/types.signed" -K "$kd" --at "$at" "$WORK/types.zone"; then
	verify3 "rdata: many RR types" "$WORK/types.signed" types.test
fi

section csk
# -- keys: CSK alone ------------------------------------------------------------------
kd=$WORK/keys.csk
if keygen "$kd" -f CSK $ex >/dev/null && keygen "$kd" -f CSK $gz >/dev/null; then
	for spec in "$exfile:$ex:" "$WORK/gen.zone:$gz:--nsec3"; do
		zf=${spec%%:*} rest=${spec#*:}
		zo=${rest%%:*} dopt=${rest#*:}
		out=$WORK/csk.$zo
		# shellcheck disable=SC2086
		sign "csk $zo: sigil sign with one CSK" "$out" -K "$kd" --at "$at" $dopt "$zf" || continue
		# dnssec-verify wants a separate ZSK unless told with -z to ignore the KSK flag.
		verify3 "csk $zo" "$out" $zo -z
		keys=$(rr_of "$out" DNSKEY | dnskey_norm | awk '{ print $3 }' | tr '\n' ' ')
		# shellcheck disable=SC2046
		tag=$(keytag $(rr_of "$out" DNSKEY | dnskey_norm | awk '{ print $3, $4, $5, $6; exit }'))
		tags=$(sig_tags "$out" -NONE)
		if [ "$keys" = "257 " ] && [ "$tags" = "$tag " ]; then
			ok "csk $zo: one DNSKEY (257), and it made every signature"
		else
			not_ok "csk $zo: one DNSKEY (257), and it made every signature"
			echo "#   DNSKEY flags: '$keys'; key tag $tag; RRSIG key tags: '$tags'"
		fi
	done
else
	not_ok "csk: sigil keygen -f CSK"
	diag "$WORK/keygen.err"
fi

section 2alg
# -- keys: two algorithms at once (RFC 6840 5.11) -------------------------------------
kd=$WORK/keys.2alg
if keygen "$kd" -a RSASHA256 -f KSK $gz >/dev/null && keygen "$kd" -f ZSK -a RSASHA256 $gz >/dev/null &&
	keygen "$kd" -a ECDSAP256SHA256 -f KSK $gz >/dev/null && keygen "$kd" -f ZSK -a ECDSAP256SHA256 $gz >/dev/null; then
	for den in nsec optout; do
		case $den in
		nsec) dopt="" ;;
		optout) dopt="--nsec3 --opt-out" ;;
		esac
		out=$WORK/2alg.$den
		# shellcheck disable=SC2086
		sign "2alg $den: sigil sign with RSASHA256 and ECDSAP256SHA256 keys" "$out" -K "$kd" --at "$at" $dopt "$WORK/gen.zone" || continue
		verify3 "2alg $den" "$out" $gz
		bad=$(awk '$4 == "RRSIG" { k = $1 " " $5; a[k] = a[k] " " $6 }
			END { for (k in a) if (a[k] !~ / 8( |$)/ || a[k] !~ / 13( |$)/) print k ":" a[k] }' "$out" | head -n 5)
		n8=$(awk '$4 == "RRSIG" && $6 == 8' "$out" | wc -l)
		n13=$(awk '$4 == "RRSIG" && $6 == 13' "$out" | wc -l)
		if [ -z "$bad" ] && [ "$n8" -eq "$n13" ] && [ "$n8" -gt 0 ]; then
			ok "2alg $den: every RRset carries both algorithms' signatures ($n8 + $n13)"
		else
			not_ok "2alg $den: every RRset carries both algorithms' signatures"
			echo "#   $n8 RSASHA256 and $n13 ECDSAP256SHA256 RRSIGs; one-algorithm RRsets: $bad"
		fi
	done
else
	not_ok "2alg: sigil keygen makes RSASHA256 and ECDSAP256SHA256 keys"
	diag "$WORK/keygen.err"
fi

section repeat
# -- options: -k, --at, -j, --jitter (Ed25519 signatures are deterministic) ----------
kd=$WORK/keys.ED25519
edk1=$(ls "$kd" | sed -n "s/^\(K$gz\.+015+[0-9]*\)\.key$/\1/p" | sed -n 1p)
edk2=$(ls "$kd" | sed -n "s/^\(K$gz\.+015+[0-9]*\)\.key$/\1/p" | sed -n 2p)
out=$WORK/ed
if sign "repeat: sigil sign -j 2 --at (Ed25519, NSEC3)" "$out.j2" -K "$kd" --at "$at" -j 2 --nsec3 "$WORK/gen.zone" &&
	sign "repeat: the same again" "$out.j2b" -K "$kd" --at "$at" -j 2 --nsec3 "$WORK/gen.zone" &&
	sign "repeat: sigil sign -j 1" "$out.j1" -K "$kd" --at "$at" -j 1 --nsec3 "$WORK/gen.zone" &&
	sign "repeat: sigil sign -j 3" "$out.j3" -K "$kd" --at "$at" -j 3 --nsec3 "$WORK/gen.zone"; then
	same "repeat: two runs with the same --at give the same bytes" "$out.j2" "$out.j2b"
	same "repeat: -j 1 and -j 2 give the same bytes" "$out.j1" "$out.j2"
	same "repeat: -j 3 and -j 2 give the same bytes" "$out.j3" "$out.j2"
	# Signature times: inception = --at - 1h, expiration = --at + 14d.
	times=$(awk '$4 == "RRSIG" { print $10, $9 }' "$out.j2" | sort -u | tr '\n' ' ')
	want="$(utc_time $((at_s - 3600))) $(utc_time $((at_s + 14 * 86400))) "
	if [ "$times" = "$want" ]; then
		ok "times: every RRSIG from --at - 1h to --at + 14d"
	else
		not_ok "times: every RRSIG from --at - 1h to --at + 14d"
		echo "#   want '$want', got '$(echo "$times" | cut -c1-200)'"
	fi
fi
if [ -n "$edk1" ] && [ -n "$edk2" ] &&
	sign "keys: sigil sign -k KSK -k ZSK" "$out.k" -k "$kd/$edk1" -k "$kd/$edk2" --at "$at" -j 2 --nsec3 "$WORK/gen.zone"; then
	same "keys: -k with both key files = -K with their directory" "$out.j2" "$out.k"
fi
if sign "times: sigil sign --inception-offset 2h --validity 7d --jitter 1d" "$out.jit" -K "$kd" --at "$at" \
	--inception-offset 2h --validity 7d --jitter 1d "$WORK/gen.zone"; then
	inc=$(awk '$4 == "RRSIG" { print $10 }' "$out.jit" | sort -u | tr '\n' ' ')
	lo=$(utc_time $((at_s + 6 * 86400)))
	hi=$(utc_time $((at_s + 7 * 86400)))
	nexp=$(awk '$4 == "RRSIG" { print $9 }' "$out.jit" | sort -u | wc -l)
	outside=$(awk -v lo="$lo" -v hi="$hi" '$4 == "RRSIG" && ($9 < lo || $9 > hi) { print $9 }' "$out.jit" | head -n 3)
	if [ "$inc" = "$(utc_time $((at_s - 7200))) " ] && [ -z "$outside" ] && [ "$nexp" -gt 10 ]; then
		ok "times: inception --at - 2h, $nexp expirations spread over [--at + 6d, --at + 7d]"
	else
		not_ok "times: inception --at - 2h, expirations spread over [--at + 6d, --at + 7d]"
		echo "#   inceptions '$inc'; $nexp distinct expirations; outside: $outside"
	fi
	check "times: ldns-verify-zone accepts the jittered zone" ldns-verify-zone "$out.jit"
fi

section cds
# -- options: --cds ---------------------------------------------------------------
kd=$WORK/keys.ECDSAP256SHA256
ksk=$(ls "$kd" | sed -n "s/^\(K$ex\.+013+[0-9]*\)\.key$/\1/p" | while read -r k; do
	grep -q 'DNSKEY[ \t]*257' "$kd/$k.key" && echo "$k"
done | head -n 1)
out=$WORK/cds
if sign "cds: sigil sign --cds" "$out" -K "$kd" --at "$at" --cds "$exfile"; then
	verify3 "cds" "$out" $ex
	capture "$out.ds" "$SIGIL" ds --cds "$kd/$ksk"
	ds_norm <"$out.ds" >"$out.ds.n"
	rr_of "$out" CDS | ds_norm >"$out.cds.n"
	same "cds: the CDS RRset = sigil ds --cds on the KSK" "$out.ds.n" "$out.cds.n" "sigil ds --cds" "sigil sign --cds"
	capture "$out.dk" "$SIGIL" ds --cdnskey "$kd/$ksk"
	dnskey_norm <"$out.dk" | grep ' CDNSKEY ' >"$out.dk.n"
	rr_of "$out" CDNSKEY | dnskey_norm >"$out.cdnskey.n"
	same "cds: the CDNSKEY RRset = sigil ds --cdnskey on the KSK" "$out.dk.n" "$out.cdnskey.n" "sigil ds --cdnskey" "sigil sign --cds"
	expect "cds: the KSK alone signs CDS and CDNSKEY" "$(sig_tags "$out" CDS)$(sig_tags "$out" CDNSKEY)" = \
		"$(sig_tags "$out" DNSKEY)$(sig_tags "$out" DNSKEY)"
fi

section zonemd
# -- options: --zonemd --------------------------------------------------------------
# (kzonecheck 3.2 does not check the ZONEMD digest; ldns-verify-zone -Z does.)
awk -v N=10 -v ORIGIN=$gz. -v DNAMEOCC=0 -f "$GEN" >"$WORK/gen.nodn.zone"
for den in nsec optout; do
	case $den in
	nsec) dopt="" ;;
	optout) dopt="--nsec3 --opt-out" ;;
	esac
	out=$WORK/zonemd.$den
	# shellcheck disable=SC2086
	sign "zonemd $den: sigil sign --zonemd" "$out" -K "$kd" --at "$at" --zonemd $dopt "$WORK/gen.nodn.zone" || continue
	check "zonemd $den: ldns-verify-zone -ZZ (a valid ZONEMD, and DNSSEC) accepts it" ldns-verify-zone -ZZ "$out"
	check "zonemd $den: kzonecheck -d on accepts it" kzonecheck -o $gz -d on "$out"
	check "zonemd $den: dnssec-verify accepts it" dnssec-verify -o $gz "$out"
	expect "zonemd $den: one ZONEMD at the apex" "$(awk -v o=$gz. '$4 == "ZONEMD" && $1 == o' "$out" | wc -l)" -eq 1
	# Control: glue is not signed but is covered by the digest.
	sed 's/^\(ns1\.ins003\.gen\.test\.[ \t].*\)203\.0\.113\.3$/\1203.0.113.99/' "$out" >"$out.tampered"
	if cmp -s "$out" "$out.tampered"; then
		not_ok "zonemd $den: control: the tampered copy differs"
	else
		check_fails "zonemd $den: control: ldns-verify-zone -Z rejects changed glue" ldns-verify-zone -Z "$out.tampered"
	fi
done

section serial
# -- options: --serial ------------------------------------------------------------
serial_of()
{
	awk '$4 == "SOA" { print $7; exit }' "$1"
}
sed 's/2024010101/1/' "$exfile" >"$WORK/serial1.zone"
for p in keep increment unixtime date; do
	case $p in
	keep) src=$exfile want=2024010101 ;;
	increment) src=$exfile want=2024010102 ;;
	unixtime) src=$WORK/serial1.zone want=$at_s ;;
	date) src=$exfile want=$(date -u -d "@$at_s" +%Y%m%d 2>/dev/null || date -u -r "$at_s" +%Y%m%d)00 ;;
	esac
	out=$WORK/serial.$p
	if sign_json "$out" -K "$kd" --at "$at" --serial $p "$src"; then
		if [ "$(serial_of "$out")" = "$want" ] && [ "$(jget "$out.json" serial)" = "$want" ]; then
			ok "serial $p: $want"
		else
			not_ok "serial $p: $want"
			echo "#   SOA serial $(serial_of "$out"), JSON serial $(jget "$out.json" serial)"
		fi
		# The same policy again on the output, at the same time, must still go up.
		case $p in
		keep) want2=$want ;;
		*) want2=$((want + 1)) ;;
		esac
		if sign_json "$out.2" -K "$kd" --at "$at" --serial $p "$out" &&
			[ "$(serial_of "$out.2")" = "$want2" ]; then
			ok "serial $p again at the same time: $want2"
		else
			not_ok "serial $p again at the same time: $want2"
			echo "#   SOA serial $(serial_of "$out.2")"
			diag "$out.2.json.err"
		fi
	else
		not_ok "serial $p: sigil sign --serial $p"
		diag "$out.json.err"
	fi
done

section resign
# -- re-signing ---------------------------------------------------------------------
rs=$WORK/resign
for den in nsec optout; do
	case $den in
	nsec) dopt="" ;;
	optout) dopt="--nsec3 --opt-out" ;;
	esac
	d="resign $den"
	# shellcheck disable=SC2086
	sign "$d: first signing" "$rs.$den.1" -K "$kd" --at "$at" $dopt "$WORK/gen.zone" || continue
	total=$(count_type "$rs.$den.1" RRSIG)

	# No change, serial kept: every signature re-used, the output unchanged.
	# shellcheck disable=SC2086
	if sign_json "$rs.$den.keep" -K "$kd" --at "$at" --serial keep $dopt "$rs.$den.1"; then
		j=$rs.$den.keep.json
		expect "$d: no change, --serial keep: no signature created" "$(jget "$j" signatures_created)" -eq 0 "$j"
		expect "$d: no change, --serial keep: all $total signatures re-used" "$(jget "$j" signatures_reused)" -eq "$total" "$j"
		same "$d: no change, --serial keep: the output is the input" "$rs.$den.1" "$rs.$den.keep"
	else
		not_ok "$d: re-sign with --serial keep"
		diag "$rs.$den.keep.json.err"
	fi
	# No change, serial incremented: only the SOA signature is new.
	# shellcheck disable=SC2086
	if sign_json "$rs.$den.inc" -K "$kd" --at "$at" $dopt "$rs.$den.1"; then
		j=$rs.$den.inc.json
		expect "$d: no change, serial + 1: one signature created (the SOA's)" "$(jget "$j" signatures_created)" -eq 1 "$j"
		expect "$d: no change, serial + 1: $((total - 1)) signatures re-used" "$(jget "$j" signatures_reused)" -eq $((total - 1)) "$j"
		new=$(awk '$4 == "RRSIG"' "$rs.$den.1" | sort >"$rs.a"; awk '$4 == "RRSIG"' "$rs.$den.inc" | sort | comm -13 "$rs.a" - | awk '{ print $1, $5 }')
		expect "$d: no change, serial + 1: the new RRSIG is the SOA's" "$new" = "$gz. SOA"
	else
		not_ok "$d: re-sign with the serial incremented"
		diag "$rs.$den.inc.json.err"
	fi

	# Edits on the signed zone: add a name, remove an RRset and a name, change RDATA.
	awk '
		$1 == "host003.gen.test." && ($4 == "MX" || ($4 == "RRSIG" && $5 == "MX")) { next }
		$1 == "cn005.gen.test." { next }
		$1 == "host005.gen.test." && $4 == "A" { sub(/192\.0\.2\.105$/, "192.0.2.250") }
		{ print }
		$1 == "host007.gen.test." && $4 == "A" { print "added.host007.gen.test.\t3600\tIN\tA\t192.0.2.251" }
	' "$rs.$den.1" >"$rs.$den.edit"
	if [ "$(diff "$rs.$den.1" "$rs.$den.edit" | grep -c '^[<>]')" -lt 5 ]; then
		not_ok "$d: the edits changed the zone"
		continue
	fi
	# shellcheck disable=SC2086
	if sign_json "$rs.$den.2" -K "$kd" --at "$at" $dopt "$rs.$den.edit"; then
		ok "$d: re-sign after edits"
		verify3 "$d: re-signed after edits" "$rs.$den.2" $gz
		j=$rs.$den.2.json
		# New: SOA, host005 A, added A, and a few NSEC/NSEC3 (the added name, its
		# predecessor, host003's bitmap, cn005's predecessor).
		created=$(jget "$j" signatures_created)
		expect "$d: after edits, few signatures created (SOA, 2 A, up to 6 denial)" "$created" -le 9 "$j"
		expect "$d: after edits, at least the 3 changed RRsets' signatures created" "$created" -ge 3 "$j"
		awk '$4 == "RRSIG"' "$rs.$den.1" | sort >"$rs.a"
		awk '$4 == "RRSIG"' "$rs.$den.2" | sort | comm -13 "$rs.a" - | awk '{ print $1, $5 }' >"$rs.new"
		other=$(grep -v -e '^gen\.test\. SOA$' -e '^host005\.gen\.test\. A$' -e '^added\.host007\.gen\.test\. A$' \
			-e ' NSEC$' -e ' NSEC3$' "$rs.new" | tr '\n' ';')
		ndenial=$(grep -c -e ' NSEC$' -e ' NSEC3$' "$rs.new")
		if [ -z "$other" ] && [ "$ndenial" -le 6 ] && grep -q '^host005\.gen\.test\. A$' "$rs.new" &&
			grep -q '^added\.host007\.gen\.test\. A$' "$rs.new"; then
			ok "$d: after edits, new RRSIGs only for the changed RRsets, SOA and $ndenial denial records"
		else
			not_ok "$d: after edits, new RRSIGs only for the changed RRsets, SOA and denial records"
			sed 's/^/#   new RRSIG: /' "$rs.new" | head -n 20
		fi
	else
		not_ok "$d: re-sign after edits"
		diag "$rs.$den.2.json.err"
	fi
done

# --zonemd on both runs: the previous signatures are trusted on the strength of the
# ZONEMD and its signature; none is verified one by one.
out=$WORK/resign.zonemd
if sign "resign zonemd: first signing with --zonemd" "$out.1" -K "$kd" --at "$at" --zonemd "$WORK/gen.zone"; then
	total=$(count_type "$out.1" RRSIG)
	for p in keep increment; do
		if sign_json "$out.$p" -K "$kd" --at "$at" --zonemd --serial $p "$out.1"; then
			j=$out.$p.json
			expect "resign zonemd, serial $p: previous_signatures_trusted" "$(jget "$j" previous_signatures_trusted)" = true "$j"
			expect "resign zonemd, serial $p: no signature verified" "$(jget "$j" signatures_verified)" -eq 0 "$j"
			case $p in
			keep)
				expect "resign zonemd, serial keep: no signature created" "$(jget "$j" signatures_created)" -eq 0 "$j"
				expect "resign zonemd, serial keep: all $total re-used" "$(jget "$j" signatures_reused)" -eq "$total" "$j"
				;;
			increment)
				expect "resign zonemd, serial + 1: 2 signatures created (SOA, ZONEMD)" "$(jget "$j" signatures_created)" -eq 2 "$j"
				check "resign zonemd, serial + 1: ldns-verify-zone -ZZ accepts it" ldns-verify-zone -ZZ "$out.$p"
				;;
			esac
		else
			not_ok "resign zonemd: re-sign with --zonemd --serial $p"
			diag "$out.$p.json.err"
		fi
	done
fi

section timing
# -- keys: timing metadata ----------------------------------------------------------
kd=$WORK/keys.timing
day=86400
if tk_ksk=$(keygen "$kd" -f KSK $ex) && tk_zsk=$(keygen "$kd" -f ZSK $ex) &&
	tk_fut=$(keygen "$kd" -f ZSK -A $((now + 30 * day)) $ex) &&
	tk_ina=$(keygen "$kd" -f ZSK -A $((now - 9 * day)) -I $((now - 2 * day)) $ex) &&
	tk_del=$(keygen "$kd" -f ZSK -I $((now - 5 * day)) -D $((now - 3 * day)) $ex) &&
	tk_rev=$(keygen "$kd" -f KSK -R $((now - 2 * day)) $ex) &&
	tk_rv2=$(keygen "$kd" -f KSK --revoked $ex); then
	out=$WORK/timing
	if sign_json "$out" -K "$kd" --at "$at" "$exfile"; then
		ok "timing: sigil sign with keys in every state"
		pub=$(rr_of "$out" DNSKEY | dnskey_norm | awk '{ print $3, $6 }' | sort)
		tk_ksk_b64=$(key_b64 "$kd/$tk_ksk.key")
		tk_zsk_b64=$(key_b64 "$kd/$tk_zsk.key")
		tk_fut_b64=$(key_b64 "$kd/$tk_fut.key")
		tk_ina_b64=$(key_b64 "$kd/$tk_ina.key")
		tk_del_b64=$(key_b64 "$kd/$tk_del.key")
		tk_rev_b64=$(key_b64 "$kd/$tk_rev.key")
		tk_rv2_b64=$(key_b64 "$kd/$tk_rv2.key")
		rev_tag=$(keytag 385 3 13 "$tk_rev_b64")
		strip0() { echo "$1" | sed 's/^0*\([0-9]\)/\1/'; }
		has() { echo "$pub" | grep -q "^$1 $2\$"; }
		if has 257 "$tk_ksk_b64" && has 256 "$tk_zsk_b64" && has 256 "$tk_fut_b64" && has 256 "$tk_ina_b64" &&
			has 385 "$tk_rev_b64" && has 385 "$tk_rv2_b64" && [ "$(echo "$pub" | wc -l)" -eq 6 ]; then
			ok "timing: DNSKEY RRset = active, pre-active, retired and (REVOKE bit) revoked keys"
		else
			not_ok "timing: DNSKEY RRset = active, pre-active, retired and (REVOKE bit) revoked keys"
			echo "$pub" | sed 's/^/#   DNSKEY /'
		fi
		if echo "$pub" | grep -q "$tk_del_b64"; then
			not_ok "timing: a key deleted in the past is not published"
		else
			ok "timing: a key deleted in the past is not published"
		fi
		want_dnskey=$(printf '%s\n' "$(strip0 "${tk_ksk##*+}")" "$rev_tag" "$(strip0 "${tk_rv2##*+}")" | sort -u | tr '\n' ' ')
		expect "timing: DNSKEY signed by the KSK and both revoked KSKs (tags $want_dnskey)" \
			"$(sig_tags "$out" DNSKEY)" = "$want_dnskey"
		expect "timing: everything else signed by the active ZSK alone" \
			"$(sig_tags "$out" -DNSKEY)" = "$(strip0 "${tk_zsk##*+}") "
		expect "timing: JSON: 4 keys sign, 6 are published" \
			"$(jget "$out.json" keys_signing)/$(jget "$out.json" keys_published)" = 4/6 "$out.json"
		if run dnssec-verify -o $ex "$out"; then
			if grep -q 'KSKs: 1 active, 0 stand-by, 2 revoked' "$LOG" &&
				grep -q 'ZSKs: 1 active, 2 stand-by, 0 revoked' "$LOG"; then
				ok "timing: dnssec-verify accepts it (KSKs 1 active, 2 revoked; ZSKs 1 active, 2 stand-by)"
			else
				not_ok "timing: dnssec-verify accepts it (KSKs 1 active, 2 revoked; ZSKs 1 active, 2 stand-by)"
				diag "$LOG"
			fi
		else
			not_ok "timing: dnssec-verify accepts it"
			diag "$LOG"
		fi
		check "timing: ldns-verify-zone accepts it" ldns-verify-zone "$out"
		check "timing: kzonecheck -d on accepts it" kzonecheck -o $ex -d on "$out"
	else
		not_ok "timing: sigil sign with keys in every state"
		diag "$out.json.err"
	fi
else
	not_ok "timing: sigil keygen with -A, -I, -D, -R and --revoked"
	diag "$WORK/keygen.err"
fi

section multi-signer
# -- multi-signer: a foreign DNSKEY in the zone ---------------------------------------
ms=$WORK/ms
mkdir -p "$ms/foreign" "$ms/ours"
keygen "$ms/ours" -f KSK $ex >/dev/null && ms_zsk=$(keygen "$ms/ours" -f ZSK $ex)
if fk=$(cd "$ms/foreign" && dnssec-keygen -q -a ECDSAP256SHA256 $ex 2>"$ms/err") && [ -n "$ms_zsk" ]; then
	{ cat "$exfile"; grep -v '^;' "$ms/foreign/$fk.key"; } >"$ms/zone"
	out=$ms/signed
	if sign "multi-signer: sigil sign a zone with a foreign DNSKEY" "$out" -K "$ms/ours" --at "$at" "$ms/zone"; then
		if rr_of "$out" DNSKEY | dnskey_norm | grep -q "$(key_b64 "$ms/foreign/$fk.key")"; then
			ok "multi-signer: the foreign DNSKEY stays in the DNSKEY RRset"
		else
			not_ok "multi-signer: the foreign DNSKEY stays in the DNSKEY RRset"
		fi
		verify3 "multi-signer" "$out" $ex
	fi
else
	not_ok "multi-signer: dnssec-keygen and sigil keygen make keys"
	diag "$ms/err"
fi

# The same with a key tag collision between the foreign key and our ZSK. A given tag
# takes ~65536 keys to hit, but between two pools of keys (ours from sigil keygen,
# theirs from dnssec-keygen) a shared tag is expected after a few hundred of each.
# Both keygens read every key in their directory, so each pool is spread over small
# directories of 25 keys.
section collide
col=$WORK/collide
round=0 hit=""
# pool DIR COUNT CMD...: COUNT keys from CMD, run in DIR.1, DIR.2, ... (25 keys each).
pool()
{
	pl_dir=$1 pl_n=$2
	shift 2
	pl_i=0
	while [ $pl_i -lt "$pl_n" ]; do
		mkdir -p "$pl_dir.$((pl_i / 25))"
		(cd "$pl_dir.$((pl_i / 25))" && "$@" >/dev/null 2>&1) || return 1
		pl_i=$((pl_i + 1))
	done
}
while [ -z "$hit" ] && [ $round -lt 5 ]; do
	round=$((round + 1))
	pool "$col/ours.$round" 250 "$SIGIL" keygen -f ZSK --at "$keyat" $ex &
	bg=$!
	pool "$col/theirs.$round" 150 dnssec-keygen -q -a ECDSAP256SHA256 $ex
	wait $bg
	ls "$col"/ours.* | sed -n 's/^K.*+013+\([0-9]*\)\.key$/\1/p' | sort -u >"$col/tags.ours"
	ls "$col"/theirs.* | sed -n 's/^K.*+013+\([0-9]*\)\.key$/\1/p' | sort -u >"$col/tags.theirs"
	hit=$(comm -12 "$col/tags.ours" "$col/tags.theirs" | head -n 1)
done
echo "# collide: $(wc -l <"$col/tags.ours") sigil keys, $(wc -l <"$col/tags.theirs") dnssec-keygen keys, round $round: shared tag '${hit:-none}'"
if [ -z "$hit" ]; then
	not_ok "collide: a foreign key sharing a tag with one of ours was found"
else
	ok "collide: foreign (dnssec-keygen) and our (sigil keygen) ZSK share key tag $hit"
	ours=$(ls "$col"/ours.*/K$ex.+013+$hit.key | head -n 1)
	theirs=$(ls "$col"/theirs.*/K$ex.+013+$hit.key | head -n 1)
	mkdir -p "$col/keys"
	cp "${ours%.key}.key" "${ours%.key}.private" "$col/keys/"
	keygen "$col/keys" -f KSK $ex >/dev/null
	{ cat "$exfile"; grep -v '^;' "$theirs"; } >"$col/zone"
	out=$col/signed
	if sign "collide: sigil sign with our ZSK $hit and a foreign DNSKEY $hit in the zone" "$out" -K "$col/keys" --at "$at" "$col/zone"; then
		keys=$(rr_of "$out" DNSKEY | dnskey_norm | awk '{ print $6 }')
		if echo "$keys" | grep -q "$(key_b64 "$theirs")" && echo "$keys" | grep -q "$(key_b64 "$ours")" &&
			[ "$(echo "$keys" | wc -l)" -eq 3 ]; then
			ok "collide: both keys with tag $hit (and the KSK) are in the DNSKEY RRset"
		else
			not_ok "collide: both keys with tag $hit (and the KSK) are in the DNSKEY RRset"
			echo "$keys" | sed 's/^/#   /'
		fi
		check "collide: dnssec-verify accepts it" dnssec-verify -o $ex "$out"
		check "collide: ldns-verify-zone accepts it" ldns-verify-zone "$out"
		# kzonecheck 3.2 is no judge here: it tries every RRSIG with a key's tag against
		# that key and reports "unknown error" when the other key of that tag fails.
		if kzonecheck -o $ex -d on "$out" >"$col/knot.log" 2>&1; then kv=accepted; else kv="rejected ($(head -n 1 "$col/knot.log"))"; fi
		echo "# collide: for the record: kzonecheck on sigil's output: $kv"
		if sign_json "$out.again" -K "$col/keys" --at "$at" --serial keep "$out"; then
			expect "collide: a no-change re-sign creates no signature" \
				"$(jget "$out.again.json" signatures_created)" -eq 0 "$out.again.json"
			same "collide: a no-change re-sign keeps the zone as it is" "$out" "$out.again"
		else
			not_ok "collide: re-sign with --serial keep"
			diag "$out.again.json.err"
		fi
		# The peers on the same input, for the record (no assertion): BIND's smart signing
		# and ldns-signzone match keys by tag, so they may drop the foreign key.
		if (cd "$col" && dnssec-signzone -S -O full -K "$col/keys" -o $ex -f "$col/bind" "$col/zone") >"$col/bind.log" 2>&1; then
			bk=$(awk '$4 == "DNSKEY"' "$col/bind" | dnskey_norm | grep -c "$(key_b64 "$theirs")")
			if dnssec-verify -o $ex "$col/bind" >"$col/bind.v" 2>&1; then bv=accepted; else bv="rejected ($(grep -m1 -i 'error\|fatal\|bad\|no ' "$col/bind.v"))"; fi
			echo "# collide: for the record: dnssec-signzone -S kept the foreign key: $bk; dnssec-verify on BIND's output: $bv"
		else
			echo "# collide: for the record: dnssec-signzone -S failed: $(tail -n 1 "$col/bind.log")"
		fi
		if ldns-signzone -o $ex -f "$col/ldns" "$col/zone" "$col/keys/$(basename "${ours%.key}")" \
			"$(ls "$col"/keys/*.key | grep -v "+$hit.key" | sed 's/\.key$//')" >"$col/ldns.log" 2>&1; then
			lk=$(awk '$4 == "DNSKEY"' "$col/ldns" | dnskey_norm | grep -c "$(key_b64 "$theirs")")
			if ldns-verify-zone "$col/ldns" >"$col/ldns.v" 2>&1; then lv=accepted; else lv="rejected ($(head -n 1 "$col/ldns.v"))"; fi
			echo "# collide: for the record: ldns-signzone kept the foreign key: $lk; ldns-verify-zone on its output: $lv"
		fi
	fi
fi

section errors
# -- errors -------------------------------------------------------------------------
kd=$WORK/keys.err
keygen "$kd" -f CSK e.test >/dev/null
er=$WORK/err
mkdir -p "$er"
hdr='$ORIGIN e.test.
$TTL 300
@	SOA	ns1 hostmaster 1 7200 3600 1209600 300
@	NS	ns1
ns1	A	192.0.2.1'
printf '%s\nwww\tCNAME\tns1\nwww\tA\t192.0.2.2\n' "$hdr" >"$er/cname.zone"
printf '%s\n@\tSOA\tns2 hostmaster 2 7200 3600 1209600 300\n' "$hdr" >"$er/twosoa.zone"
printf '%s\nfoo.example.\tA\t192.0.2.3\n' "$hdr" >"$er/outside.zone"
printf '%s\n@\tDS\t12345 13 2 B4C8C1FE2E7477127B27115656AD6256F424625BF5C1E2770CE6D6E37DF61D17\n' "$hdr" >"$er/apexds.zone"
printf 'x\tA\t192.0.2.9\n' >"$er/part.zone"
printf '%s\n$INCLUDE %s\n' "$hdr" "$er/part.zone" >"$er/include.zone"
printf '%s\n$GENERATE 1-3 h$ A 192.0.2.$\n' "$hdr" >"$er/generate.zone"
for spec in cname:6 twosoa:6 outside:6 apexds:6 include:6:--no-include generate:6:--no-generate; do
	name=${spec%%:*} rest=${spec#*:}
	line=${rest%%:*} opt=""
	[ "$rest" = "$line" ] || opt=${rest#*:}
	zf=$er/$name.zone
	echo "previous" >"$er/$name.out"
	# shellcheck disable=SC2086
	"$SIGIL" sign -q -K "$kd" $opt -f "$er/$name.out" "$zf" >"$er/$name.log" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && grep -q "$zf:$line: " "$er/$name.log" && [ "$(cat "$er/$name.out")" = previous ]; then
		ok "errors $name${opt:+ ($opt)}: exit 2, '$(basename "$zf"):$line: ...', output untouched"
	else
		not_ok "errors $name${opt:+ ($opt)}: exit 2, '$(basename "$zf"):$line: ...', output untouched"
		echo "#   exit $rc; output file: $(head -c 40 "$er/$name.out")"
		diag "$er/$name.log"
	fi
done
# Without the refusal flags, the directives work.
if sign "errors: \$INCLUDE and \$GENERATE are read without --no-include/--no-generate" "$er/gen.out" -K "$kd" "$er/generate.zone" &&
	sign "errors: \$INCLUDE is read without --no-include" "$er/inc.out" -K "$kd" "$er/include.zone"; then
	expect "errors: \$GENERATE made 3 names, \$INCLUDE 1" \
		"$(awk '$4 == "A" && $1 ~ /^h[0-9]\./' "$er/gen.out" | wc -l)/$(awk '$4 == "A" && $1 == "x.e.test."' "$er/inc.out" | wc -l)" = 3/1
fi

section kill
# -- kill -9 during a big signing run -------------------------------------------------
big=$WORK/big
mkdir -p "$big/out"
awk -v N=200000 -v ORIGIN=big.test. -f "$GENBIG" >"$big/zone"
keygen "$big/keys" -f CSK big.test >/dev/null
# 1. Killed a second in: no output, no partial file.
"$SIGIL" sign -q -K "$big/keys" -f "$big/out/big.signed" "$big/zone" >/dev/null 2>&1 &
pid=$!
sleep 1
if kill -0 $pid 2>/dev/null; then
	kill -9 $pid
	wait $pid 2>/dev/null
	left=$(ls -A "$big/out")
	if [ -z "$left" ]; then
		ok "kill: sigil sign killed after 1 s (200k names) leaves no output and no partial file"
	else
		not_ok "kill: sigil sign killed after 1 s (200k names) leaves no output and no partial file"
		echo "#   left behind: $left"
	fi
else
	wait $pid
	not_ok "kill: sigil sign still runs 1 s into a 200k-name zone (it ended first; cannot test)"
fi
# 2. Killed while writing its output (a 60k-name zone to get there sooner): the previous
# output is intact and nothing else is left. sigil writes to an unnamed file (O_TMPFILE),
# seen only as "<dir>/#... (deleted)" among its open files, or, where the file system
# lacks O_TMPFILE, to a named temporary file beside the target.
awk -v N=60000 -v ORIGIN=big.test. -f "$GENBIG" >"$big/zone"
echo "previous signed zone" >"$big/out/big.signed"
cp "$big/out/big.signed" "$big/prev"
"$SIGIL" sign -q -K "$big/keys" -f "$big/out/big.signed" "$big/zone" >/dev/null 2>&1 &
pid=$!
caught=0 i=0
writing() {
	[ -n "$(ls -A "$big/out" | grep -v '^big\.signed$')" ] && return 0
	for fd in /proc/$1/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		"$big/out/"*) return 0 ;;
		esac
	done
	return 1
}
while [ $i -lt 1200 ] && kill -0 $pid 2>/dev/null; do
	if writing $pid; then
		# Let it write a while first: the output must be well under way.
		sleep 0.2
		kill -9 $pid && caught=1
		break
	fi
	sleep 0.05
	i=$((i + 1))
done
wait $pid 2>/dev/null
if [ $caught -eq 1 ]; then
	if cmp -s "$big/prev" "$big/out/big.signed"; then
		ok "kill: sigil sign killed while writing leaves the previous output intact"
	else
		not_ok "kill: sigil sign killed while writing leaves the previous output intact"
	fi
	left=$(ls -A "$big/out" | grep -v '^big\.signed$')
	if [ -z "$left" ]; then
		ok "kill: sigil sign killed while writing leaves no partial file"
	else
		not_ok "kill: sigil sign killed while writing leaves no partial file"
		echo "#   left behind: $left ($(cd "$big/out" && du -k $left | awk '{ print $1 }') KB)"
	fi
else
	not_ok "kill: caught sigil sign while it writes (no output file open before it ended)"
fi
rm -rf "$big"
section ""

finish
