#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "sigil_sign_keys": zones signed by `sigil sign` are accepted by the peers' validators,
# and sign's features do what they say (tests/interop/sigil_sign_lib.sh has the helpers).
#   keys       a CSK alone; two algorithms at once (every RRset signed by both);
#              key timing (future Activate, past Inactive, past Delete, revoked KSKs)
#   multi-signer  a foreign DNSKEY in the zone is kept, also when it shares its key tag
#              with our ZSK (found by generating keys until two tags meet)
. "$(dirname "$0")/sigil_sign_lib.sh"

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

section ""

finish
