#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "rollover": `sigil rollover` carries every method through live servers.
#
# The test root (testzones/hierarchy, its anchor keys/hierarchy/root.anchor) delegates
# test., which this script signs with test.'s keys from keys/hierarchy and in which it
# delegates one child zone per method and signer. NSD serves them all on 127.53.0.1,
# 127.53.0.2 (the root's glue) and 127.54.0.3 (the children's). Resolution goes through
# two Unbounds: C, a plain cache (no validation) asking NSD, and V, validating with the
# test root's anchor, caching nothing and forwarding to C - so V checks every answer
# against whatever versions C holds, as RFC 7583's model has it.
#
# Every method (ZSK pre-publication and double-signature; KSK double-KSK, double-DS and
# double-RRset; CSK; algorithm rollover; going secure; going insecure) runs at once, each
# in its own zone, twice: re-signed by `sigil sign -K` and by `dnssec-signzone -S` after
# each `sigil rollover step`. TTLs are 2-3 s. The parent's DS set is rewritten from what
# `sigil rollover status` says to submit; sigil's zones confirm it with --check-parent
# (and check their own servers with --check-child), BIND's with --ds-seen. A query loop
# asks V for an RRset, the DNSKEY set and a name that does not exist in every zone, several
# times a second, for the whole run: zero SERVFAIL for every rollover.
#
# Then a deliberately unsafe plan: the old ZSK's DNSKEY removed one TTLsig early with
# --force. `sigil rollover simulate` rejects that timeline first, and V answers SERVFAIL
# within the window the simulator names. Last, `status` on key directories in the middle
# of BIND rollovers (dnssec-keygen and dnssec-settime timing and states) names the right
# stage. All servers listen on 127.53.0.x / 127.54.0.x at a free port and are stopped on
# exit.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
ANCHOR=$top/keys/hierarchy/root.anchor
ROOT=$top/testzones/hierarchy/signed/root.zone
RUN_LIMIT=${ROLLOVER_RUN_LIMIT:-150} # seconds for all the rollovers
US_TTL=12 # the unsafe case's TTLsig (its DNSKEY TTL is 1 s)

# METHOD-SHORT-NAME:SIGNERS; the zone of a method and signer is SHORT-SIGNER.test.
METHODS="zp:sb zd:sb kk:sb kd:sb kr:sb cs:sb al:sb gs:sb gi:sb us:s"

# method ZONE: the method the zone rolls with.
method()
{
	case ${1%%-*} in
	zp | us) echo zsk-pre-publication ;;
	zd) echo zsk-double-signature ;;
	kk) echo ksk-double-ksk ;;
	kd) echo ksk-double-ds ;;
	kr) echo ksk-double-rrset ;;
	cs) echo csk ;;
	al) echo algorithm ;;
	gs) echo go-secure ;;
	gi) echo go-insecure ;;
	esac
}

pids=""
trap stop_pids EXIT
trap 'exit 130' INT TERM

# The common timing: 2-3 s TTLs, 1-2 s delays and margins.
TIMING="dnskey-ttl 2; max-zone-ttl 3; zone-propagation-delay 2; publish-safety 1;
	retire-safety 1; parent-ds-ttl 2; parent-propagation-delay 1; signing-delay 0;
	purge-keys 0;"

# policy SHORT: the dnssec-policy of a method.
policy()
{
	case $1 in
	zp) k="ksk lifetime unlimited algorithm 13; zsk lifetime 300 algorithm 13;" x= ;;
	zd) k="ksk lifetime unlimited algorithm 13; zsk lifetime 300 algorithm 13;"
	    x="zsk-roll-method double-signature;" ;;
	kk) k="ksk lifetime 300 algorithm 13; zsk lifetime unlimited algorithm 13;" x= ;;
	kd) k="ksk lifetime 300 algorithm 13; zsk lifetime unlimited algorithm 13;"
	    x="ksk-roll-method double-ds;" ;;
	kr) k="ksk lifetime 300 algorithm 13; zsk lifetime unlimited algorithm 13;"
	    x="ksk-roll-method double-rrset;" ;;
	cs) k="csk lifetime 300 algorithm 13;" x= ;;
	al) k="ksk lifetime unlimited algorithm ED25519; zsk lifetime unlimited algorithm ED25519;" x= ;;
	gs) k="ksk lifetime unlimited algorithm 13; zsk lifetime unlimited algorithm 13;" x= ;;
	gi) k="" x= ;;
	us) k="ksk lifetime unlimited algorithm 13; zsk lifetime 300 algorithm 13;" x= ;;
	esac
	timing=$TIMING
	# The unsafe case: data cached longer than the DNSKEY set, so that removing the old
	# ZSK early shows.
	[ "$1" != us ] || timing=$(echo "$TIMING" | sed "s/dnskey-ttl 2/dnskey-ttl 1/; s/max-zone-ttl 3/max-zone-ttl $US_TTL/")
	printf 'dnssec-policy "%s" {\n\tkeys { %s };\n\t%s\n\t%s\n};\n' "$1" "$k" "$timing" "$x"
}

zone_text()
{
	ttl=3
	[ "${1%%-*}" != us ] || ttl=$US_TTL
	cat <<EOF
\$ORIGIN $1.
\$TTL $ttl
@	SOA	ns hostmaster 1 60 60 600 $ttl
@	NS	ns
ns	A	127.54.0.3
www	A	192.0.2.80
EOF
}

# sign_zone ZONE: re-sign the child with its signer; the zone goes out unsigned when
# `status` says no DNSKEY is published (going secure, before; going insecure, after).
sign_zone()
{
	sz_d=$WORK/$1
	if "$SIGIL" rollover status -K "$sz_d/keys" --policy "$sz_d/policy.conf" --json "$1" |
		tr -d ' \n' | grep -q '"dnskey":\[\]'; then
		cp "$sz_d/unsigned" "$sz_d/signed"
		return
	fi
	case $1 in
	*-s.test)
		"$SIGIL" sign -q -K "$sz_d/keys" --serial unixtime --inception-offset 1h --validity 1d \
			-f "$sz_d/signed.new" "$sz_d/unsigned" >"$sz_d/sign.log" 2>&1 ;;
	cs-*)
		# -z: a CSK, SEP bit and all, signs everything.
		dnssec-signzone -S -z -K "$sz_d/keys" -o "$1" -N unixtime -s now-1h -e now+1d \
			-f "$sz_d/signed.new" "$sz_d/unsigned" >"$sz_d/sign.log" 2>&1 ;;
	*)
		dnssec-signzone -S -K "$sz_d/keys" -o "$1" -N unixtime -s now-1h -e now+1d \
			-f "$sz_d/signed.new" "$sz_d/unsigned" >"$sz_d/sign.log" 2>&1 ;;
	esac
	if [ $? -ne 0 ]; then
		echo "$1: signing failed: $(head -3 "$sz_d/sign.log")" >>"$WORK/errors"
		return
	fi
	mv "$sz_d/signed.new" "$sz_d/signed"
}

# The parent: the test root's TLD with our children, re-signed when a DS set changes.
sign_parent()
{
	{
		printf '$ORIGIN test.\n$TTL 2\n@ SOA ns hostmaster 1 60 60 600 2\n@ NS ns\n'
		printf 'ns A 127.53.0.2\na.root A 127.53.0.1\n'
		for z in $ZONES; do
			printf '%s. 2 NS ns.%s.\nns.%s. 2 A 127.54.0.3\n' "$z" "$z" "$z"
			cat "$WORK/ds/$z" 2>/dev/null
		done
	} >"$WORK/test.unsigned"
	"$SIGIL" sign -q -K "$WORK/tld" --serial unixtime --inception-offset 1h --validity 1d \
		-f "$WORK/test.signed" "$WORK/test.unsigned" 2>>"$WORK/errors"
}

# -- the zones and their first keys
mkdir -p "$WORK/tld" "$WORK/ds"
cp "$top"/keys/hierarchy/Ktest.+* "$WORK/tld/"
chmod 600 "$WORK"/tld/*.private
past=$(($(date +%s) - 3600))
ZONES=""
for spec in $METHODS; do
	m=${spec%%:*}
	signers=${spec#*:}
	for s in $(echo "$signers" | sed 's/./& /g'); do
		z=$m-$s.test
		ZONES="$ZONES $z"
		d=$WORK/$z
		mkdir -p "$d/keys"
		policy "$m" >"$d/policy.conf"
		zone_text "$z" >"$d/unsigned"
		case $m in
		gs) ;;
		cs) "$SIGIL" keygen -K "$d/keys" -f CSK --ttl 2 --at "$past" "$z" >"$d/ksk" ;;
		*)
			"$SIGIL" keygen -K "$d/keys" -f KSK --ttl 2 --at "$past" "$z" >"$d/ksk" &&
				"$SIGIL" keygen -K "$d/keys" -f ZSK --ttl 2 --at "$past" "$z" >"$d/zsk" ;;
		esac
		if [ -s "$d/ksk" ]; then
			"$SIGIL" ds --ttl 2 "$d/keys/$(cat "$d/ksk")" >"$WORK/ds/$z"
		fi
		sign_zone "$z"
	done
done
sign_parent
if [ -s "$WORK/errors" ]; then
	not_ok "rollover: the zones are signed"
	diag "$WORK/errors"
	finish
	exit 1
fi
ok "rollover: $(echo $ZONES | wc -w) zones (every method, signed by sigil sign and dnssec-signzone) and test. signed"

# -- the servers: NSD with every zone; Unbound C (a cache) and V (validating, no cache)
nsd_conf()
{
	nsd_server "$port" 127.53.0.1 127.53.0.2 127.54.0.3
	cat <<NSD
zone:
  name: "."
  zonefile: "$ROOT"
zone:
  name: "test."
  zonefile: "$WORK/test.signed"
NSD
	for z in $ZONES; do
		printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$z" "$WORK/$z/signed"
	done
}

cache_conf()
{
	unbound_server 127.54.0.9 "$port" | sed 's/unbound\.pid/cache.pid/; s/unbound\.log/cache.log/;
		s/module-config: .*/module-config: "iterator"/'
	printf '  prefetch: no\nremote-control:\n  control-enable: yes\n'
	printf '  control-interface: "%s"\n  control-use-cert: no\n' "$WORK/cache.ctl"
	printf 'stub-zone:\n  name: "."\n  stub-addr: 127.53.0.1@%s\n' "$port"
	printf 'stub-zone:\n  name: "test."\n  stub-addr: 127.53.0.2@%s\n' "$port"
	for z in $ZONES; do
		printf 'stub-zone:\n  name: "%s"\n  stub-addr: 127.54.0.3@%s\n' "$z" "$port"
	done
}

validator_conf()
{
	unbound_server 127.54.0.10 "$port" | sed 's/unbound\.pid/validator.pid/; s/unbound\.log/validator.log/'
	printf '  trust-anchor-file: "%s"\n  cache-max-ttl: 0\n  cache-max-negative-ttl: 0\n' "$ANCHOR"
	printf '  val-bogus-ttl: 1\n  prefetch: no\n'
	printf 'forward-zone:\n  name: "."\n  forward-addr: 127.54.0.9@%s\n' "$port"
}

started=""
for attempt in 1 2 3 4 5; do
	port=$((20000 + ($$ * 13 + attempt * 7919) % 40000))
	nsd_conf >"$WORK/nsd.conf"
	cache_conf >"$WORK/cache.conf"
	validator_conf >"$WORK/validator.conf"
	nsd -d -c "$WORK/nsd.conf" >"$WORK/nsd.out" 2>&1 &
	nsd_pid=$!
	unbound -d -c "$WORK/cache.conf" >"$WORK/cache.out" 2>&1 &
	cache_pid=$!
	unbound -d -c "$WORK/validator.conf" >"$WORK/validator.out" 2>&1 &
	pids="$nsd_pid $cache_pid $!"
	if wait_for_dns 127.54.0.3 "$port" zp-s.test && wait_for_dns 127.54.0.10 "$port" zp-s.test; then
		started=yes
		break
	fi
	stop_pids
done
if [ -z "$started" ]; then
	not_ok "rollover: NSD and two Unbounds start on 127.5x.0.x"
	diag "$WORK/nsd.log"
	diag "$WORK/validator.log"
	finish
	exit 1
fi
ok "rollover: NSD, a cache and a validating Unbound on 127.5x.0.x port $port"
hints=$WORK/hints
printf '.\t3600000\tNS\ta.root.test.\na.root.test.\t3600000\tA\t127.53.0.1\n' >"$hints"

# Every zone validates before anything rolls (AD from V), and every plan is safe.
bad=""
for z in $ZONES; do
	case $z in gs-*) continue ;; esac
	dig @127.54.0.10 -p "$port" +dnssec +time=3 +tries=2 "www.$z" A >"$WORK/pre.$z" 2>&1
	grep -q 'flags:.* ad' "$WORK/pre.$z" || bad="$bad $z"
done
if [ -z "$bad" ]; then ok "rollover: every signed zone validates in V (AD) before the rolls"
else not_ok "rollover: every signed zone validates in V (AD) before the rolls (not:$bad)"; diag "$WORK/pre.${bad# }"; fi
bad=""
for z in $ZONES; do
	"$SIGIL" rollover plan --check -K "$WORK/$z/keys" --policy "$WORK/$z/policy.conf" "$z" \
		>"$WORK/$z/plan0" 2>&1 || bad="$bad $z"
done
if [ -z "$bad" ]; then ok "rollover: 'plan --check': every plan is safe by the simulator"
else not_ok "rollover: 'plan --check': every plan is safe by the simulator (not:$bad)"; diag "$WORK/${bad# }/plan0"; fi

# -- the query loop: every zone's RRset, DNSKEY set and a missing name, through V
for z in $ZONES; do
	printf 'www.%s A\n%s DNSKEY\nnx.%s A\n' "$z" "$z" "$z"
done >"$WORK/batch"
query_loop()
{
	while [ ! -f "$WORK/stop" ]; do
		ql_t=$(date +%s.%N | cut -c1-14)
		dig @127.54.0.10 -p "$port" +dnssec +time=2 +tries=1 +noall +comments +question \
			-f "$WORK/batch" 2>&1 | awk -v t="$ql_t" '
			/status:/ { st = $6; sub(/,$/, "", st) }
			/^;; flags:/ { ad = ($0 ~ / ad[ ;]/) ? "ad" : "-" }
			/QUESTION SECTION/ { q = 1; next }
			q && /^;/ { n = $1; sub(/^;/, "", n); print t, n, $3, st, ad; q = 0; st = "?"; ad = "-" }'
		sleep 0.2
	done >>"$WORK/queries.log"
}
query_loop &
pids="$pids $!"

# -- the rollovers
# ds_set ZONE: the DS set `status` says the parent must serve after the stage under way.
ds_set()
{
	"$SIGIL" rollover status -K "$WORK/$1/keys" --policy "$WORK/$1/policy.conf" --json "$1" |
		awk -v z="$1." '/"ds_set": \[\]/ { next } /"ds_set": \[/ { on = 1; next }
			on && /\]/ { on = 0 } on { gsub(/^ *"|",?$/, ""); print z, 2, "IN", "DS", $0 }'
}

# tick ZONE [STEP-OPTION...]: one `sigil rollover step`, re-signing and the parent's DS
# after it as needed.
tick()
{
	tz=$1
	shift
	td=$WORK/$tz
	set -- rollover step -K "$td/keys" --policy "$td/policy.conf" --json "$@"
	case $tz in
	*-s.test) set -- "$@" --check-parent --check-child --hints "$hints" --port "$port" --timeout 1000 ;;
	*) [ ! -f "$td/ds-pending" ] || set -- "$@" "$(cat "$td/ds-pending")" ;;
	esac
	"$SIGIL" "$@" "$tz" >"$td/step.json" 2>"$td/step.err"
	trc=$?
	{ date +%s; cat "$td/step.json" "$td/step.err"; } >>"$td/steps.log"
	if [ $trc -gt 1 ]; then
		echo "$tz: step failed (exit $trc): $(cat "$td/step.err")" >>"$WORK/errors"
		return
	fi
	# Re-signed and reloaded at once: the propagation delay of the policy (2 s) covers this.
	if ! grep -q '"changes": \[\]' "$td/step.json"; then
		sign_zone "$tz"
		kill -HUP "$nsd_pid"
	fi
	if [ $trc -eq 1 ] && grep -q 'waiting for the parent' "$td/step.json"; then
		if [ ! -f "$td/ds-pending" ]; then
			ds_set "$tz" >"$WORK/ds/$tz"
			sign_parent
			kill -HUP "$nsd_pid"
			# The operator's word for the next step: the option the step names.
			grep -o -- "--ds-seen\|--ds-withdrawn" "$td/step.json" | head -1 >"$td/ds-pending"
		fi
	else
		rm -f "$td/ds-pending"
	fi
	if "$SIGIL" rollover plan -K "$td/keys" --policy "$td/policy.conf" --json "$tz" |
		grep -q '"under_way": true'; then
		touch "$td/rolling"
	elif [ -f "$td/rolling" ]; then
		touch "$td/done"
	fi
}

# The unsafe case: before its swap, C is made to hold the old RRset (flush, then ask).
prime_cache()
{
	unbound-control -c "$WORK/cache.conf" flush "www.$1" >/dev/null 2>&1
	dig @127.54.0.10 -p "$port" +time=2 +tries=1 "www.$1" A >/dev/null 2>&1
}

US=us-s.test
oldzsk=$(sed 's/.*+0*//' "$WORK/$US/zsk")
t_swap="" t_forced=""
force_unsafe()
{
	fd=$WORK/$US
	P="-K $fd/keys --policy $fd/policy.conf"
	# The plan as it stands, with the old ZSK's DNSKEY removed now instead.
	# shellcheck disable=SC2086
	"$SIGIL" rollover plan --print-timeline $P "$US" >"$fd/timeline.ok"
	now=$(utc_time "$(date +%s)")
	awk -v k="ZSK-$oldzsk" -v now="$now" '$2 == "-" && $3 == k && $4 == "dnskey" { $1 = now } { print }' \
		"$fd/timeline.ok" >"$fd/timeline.early"
	# shellcheck disable=SC2086
	"$SIGIL" rollover simulate --timeline "$fd/timeline.early" $P "$US" >"$fd/sim.early" 2>&1
	sim_rc=$?
	# shellcheck disable=SC2086
	"$SIGIL" rollover simulate --timeline "$fd/timeline.ok" $P "$US" >"$fd/sim.ok" 2>&1
	sim_ok_rc=$?
	t_forced=$(date +%s)
	tick "$US" --force
	cp "$td/step.err" "$fd/force.err"
}

start=$(date +%s)
: >"$WORK/errors"
while :; do
	now=$(date +%s)
	[ $((now - start)) -lt "$RUN_LIMIT" ] || break
	pending=""
	for z in $ZONES; do
		[ ! -f "$WORK/$z/done" ] || continue
		pending=1
		if [ "$z" = "$US" ] && [ -z "$t_swap" ]; then
			prime_cache "$US"
		fi
		if [ "$z" = "$US" ] && [ -n "$t_swap" ] && [ -z "$t_forced" ]; then
			# Iret = Dsgn + Dprp + TTLsig + retire-safety = 0 + 2 + 12 + 1 s: one TTLsig early
			# is 3 s after the swap.
			[ "$now" -lt $((t_swap + 3)) ] || force_unsafe
			continue
		fi
		tick "$z"
		if [ "$z" = "$US" ] && [ -z "$t_swap" ] && grep -qs "stops signing the zone data" "$WORK/$z/step.json"; then
			t_swap=$now
		fi
	done
	[ -n "$pending" ] || break
	sleep 1
done
elapsed=$(($(date +%s) - start))
sleep 4 # caches settle, the query loop goes on
touch "$WORK/stop"
wait "$(echo "$pids" | awk '{ print $NF }')" 2>/dev/null

# -- what happened
if [ -s "$WORK/errors" ]; then
	not_ok "rollover: every step and signing ran"
	diag "$WORK/errors"
else
	ok "rollover: every step and signing ran"
fi
for z in $ZONES; do
	if [ -f "$WORK/$z/done" ]; then
		ok "rollover $z: $(method "$z") ran to its end (${elapsed}s for all of them at once)"
	else
		not_ok "rollover $z: $(method "$z") ran to its end within ${RUN_LIMIT}s"
		tail -25 "$WORK/$z/steps.log" | sed 's/^/#   /'
	fi
done

# tally ZONE: "answers servfails unvalidated" from the query log.
tally()
{
	awk -v z="$1." '$2 == z || $2 == "www." z || $2 == "nx." z {
		n++; if ($4 == "SERVFAIL") s++; if ($4 != "SERVFAIL" && $5 != "ad") u++ }
		END { printf "%d %d %d\n", n, s, u }' "$WORK/queries.log"
}
for z in $ZONES; do
	[ "$z" != "$US" ] || continue
	set -- $(tally "$z")
	if [ "$1" -ge 30 ] && [ "$2" -eq 0 ]; then
		ok "rollover $z: zero SERVFAIL in $1 answers from the validating resolver"
	else
		not_ok "rollover $z: zero SERVFAIL in $1 answers from the validating resolver ($2 SERVFAIL)"
		grep " [a-z.]*$z " "$WORK/queries.log" | grep SERVFAIL | head -5 | sed 's/^/#   /'
		grep -i "validation failure" "$WORK/validator.log" | grep "$z" | head -3 | sed 's/^/#   /'
	fi
	case $z in
	gs-* | gi-*) ;; # insecure for part of the run, by design
	*)
		if [ "$3" -eq 0 ]; then ok "rollover $z: every answer validated (AD)"
		else not_ok "rollover $z: every answer validated (AD) ($3 without AD)"; fi ;;
	esac
done

# The unsafe plan: the simulator rejects it, the resolver fails in its window.
fd=$WORK/$US
if [ -z "$t_forced" ]; then
	not_ok "rollover unsafe: the early removal of the old ZSK was forced"
	tail -20 "$fd/steps.log" | sed 's/^/#   /'
else
	if [ "$sim_rc" -eq 1 ] && grep -q "data-signature" "$fd/sim.early" && [ "$sim_ok_rc" -eq 0 ]; then
		ok "rollover unsafe: simulate rejects the plan with the old ZSK removed one TTLsig early (data-signature), accepts the plan itself"
	else
		not_ok "rollover unsafe: simulate rejects the early plan (exit $sim_rc) and accepts the plan itself (exit $sim_ok_rc)"
		diag "$fd/sim.early"
	fi
	if grep -q "forced 'remove the old DNSKEY'.*data-signature" "$fd/force.err"; then
		ok "rollover unsafe: step --force warns what breaks"
	else
		not_ok "rollover unsafe: step --force warns what breaks"
		diag "$fd/force.err"
	fi
	set -- $(awk -v z="$US." -v f="$t_forced" -v ttl="$US_TTL" '($2 == z || $2 == "www." z || $2 == "nx." z) {
		if ($4 == "SERVFAIL") { if ($1 >= f && $1 <= f + ttl + 2) w++; else o++ } }
		END { printf "%d %d\n", w, o }' "$WORK/queries.log")
	if [ "$1" -ge 1 ] && [ "$2" -eq 0 ]; then
		ok "rollover unsafe: the validating resolver answers SERVFAIL $1 times in the window after it, never outside"
	else
		not_ok "rollover unsafe: SERVFAIL in the window after the forced step (in: $1, outside: $2)"
		grep "$US" "$WORK/queries.log" | awk -v f="$t_forced" '$1 >= f - 2 && $1 <= f + 14' | head -20 | sed 's/^/#   /'
	fi
fi

# BIND reads the state files sigil wrote.
bad=""
for f in "$WORK"/*-s.test/keys/K*.state; do
	dnssec-settime -p all -K "$(dirname "$f")" "$(basename "$f" .state)" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -z "$bad" ]; then ok "rollover: dnssec-settime reads every .state file sigil wrote"
else not_ok "rollover: dnssec-settime reads every .state file sigil wrote (not:$bad)"; fi

# -- status on key directories in the middle of BIND rollovers
python_init
bz=bz.test
# next_stage DIR POLICY: "METHOD STAGE DUE NAME" of the first rollover under way.
next_stage()
{
	"$SIGIL" rollover status -K "$1" --policy "$2" --json $bz >"$1.status" 2>"$1.err"
	$PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
n = d["next"][0]
print(n["method"], n["stage"], "due" if n["due"] else "later", n["name"], n["ds_set"])' "$1.status" 2>&1
}
printf 'dnssec-policy b {\n\tkeys { ksk lifetime unlimited algorithm 13; zsk lifetime 60d algorithm 13; };\n\tdnskey-ttl 300; zone-propagation-delay 300; publish-safety 0; retire-safety 60;\n\tmax-zone-ttl 3600; signing-delay 0;\n};\n' >"$WORK/b.conf"
settime() { dnssec-settime -K "$@" >/dev/null 2>&1; }
keygen() { dnssec-keygen -q -K "$@" -a 13 -L 300 $bz 2>/dev/null; }

# (a) ZSK pre-publication by timing metadata only: the new ZSK published 20 min ago
# (Ipub = 10 min), activation and retirement scheduled in an hour.
d=$WORK/bind-a
mkdir -p "$d"
k=$(keygen "$d" -f KSK) && settime "$d" -P now-30d -A now-30d "$k"
z1=$(keygen "$d") && settime "$d" -P now-30d -A now-30d -I now+1h -D now+2d "$z1"
z2=$(keygen "$d") && settime "$d" -P now-20mi -A now+1h "$z2"
soon=$(date -u -d @$(($(date +%s) + 3600)) +%Y-%m-%dT%H:%M)
got=$(next_stage "$d" "$WORK/b.conf")
case $got in
"zsk-pre-publication 2 later sign with the new key, retire the old one []")
	if grep -q "\"safe_at\": \"$soon" "$d.status"; then
		ok "rollover: status on a BIND ZSK pre-publication (timing only): stage 2, at its scheduled time"
	else
		not_ok "rollover: status on a BIND ZSK pre-publication: stage 2 at $soon"; diag "$d.status"
	fi ;;
*) not_ok "rollover: status on a BIND ZSK pre-publication (timing only) says stage 2 (got: $got)"; diag "$d.err" ;;
esac

# (b) KSK double-KSK by BIND key states: the new KSK omnipresent since yesterday, its DS
# hidden: the DS swap is due, and the DS to submit is the new KSK's.
d=$WORK/bind-b
mkdir -p "$d"
k1=$(keygen "$d" -f KSK) && settime "$d" -P now-60d -A now-60d -s -g HIDDEN -k OMNIPRESENT now-60d \
	-r OMNIPRESENT now-60d -d OMNIPRESENT now-60d "$k1"
k2=$(keygen "$d" -f KSK) && settime "$d" -P now-2d -A now-2d -s -g OMNIPRESENT -k OMNIPRESENT now-1d \
	-r OMNIPRESENT now-1d -d HIDDEN now-2d "$k2"
z=$(keygen "$d") && settime "$d" -P now-60d -A now-60d -s -g OMNIPRESENT -k OMNIPRESENT now-60d \
	-z OMNIPRESENT now-60d "$z"
want=$(dnssec-dsfromkey -2 "$d/$k2.key" | awk '{ print $4, $5, $6, $7 }')
got=$(next_stage "$d" "$WORK/b.conf")
case $got in
"ksk-double-ksk 2 due replace the DS at the parent ['$want']")
	ok "rollover: status on a BIND double-KSK roll (key states): stage 2 due, submit the new KSK's DS (as dnssec-dsfromkey)" ;;
*) not_ok "rollover: status on a BIND double-KSK roll (key states) (got: $got; want DS $want)"; diag "$d.err" ;;
esac

# (c) ZSK pre-publication after the swap, by key states: the old ZSK's signatures
# unretentive for 10 min; its removal waits for Iret (66 min).
d=$WORK/bind-c
mkdir -p "$d"
k=$(keygen "$d" -f KSK) && settime "$d" -P now-60d -A now-60d -s -g OMNIPRESENT -k OMNIPRESENT now-60d \
	-r OMNIPRESENT now-60d -d OMNIPRESENT now-60d "$k"
z1=$(keygen "$d") && settime "$d" -P now-60d -A now-60d -I now-10mi -s -g HIDDEN -k OMNIPRESENT now-60d \
	-z UNRETENTIVE now-10mi "$z1"
z2=$(keygen "$d") && settime "$d" -P now-1d -A now-10mi -s -g OMNIPRESENT -k OMNIPRESENT now-1d \
	-z RUMOURED now-10mi "$z2"
got=$(next_stage "$d" "$WORK/b.conf")
case $got in
"zsk-pre-publication 3 later remove the old DNSKEY []")
	if grep -q '"interval": "Iret"' "$d.status"; then
		ok "rollover: status on a BIND ZSK roll after the swap (key states): stage 3, waiting for Iret"
	else
		not_ok "rollover: status on a BIND ZSK roll after the swap: waits for Iret"; diag "$d.status"
	fi ;;
*) not_ok "rollover: status on a BIND ZSK roll after the swap (key states) says stage 3 (got: $got)"; diag "$d.err" ;;
esac

[ -z "${ROLLOVER_KEEP:-}" ] || cp -r "$WORK" "$ROLLOVER_KEEP" # for a look after a run
finish
