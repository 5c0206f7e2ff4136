#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerate the signed test hierarchy (signed/*.zone) from the unsigned zones in
# unsigned/ and the fixed keys in keys/hierarchy/, with `sigil sign`. Every signature is
# valid from 2026-01-01 until 2036-01-01, except where a case breaks it on purpose (see
# README.md). Keys that are missing are made with `sigil keygen` (active since 2024-01-01,
# so that the expired case can be signed in 2025); the committed keys are never replaced.
#
# Same inputs, same records: RSASHA256 (nsec3.test.) and ED25519 (optout.test.) signatures
# come out byte for byte the same; ECDSA signatures differ from run to run (OpenSSL 3.0
# has no deterministic ECDSA) but sign the same data with the same times.
#
# Usage: sh testzones/hierarchy/build.sh [OUTDIR]
#   Without OUTDIR: the zones go to testzones/hierarchy/signed and the anchors to
#   keys/hierarchy/root.anchor{,.dnskey}; with OUTDIR, all of it goes to OUTDIR (the
#   interop test rebuilds there and compares). SIGIL=/path/to/sigil overrides build/sigil.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SIGIL=${SIGIL:-$top/build/sigil}
in=$here/unsigned
outdir_given=${1:-}
out=${1:-$here/signed}
anchors=${1:-$top/keys/hierarchy}
keys=$top/keys/hierarchy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigil-hierarchy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

KEY_AT=20240101000000                  # keys active from here on
SIGN="--at 20260101000000 --inception-offset 0 --validity 3652d --serial keep -q -j 1"
EXPIRED="--at 20250101000000 --inception-offset 0 --validity 30d --serial keep -q -j 1"

# ZONE ALGORITHM DENIAL, children before parents (a parent needs its children's DS).
signed_zones="
nsec.test. ECDSAP256SHA256 nsec
nsec3.test. RSASHA256 nsec3
optout.test. ED25519 optout
baddigest.test. ECDSAP256SHA256 nsec
expired.test. ECDSAP256SHA256 nsec
nokey.test. ECDSAP256SHA256 nsec
stripped.test. ECDSAP256SHA256 nsec
wrongalg.test. ECDSAP256SHA256 nsec
unsupported.test. ECDSAP256SHA256 nsec
test. ECDSAP256SHA256 nsec
. ECDSAP256SHA256 nsec
"
unsigned_zones="insecure.test. island.optout.test. insecure.nsec3.test."

# file ZONE: the zone's file name ("root.zone" for the root).
file()
{
	case $1 in
	.) echo root.zone ;;
	*) echo "${1%.}.zone" ;;
	esac
}

# keyfile DIR ZONE KSK|ZSK: the basename of the zone's key of that role in DIR, if any.
keyfile()
{
	kf_flags=256
	[ "$3" = KSK ] && kf_flags=257
	for kf in "$1"/K"$2"+*.key; do
		[ -f "$kf" ] || continue
		if grep -v '^;' "$kf" | awk -v f=$kf_flags '$3 == "DNSKEY" && $4 == f { ok = 1 } END { exit !ok }'; then
			basename "$kf" .key
			return 0
		fi
	done
	return 1
}

# keys DIR ZONE ALG ROLE...: make the keys the zone lacks (never with OUTDIR, which must
# leave the source tree alone).
keys()
{
	k_dir=$1 k_zone=$2 k_alg=$3
	shift 3
	for role in "$@"; do
		keyfile "$k_dir" "$k_zone" "$role" >/dev/null && continue
		if [ -n "$outdir_given" ]; then
			echo "build.sh: no $role for $k_zone in $k_dir (run without OUTDIR to make it)" >&2
			exit 1
		fi
		mkdir -p "$k_dir"
		"$SIGIL" keygen -K "$k_dir" -a "$k_alg" -f "$role" --at $KEY_AT "$k_zone" >/dev/null
	done
}

# ds ZONE [DIR]: the DS (SHA-256) of the zone's KSK in DIR (default: the keys directory).
ds()
{
	"$SIGIL" ds "${2:-$keys}/$(keyfile "${2:-$keys}" "$1" KSK).key"
}

# sign ZONE DENIAL INPUT OUTPUT [OPTIONS]
sign()
{
	s_zone=$1 s_denial=$2 s_in=$3 s_out=$4
	shift 4
	case $s_denial in
	nsec) set -- "$@" ;;
	nsec3) set -- "$@" --nsec3 ;;
	optout) set -- "$@" --nsec3 --opt-out ;;
	esac
	# shellcheck disable=SC2086
	"$SIGIL" sign -K "$keys" -o "$s_zone" $SIGN "$@" -f "$s_out" "$s_in"
}

# -- keys
echo "$signed_zones" | while read -r zone alg denial; do
	[ -n "$zone" ] || continue
	keys "$keys" "$zone" "$alg" KSK ZSK
done
# nokey.test.: the parent's DS names this KSK, which the zone does not publish.
keys "$keys/unpublished" nokey.test. ECDSAP256SHA256 KSK

# -- the children's DS, as the parent publishes them (the broken ones on purpose)
for zone in nsec.test. nsec3.test. optout.test. expired.test. stripped.test.; do
	ds $zone
done >"$tmp/test.ds"
# baddigest.test.: the last hex digit of the digest changed.
ds baddigest.test. | awk '{ d = $NF; c = substr(d, length(d)); $NF = substr(d, 1, length(d) - 1) (c == "0" ? "1" : "0"); print }' >>"$tmp/test.ds"
# nokey.test.: the DS of a key the zone does not publish.
ds nokey.test. "$keys/unpublished" >>"$tmp/test.ds"
# wrongalg.test.: the right key tag and digest, but algorithm 8 (RSASHA256) where the key
# is algorithm 13; the zone has no RSASHA256 key at all.
ds wrongalg.test. | awk '{ for (i = 1; i < NF; i++) if ($i == "DS") { $(i + 2) = 8; break } print }' >>"$tmp/test.ds"
# unsupported.test.: only the DS of its algorithm-17 key.
grep -v '^;' "$in/unsupported.test.zone" | awk '$2 == "DNSKEY" { print "unsupported.test. 3600 IN DNSKEY", $3, $4, $5, $6 }' >"$tmp/k17"
"$SIGIL" ds "$tmp/k17" 2>/dev/null >>"$tmp/test.ds"

mkdir -p "$out"
echo "$signed_zones" | while read -r zone alg denial; do
	[ -n "$zone" ] || continue
	f=$(file "$zone")
	cp "$in/$f" "$tmp/$f"
	case $zone in
	test.) cat "$tmp/test.ds" >>"$tmp/$f" ;;
	.) ds test. >>"$tmp/$f" ;;
	esac
	sign "$zone" "$denial" "$tmp/$f" "$out/$f"
done

# -- breakage after signing
# expired.test.: the signature over www's A RRset comes from a signing in January 2025
# with 30 days of validity.
# shellcheck disable=SC2086
sign expired.test. nsec "$in/expired.test.zone" "$tmp/expired.old" $EXPIRED
awk -F '\t' 'NR == FNR { if ($1 == "www.expired.test." && $4 == "RRSIG" && $5 ~ /^A /) old = old $0 "\n"; next }
	$1 == "www.expired.test." && $4 == "RRSIG" && $5 ~ /^A / { if (old != "") printf "%s", old; old = ""; next }
	{ print }' "$tmp/expired.old" "$out/expired.test.zone" >"$tmp/expired.new"
mv "$tmp/expired.new" "$out/expired.test.zone"
# stripped.test.: the signature over www's A RRset removed.
awk -F '\t' '!($1 == "www.stripped.test." && $4 == "RRSIG" && $5 ~ /^A /)' \
	"$out/stripped.test.zone" >"$tmp/stripped.new"
mv "$tmp/stripped.new" "$out/stripped.test.zone"

# -- the unsigned zones below the insecure delegations, served as they are
for zone in $unsigned_zones; do
	cp "$in/$(file "$zone")" "$out/$(file "$zone")"
done

# -- the trust anchor: the test root's KSK as DS, and as DNSKEY
ds . >"$anchors/root.anchor"
grep -v '^;' "$keys/$(keyfile "$keys" . KSK).key" >"$anchors/root.anchor.dnskey"
echo "build.sh: signed $(echo "$signed_zones" | grep -c .) zones into $out"
