#!/bin/sh
# SPDX-License-Identifier: MIT
# Shared by the chain_* interop topics (`sigil chain` over the test hierarchy,
# testzones/hierarchy, keys in keys/hierarchy): the cases, the judge of sigil's JSON, and
# the NSD and Unbound servers of the live topics (on 127.53.0.x at a free port, always
# stopped: trap). Sourced, not run.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
H=$top/testzones/hierarchy/signed
ANCHOR=$top/keys/hierarchy/root.anchor
AT=20270101000000 # every hierarchy signature is valid from 2026 to 2036
ROOT23=$top/testzones/root-zone-2023051100/root.zone
ROOT17=$top/testzones/root-zone-2017082100/root.zone
RA=$top/keys/root-anchors
python_init

# The cases: NAME TYPE VERDICT REASON SHAPE [delv:VERDICT] (see testzones/hierarchy/README.md).
# REASON is that of the link that decides the verdict ("-" when secure, "*" for any); SHAPE
# is the CNAME/DNAME links on the way and the kind of that link ("*": a wildcard answer).
# delv:VERDICT marks where BIND's delv knowingly differs from Unbound and the RFC.
CASES="
www.nsec.test. A secure - answer
www.nsec3.test. A secure - answer
www.optout.test. A secure - answer
nx.nsec.test. A secure - nxdomain
nx.nsec3.test. A secure - nxdomain
www.nsec.test. MX secure - nodata
www.nsec3.test. MX secure - nodata
a.wild.nsec.test. TXT secure - answer*
a.wild.nsec3.test. TXT secure - answer*
cname.nsec.test. A secure - cname,answer
www.dname.nsec.test. A secure - dname,answer
big.nsec.test. TXT secure - answer
nsec.test. DNSKEY secure - answer
nsec3.test. DS secure - answer
www.insecure.test. A insecure insecure-delegation no-ds
www.insecure.nsec3.test. A insecure insecure-delegation no-ds
www.island.optout.test. A insecure insecure-delegation no-ds
nx.optout.test. A insecure nsec3-optout-insecure nxdomain delv:secure
www.unsupported.test. A insecure ds-algorithm-unsupported ds
www.baddigest.test. A bogus ds-no-matching-dnskey dnskey
www.nokey.test. A bogus ds-no-matching-dnskey dnskey
www.wrongalg.test. A bogus ds-no-matching-dnskey dnskey
www.expired.test. A bogus rrsig-expired answer
www.stripped.test. A bogus rrset-unsigned answer
"

pids=""
trap stop_pids EXIT
trap 'exit 130' INT TERM

# -- checking sigil's JSON: chain_check runs sigil and queues the expectations; flush_checks
# judges the queue in one python3 run (one per check would cost more than sigil itself)
cat >"$WORK/check.py" <<'EOF'
# check.py QUEUE: one check per line, tab-separated: DESC JSON-FILE EXIT VERDICT REASON SHAPE
# MAX-VERIFICATIONS STDERR-FILE COMMAND. Checks the chain's verdict, the reason of its
# deciding link (the first that is not secure, else the last), its shape and exit code;
# prints "ok<TAB>DESC" or "not ok<TAB>DESC" and "#" lines saying why.
import json, sys

def judge(path, rc, verdict, reason, shape, most):
    try:
        d = json.load(open(path))
    except Exception as e:
        return ["no JSON output (exit %s): %s" % (rc, e)], []
    links = d.get("links") or []
    dec = next((i for i, l in enumerate(links) if l["status"] != "secure"), len(links) - 1)
    got_shape = ",".join(l["kind"] for l in links[:dec] if l["kind"] in ("cname", "dname"))
    if links:
        got_shape += ("," if got_shape else "") + links[dec]["kind"]
        got_shape += "*" if links[dec]["wildcard"] else ""
    got_reason = (links[dec]["reason"] if links else None) or "-"
    if reason == "*" and verdict != "secure" and got_reason != "-":
        reason = got_reason
    bad = []
    if d.get("verdict") != verdict:
        bad.append("verdict %s, expected %s" % (d.get("verdict"), verdict))
    if got_reason != reason:
        bad.append("reason %s, expected %s" % (got_reason, reason))
    if shape != "-" and got_shape != shape:
        bad.append("shape %s, expected %s" % (got_shape, shape))
    if rc != ("0" if verdict in ("secure", "insecure") else "1"):
        bad.append("exit %s" % rc)
    if most != "-" and d.get("verifications", 1 << 30) > int(most):
        bad.append("%s verifications, at most %s expected" % (d.get("verifications"), most))
    return bad, ["  %-13s %-8s %-24s %s" % (l["status"], l["kind"], l["owner"], l["reason"] or "")
                 for l in links]

for line in open(sys.argv[1]):
    desc, path, rc, verdict, reason, shape, most, err, cmd = line.rstrip("\n").split("\t")
    bad, links = judge(path, rc, verdict, reason, shape, most)
    print(("not ok\t" if bad else "ok\t") + desc)
    if bad:
        for b in bad + links + ["sigil chain --json " + cmd]:
            print("#   " + b)
        for e in open(err).read().splitlines()[:10]:
            print("#   stderr: " + e)
EOF
: >"$WORK/queue"

# chain_check DESC VERDICT REASON SHAPE [--max-verifications N] -- SIGIL-CHAIN-ARGS...
chain_check()
{
	cc_desc=$1 cc_v=$2 cc_r=$3 cc_s=$4 cc_max=-
	shift 4
	if [ "$1" = --max-verifications ]; then
		cc_max=$2
		shift 2
	fi
	[ "$1" != -- ] || shift
	newlog
	"$SIGIL" chain --json "$@" >"$LOG" 2>"$LOG.err"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cc_desc" "$LOG" $? "$cc_v" "$cc_r" "$cc_s" \
		"$cc_max" "$LOG.err" "$*" >>"$WORK/queue"
}

# flush_checks: judge the queued checks, in order, into ok / not ok lines.
flush_checks()
{
	$PY "$WORK/check.py" "$WORK/queue" >"$WORK/judged" 2>&1 || echo "not ok	check.py runs" >>"$WORK/judged"
	report_judged "$WORK/judged"
	cat "$WORK/queue" >>"$WORK/checked" # kept for a look after a run
	: >"$WORK/queue"
}

# bundle_check FROM FILE NAME TYPE VERDICT REASON SHAPE: the bundle FILE that --save wrote
# (from FROM: zones, live; text or wire as its extension says) gives the same chain.
bundle_check()
{
	bc_fmt=${2##*.}
	if [ -s "$2" ]; then
		chain_check "bundle ($bc_fmt, from $1): $3 $4 is $5 ($6)" "$5" "$6" "$7" -- \
			--anchor "$ANCHOR" --at $AT --bundle "$2" "$3" "$4"
	else
		not_ok "bundle ($bc_fmt, from $1): $3 $4: --save wrote no bundle"
	fi
}

# each_case CMD...: run CMD NAME TYPE VERDICT REASON SHAPE for every case (in this shell, so
# that the counts of lib.sh add up; the cases come on descriptor 3, out of the way of stdin).
echo "$CASES" >"$WORK/cases"
each_case()
{
	while read -r n t v r s x <&3; do
		[ -n "$n" ] || continue
		"$@" "$n" "$t" "$v" "$r" "$s" "$x"
	done 3<"$WORK/cases"
}

# -- servers on the loopback
DOMAINS=$(cd "$H" && ls ./*.zone | sed 's|^\./||; s|\.zone$|.|' | grep -v -e '^root\.$' -e '^test\.$')

# nsd_conf NAME ADDRESS ZONE...: an NSD configuration, all state in $WORK/NAME/.
nsd_conf()
{
	mkdir -p "$WORK/$1"
	WORK=$WORK/$1 nsd_server "$port" "$2"
	shift 2
	for z in "$@"; do
		f=${z%.}.zone
		[ "$z" != . ] || f=root.zone
		printf 'zone:\n  name: "%s"\n  zonefile: "%s/%s"\n' "$z" "$H" "$f"
	done
}

unbound_conf()
{
	unbound_server 127.53.0.10 "$port"
	printf '  trust-anchor-file: "%s"\nremote-control:\n  control-enable: no\n' "$ANCHOR"
	# Every zone a stub of "all": glue and NS records name 127.53.0.x on port 53.
	for z in . test. $DOMAINS; do
		printf 'stub-zone:\n  name: "%s"\n  stub-addr: 127.53.0.9@%s\n' "$z" "$port"
	done
}

# wait_for ADDRESS ZONE: until the server answers for ZONE.
wait_for()
{
	wait_for_dns "$1" "$port" "$2"
}

# start_servers SERVER...: start the named servers (in this order) at one free port, $port:
# NSD "all" (127.53.0.9) serves every zone; "root", "tld" and "dom" serve one level each,
# at the addresses of the hierarchy's glue; "unbound" (127.53.0.10) asks "all". They are
# stopped on exit (trap). A topic whose servers do not start fails here and ends.
start_servers()
{
	ss_started=0
	ss_attempt=0
	while [ $ss_attempt -lt 5 ] && [ $ss_started -eq 0 ]; do
		ss_attempt=$((ss_attempt + 1))
		port=$((20000 + ($$ * 17 + ss_attempt * 7919) % 40000))
		# shellcheck disable=SC2086
		nsd_conf all 127.53.0.9 . test. $DOMAINS >"$WORK/all.conf"
		nsd_conf root 127.53.0.1 . >"$WORK/root.conf"
		nsd_conf tld 127.53.0.2 test. >"$WORK/tld.conf"
		# shellcheck disable=SC2086
		nsd_conf dom 127.53.0.3 $DOMAINS >"$WORK/dom.conf"
		unbound_conf >"$WORK/unbound.conf"
		for ss_n in "$@"; do
			if [ "$ss_n" = unbound ]; then
				unbound -d -c "$WORK/unbound.conf" >"$WORK/unbound.out" 2>&1 &
			else
				nsd -d -c "$WORK/$ss_n.conf" >"$WORK/$ss_n.out" 2>&1 &
			fi
			pids="$pids $!"
		done
		ss_started=1
		for ss_n in "$@"; do
			case $ss_n in
			all) wait_for 127.53.0.9 nsec.test. ;;
			root) wait_for 127.53.0.1 . ;;
			tld) wait_for 127.53.0.2 test. ;;
			dom) wait_for 127.53.0.3 nsec.test. ;;
			unbound) wait_for 127.53.0.10 nsec.test. ;;
			esac || {
				ss_started=0
				break
			}
		done
		[ $ss_started -eq 1 ] || stop_pids
	done
	if [ $ss_started -eq 0 ]; then
		not_ok "servers ($*) start on 127.53.0.x"
		for ss_n in "$@"; do
			[ "$ss_n" = unbound ] && ss_log=$WORK/unbound.log || ss_log=$WORK/$ss_n/nsd.log
			diag "$WORK/$ss_n.out" "$ss_n.out:"
			diag "$ss_log" "$ss_n log:"
		done
		flush_checks
		finish
		exit 1
	fi
	ok "servers ($*) on 127.53.0.x port $port"
}
