#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "chain_offline": `sigil chain` over the test hierarchy from files
# (tests/interop/chain_lib.sh has the cases and helpers):
#
#   build      testzones/hierarchy/build.sh reproduces the committed zones and anchors
#   --zones    every case over the signed zone files
#   --bundle   what `--save` wrote (text and RFC 9102 wire), re-run offline: same verdict
#   anchors    the DNSKEY form of the anchor; a validation time before the signatures
. "$(dirname "$0")/chain_lib.sh"

# -- the committed hierarchy is what its build script makes (ECDSA signatures aside: they
# are not deterministic in OpenSSL 3.0, and so neither is the authenticator line that ends
# every file sigil signs, a MAC over the file's bytes)
mask_ecdsa()
{
	awk -F '\t' 'BEGIN { OFS = "\t" }
		/^; sigil-auth / { next }
		$4 == "RRSIG" { n = split($5, f, " "); if (f[2] == 13) { f[n] = "<ecdsa>"; s = f[1]; for (i = 2; i <= n; i++) s = s " " f[i]; $5 = s } }
		{ print }' "$1"
}
if run env SIGIL="$SIGIL" sh "$top/testzones/hierarchy/build.sh" "$WORK/rebuilt"; then
	differ=""
	for f in "$H"/*.zone; do
		mask_ecdsa "$f" >"$WORK/committed.masked"
		mask_ecdsa "$WORK/rebuilt/$(basename "$f")" >"$WORK/rebuilt.masked" 2>/dev/null
		cmp -s "$WORK/committed.masked" "$WORK/rebuilt.masked" || differ="$differ $(basename "$f")"
	done
	for f in root.anchor root.anchor.dnskey; do
		cmp -s "$top/keys/hierarchy/$f" "$WORK/rebuilt/$f" || differ="$differ $f"
	done
	if [ -z "$differ" ]; then
		ok "testzones/hierarchy/build.sh reproduces the committed zones and anchors"
	else
		not_ok "testzones/hierarchy/build.sh reproduces the committed zones and anchors (differ:$differ)"
	fi
else
	not_ok "testzones/hierarchy/build.sh runs"
	diag "$LOG"
fi

# -- offline: zone files, and bundles saved from them
offline_case()
{
	oc_id=$(echo "$1-$2" | tr -c 'a-zA-Z0-9\n-' '_')
	chain_check "zones: $1 $2 is $3 ($4)" "$3" "$4" "$5" -- \
		--anchor "$ANCHOR" --at $AT --zones "$H" "$1" "$2"
	for fmt in text wire; do
		chain_check "zones --save ($fmt): $1 $2 is $3" "$3" "$4" "$5" -- --anchor "$ANCHOR" \
			--at $AT --zones "$H" --save "$WORK/$oc_id.$fmt" --save-format $fmt "$1" "$2"
		bundle_check zones "$WORK/$oc_id.$fmt" "$@"
	done
}
echo "# offline: --zones and --bundle"
each_case offline_case

# The DNSKEY form of the anchor gives the same chain.
chain_check "zones, DNSKEY anchor: www.nsec.test. A is secure" secure - answer -- \
	--anchor "$top/keys/hierarchy/root.anchor.dnskey" --at $AT --zones "$H" www.nsec.test. A
# Validity: before 2026 the hierarchy's signatures are not valid yet.
chain_check "zones at 2025-06-01: the root DNSKEY RRset is not yet valid" bogus rrsig-not-yet-valid dnskey -- \
	--anchor "$ANCHOR" --at 20250601000000 --zones "$H" www.nsec.test. A

flush_checks
finish
