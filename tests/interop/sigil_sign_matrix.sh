#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "sigil_sign_matrix": zones signed by `sigil sign` are accepted by the peers' validators,
# and sign's features do what they say (tests/interop/sigil_sign_lib.sh has the helpers).
#   matrix     algorithms 8, 10, 13, 14, 15, 16 (a KSK and a ZSK from `sigil keygen`) x
#              NSEC, NSEC3, NSEC3 opt-out x the test zone and a generated zone
#              (gensignzone.awk: delegations secure and insecure, glue, DS, wildcards,
#              empty non-terminals, CNAMEs, data occluded by delegations and DNAMEs, odd
#              TXT, escaped names): dnssec-verify, ldns-verify-zone and kzonecheck accept
#              each, and validns the RSA ones. (validns 0.8 on Debian 12 cannot verify
#              ECDSA or EdDSA signatures at all, not even BIND's: "error building pkey".)
#   rdata      a zone with many RR types: the signed output parses in every peer
. "$(dirname "$0")/sigil_sign_lib.sh"

section matrix
# -- matrix: every algorithm x every denial x two zones -------------------------------

for spec in $ALGS; do
	n=${spec%%:*}
	alg=${spec#*:}
	kd=$WORK/keys.$alg
	if ! std_keys "$n" "$alg"; then
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

section ""

finish
