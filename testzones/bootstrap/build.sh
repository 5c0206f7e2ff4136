#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerate the RFC 9615 bootstrap fixtures (signed/, and the anchor) with sigil: a test
# root, the NS hosts' zone op. (ns1.op., ns2.op.) with the signaling records, and two
# unsigned-at-the-parent children that publish CDS/CDNSKEY of their own key:
#   boot.example.     signals under both _signal.ns1.op. and _signal.ns2.op.
#   partial.example.  signals under _signal.ns1.op. only
# Keys are the fixed Ed25519 keys in keys/bootstrap/ (made once by sigil keygen when
# missing, active since 2024-01-01); Ed25519 signatures are deterministic, so the same keys
# give the same signed zones byte for byte. Signatures are valid from 2026-01-01 to
# 2036-01-01. The children's parent (example.) is not part of the fixtures: offline, the
# parent's DS set is --current-ds (none: an unsigned delegation).
#
# Usage: sh testzones/bootstrap/build.sh [OUTDIR]   (SIGIL=/path/to/sigil; default build/sigil)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SIGIL=${SIGIL:-$top/build/sigil}
out=${1:-$here/signed}
keys=$top/keys/bootstrap
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigil-bootstrap.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$keys"
SIGN="--at 20260101000000 --inception-offset 0 --validity 3652d --serial keep -q -j 1"

key() # ZONE: the basename of its key in keys/bootstrap/, made when missing
{
	k=$(cd "$keys" && ls "K$1+015+"*.key 2>/dev/null | head -n 1)
	if [ -z "$k" ]; then
		k=$("$SIGIL" keygen -a ED25519 -K "$keys" --at 20240101000000 "$1").key
	fi
	echo "${k%.key}"
}
sign() # ZONE INPUT OUTPUT [--cds]
{
	# shellcheck disable=SC2086
	"$SIGIL" sign $SIGN ${4:-} -o "$1" -k "$keys/$(key "$1").key" -f "$3" "$2"
}
soa() { printf '$TTL 3600\n@ SOA %s hostmaster.%s 1 3600 600 86400 300\n' "$1" "$2"; }

for c in boot partial; do
	{
		soa ns1.op. op.
		printf '@ NS ns1.op.\n@ NS ns2.op.\nwww A 192.0.2.1\n'
	} >"$tmp/$c.example.zone"
	sign $c.example. "$tmp/$c.example.zone" "$out/$c.example.zone" --cds
done
# the signaling records: the children's CDS and CDNSKEY, at _dsboot.CHILD._signal.HOST
signal() # CHILD HOST
{
	awk -v n="_dsboot.${1%.}._signal.$2" '$4 == "CDS" || $4 == "CDNSKEY" { $1 = n; print }' "$out/${1%.}.zone"
}
{
	soa ns.op. op.
	printf '@ NS ns.op.\nns A 192.0.2.53\nns1 A 192.0.2.54\nns2 A 192.0.2.55\n'
	signal boot.example. ns1.op.
	signal boot.example. ns2.op.
	signal partial.example. ns1.op.
} >"$tmp/op.zone"
sign op. "$tmp/op.zone" "$out/op.zone"
{
	soa a.root. root.
	printf '@ NS a.root.\na.root. A 192.0.2.1\nop. NS ns.op.\nns.op. A 192.0.2.53\n'
	"$SIGIL" ds "$keys/$(key op.).key"
} >"$tmp/root.zone"
sign . "$tmp/root.zone" "$out/root.zone"
"$SIGIL" ds "$keys/$(key .).key" >"$out/root.anchor"
