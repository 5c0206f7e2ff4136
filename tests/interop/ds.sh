#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "ds": for keys made by `sigil keygen`, `sigil ds` prints the same DS as
# BIND's dnssec-dsfromkey and ldns-key2ds, for every algorithm and every digest (SHA-1,
# SHA-256, SHA-384), for KSKs and (with --all) ZSKs, from K-files and from a DNSKEY-set
# zone file; --cds matches dnssec-dsfromkey -C; --cdnskey repeats the key's DNSKEY.
# Digests are compared case-insensitively (normalised by ds_norm).
. "$(dirname "$0")/lib.sh"

zone=example.test
set_file=$WORK/dnskeys.zone
echo '$TTL 3600' >"$set_file" # sigil's .key files carry no TTL unless --ttl is given

for spec in $ALGS; do
	n=${spec%%:*}
	alg=${spec#*:}
	d=$WORK/$alg
	mkdir -p "$d"
	bits=$(rsa_bits "$n")
	# shellcheck disable=SC2086 # $bits is empty or two words on purpose
	if ! capture "$d/ksk" "$SIGIL" keygen -K "$d" -a "$alg" $bits -f KSK $zone ||
		! capture "$d/zsk" "$SIGIL" keygen -K "$d" -a "$alg" $bits -f ZSK $zone; then
		not_ok "sigil keygen makes a $alg KSK and ZSK"
		diag "$d/ksk.err"
		diag "$d/zsk.err"
		continue
	fi
	ksk=$d/$(cat "$d/ksk")
	zsk=$d/$(cat "$d/zsk")
	grep -hv '^;' "$ksk.key" "$zsk.key" >>"$set_file"

	for dspec in $DIGESTS; do
		dn=${dspec%%:*}
		dname=${dspec#*:}
		# KSK: the default selection.
		capture "$d/s$dn" "$SIGIL" ds -d "$dname" "$ksk.key"
		ds_norm <"$d/s$dn" >"$d/s$dn.n"
		capture "$d/b$dn" dnssec-dsfromkey -a "$dname" "$ksk.key"
		ds_norm <"$d/b$dn" >"$d/b$dn.n"
		same "ds $alg KSK $dname: sigil ds = dnssec-dsfromkey" "$d/b$dn.n" "$d/s$dn.n" \
			dnssec-dsfromkey "sigil ds"
		capture "$d/l$dn" ldns-key2ds -n "-$dn" "$ksk.key"
		ds_norm <"$d/l$dn" >"$d/l$dn.n"
		same "ds $alg KSK $dname: sigil ds = ldns-key2ds" "$d/l$dn.n" "$d/s$dn.n" \
			ldns-key2ds "sigil ds"
		# ZSK: only with --all (ldns-key2ds needs -f for a key without the SEP bit).
		capture "$d/sz$dn" "$SIGIL" ds --all -d "$dname" "$zsk.key"
		ds_norm <"$d/sz$dn" >"$d/sz$dn.n"
		capture "$d/bz$dn" dnssec-dsfromkey -a "$dname" "$zsk.key"
		ds_norm <"$d/bz$dn" >"$d/bz$dn.n"
		same "ds $alg ZSK $dname: sigil ds --all = dnssec-dsfromkey" "$d/bz$dn.n" "$d/sz$dn.n" \
			dnssec-dsfromkey "sigil ds --all"
		capture "$d/lz$dn" ldns-key2ds -n -f "-$dn" "$zsk.key"
		ds_norm <"$d/lz$dn" >"$d/lz$dn.n"
		same "ds $alg ZSK $dname: sigil ds --all = ldns-key2ds -f" "$d/lz$dn.n" "$d/sz$dn.n" \
			"ldns-key2ds -f" "sigil ds --all"
	done

	# All three digests in one run, in the order given.
	capture "$d/s3" "$SIGIL" ds -d SHA-1 -d SHA-256 -d SHA-384 "$ksk"
	ds_norm <"$d/s3" >"$d/s3.n"
	cat "$d/b1.n" "$d/b2.n" "$d/b4.n" | LC_ALL=C sort >"$d/b3.n"
	same "ds $alg: sigil ds -d SHA-1 -d SHA-256 -d SHA-384 BASENAME = dnssec-dsfromkey x3" \
		"$d/b3.n" "$d/s3.n" dnssec-dsfromkey "sigil ds"

	# CDS (RFC 7344) and CDNSKEY.
	capture "$d/scds" "$SIGIL" ds --cds "$ksk.key"
	ds_norm <"$d/scds" >"$d/scds.n"
	capture "$d/bcds" dnssec-dsfromkey -C -a SHA-256 "$ksk.key"
	ds_norm <"$d/bcds" >"$d/bcds.n"
	same "ds $alg: sigil ds --cds = dnssec-dsfromkey -C" "$d/bcds.n" "$d/scds.n" \
		"dnssec-dsfromkey -C" "sigil ds --cds"
	capture "$d/scdk" "$SIGIL" ds --cdnskey "$ksk.key"
	dnskey_norm <"$d/scdk" | sed 's/ CDNSKEY / DNSKEY /' >"$d/scdk.n"
	dnskey_norm <"$ksk.key" >"$d/kdk.n"
	same "ds $alg: sigil ds --cdnskey repeats the DNSKEY of the .key file" "$d/kdk.n" \
		"$d/scdk.n" "$ksk.key" "sigil ds --cdnskey"
done

# The DNSKEY set of every algorithm as one zone file (BIND's keyset input).
for dspec in $DIGESTS; do
	dn=${dspec%%:*}
	dname=${dspec#*:}
	capture "$WORK/sset$dn" "$SIGIL" ds --all -d "$dname" "$set_file"
	ds_norm <"$WORK/sset$dn" >"$WORK/sset$dn.n"
	capture "$WORK/bset$dn" dnssec-dsfromkey -A -a "$dname" -f "$set_file" $zone
	ds_norm <"$WORK/bset$dn" >"$WORK/bset$dn.n"
	same "ds DNSKEY-set file, all algorithms, $dname: sigil ds --all = dnssec-dsfromkey -A -f" \
		"$WORK/bset$dn.n" "$WORK/sset$dn.n" "dnssec-dsfromkey -A -f" "sigil ds --all"
done
capture "$WORK/ssetk" "$SIGIL" ds "$set_file"
ds_norm <"$WORK/ssetk" >"$WORK/ssetk.n"
capture "$WORK/bsetk" dnssec-dsfromkey -a SHA-256 -f "$set_file" $zone
ds_norm <"$WORK/bsetk" >"$WORK/bsetk.n"
same "ds DNSKEY-set file, KSKs only: sigil ds = dnssec-dsfromkey -f" "$WORK/bsetk.n" \
	"$WORK/ssetk.n" "dnssec-dsfromkey -f" "sigil ds"

finish
