#!/bin/sh
# SPDX-License-Identifier: MIT
# The registrar benchmark's test world (used by bench/ds_check.sh and bench/ds_check_live.sh,
# run by hand, not part of make check): N child zones c0.reg. ... c(N-1).reg., each signed
# with a key of its own, delegated from a signed parent reg. to ns1.op. and ns2.op., under a
# signed test root, plus a batch file that checks a registrant's DS for every child:
#
#   i % 20 == 0    a DS with a wrong digest                 refuse (ds-matches-no-key)
#   i % 20 == 10   a SHA-1 DS of the right key              refuse (ds-digest-not-allowed)
#   i % 10 == 5    the DS the parent has already             no-change
#   otherwise      the right DS, the parent has none yet     accept
#
# The parent reg. publishes the right DS of every child with i % 10 == 5 (the others are
# unsigned delegations that the accepted proposals would secure).
#
#   sh bench/ds_check_gen.sh SIGIL DIR N [ADDR-PREFIX]
#
# writes into DIR: zones/cI.reg.zone (signed; the layout --zone-dir wants), ds/cI.ds (the
# right DS), prop/cI.ds (the proposal), cur/cI.ds (the parent's DS, i % 10 == 5 only), batch
# (one line per child: DOMAIN CURRENT PROPOSED), reg.zone.signed, op.zone.signed,
# root.zone.signed, hints and root.anchor for servers on ADDR-PREFIX.1 (root), .2 (reg.
# and op.), .3 (ns1.op.) and .4 (ns2.op.) (default 127.55.0), and expect (the verdict
# counts the batch must give). Keys are Ed25519 (the fastest to make and check), made and
# used by sigil keygen/sign/ds; generation runs on every core (xargs -P).
set -eu
SIGIL=$1
dir=$2
n=$3
pfx=${4:-127.55.0}
jobs=$(nproc)
mkdir -p "$dir/zones" "$dir/ds" "$dir/prop" "$dir/cur" "$dir/keys"
cd "$dir"
at=$(date -u +%Y%m%d%H%M%S)

# -- the children, in parallel: "sh -c" over chunks of indexes
cat >gen_one.sh <<'EOF'
set -eu
S=$1 at=$2
shift 2
keys=""
for i in "$@"; do
	c=c$i.reg.
	mkdir -p keys/c$i
	key=$("$S" keygen -a ED25519 -K keys/c$i --at "$at" $c)
	keys="$keys keys/c$i/$key.key"
	printf '$TTL 3600\n@ SOA ns1.op. hostmaster.op. 1 3600 600 86400 300\n@ NS ns1.op.\n@ NS ns2.op.\n@ A 192.0.2.%d\nwww A 192.0.2.%d\n' \
		$((i % 250 + 1)) $((i % 250 + 1)) >zones/c$i.unsigned
	"$S" sign -q -j 1 --at "$at" -o $c -k keys/c$i/$key.key -f zones/$c"zone" zones/c$i.unsigned
	rm -f zones/c$i.unsigned
done
# one sigil ds for the whole chunk (SHA-256, and SHA-1 for the i % 20 == 10 proposals),
# split by owner: "cI.reg. IN DS ..." goes to DIR/cI.ds
# shellcheck disable=SC2086
"$S" ds $keys | awk '{ sub(/\.reg\.$/, "", $1); f = "ds/" $1 ".ds"; $1 = $1 ".reg."; print >f }'
# shellcheck disable=SC2086
"$S" ds -d SHA-1 $keys 2>/dev/null | awk '{ sub(/\.reg\.$/, "", $1); i = substr($1, 2) + 0
	if (i % 20 == 10) { f = "prop/" $1 ".ds"; $1 = $1 ".reg."; print >f } }'
for i in "$@"; do
	case $((i % 20)) in
	0) # the last hex digit of the digest changed: matches no key
		sed -E 's/([0-9A-F])$/\1X/; s/[0-9A-E]X$/F/; s/FX$/0/' ds/c$i.ds >prop/c$i.ds ;;
	10) ;;
	*) cp ds/c$i.ds prop/c$i.ds ;;
	esac
	[ $((i % 10)) -ne 5 ] || cp ds/c$i.ds cur/c$i.ds
done
EOF
i=0
while [ $i -lt "$n" ]; do
	echo $i
	i=$((i + 1))
done | xargs -n 200 -P "$jobs" sh gen_one.sh "$SIGIL" "$at"

# -- the batch file and the verdicts it must give
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		cur = i % 10 == 5 ? "cur/c" i ".ds" : "-"
		print "c" i ".reg. " cur " prop/c" i ".ds"
		if (i % 20 == 0 || i % 20 == 10) refuse++
		else if (i % 10 == 5) same++
		else accept++
	}
	printf "accept %d\nno-change %d\nrefuse %d\n", accept, same, refuse > "expect"
}' >batch

# -- the parent reg., the operators' zone op., the root
zone_key() # ZONE DIR -> a CSK of ZONE in DIR, its basename on stdout
{
	mkdir -p "$2"
	"$SIGIL" keygen -a ED25519 -K "$2" --at "$at" "$1"
}
sign() # ZONE UNSIGNED KEY
{
	"$SIGIL" sign -q --at "$at" -o "$1" -k "$3.key" -f "$2.signed" "$2"
}
regkey=$(zone_key reg. keys/reg)
opkey=$(zone_key op. keys/op)
rootkey=$(zone_key . keys/root)
{
	printf '$TTL 3600\n@ SOA ns.reg. hostmaster.reg. 1 3600 600 86400 300\n@ NS ns.reg.\nns A %s.2\n' "$pfx"
	awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "c%d NS ns1.op.\nc%d NS ns2.op.\n", i, i }'
	cat cur/*.ds 2>/dev/null || true
} >reg.zone
printf '$TTL 3600\n@ SOA ns.op. hostmaster.op. 1 3600 600 86400 300\n@ NS ns.op.\nns A %s.2\nns1 A %s.3\nns2 A %s.4\n' \
	"$pfx" "$pfx" "$pfx" >op.zone
sign reg. reg.zone "keys/reg/$regkey"
sign op. op.zone "keys/op/$opkey"
{
	printf '$TTL 3600\n@ SOA a.root. hostmaster.root. 1 3600 600 86400 300\n@ NS a.root.\na.root. A %s.1\n' "$pfx"
	printf 'reg. NS ns.reg.\nns.reg. A %s.2\nop. NS ns.op.\nns.op. A %s.2\n' "$pfx" "$pfx"
	"$SIGIL" ds "keys/reg/$regkey.key"
	"$SIGIL" ds "keys/op/$opkey.key"
} >root.zone
sign . root.zone "keys/root/$rootkey"
"$SIGIL" ds "keys/root/$rootkey.key" >root.anchor
printf '.\t3600000\tNS\ta.root.\na.root.\t3600000\tA\t%s.1\n' "$pfx" >hints
rm -f gen_one.sh
