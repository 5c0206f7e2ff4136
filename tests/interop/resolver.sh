#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "resolver": the whole path through real servers. For every algorithm, a
# zone signed (by dnssec-signzone or ldns-signzone, NSEC or NSEC3) with keys from
# `sigil keygen` is served by NSD on the loopback; Unbound, configured with the DS that
# `sigil ds` prints as its trust anchor, must validate answers from it (AD bit, both for
# data and for an NXDOMAIN proof), and so must BIND's delv with the same DS. A zone whose
# anchor is the DS of a key that is not in the zone must fail validation (SERVFAIL): the
# negative control.
. "$(dirname "$0")/lib.sh"

template=$ZONES/example.test.zone
now=$(date +%s)
inception=$(utc_time $((now - 3600)))
expiration=$(utc_time $((now + 30 * 86400)))
nsd_pid=""
unbound_pid=""

stop_servers()
{
	# Only the processes this script started, by their ids.
	for sp in $nsd_pid $unbound_pid; do
		kill "$sp" 2>/dev/null
	done
	for sp in $nsd_pid $unbound_pid; do
		wait "$sp" 2>/dev/null
	done
	nsd_pid=""
	unbound_pid=""
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

# sign_zone NAME ALG NUMBER SIGNER DENIAL: keys, signed zone $WORK/NAME/signed, DS in
# $WORK/NAME/ds. Returns non-zero (after a not_ok line) on failure.
sign_zone()
{
	sz_name=$1 sz_alg=$2 sz_n=$3 sz_signer=$4 sz_denial=$5
	sz_d=$WORK/$sz_name
	mkdir -p "$sz_d/keys"
	sed "s/^\\\$ORIGIN example\\.test\\.\$/\$ORIGIN $sz_name./" "$template" >"$sz_d/unsigned"
	# shellcheck disable=SC2046
	if ! capture "$sz_d/ksk" "$SIGIL" keygen -K "$sz_d/keys" -a "$sz_alg" $(rsa_bits "$sz_n") -f KSK "$sz_name" ||
		! capture "$sz_d/zsk" "$SIGIL" keygen -f ZSK -K "$sz_d/keys" -a "$sz_alg" $(rsa_bits "$sz_n") "$sz_name"; then
		not_ok "resolver $sz_name: sigil keygen makes a $sz_alg KSK and ZSK"
		diag "$sz_d/ksk.err"
		diag "$sz_d/zsk.err"
		return 1
	fi
	sz_ksk=$sz_d/keys/$(cat "$sz_d/ksk")
	sz_zsk=$sz_d/keys/$(cat "$sz_d/zsk")
	case $sz_signer:$sz_denial in
	bind:nsec) set -- dnssec-signzone -S -K "$sz_d/keys" -d "$sz_d" -o "$sz_name" \
		-s "$inception" -e "$expiration" -f "$sz_d/signed" "$sz_d/unsigned" ;;
	bind:nsec3) set -- dnssec-signzone -S -K "$sz_d/keys" -d "$sz_d" -o "$sz_name" \
		-s "$inception" -e "$expiration" -3 - -H 0 -f "$sz_d/signed" "$sz_d/unsigned" ;;
	ldns:nsec) set -- ldns-signzone -o "$sz_name" -i "$inception" -e "$expiration" \
		-f "$sz_d/signed" "$sz_d/unsigned" "$sz_ksk" "$sz_zsk" ;;
	ldns:nsec3) set -- ldns-signzone -n -t 0 -o "$sz_name" -i "$inception" \
		-e "$expiration" -f "$sz_d/signed" "$sz_d/unsigned" "$sz_ksk" "$sz_zsk" ;;
	esac
	if ! run "$@"; then
		not_ok "resolver $sz_name: $1 signs the zone with sigil's $sz_alg keys"
		diag "$LOG"
		return 1
	fi
	if ! capture "$sz_d/ds" "$SIGIL" ds "$sz_ksk.key" || [ ! -s "$sz_d/ds" ]; then
		not_ok "resolver $sz_name: sigil ds prints the KSK's DS"
		diag "$sz_d/ds.err"
		return 1
	fi
	return 0
}

# The DS record(s) of file $1 as "owner tag alg digesttype DIGEST" lines.
ds_fields()
{
	ds_norm <"$1" | awk '$2 == "DS" { print $1, $3, $4, $5, $6 }'
}

# -- the zones
zones=""
i=0
for spec in $ALGS; do
	n=${spec%%:*}
	alg=${spec#*:}
	i=$((i + 1))
	# Alternate the signer and the denial method across the algorithms.
	case $i in
	1 | 4) signer=bind denial=nsec ;;
	2 | 5) signer=ldns denial=nsec3 ;;
	3) signer=bind denial=nsec3 ;;
	*) signer=ldns denial=nsec ;;
	esac
	name=alg$n.test
	if sign_zone "$name" "$alg" "$n" "$signer" "$denial"; then
		ok "resolver $name: signed by $signer ($denial) with sigil's $alg keys; DS from sigil ds"
		zones="$zones $name"
	fi
done
# Negative control: a correct zone, but the anchor is the DS of another key.
bogus=bogus.test
if sign_zone $bogus ED25519 15 bind nsec; then
	# shellcheck disable=SC2046
	if capture "$WORK/other" "$SIGIL" keygen -K "$WORK" -a ED25519 -f KSK $bogus &&
		capture "$WORK/$bogus/ds" "$SIGIL" ds "$WORK/$(cat "$WORK/other").key"; then
		zones="$zones $bogus"
	else
		not_ok "resolver $bogus: a second key for the wrong anchor"
		diag "$WORK/other.err"
	fi
fi

if [ -z "$zones" ]; then
	not_ok "resolver: at least one signed zone to serve"
	finish
	exit 1
fi

# -- the servers
# nsd_conf PORT / unbound_conf NSD-PORT PORT: configurations, all state in $WORK.
nsd_conf()
{
	nsd_server "$1" 127.0.0.1
	for z in $zones; do
		printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$z" "$WORK/$z/signed"
	done
}

unbound_conf()
{
	unbound_server 127.0.0.1 "$2"
	for z in $zones; do
		ds_fields "$WORK/$z/ds" | while read -r o t a dt dg; do
			printf '  trust-anchor: "%s DS %s %s %s %s"\n' "$o" "$t" "$a" "$dt" "$dg"
		done
	done
	for z in $zones; do
		printf 'stub-zone:\n  name: "%s"\n  stub-addr: 127.0.0.1@%s\n' "$z" "$1"
	done
	printf 'remote-control:\n  control-enable: no\n'
}

first=${zones# }
first=${first%% *}
started=0
attempt=0
# Ports from the process id, with a few retries should one be taken.
while [ $attempt -lt 5 ] && [ $started -eq 0 ]; do
	attempt=$((attempt + 1))
	p_nsd=$((20000 + ($$ * 13 + attempt * 7919) % 40000))
	p_unbound=$((p_nsd + 1))
	nsd_conf $p_nsd >"$WORK/nsd.conf"
	unbound_conf $p_nsd $p_unbound >"$WORK/unbound.conf"
	nsd -d -c "$WORK/nsd.conf" >"$WORK/nsd.out" 2>&1 &
	nsd_pid=$!
	unbound -d -c "$WORK/unbound.conf" >"$WORK/unbound.out" 2>&1 &
	unbound_pid=$!
	if wait_for_dns 127.0.0.1 $p_nsd "$first" && wait_for_dns 127.0.0.1 $p_unbound "$first"; then
		started=1
	else
		stop_servers
	fi
done
if [ $started -eq 0 ]; then
	not_ok "resolver: NSD and Unbound start on the loopback"
	diag "$WORK/nsd.out" "nsd:"
	diag "$WORK/nsd.log" "nsd log:"
	diag "$WORK/unbound.out" "unbound:"
	diag "$WORK/unbound.log" "unbound log:"
	finish
	exit 1
fi
ok "resolver: NSD (port $p_nsd) and Unbound (port $p_unbound) serve $(echo $zones | wc -w) zones"

# -- the queries
# query_unbound DESC NAME TYPE STATUS AD(yes|no)
query_unbound()
{
	qu_desc=$1
	newlog
	dig @127.0.0.1 -p $p_unbound +dnssec +time=3 +tries=2 "$2" "$3" >"$LOG" 2>&1
	qu_status=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' "$LOG")
	qu_ad=no
	grep -Eq '^;; flags:[a-z ]* ad[ ;]' "$LOG" && qu_ad=yes
	if [ "$qu_status" = "$4" ] && [ "$qu_ad" = "$5" ]; then
		ok "$qu_desc"
	else
		not_ok "$qu_desc"
		echo "#   status $qu_status, AD $qu_ad; expected $4, AD $5"
		diag "$LOG"
		grep -i -e 'validat' -e 'bogus' "$WORK/unbound.log" | tail -n 5 | sed 's/^/#     /'
	fi
}

# delv_anchor ZONE > FILE: a trust-anchors clause for delv from sigil's DS.
delv_anchor()
{
	echo "trust-anchors {"
	ds_fields "$WORK/$1/ds" | while read -r o t a dt dg; do
		printf '  "%s" static-ds %s %s %s "%s";\n' "$o" "$t" "$a" "$dt" "$dg"
	done
	echo "};"
}

for z in $zones; do
	if [ "$z" = $bogus ]; then
		query_unbound "resolver control: unbound rejects $z, whose anchor is another key's DS (SERVFAIL)" \
			mail.$z A SERVFAIL no
		delv_anchor $z >"$WORK/$z/anchor.conf"
		newlog
		delv @127.0.0.1 -p $p_nsd -a "$WORK/$z/anchor.conf" +root=$z mail.$z A >"$LOG" 2>&1
		if grep -q '; fully validated' "$LOG"; then
			not_ok "resolver control: delv rejects $z, whose anchor is another key's DS"
			diag "$LOG"
		else
			ok "resolver control: delv rejects $z, whose anchor is another key's DS"
		fi
		continue
	fi
	alg=$(sed -n 's/.*+0*\([0-9]*\)+.*/\1/p' "$WORK/$z/ksk")
	query_unbound "resolver $z (alg $alg): unbound validates an A record (NOERROR, AD)" \
		mail.$z A NOERROR yes
	query_unbound "resolver $z (alg $alg): unbound validates a wildcard answer (NOERROR, AD)" \
		host2.wild.$z TXT NOERROR yes
	query_unbound "resolver $z (alg $alg): unbound validates an NXDOMAIN proof (AD)" \
		nx.b.c.$z A NXDOMAIN yes
	delv_anchor "$z" >"$WORK/$z/anchor.conf"
	newlog
	delv @127.0.0.1 -p $p_nsd -a "$WORK/$z/anchor.conf" +root="$z" mail."$z" A >"$LOG" 2>&1
	if grep -q '^; fully validated' "$LOG"; then
		ok "resolver $z (alg $alg): delv, anchored at sigil's DS, fully validates an A record"
	else
		not_ok "resolver $z (alg $alg): delv, anchored at sigil's DS, fully validates an A record"
		diag "$LOG"
	fi
done

stop_servers
finish
