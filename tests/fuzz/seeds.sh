#!/bin/sh
# SPDX-License-Identifier: MIT
# Seed corpora for the libFuzzer harnesses, made from testzones/ and keys/: one directory
# per harness under $1 (made anew each time). Small inputs only (<= 64 KiB): libFuzzer
# mutates small inputs faster, and every defect found so far fits in a few lines.
set -eu
out=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"
for h in zonetext rdata bundle keyfile anchor ds verify changes; do mkdir -p "$out/$h"; done
small() { find "$@" -type f -size -65k 2>/dev/null | sort; }

n=0
seed() { # harness file...: one seed from the files given, concatenated
	harness=$1; shift
	n=$((n + 1))
	cat "$@" >"$out/$harness/seed$n"
}

zones=$(small "$top/testzones" -name '*.zone' -o -name '*.db' -o -name '*-Zone' -o -name '*ZONEMD*')
for z in $zones; do seed zonetext "$z"; seed verify "$z"; done
# The directives, which the test zones hardly use.
printf '$ORIGIN example.\n$TTL 1h\n@ SOA ns h 1 2 3 4 5\n$GENERATE 1-10/2 host$ A 192.0.2.$\n$GENERATE 0-3 ${1,3,x}.r PTR h${0,2,n}.\n$INCLUDE inc.zone sub\n( a 1 IN TXT "x" \\# ; c\n)\n' >"$out/zonetext/directives"
printf 'www MX 10 mail\n@ HTTPS 1 . alpn=h2 port=443 ipv4hint=192.0.2.1\n_x SVCB \\# 4 00010000\n' >"$out/zonetext/types"

# RDATA text, one seed per type (the first two records of each): "TYPE rdata".
for z in $zones; do
	awk -F'\t' 'NF >= 5 && $1 !~ /^;/ { print $4 "\t" $5 }' "$z"
done | awk -F'\t' '{ c[$1]++ } c[$1] <= 2 { print }' | while IFS="$(printf '\t')" read -r t rd; do
	n=$((n + 1))
	printf "%s %s" "$t" "$rd" >"$out/rdata/zone$n"
done
for r in 'HTTPS 1 . alpn=h2,h3 port=443 ipv6hint=2001:db8::1' 'SVCB 0 svc.example.' \
	'LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m' 'CAA 0 issue "ca.example"' \
	'TYPE65534 \# 3 010203' 'APL 1:192.168.32.0/21 !1:192.168.38.0/28' 'NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.com.' \
	'IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==' \
	'CERT 1 2 3 AQID' 'SSHFP 4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789' \
	'TLSA 3 1 1 0123456789abcdef' 'ZONEMD 2018031900 1 1 c68090d90a7aed716bc459f9340e3d7c1370d4d24b7e2fc3a1ddc0b9a87153b9a9713b3c9ae5cc27777f98b8e730044c'; do
	n=$((n + 1))
	printf '%s' "$r" >"$out/rdata/seed$n"
done
# Wire seeds: a NUL, the type, the RDATA (an A, an SVCB with one SvcParam, a DS).
printf '\000\000\001\300\000\002\001' >"$out/rdata/wire-a"
printf '\000\000\100\000\001\000\000\001\000\003\002h2' >"$out/rdata/wire-svcb"
printf '\000\000\053\044\136\010\001abcdefghijklmnopqrst' >"$out/rdata/wire-ds"

# Bundles: the signed hierarchy's root, the TLD and one zone below it.
sz=$top/testzones/hierarchy/signed
for z in "$sz"/*.test.zone; do seed bundle "$sz/root.zone" "$sz/test.zone" "$z"; done
seed bundle "$sz/root.zone"

# BIND key pairs: the .key, a "-----" line, the .private.
for k in $(find "$top/keys/hierarchy" "$top/testzones" -name 'K*.key' | sort); do
	p=${k%.key}.private
	n=$((n + 1))
	if [ -f "$p" ]; then
		{ cat "$k"; printf '\n-----\n'; cat "$p"; } >"$out/keyfile/seed$n"
	else
		cat "$k" >"$out/keyfile/seed$n"
	fi
	seed ds "$k"
done

for a in "$top"/keys/root-anchors/root-anchors.xml "$top"/keys/root-anchors/*.ds \
	"$top"/keys/root-anchors/root.key "$top"/keys/hierarchy/root.anchor*; do
	seed anchor "$a"
done

# Change sets for `sigil update` (fuzz_changes.c: the first byte picks NSEC, NSEC3 or
# NSEC3 opt-out; names are relative to fz.test.): the CLI cases' change files, and sets
# that make and remove empty non-terminals, delegations, wildcards, CNAMEs, IXFR forms.
for c in "$top"/tests/cli/update-*/changes; do
	for k in 0 1 2; do
		n=$((n + 1))
		{ printf "\\$k"; cat "$c"; } >"$out/changes/seed$n"
	done
done
for k in 0 1 2; do
	printf "\\$k"'update add x.y.z 300 A 192.0.2.1\nsend\nupdate delete a.b.c\nsend\n' >"$out/changes/ent$k"
	printf "\\$k"'update add sub 300 NS ns.sub\nupdate add ns.sub 300 A 192.0.2.9\nupdate add sub 300 DS 1 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\nsend\nupdate delete secure NS\n' >"$out/changes/cut$k"
	printf "\\$k"'prereq nxdomain n.wild\nupdate add *.n.wild 60 TXT "w"\nupdate delete alias CNAME\nupdate add alias 60 CNAME ns1\nsend\n' >"$out/changes/wild$k"
	printf "\\$k"'fz.test. 3600 IN SOA ns1 h 2024010101 7200 3600 1209600 300\nwww 3600 IN A 192.0.2.80\nfz.test. 3600 IN SOA ns1 h 2024010102 7200 3600 1209600 300\nwww 3600 IN A 192.0.2.81\n' >"$out/changes/ixfr$k"
done
