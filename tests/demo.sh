#!/bin/sh
# SPDX-License-Identifier: MIT
# make demo: sigil's main job end to end on the bundled test zone, explained as it goes.
# Everything happens in a temporary directory; nothing outside it is touched.
set -eu
SIGIL=${SIGIL:?set SIGIL to the sigil binary}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/sigil-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"

if [ -t 1 ]; then
	say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
	say() { printf '\n== %s\n' "$*"; }
fi
run() { printf '$ %s\n' "$*"; "$@"; }

cp "$top/testzones/demo/example.com.zone" .

say "1. Create a key-signing key and a zone-signing key (ECDSAP256SHA256, BIND file format)"
run "$SIGIL" keygen -f KSK example.com
run "$SIGIL" keygen -f ZSK example.com
ls -l K*

say "2. Sign the zone: NSEC3 with opt-out, a ZONEMD digest, CDS/CDNSKEY for the KSK"
run "$SIGIL" sign --nsec3 --opt-out --zonemd --cds example.com.zone
echo "The signed zone is example.com.zone.signed, written atomically. The first lines:"
head -n 12 example.com.zone.signed | cut -c1-110

say "3. Verify it offline: every signature, the NSEC3 chain, the ZONEMD digest"
run "$SIGIL" verify example.com.zone.signed

say "4. The same zone through the peers' verifiers"
run dnssec-verify -q -o example.com example.com.zone.signed && echo "dnssec-verify: zone verified"
run ldns-verify-zone -Z example.com.zone.signed
run kzonecheck -o example.com -d on example.com.zone.signed && echo "kzonecheck: no errors"

say "5. Re-sign with no change: earlier signatures are kept, taken on the strength of the signed ZONEMD"
cp example.com.zone.signed previous.signed
run "$SIGIL" sign --nsec3 --opt-out --serial keep -f resigned.zone previous.signed
run cmp example.com.zone.signed resigned.zone && echo "identical to the first signing, byte for byte"

say "6. The DS record to hand to the registrar (SHA-256), also as JSON"
run "$SIGIL" ds K*.key
run "$SIGIL" ds --json K*.key

say "7. Damage one signature and watch verify name it"
awk 'done == 0 && $4 == "RRSIG" && $5 == "MX" { n = length($NF); $NF = substr($NF, 1, n - 6) "AAAA" substr($NF, n - 1); done = 1 } { print }' \
	example.com.zone.signed > broken.zone
run "$SIGIL" verify broken.zone || echo "(exit status $?: the zone is invalid, as it should be)"

hier="$top/testzones/hierarchy"
anchor="$top/keys/hierarchy/root.anchor"
say "8. Chains of trust from a test root's anchor down, over the bundled test hierarchy"
echo "(testzones/hierarchy: a root, the TLD test. and a zone for each outcome; see its README)"
run "$SIGIL" chain --anchor "$anchor" --zones "$hier/signed" --at 20270101000000 www.nsec3.test A
echo "(every link secure: anchor, root DNSKEY, DS and DNSKEY of test. and nsec3.test., the answer)"
run "$SIGIL" chain --anchor "$anchor" --zones "$hier/signed" --at 20270101000000 www.insecure.test A
echo "(insecure: test. proves there is no DS for insecure.test.; exit status 0)"
run "$SIGIL" chain --anchor "$anchor" --zones "$hier/signed" --at 20270101000000 www.baddigest.test A ||
	echo "(exit status $?: bogus, the DS at test. matches no DNSKEY of baddigest.test.)"

say "Done. The commands above are all there is to it; see 'sigil help' and docs/."
