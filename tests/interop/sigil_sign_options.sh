#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "sigil_sign_options": zones signed by `sigil sign` are accepted by the peers' validators,
# and sign's features do what they say (tests/interop/sigil_sign_lib.sh has the helpers).
#   options    --cds = sigil ds --cds --cdnskey; --zonemd (ldns-verify-zone -ZZ); --serial
#              keep/increment/unixtime/date; --at gives identical output; --jitter;
#              -j 1 = -j 2 = -j 3 byte for byte with Ed25519; -k = -K
#   re-signing no change re-uses every signature (with --zonemd without verifying any);
#              after an edit only the touched RRsets, their NSEC/NSEC3 neighbours and the
#              SOA get new signatures, and the peers accept the result
. "$(dirname "$0")/sigil_sign_lib.sh"

for spec in "15 ED25519" "13 ECDSAP256SHA256"; do
	# shellcheck disable=SC2086
	if ! std_keys $spec; then
		not_ok "sigil_sign_options: sigil keygen makes the ${spec#* } KSKs and ZSKs"
		diag "$WORK/keygen.err"
		finish
		exit 1
	fi
done

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
# A zone of several batches of names: the digest's input is made on every core and hashed
# in order (libsign/src/zone/zone_pipe.c); ldns-verify-zone computes it again by itself.
awk -v N=7000 -v ORIGIN=$gz. -f "$here/../../bench/genzone.awk" >"$WORK/gen.large.zone"
out=$WORK/zonemd.large
if sign "zonemd large: sigil sign --zonemd of 9,678 names" "$out" -K "$kd" --at "$at" --zonemd "$WORK/gen.large.zone"; then
	check "zonemd large: ldns-verify-zone -ZZ (a valid ZONEMD, and DNSSEC) accepts it" ldns-verify-zone -ZZ "$out"
fi

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
kd=$WORK/keys.ECDSAP256SHA256
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

section ""

finish
