#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "chain_real": `sigil chain` over the real root zones (2023: secure and
# insecure delegations, one altered DS byte; 2017: the KSK-2010 era) and a KeyTrap-style
# zone (CVE-2023-50387) that must end indeterminate at a limit after few verifications
# (tests/interop/chain_lib.sh has the helpers).
. "$(dirname "$0")/chain_lib.sh"

# -- the real root zones
echo "# the real root zones"
for q in ". DNSKEY" "com. DS" "se. DS"; do
	# shellcheck disable=SC2086
	chain_check "root 2023: $q is secure under root-anchors.xml" secure - answer -- \
		--anchor "$RA/root-anchors.xml" --at 20230515000000 --zone "$ROOT23" $q
done
chain_check "root 2023: www.nic.zw. A is insecure (zw. has no DS, NSEC proof)" insecure \
	insecure-delegation no-ds -- --anchor "$RA/root-anchors.xml" --at 20230515000000 \
	--zone "$ROOT23" www.nic.zw. A
# One byte of se.'s DS digest changed: its signature no longer verifies.
awk '!done && $1 == "se." && $4 == "DS" {
		sub(/[0-9A-F]$/, substr($0, length($0)) == "0" ? "1" : "0"); done = 1
	} { print }' "$ROOT23" >"$WORK/root-altered.zone"
if cmp -s "$ROOT23" "$WORK/root-altered.zone"; then
	not_ok "root 2023: a copy with one DS byte altered"
else
	chain_check "root 2023, one byte of se.'s DS altered: se. DS is bogus" bogus rrsig-bogus answer -- \
		--anchor "$RA/root-anchors.xml" --at 20230515000000 --zone "$WORK/root-altered.zone" se. DS
	chain_check "root 2023, one byte of se.'s DS altered: com. DS stays secure" secure - answer -- \
		--anchor "$RA/root-anchors.xml" --at 20230515000000 --zone "$WORK/root-altered.zone" com. DS
fi
chain_check "root 2017: . DNSKEY is bogus under root.key (KSK-2017 only)" bogus dnskey-not-anchored dnskey -- \
	--anchor "$RA/root.key" --at 20170825000000 --zone "$ROOT17" . DNSKEY
chain_check "root 2017: . DNSKEY is secure under ksk2010.ds (DS 19036)" secure - answer -- \
	--anchor "$RA/ksk2010.ds" --at 20170825000000 --zone "$ROOT17" . DNSKEY
chain_check "root 2017: com. DS is secure under ksk2010.ds" secure - answer -- \
	--anchor "$RA/ksk2010.ds" --at 20170825000000 --zone "$ROOT17" com. DS

flush_checks

# -- KeyTrap (CVE-2023-50387): 40 DNSKEYs sharing the ZSK's key tag, 40 RRSIGs on one RRset
echo "# KeyTrap"
kt=$WORK/keytrap
mkdir -p "$kt"
cat >"$kt/fakes.py" <<'EOF'
# fakes.py TAG N: N RSASHA256 DNSKEYs with random moduli, each adjusted to key tag TAG.
import base64, random, sys
random.seed(2023)
def tag(rd):  # RFC 4034 appendix B
    ac = sum(b if i & 1 else b << 8 for i, b in enumerate(rd))
    return (ac + (ac >> 16)) & 0xFFFF
target, n = int(sys.argv[1]), int(sys.argv[2])
for _ in range(n):
    base = bytes([1, 0, 3, 8, 3, 1, 0, 1, 0x80 | random.randrange(128)]) + random.randbytes(253)
    # The last two bytes add x to the sum (even length): pick x so that the tag comes out.
    ac0 = sum(b if i & 1 else b << 8 for i, b in enumerate(base))
    x = next(x for x in range(65536) if ((ac0 + x) + ((ac0 + x) >> 16)) & 0xFFFF == target)
    rd = base + bytes([x >> 8, x & 255])
    assert tag(rd) == target
    print("@\tDNSKEY\t256 3 8 " + base64.b64encode(rd[4:]).decode())
EOF
cat >"$kt/sigs.py" <<'EOF'
# sigs.py ZONE N: N copies of www's RRSIG over A with garbage signatures that sort first.
import base64, random, sys
random.seed(50387)
lines = open(sys.argv[1]).read().splitlines()
real = next(l for l in lines if l.startswith("www.") and "\tRRSIG\tA " in l).split("\t")
fields = real[4].split(" ")
for i in range(int(sys.argv[2])):
    fields[-1] = base64.b64encode(bytes([0, i]) + random.randbytes(254)).decode()
    print("\t".join(real[:4] + [" ".join(fields)]))
EOF
cat >"$kt/zone" <<'EOF'
$ORIGIN keytrap.example.
$TTL 3600
@	SOA	ns hostmaster 1 7200 3600 1209600 3600
@	NS	ns
ns	A	192.0.2.1
www	A	192.0.2.2
EOF
if ksk=$("$SIGIL" keygen -K "$kt" -a RSASHA256 -f KSK --at 20240101000000 keytrap.example. 2>"$kt/err") &&
	zsk=$("$SIGIL" keygen -f ZSK -K "$kt" -a RSASHA256 --at 20240101000000 keytrap.example. 2>>"$kt/err") &&
	$PY "$kt/fakes.py" "${zsk##*+}" 40 >>"$kt/zone" 2>>"$kt/err" &&
	"$SIGIL" sign -q -K "$kt" --at 20260101000000 --validity 3652d -f "$kt/signed" "$kt/zone" 2>>"$kt/err" &&
	$PY "$kt/sigs.py" "$kt/signed" 40 >"$kt/sigs" 2>>"$kt/err" &&
	cat "$kt/sigs" >>"$kt/signed" &&
	"$SIGIL" ds "$kt/$ksk.key" >"$kt/anchor" 2>>"$kt/err"; then
	t0=$(date +%s%N)
	chain_check "keytrap: 42 DNSKEYs with one key tag, 41 RRSIGs on www A: indeterminate at a limit, few verifications" \
		indeterminate limit-signatures-per-rrset answer --max-verifications 64 -- \
		--anchor "$kt/anchor" --at $AT --zone "$kt/signed" www.keytrap.example. A
	t1=$(date +%s%N)
	kt_info="#   keytrap: $($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["verifications"])' "$LOG" 2>/dev/null) signature verifications, $(((t1 - t0) / 1000000)) ms (information only)"
	chain_check "keytrap with --keys-per-tag 2 --sigs-per-rrset 50: indeterminate at the key limit" \
		indeterminate limit-keys-per-tag answer --max-verifications 120 -- --keys-per-tag 2 \
		--sigs-per-rrset 50 --anchor "$kt/anchor" --at $AT --zone "$kt/signed" www.keytrap.example. A
else
	not_ok "keytrap: build the zone (sigil keygen, sign, ds)"
	diag "$kt/err"
fi

flush_checks
[ -z "${kt_info:-}" ] || echo "$kt_info"

finish
