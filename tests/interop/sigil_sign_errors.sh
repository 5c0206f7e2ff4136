#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "sigil_sign_errors": zones signed by `sigil sign` are accepted by the peers' validators,
# and sign's features do what they say (tests/interop/sigil_sign_lib.sh has the helpers).
#   errors     bad zones and refused directives exit 2 with file:line; kill -9 during a
#              signing run leaves no output and no partial file, or the previous output
. "$(dirname "$0")/sigil_sign_lib.sh"

section errors
# -- errors -------------------------------------------------------------------------
kd=$WORK/keys.err
keygen "$kd" -f CSK e.test >/dev/null
er=$WORK/err
mkdir -p "$er"
hdr='$ORIGIN e.test.
$TTL 300
@	SOA	ns1 hostmaster 1 7200 3600 1209600 300
@	NS	ns1
ns1	A	192.0.2.1'
printf '%s\nwww\tCNAME\tns1\nwww\tA\t192.0.2.2\n' "$hdr" >"$er/cname.zone"
printf '%s\n@\tSOA\tns2 hostmaster 2 7200 3600 1209600 300\n' "$hdr" >"$er/twosoa.zone"
printf '%s\nfoo.example.\tA\t192.0.2.3\n' "$hdr" >"$er/outside.zone"
printf '%s\n@\tDS\t12345 13 2 B4C8C1FE2E7477127B27115656AD6256F424625BF5C1E2770CE6D6E37DF61D17\n' "$hdr" >"$er/apexds.zone"
printf 'x\tA\t192.0.2.9\n' >"$er/part.zone"
printf '%s\n$INCLUDE %s\n' "$hdr" "$er/part.zone" >"$er/include.zone"
printf '%s\n$GENERATE 1-3 h$ A 192.0.2.$\n' "$hdr" >"$er/generate.zone"
for spec in cname:6 twosoa:6 outside:6 apexds:6 include:6:--no-include generate:6:--no-generate; do
	name=${spec%%:*} rest=${spec#*:}
	line=${rest%%:*} opt=""
	[ "$rest" = "$line" ] || opt=${rest#*:}
	zf=$er/$name.zone
	echo "previous" >"$er/$name.out"
	# shellcheck disable=SC2086
	"$SIGIL" sign -q -K "$kd" $opt -f "$er/$name.out" "$zf" >"$er/$name.log" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && grep -q "$zf:$line: " "$er/$name.log" && [ "$(cat "$er/$name.out")" = previous ]; then
		ok "errors $name${opt:+ ($opt)}: exit 2, '$(basename "$zf"):$line: ...', output untouched"
	else
		not_ok "errors $name${opt:+ ($opt)}: exit 2, '$(basename "$zf"):$line: ...', output untouched"
		echo "#   exit $rc; output file: $(head -c 40 "$er/$name.out")"
		diag "$er/$name.log"
	fi
done
# Without the refusal flags, the directives work.
if sign "errors: \$INCLUDE and \$GENERATE are read without --no-include/--no-generate" "$er/gen.out" -K "$kd" "$er/generate.zone" &&
	sign "errors: \$INCLUDE is read without --no-include" "$er/inc.out" -K "$kd" "$er/include.zone"; then
	expect "errors: \$GENERATE made 3 names, \$INCLUDE 1" \
		"$(awk '$4 == "A" && $1 ~ /^h[0-9]\./' "$er/gen.out" | wc -l)/$(awk '$4 == "A" && $1 == "x.e.test."' "$er/inc.out" | wc -l)" = 3/1
fi

section kill
# -- kill -9 during a big signing run -------------------------------------------------
big=$WORK/big
mkdir -p "$big/out"
awk -v N=200000 -v ORIGIN=big.test. -f "$GENBIG" >"$big/zone"
keygen "$big/keys" -f CSK big.test >/dev/null
# 1. Killed a second in: no output, no partial file.
"$SIGIL" sign -q -K "$big/keys" -f "$big/out/big.signed" "$big/zone" >/dev/null 2>&1 &
pid=$!
sleep 1
if kill -0 $pid 2>/dev/null; then
	kill -9 $pid
	wait $pid 2>/dev/null
	left=$(ls -A "$big/out")
	if [ -z "$left" ]; then
		ok "kill: sigil sign killed after 1 s (200k names) leaves no output and no partial file"
	else
		not_ok "kill: sigil sign killed after 1 s (200k names) leaves no output and no partial file"
		echo "#   left behind: $left"
	fi
else
	wait $pid
	not_ok "kill: sigil sign still runs 1 s into a 200k-name zone (it ended first; cannot test)"
fi
# 2. Killed while writing its output (a 60k-name zone to get there sooner): the previous
# output is intact and nothing else is left. sigil writes to an unnamed file (O_TMPFILE),
# seen only as "<dir>/#... (deleted)" among its open files, or, where the file system
# lacks O_TMPFILE, to a named temporary file beside the target.
awk -v N=60000 -v ORIGIN=big.test. -f "$GENBIG" >"$big/zone"
echo "previous signed zone" >"$big/out/big.signed"
cp "$big/out/big.signed" "$big/prev"
"$SIGIL" sign -q -K "$big/keys" -f "$big/out/big.signed" "$big/zone" >/dev/null 2>&1 &
pid=$!
caught=0 i=0
writing() {
	[ -n "$(ls -A "$big/out" | grep -v '^big\.signed$')" ] && return 0
	for fd in /proc/$1/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		"$big/out/"*) return 0 ;;
		esac
	done
	return 1
}
while [ $i -lt 1200 ] && kill -0 $pid 2>/dev/null; do
	if writing $pid; then
		# Let it write a while first: the output must be well under way.
		sleep 0.2
		kill -9 $pid && caught=1
		break
	fi
	sleep 0.05
	i=$((i + 1))
done
wait $pid 2>/dev/null
if [ $caught -eq 1 ]; then
	if cmp -s "$big/prev" "$big/out/big.signed"; then
		ok "kill: sigil sign killed while writing leaves the previous output intact"
	else
		not_ok "kill: sigil sign killed while writing leaves the previous output intact"
	fi
	left=$(ls -A "$big/out" | grep -v '^big\.signed$')
	if [ -z "$left" ]; then
		ok "kill: sigil sign killed while writing leaves no partial file"
	else
		not_ok "kill: sigil sign killed while writing leaves no partial file"
		echo "#   left behind: $left ($(cd "$big/out" && du -k $left | awk '{ print $1 }') KB)"
	fi
else
	not_ok "kill: caught sigil sign while it writes (no output file open before it ended)"
fi
rm -rf "$big"
section ""

finish
