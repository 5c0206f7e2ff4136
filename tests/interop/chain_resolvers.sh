#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "chain_resolvers": Unbound and delv, anchored at the test hierarchy's root
# key and querying NSD serving it on the loopback, agree with sigil chain's verdict for
# every case (tests/interop/chain_lib.sh has the cases and servers): secure (AD / fully
# validated), insecure (no AD / unsigned) and bogus (SERVFAIL / resolution failed); a
# "delv:VERDICT" case is where BIND's delv knowingly differs from Unbound and the RFC.
. "$(dirname "$0")/chain_lib.sh"

start_servers all unbound

# -- the real resolvers agree
echo "# Unbound and delv"
awk '$3 == "DS" || $4 == "DS" { n = ($3 == "DS") ? 4 : 5; printf "trust-anchors { \"%s\" static-ds %s %s %s \"%s\"; };\n", $1, $n, $(n + 1), $(n + 2), $(n + 3) }' \
	"$ANCHOR" >"$WORK/delv.conf"

# The resolvers are asked for every case at once (each case's two queries one after the
# other, in the background), then the answers are judged case by case, in order.
# ask_case NAME TYPE ...: Unbound (by dig) and delv into $WORK/ask.N.dig, $WORK/ask.N.delv.
ask_n=0 ask_pids=""
ask_case()
{
	ask_n=$((ask_n + 1))
	{
		dig @127.53.0.10 -p "$port" +dnssec +time=3 +tries=2 "$1" "$2" >"$WORK/ask.$ask_n.dig" 2>&1
		delv @127.53.0.9 -p "$port" -a "$WORK/delv.conf" +root=. "$1" "$2" >"$WORK/ask.$ask_n.delv" 2>&1
	} &
	ask_pids="$ask_pids $!"
}
each_case ask_case
for p in $ask_pids; do
	wait "$p"
done

judge_n=0
resolver_case()
{
	judge_n=$((judge_n + 1))
	LOG=$WORK/ask.$judge_n.dig
	rc_status=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' "$LOG")
	case $rc_status in
	NOERROR | NXDOMAIN) rc_v=insecure ;;
	SERVFAIL) rc_v=bogus ;;
	*) rc_v="status '$rc_status'" ;;
	esac
	if [ "$rc_v" = insecure ] && grep -Eq '^;; flags:[a-z ]* ad[ ;]' "$LOG"; then
		rc_v=secure
	fi
	if [ "$rc_v" = "$3" ]; then
		ok "unbound: $1 $2 is $3, as sigil says"
	else
		not_ok "unbound: $1 $2 is $3, as sigil says (unbound: $rc_v)"
		diag "$LOG"
		grep -i -e 'validat' -e 'bogus' "$WORK/unbound.log" | tail -n 5 | sed 's/^/#     /'
	fi
	LOG=$WORK/ask.$judge_n.delv
	rc_want=$3
	case ${6:-} in
	delv:*) rc_want=${6#delv:} ;;
	esac
	if grep -q '^; .*fully validated' "$LOG"; then
		rc_v=secure
	elif grep -q '^; .*unsigned answer' "$LOG"; then
		rc_v=insecure
	elif grep -q '^;; resolution failed' "$LOG"; then
		rc_v=bogus
	else
		rc_v=unknown
	fi
	if [ "$rc_v" = "$rc_want" ]; then
		ok "delv: $1 $2 is $rc_want$([ "$rc_want" = "$3" ] && echo ", as sigil says" || echo " (BIND's known difference)")"
	else
		not_ok "delv: $1 $2 is $rc_want (delv: $rc_v)"
		diag "$LOG"
	fi
}
each_case resolver_case

stop_pids
finish
