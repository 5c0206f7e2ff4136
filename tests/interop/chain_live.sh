#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "chain_live": `sigil chain --live` against NSD serving the test hierarchy
# on the loopback (tests/interop/chain_lib.sh has the cases, helpers and servers):
#
#   --live     NSD serving every zone, asked with --server; what it collected is saved
#              (text and wire) and re-run offline too
#   iterative  the live source resolving from root hints through three NSD instances (root,
#              test., the domains) that answer with referrals, glue and a glueless NS
#              (--hints, --port); saved and re-run offline
#   errors     no server, bad server addresses, bad hints, --max-queries
. "$(dirname "$0")/chain_lib.sh"

echo "# live"
start_servers all root tld dom

LIVE="--live --server 127.53.0.9@$port --timeout 3000"
live_case()
{
	lc_id=live-$(echo "$1-$2" | tr -c 'a-zA-Z0-9\n-' '_')
	# shellcheck disable=SC2086
	chain_check "live: $1 $2 is $3 ($4)" "$3" "$4" "$5" -- \
		--anchor "$ANCHOR" --at $AT $LIVE --save "$WORK/$lc_id.text" "$1" "$2"
	# shellcheck disable=SC2086
	"$SIGIL" chain --anchor "$ANCHOR" --at $AT $LIVE --save "$WORK/$lc_id.wire" \
		--save-format wire "$1" "$2" >/dev/null 2>&1
	for fmt in text wire; do
		bundle_check live "$WORK/$lc_id.$fmt" "$@"
	done
}
each_case live_case

# A bundle that also holds the insecure child's own (unsigned) SOA, as a collector that
# followed the delegation would have: the parent's NS there still marks the cut, and the
# opt-out NSEC3 covering it must not become a proof that the name does not exist.
isl=$WORK/live-www_island_optout_test_-A.text
if [ -s "$isl" ]; then
	{
		cat "$isl"
		printf 'island.optout.test.\t3600\tIN\tSOA\tns.island.optout.test. hostmaster.island.optout.test. 2026010100 7200 3600 1209600 3600\n'
	} >"$WORK/island-with-soa.text"
	chain_check "bundle with the child's own SOA: www.island.optout.test. A stays insecure" \
		insecure insecure-delegation no-ds -- --anchor "$ANCHOR" --at $AT \
		--bundle "$WORK/island-with-soa.text" www.island.optout.test. A
fi

flush_checks

# The iterative path (root hints, referrals, glue, a glueless NS name, TCP): sigil chain
# --live from hints naming the root server, with --port for the servers' port; the data it
# collects is saved and validated again offline.
printf '.\t3600000\tNS\ta.root.test.\na.root.test.\t3600000\tA\t127.53.0.1\n' >"$WORK/hints"
iter_case()
{
	ic_id=iter-$(echo "$1-$2" | tr -c 'a-zA-Z0-9\n-' '_')
	chain_check "iterative (from hints): $1 $2 is $3 ($4)" "$3" "$4" "$5" -- \
		--anchor "$ANCHOR" --at $AT --live --hints "$WORK/hints" --port "$port" \
		--save "$WORK/$ic_id.text" "$1" "$2"
}
each_case iter_case
flush_checks
iter_bundle()
{
	ic_id=iter-$(echo "$1-$2" | tr -c 'a-zA-Z0-9\n-' '_')
	chain_check "iterative, saved and re-run offline: $1 $2 is $3 ($4)" "$3" "$4" "$5" -- \
		--anchor "$ANCHOR" --at $AT --bundle "$WORK/$ic_id.text" "$1" "$2"
}
each_case iter_bundle

flush_checks

# Errors: no server, bad addresses, bad hints.
# refused DESC PATTERN SIGIL-CHAIN-ARGS...: sigil chain exits 2 and says PATTERN.
refused()
{
	rf_desc=$1 rf_pattern=$2
	shift 2
	newlog
	"$SIGIL" chain "$@" >"$LOG" 2>&1
	if [ $? -eq 2 ] && grep -q -e "$rf_pattern" "$LOG"; then
		ok "$rf_desc"
	else
		not_ok "$rf_desc"
		diag "$LOG"
	fi
}
refused "live: no server listening: exit 2, 'no server answered'" 'no server answered' \
	--anchor "$ANCHOR" --live --server "127.53.0.11@$port" --timeout 300 www.nsec.test. A
for bad in 127.0.0.300 "127.0.0.1@99999" "::1@" "@53" "host.example"; do
	refused "live: server '$bad' is refused (exit 2)" 'bad server address' \
		--anchor "$ANCHOR" --live --server "$bad" www.nsec.test. A
done
# The query budget: what was collected is validated, and the chain cannot be secure.
newlog
"$SIGIL" chain --anchor "$ANCHOR" --at $AT --live --hints "$WORK/hints" --port "$port" \
	--max-queries 3 www.nsec.test. A >"$LOG" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'query budget (3) ran out; validating what was collected' "$LOG" &&
	grep -q 'verdict: indeterminate' "$LOG"; then
	ok "live: --max-queries 3: a warning, then indeterminate (exit 1)"
else
	not_ok "live: --max-queries 3: a warning, then indeterminate (exit 1, got $rc)"
	diag "$LOG"
fi
printf '. 3600 NS a.root.test.\n' >"$WORK/hints-empty"
printf '. 3600 NS a.root.test.\na.root.test. 3600 A 127.0.0.300\n' >"$WORK/hints-bad"
for h in hints-empty hints-bad; do
	refused "live: hints file $h is refused (exit 2, names the file)" "$h" \
		--anchor "$ANCHOR" --live --hints "$WORK/$h" www.nsec.test. A
done

stop_pids
finish
