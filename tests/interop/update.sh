#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "update": sigil update, the dynamic-update signer.
#   random   1,000 random change sets per chain (NSEC, NSEC3, NSEC3 opt-out; update_random.py
#            keeps its own RFC 2136 model): each applied one at a time with `sigil update`,
#            the outcome (applied, nothing to change, refused with the model's rcode) as
#            the model says, a refused one leaving the file byte for byte as it was; each
#            result byte for byte what `sigil sign` makes of the same data (Ed25519 and a
#            fixed signing time: equal bytes are equal data, chain and signatures); `sigil
#            verify` on every one, dnssec-verify on every 100th and the last; the journal
#            replayed on the first zone gives the last. The three run side by side (in
#            /dev/shm when there is one: each step syncs three files, which on a disk is
#            most of the time).
#   live     two zones (NSEC; NSEC3 opt-out) served by NSD on 127.55.0.1 from sigil's files,
#            reloaded (SIGHUP) after each of 12 updates; each update's --journal entry fed
#            into Knot on 127.55.0.2 as one transaction, from which a second NSD on
#            127.55.0.3 takes the zone by IXFR; a validating Unbound in front of each NSD
#            asks, between updates, for the names just changed, names just removed
#            (NXDOMAIN), an empty non-terminal that came and one that went, a wildcard,
#            DS records of secure delegations that came and went, and names that never
#            existed: every answer secure (AD), none SERVFAIL. At the end the secondary's
#            zone equals sigil's file, and Knot served each change by IXFR.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
PATH=$PATH:/usr/sbin:/sbin
export PATH
python_init

now=$(date +%s)
keyat=$(utc_time $((now - 10 * 86400)))
at=$(utc_time $((now - 3600)))

# -- random sequences, in the background while the live part runs ---------------------
STEPS=${UPDATE_STEPS:-1000}
rwork=$WORK/random
if [ -d /dev/shm ] && [ -w /dev/shm ] && rwork=$(mktemp -d /dev/shm/sigil-update.XXXXXX); then
	trap 'rm -rf "$rwork"' EXIT
else
	rwork=$WORK/random
fi
mkdir -p "$rwork/k"
"$SIGIL" keygen -K "$rwork/k" -a ED25519 -f KSK --at "$keyat" r.test >/dev/null 2>&1 &&
	"$SIGIL" keygen -K "$rwork/k" -a ED25519 -f ZSK --at "$keyat" r.test >/dev/null 2>&1 ||
	not_ok "update: Ed25519 keys for the random sequences"
rpids=""
seed=1
for d in nsec nsec3 optout; do
	mkdir -p "$rwork/$d"
	$PY "$here/update_random.py" "$SIGIL" "$rwork/k" "$at" $d "$STEPS" $seed "$rwork/$d" 100 \
		>"$WORK/random.$d.log" 2>&1 &
	rpids="$rpids $!"
	seed=$((seed + 1))
done

# -- live -----------------------------------------------------------------------------
L=$WORK/live
ZONES3="n.test t.test o.test"
mkdir -p "$L/k" "$L/kn/db" "$L/kn/zones"
zone_text() # APEX
{
	printf '$ORIGIN %s\n$TTL 30\n@ SOA ns hostmaster 1 30 30 3600 5\n@ NS ns\nns A 127.55.0.1\n' "$1"
	printf 'www A 192.0.2.80\nh0 A 192.0.2.1\na.b0 TXT "ent"\n*.w TXT "wild"\n'
}
for z in $ZONES3; do
	"$SIGIL" keygen -K "$L/k" -f KSK --at "$keyat" $z >/dev/null 2>&1
	"$SIGIL" keygen -K "$L/k" -f ZSK --at "$keyat" $z >/dev/null 2>&1
	zone_text $z. >"$L/$z.zone"
	"$SIGIL" ds "$(grep -l 'key-signing key' "$L"/k/K$z.+013+*.key)" >>"$L/anchors" 2>/dev/null
done
check "live: sign n.test (NSEC)" "$SIGIL" sign -q -K "$L/k" -f "$L/n.test.signed" "$L/n.test.zone"
check "live: sign t.test (NSEC3)" "$SIGIL" sign -q -K "$L/k" --nsec3 -f "$L/t.test.signed" \
	"$L/t.test.zone"
check "live: sign o.test (NSEC3 opt-out)" "$SIGIL" sign -q -K "$L/k" --nsec3 --opt-out \
	-f "$L/o.test.signed" "$L/o.test.zone"
for z in $ZONES3; do
	cp "$L/$z.signed" "$L/kn/zones/$z.zone"
done

nsd_conf() # NAME ADDRESS [SECONDARY]
{
	cat <<EOF
server:
  ip-address: $2@$port
  port: $port
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "$L"
  pidfile: "$L/$1.pid"
  database: ""
  xfrdfile: "$L/$1.xfrd"
  xfrdir: "$L"
  zonelistfile: "$L/$1.zonelist"
  logfile: "$L/$1.log"
  verbosity: 2
remote-control:
  control-enable: no
EOF
	for z in $ZONES3; do
		if [ $# -gt 2 ]; then
			printf 'zone:\n  name: "%s."\n  zonefile: "%s/%s.%s"\n' $z "$L" "$1" $z
			printf '  request-xfr: 127.55.0.2@%s NOKEY\n  allow-notify: 127.55.0.2 NOKEY\n' "$port"
			printf '  outgoing-interface: %s\n  provide-xfr: 127.0.0.0/8 NOKEY\n' "$2"
		else
			printf 'zone:\n  name: "%s."\n  zonefile: "%s/%s.signed"\n' $z "$L" $z
		fi
	done
}
knot_conf()
{
	cat <<EOF
server:
    rundir: "$L/kn"
    listen: 127.55.0.2@$port
    background-workers: 1
    udp-workers: 1
    tcp-workers: 1
log:
  - target: "$L/kn/knot.log"
    any: info
database:
    storage: "$L/kn/db"
control:
    listen: "$L/kn/knot.sock"
remote:
  - id: secondary
    address: 127.55.0.3@$port
    via: 127.55.0.2
acl:
  - id: transfer
    address: 127.55.0.0/24
    action: transfer
template:
  - id: default
    storage: "$L/kn/zones"
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: changes
    semantic-checks: off
    acl: transfer
    notify: secondary
zone:
  - domain: n.test.
  - domain: t.test.
  - domain: o.test.
EOF
}
unbound_conf() # ADDRESS NSD-ADDRESS NAME
{
	WORK=$L unbound_server "$1" "$port" | sed "s|$L/unbound|$L/$3|"
	printf '  trust-anchor-file: "%s/anchors"\n  val-override-date: "0"\n' "$L"
	for z in $ZONES3; do
		printf '  local-zone: "%s." nodefault\n' $z
	done
	printf 'remote-control:\n  control-enable: yes\n  control-interface: "%s/%s.ctl"\n' "$L" "$3"
	for z in $ZONES3; do
		printf 'stub-zone:\n  name: "%s."\n  stub-addr: %s@%s\n' $z "$2" "$port"
	done
}
live_pids=""
stop_live()
{
	for sp in $live_pids; do
		kill "$sp" 2>/dev/null
	done
	for sp in $live_pids; do
		wait "$sp" 2>/dev/null
	done
	live_pids=""
}
trap 'stop_live; [ "$rwork" = "$WORK/random" ] || rm -rf "$rwork"' EXIT
start()
{
	"$@" >"$L/$(basename "$1").$n.out" 2>&1 &
	last_pid=$!
	live_pids="$live_pids $last_pid"
	n=$((n + 1))
}
serial_at() # ADDRESS ZONE
{
	dig @"$1" -p "$port" +short +time=1 +tries=1 +norec "$2" SOA 2>/dev/null | awk '{ print $3 }'
}
wait_serial() # ADDRESS ZONE SERIAL: until the server has the serial (about 10 s at most)
{
	ws_i=0
	while [ $ws_i -lt 100 ]; do
		[ "$(serial_at "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
		ws_i=$((ws_i + 1))
	done
	return 1
}
started=0 attempt=0
while [ $attempt -lt 5 ] && [ $started -eq 0 ]; do
	attempt=$((attempt + 1))
	port=$((20000 + ($$ * 19 + attempt * 7919) % 40000))
	n=0
	nsd_conf primary 127.55.0.1 >"$L/primary.conf"
	nsd_conf secondary 127.55.0.3 from-knot >"$L/secondary.conf"
	knot_conf >"$L/kn/knot.conf"
	unbound_conf 127.55.0.10 127.55.0.1 ub1 >"$L/ub1.conf"
	unbound_conf 127.55.0.11 127.55.0.3 ub2 >"$L/ub2.conf"
	start nsd -d -c "$L/primary.conf"
	pid_primary=$last_pid
	start knotd -c "$L/kn/knot.conf"
	start nsd -d -c "$L/secondary.conf"
	start unbound -d -c "$L/ub1.conf"
	start unbound -d -c "$L/ub2.conf"
	s0=$(awk '$4 == "SOA" { print $7; exit }' "$L/n.test.signed")
	if wait_for_dns 127.55.0.1 "$port" n.test. && wait_serial 127.55.0.3 n.test. "$s0" &&
		wait_serial 127.55.0.3 t.test. "$s0" && wait_serial 127.55.0.3 o.test. "$s0" &&
		wait_for_dns 127.55.0.10 "$port" n.test. &&
		wait_for_dns 127.55.0.11 "$port" o.test.; then
		started=1
	else
		stop_live
	fi
done
if [ $started -eq 0 ]; then
	not_ok "live: NSD, Knot and Unbound start on 127.55.0.x"
	for f in "$L"/*.out "$L"/*.log "$L"/kn/knot.log; do
		[ -f "$f" ] && diag "$f" "$(basename "$f"):"
	done
	wait $rpids
	finish
	exit 1
fi
ok "live: NSD (primary and secondary), Knot and two Unbounds on 127.55.0.x port $port"

# The change set of step I for a zone; o.test. also gets an insecure delegation (opt-out).
changes() # ZONE I
{
	i=$2
	printf 'update add h%d 30 A 192.0.2.%d\n' "$i" $((i % 200 + 10))
	printf 'update delete h%d A\nupdate add h%d 30 A 198.51.100.%d\n' $((i - 1)) $((i - 1)) "$i"
	[ "$i" -lt 3 ] || printf 'update delete h%d\n' $((i - 3))
	printf 'update add a.b%d 30 TXT "ent-%d"\nupdate delete a.b%d\n' "$i" "$i" $((i - 1))
	printf 'update add d%d 30 NS ns.d%d\nupdate add ns.d%d 30 A 127.55.0.99\n' "$i" "$i" "$i"
	printf 'update add d%d 30 DS %d 13 2 %064X\n' "$i" $((40000 + i)) "$i"
	[ "$i" -lt 2 ] || printf 'update delete d%d\nupdate delete ns.d%d\n' $((i - 2)) $((i - 2))
	if [ $((i % 3)) -eq 0 ]; then
		printf 'update delete *.w\n'
	else
		printf 'update add *.w 30 TXT "wild-%d"\n' "$i"
	fi
	[ "$1" != o.test ] || printf 'update add u%d 30 NS ns.elsewhere.example.\n' "$i"
	printf 'send\n'
}
# knot_apply ZONE FILE: one Knot transaction with a journal entry's del and add lines (the
# old SOA is replaced by setting the new one), through one knotc reading its commands.
knot_apply()
{
	awk -v z="$1." '
		BEGIN { print "zone-begin " z }
		{
			dir = $1; owner = $2; ttl = $3; type = $5
			rd = ""
			for (i = 6; i <= NF; i++) rd = rd " " $i
			if (type == "SOA") {
				if (dir == "add") print "zone-set " z " " owner " " ttl " SOA" rd
			} else if (dir == "del") {
				print "zone-unset " z " " owner " " type rd
			} else {
				print "zone-set " z " " owner " " ttl " " type rd
			}
		}
		END { print "zone-commit " z }' "$2" >"$2.knotc"
	knotc -s "$L/kn/knot.sock" <"$2.knotc" >"$2.knotc.out" 2>&1 &&
		! grep -qi error "$2.knotc.out"
}
# ask NAME TYPE WANT [any]: queue a question whose answer must have status WANT and be
# secure (AD); with "any", AD may be missing (a denial in an opt-out span is insecure by
# design: RFC 5155 section 9.2), but the answer must still not be SERVFAIL.
# asked RESOLVER: ask the queued questions (one dig for all of them) and count.
queries=0 servfail=0 insecure=0 wrong=0 optout_insecure=0
: >"$L/queue"
ask()
{
	echo "$1 $2 $3 ${4:-ad}" >>"$L/queue"
}
asked()
{
	# shellcheck disable=SC2046 # the questions as words
	dig @"$1" -p "$port" +time=3 +tries=2 +adflag +dnssec \
		$(awk '{ print $1, $2 }' "$L/queue") >"$L/answers" 2>&1
	awk '
		/->>HEADER<<-/ { s = $0; sub(/.*status: /, "", s); sub(/,.*/, "", s); status = s }
		/^;; flags:/ { f = $0; sub(/^;; flags: /, "", f); sub(/;.*/, "", f); flags = " " f " " }
		/^;; QUESTION SECTION:/ { q = 1; next }
		q == 1 { sub(/^;/, ""); print $1, $3, status, (flags ~ / ad /) ? "ad" : "-"; q = 0 }
	' "$L/answers" >"$L/got"
	while read -r as_name as_type as_want as_mode; do
		queries=$((queries + 1))
		as_got=$(awk -v n="$as_name." -v t="$as_type" 'tolower($1) == tolower(n) && $2 == t { print $3, $4; exit }' "$L/got")
		as_status=${as_got% *} as_ad=${as_got#* }
		if [ "$as_status" = SERVFAIL ] || [ -z "$as_got" ]; then
			servfail=$((servfail + 1))
			echo "#   $1: $as_name $as_type: ${as_status:-no answer}"
		elif [ "$as_status" != "$as_want" ]; then
			wrong=$((wrong + 1))
			echo "#   $1: $as_name $as_type: $as_status, not $as_want"
		elif [ "$as_ad" != ad ] && [ "$as_mode" = any ]; then
			optout_insecure=$((optout_insecure + 1))
		elif [ "$as_ad" != ad ]; then
			insecure=$((insecure + 1))
			echo "#   $1: $as_name $as_type: $as_status without AD"
		fi
	done <"$L/queue"
}
LIVE_STEPS=12
failed_steps=0
for i in $(seq 1 $LIVE_STEPS); do
	step_ok=1
	for z in $ZONES3; do
		changes $z "$i" >"$L/c.$z.$i"
		jsize=0
		[ ! -f "$L/j.$z" ] || jsize=$(wc -c <"$L/j.$z")
		if ! "$SIGIL" update -q -K "$L/k" --journal "$L/j.$z" "$L/$z.signed" "$L/c.$z.$i" \
			>"$L/u.$z.$i.log" 2>&1; then
			step_ok=0
			not_ok "live: step $i: sigil update $z"
			diag "$L/u.$z.$i.log"
			continue
		fi
		tail -c +$((jsize + 1)) "$L/j.$z" >"$L/j.$z.$i"
		serial=$(awk '$4 == "SOA" { print $7; exit }' "$L/$z.signed")
		if ! knot_apply $z "$L/j.$z.$i"; then
			step_ok=0
			not_ok "live: step $i: the journal entry of $z applies to Knot as one transaction"
			diag "$L/j.$z.$i.knotc.out"
		fi
		eval "serial_$(echo $z | tr . _)=$serial"
	done
	kill -HUP "$pid_primary"
	for z in $ZONES3; do
		eval "serial=\$serial_$(echo $z | tr . _)"
		wait_serial 127.55.0.1 $z. "$serial" || {
			step_ok=0
			not_ok "live: step $i: NSD reloads $z at serial $serial"
		}
		wait_serial 127.55.0.3 $z. "$serial" || {
			step_ok=0
			not_ok "live: step $i: the secondary NSD has $z at serial $serial by IXFR from Knot"
		}
	done
	for r in ub1 ub2; do
		for z in $ZONES3; do
			unbound-control -c "$L/$r.conf" flush_zone $z. >/dev/null 2>&1
		done
	done
	before=$((servfail + insecure + wrong))
	: >"$L/queue"
	for z in $ZONES3; do
		neg=""
		[ $z != o.test ] || neg=any
		ask h$i.$z A NOERROR
		ask h$((i - 1)).$z A NOERROR
		[ "$i" -lt 3 ] || ask h$((i - 3)).$z A NXDOMAIN $neg
		ask never$i.$z A NXDOMAIN $neg
		ask b$i.$z TXT NOERROR $neg
		ask b$((i - 1)).$z TXT NXDOMAIN $neg
		ask d$i.$z DS NOERROR
		[ "$i" -lt 2 ] || ask d$((i - 2)).$z DS NXDOMAIN $neg
		if [ $((i % 3)) -eq 0 ]; then
			ask x.w.$z TXT NXDOMAIN $neg
		else # a wildcard answer proves the name absent, too
			ask x.w.$z TXT NOERROR $neg
		fi
	done
	asked 127.55.0.10
	asked 127.55.0.11
	[ $((servfail + insecure + wrong)) -eq "$before" ] || step_ok=0
	[ $step_ok -eq 1 ] || failed_steps=$((failed_steps + 1))
done
if [ $failed_steps -eq 0 ]; then
	ok "live: $LIVE_STEPS updates of two zones: NSD reloaded each, the secondary followed each by IXFR"
else
	not_ok "live: $failed_steps of $LIVE_STEPS update steps went wrong"
fi
if [ $servfail -eq 0 ] && [ $insecure -eq 0 ] && [ $wrong -eq 0 ]; then
	ok "live: $queries answers from Unbound through the primary and the secondary: none SERVFAIL, all secure but $optout_insecure denials in o.test's opt-out spans"
else
	not_ok "live: $queries answers: $servfail SERVFAIL, $insecure without AD, $wrong with the wrong status"
fi
# The secondary's zone is sigil's, and it came by IXFR.
for z in $ZONES3; do
	dig @127.55.0.3 -p "$port" +nocmd +nostats +nocomments +onesoa +nosplit AXFR $z. >"$L/axfr.$z" 2>&1
	if ldns-read-zone -z "$L/axfr.$z" >"$L/axfr.$z.n" 2>&1 &&
		ldns-read-zone -z "$L/$z.signed" >"$L/$z.signed.n" 2>&1; then
		same "live: the secondary's $z (by IXFR from Knot, fed sigil's journal) is sigil's file" \
			"$L/$z.signed.n" "$L/axfr.$z.n" sigil secondary
	else
		not_ok "live: ldns-read-zone reads the secondary's $z and sigil's"
		diag "$L/axfr.$z"
	fi
	nixfr=$(grep -c "\[$z\.\] IXFR, outgoing.*started" "$L/kn/knot.log")
	if [ "$nixfr" -ge $LIVE_STEPS ]; then
		ok "live: Knot served $z to the secondary by IXFR $nixfr times"
	else
		not_ok "live: Knot served $z by IXFR only $nixfr times ($LIVE_STEPS updates)"
		grep "\[$z\.\]" "$L/kn/knot.log" | tail -n 10 | sed 's/^/#   /'
	fi
done
stop_live

# -- the random sequences' results ----------------------------------------------------
for p in $rpids; do
	wait "$p"
done
for d in nsec nsec3 optout; do
	if grep -q '^ok - ' "$WORK/random.$d.log" && ! grep -q '^not ok - ' "$WORK/random.$d.log"; then
		grep -E '^(ok - |# )' "$WORK/random.$d.log"
		PASSED=$((PASSED + 1))
	else
		grep '^not ok - ' "$WORK/random.$d.log" >/dev/null || echo "not ok - update random $d: the driver broke"
		sed -n '1,60p' "$WORK/random.$d.log"
		FAILED=$((FAILED + 1))
	fi
done
finish
