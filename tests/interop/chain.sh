#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "chain": `sigil chain` over the test hierarchy (testzones/hierarchy, keys in
# keys/hierarchy), every case with every source, and real resolvers asked the same:
#
#   --zones    the signed zone files
#   --bundle   what `--save` wrote (text and RFC 9102 wire), re-run offline: same verdict
#   --live     NSD serving the hierarchy on the loopback, asked with --server; what it
#              collected is saved and re-run offline too
#   iterative  the live source resolving from root hints through three NSD instances (root,
#              test., the domains) that answer with referrals, glue and a glueless NS;
#              driven through libsign, since the CLI has no option for a non-53 port
#   Unbound and delv, anchored at the same root key and querying the same NSD, agree on
#              secure (AD / fully validated), insecure (no AD / unsigned) and bogus
#              (SERVFAIL / resolution failed) for every case
#
# Then the real root zones (2023: secure and insecure delegations, one altered DS byte;
# 2017: the KSK-2010 era) and a KeyTrap-style zone that must end indeterminate at a limit.
# Servers are started on 127.53.0.x at a free port and always stopped (trap).
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
	tab=$(printf '\t')
	while IFS= read -r fc_line; do
		case $fc_line in
		"ok$tab"*) ok "${fc_line#ok"$tab"}" ;;
		"not ok$tab"*) not_ok "${fc_line#not ok"$tab"}" ;;
		*) echo "$fc_line" ;;
		esac
	done <"$WORK/judged"
	cat "$WORK/queue" >>"$WORK/checked" # kept for a look after a run
	: >"$WORK/queue"
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

# -- the committed hierarchy is what its build script makes (ECDSA signatures aside: they
# are not deterministic in OpenSSL 3.0, and so neither is the authenticator line that ends
# every file sigil signs, a MAC over the file's bytes)
mask_ecdsa()
{
	awk -F '\t' 'BEGIN { OFS = "\t" }
		/^; sigil-auth / { next }
		$4 == "RRSIG" { n = split($5, f, " "); if (f[2] == 13) { f[n] = "<ecdsa>"; s = f[1]; for (i = 2; i <= n; i++) s = s " " f[i]; $5 = s } }
		{ print }' "$1"
}
if run env SIGIL="$SIGIL" sh "$top/testzones/hierarchy/build.sh" "$WORK/rebuilt"; then
	differ=""
	for f in "$H"/*.zone; do
		mask_ecdsa "$f" >"$WORK/committed.masked"
		mask_ecdsa "$WORK/rebuilt/$(basename "$f")" >"$WORK/rebuilt.masked" 2>/dev/null
		cmp -s "$WORK/committed.masked" "$WORK/rebuilt.masked" || differ="$differ $(basename "$f")"
	done
	for f in root.anchor root.anchor.dnskey; do
		cmp -s "$top/keys/hierarchy/$f" "$WORK/rebuilt/$f" || differ="$differ $f"
	done
	if [ -z "$differ" ]; then
		ok "testzones/hierarchy/build.sh reproduces the committed zones and anchors"
	else
		not_ok "testzones/hierarchy/build.sh reproduces the committed zones and anchors (differ:$differ)"
	fi
else
	not_ok "testzones/hierarchy/build.sh runs"
	diag "$LOG"
fi

# -- offline: zone files, and bundles saved from them
offline_case()
{
	oc_id=$(echo "$1-$2" | tr -c 'a-zA-Z0-9\n-' '_')
	chain_check "zones: $1 $2 is $3 ($4)" "$3" "$4" "$5" -- \
		--anchor "$ANCHOR" --at $AT --zones "$H" "$1" "$2"
	for fmt in text wire; do
		chain_check "zones --save ($fmt): $1 $2 is $3" "$3" "$4" "$5" -- --anchor "$ANCHOR" \
			--at $AT --zones "$H" --save "$WORK/$oc_id.$fmt" --save-format $fmt "$1" "$2"
		if [ -s "$WORK/$oc_id.$fmt" ]; then
			chain_check "bundle ($fmt, from zones): $1 $2 is $3 ($4)" "$3" "$4" "$5" -- \
				--anchor "$ANCHOR" --at $AT --bundle "$WORK/$oc_id.$fmt" "$1" "$2"
		else
			not_ok "bundle ($fmt, from zones): $1 $2: --save wrote no bundle"
		fi
	done
}
echo "# offline: --zones and --bundle"
each_case offline_case

# The DNSKEY form of the anchor gives the same chain.
chain_check "zones, DNSKEY anchor: www.nsec.test. A is secure" secure - answer -- \
	--anchor "$top/keys/hierarchy/root.anchor.dnskey" --at $AT --zones "$H" www.nsec.test. A
# Validity: before 2026 the hierarchy's signatures are not valid yet.
chain_check "zones at 2025-06-01: the root DNSKEY RRset is not yet valid" bogus rrsig-not-yet-valid dnskey -- \
	--anchor "$ANCHOR" --at 20250601000000 --zones "$H" www.nsec.test. A

flush_checks

# -- the real root zones
echo "# the real root zones"
for q in ". DNSKEY" "com. DS" "se. DS"; do
	# shellcheck disable=SC2086
	chain_check "root 2023: $q is secure under root-anchors.xml" secure - answer -- \
		--anchor "$RA/root-anchors.xml" --at 20230515000000 --zone "$ROOT23" $q
done
chain_check "root 2023: www.nic.zw. A is insecure (zw. has no DS, NSEC proof)" insecure \
	insecure-delegation no-ds -- --anchor "$RA/root-anchors.xml" --at 20230515000000 \
	--zone "$ROOT23" www.nic.zw. A
# One byte of se.'s DS digest changed: its signature no longer verifies.
awk '!done && $1 == "se." && $4 == "DS" {
		sub(/[0-9A-F]$/, substr($0, length($0)) == "0" ? "1" : "0"); done = 1
	} { print }' "$ROOT23" >"$WORK/root-altered.zone"
if cmp -s "$ROOT23" "$WORK/root-altered.zone"; then
	not_ok "root 2023: a copy with one DS byte altered"
else
	chain_check "root 2023, one byte of se.'s DS altered: se. DS is bogus" bogus rrsig-bogus answer -- \
		--anchor "$RA/root-anchors.xml" --at 20230515000000 --zone "$WORK/root-altered.zone" se. DS
	chain_check "root 2023, one byte of se.'s DS altered: com. DS stays secure" secure - answer -- \
		--anchor "$RA/root-anchors.xml" --at 20230515000000 --zone "$WORK/root-altered.zone" com. DS
fi
chain_check "root 2017: . DNSKEY is bogus under root.key (KSK-2017 only)" bogus dnskey-not-anchored dnskey -- \
	--anchor "$RA/root.key" --at 20170825000000 --zone "$ROOT17" . DNSKEY
chain_check "root 2017: . DNSKEY is secure under ksk2010.ds (DS 19036)" secure - answer -- \
	--anchor "$RA/ksk2010.ds" --at 20170825000000 --zone "$ROOT17" . DNSKEY
chain_check "root 2017: com. DS is secure under ksk2010.ds" secure - answer -- \
	--anchor "$RA/ksk2010.ds" --at 20170825000000 --zone "$ROOT17" com. DS

flush_checks

# -- KeyTrap (CVE-2023-50387): 40 DNSKEYs sharing the ZSK's key tag, 40 RRSIGs on one RRset
echo "# KeyTrap"
kt=$WORK/keytrap
mkdir -p "$kt"
cat >"$kt/fakes.py" <<'EOF'
# fakes.py TAG N: N RSASHA256 DNSKEYs with random moduli, each adjusted to key tag TAG.
import base64, random, sys
random.seed(2023)
def tag(rd):  # RFC 4034 appendix B
    ac = sum(b if i & 1 else b << 8 for i, b in enumerate(rd))
    return (ac + (ac >> 16)) & 0xFFFF
target, n = int(sys.argv[1]), int(sys.argv[2])
for _ in range(n):
    base = bytes([1, 0, 3, 8, 3, 1, 0, 1, 0x80 | random.randrange(128)]) + random.randbytes(253)
    # The last two bytes add x to the sum (even length): pick x so that the tag comes out.
    ac0 = sum(b if i & 1 else b << 8 for i, b in enumerate(base))
    x = next(x for x in range(65536) if ((ac0 + x) + ((ac0 + x) >> 16)) & 0xFFFF == target)
    rd = base + bytes([x >> 8, x & 255])
    assert tag(rd) == target
    print("@\tDNSKEY\t256 3 8 " + base64.b64encode(rd[4:]).decode())
EOF
cat >"$kt/sigs.py" <<'EOF'
# sigs.py ZONE N: N copies of www's RRSIG over A with garbage signatures that sort first.
import base64, random, sys
random.seed(50387)
lines = open(sys.argv[1]).read().splitlines()
real = next(l for l in lines if l.startswith("www.") and "\tRRSIG\tA " in l).split("\t")
fields = real[4].split(" ")
for i in range(int(sys.argv[2])):
    fields[-1] = base64.b64encode(bytes([0, i]) + random.randbytes(254)).decode()
    print("\t".join(real[:4] + [" ".join(fields)]))
EOF
cat >"$kt/zone" <<'EOF'
$ORIGIN keytrap.example.
$TTL 3600
@	SOA	ns hostmaster 1 7200 3600 1209600 3600
@	NS	ns
ns	A	192.0.2.1
www	A	192.0.2.2
EOF
if ksk=$("$SIGIL" keygen -K "$kt" -a RSASHA256 -f KSK --at 20240101000000 keytrap.example. 2>"$kt/err") &&
	zsk=$("$SIGIL" keygen -f ZSK -K "$kt" -a RSASHA256 --at 20240101000000 keytrap.example. 2>>"$kt/err") &&
	$PY "$kt/fakes.py" "${zsk##*+}" 40 >>"$kt/zone" 2>>"$kt/err" &&
	"$SIGIL" sign -q -K "$kt" --at 20260101000000 --validity 3652d -f "$kt/signed" "$kt/zone" 2>>"$kt/err" &&
	$PY "$kt/sigs.py" "$kt/signed" 40 >"$kt/sigs" 2>>"$kt/err" &&
	cat "$kt/sigs" >>"$kt/signed" &&
	"$SIGIL" ds "$kt/$ksk.key" >"$kt/anchor" 2>>"$kt/err"; then
	t0=$(date +%s%N)
	chain_check "keytrap: 42 DNSKEYs with one key tag, 41 RRSIGs on www A: indeterminate at a limit, few verifications" \
		indeterminate limit-signatures-per-rrset answer --max-verifications 64 -- \
		--anchor "$kt/anchor" --at $AT --zone "$kt/signed" www.keytrap.example. A
	t1=$(date +%s%N)
	kt_info="#   keytrap: $($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["verifications"])' "$LOG" 2>/dev/null) signature verifications, $(((t1 - t0) / 1000000)) ms (information only)"
	chain_check "keytrap with --keys-per-tag 2 --sigs-per-rrset 50: indeterminate at the key limit" \
		indeterminate limit-keys-per-tag answer --max-verifications 120 -- --keys-per-tag 2 \
		--sigs-per-rrset 50 --anchor "$kt/anchor" --at $AT --zone "$kt/signed" www.keytrap.example. A
else
	not_ok "keytrap: build the zone (sigil keygen, sign, ds)"
	diag "$kt/err"
fi

flush_checks
[ -z "${kt_info:-}" ] || echo "$kt_info"

# -- live: NSD and Unbound on the loopback
echo "# live"
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

# NSD "all" (127.53.0.9) serves every zone; "root", "tld" and "dom" serve one level each,
# at the addresses of the hierarchy's glue. Unbound (127.53.0.10) asks "all".
started=0
attempt=0
while [ $attempt -lt 5 ] && [ $started -eq 0 ]; do
	attempt=$((attempt + 1))
	port=$((20000 + ($$ * 17 + attempt * 7919) % 40000))
	# shellcheck disable=SC2086
	nsd_conf all 127.53.0.9 . test. $DOMAINS >"$WORK/all.conf"
	nsd_conf root 127.53.0.1 . >"$WORK/root.conf"
	nsd_conf tld 127.53.0.2 test. >"$WORK/tld.conf"
	# shellcheck disable=SC2086
	nsd_conf dom 127.53.0.3 $DOMAINS >"$WORK/dom.conf"
	unbound_conf >"$WORK/unbound.conf"
	for n in all root tld dom; do
		nsd -d -c "$WORK/$n.conf" >"$WORK/$n.out" 2>&1 &
		pids="$pids $!"
	done
	unbound -d -c "$WORK/unbound.conf" >"$WORK/unbound.out" 2>&1 &
	pids="$pids $!"
	if wait_for 127.53.0.9 nsec.test. && wait_for 127.53.0.1 . && wait_for 127.53.0.2 test. &&
		wait_for 127.53.0.3 nsec.test. && wait_for 127.53.0.10 nsec.test.; then
		started=1
	else
		stop_pids
	fi
done
if [ $started -eq 0 ]; then
	not_ok "live: NSD and Unbound start on 127.53.0.x"
	for f in all.out all.log unbound.out unbound.log; do
		diag "$WORK/$f" "$f:"
	done
	flush_checks
	finish
	exit 1
fi
ok "live: four NSD instances and Unbound on 127.53.0.x port $port"

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
		if [ -s "$WORK/$lc_id.$fmt" ]; then
			chain_check "bundle ($fmt, from live): $1 $2 is $3 ($4)" "$3" "$4" "$5" -- \
				--anchor "$ANCHOR" --at $AT --bundle "$WORK/$lc_id.$fmt" "$1" "$2"
		else
			not_ok "bundle ($fmt, from live): $1 $2: --live --save wrote no bundle"
		fi
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
newlog
"$SIGIL" chain --anchor "$ANCHOR" --live --server "127.53.0.11@$port" --timeout 300 www.nsec.test. A >"$LOG" 2>&1
if [ $? -eq 2 ] && grep -q 'no server answered' "$LOG"; then
	ok "live: no server listening: exit 2, 'no server answered'"
else
	not_ok "live: no server listening: exit 2, 'no server answered'"
	diag "$LOG"
fi
for bad in 127.0.0.300 "127.0.0.1@99999" "::1@" "@53" "host.example"; do
	newlog
	"$SIGIL" chain --anchor "$ANCHOR" --live --server "$bad" www.nsec.test. A >"$LOG" 2>&1
	if [ $? -eq 2 ] && grep -q 'bad server address' "$LOG"; then
		ok "live: server '$bad' is refused (exit 2)"
	else
		not_ok "live: server '$bad' is refused (exit 2)"
		diag "$LOG"
	fi
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
	newlog
	"$SIGIL" chain --anchor "$ANCHOR" --live --hints "$WORK/$h" www.nsec.test. A >"$LOG" 2>&1
	if [ $? -eq 2 ] && grep -q "$h" "$LOG"; then
		ok "live: hints file $h is refused (exit 2, names the file)"
	else
		not_ok "live: hints file $h is refused (exit 2, names the file)"
		diag "$LOG"
	fi
done

# -- the real resolvers agree
echo "# Unbound and delv"
awk '$3 == "DS" || $4 == "DS" { n = ($3 == "DS") ? 4 : 5; printf "trust-anchors { \"%s\" static-ds %s %s %s \"%s\"; };\n", $1, $n, $(n + 1), $(n + 2), $(n + 3) }' \
	"$ANCHOR" >"$WORK/delv.conf"
resolver_case()
{
	newlog
	dig @127.53.0.10 -p "$port" +dnssec +time=3 +tries=2 "$1" "$2" >"$LOG" 2>&1
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
	newlog
	rc_want=$3
	case ${6:-} in
	delv:*) rc_want=${6#delv:} ;;
	esac
	delv @127.53.0.9 -p "$port" -a "$WORK/delv.conf" +root=. "$1" "$2" >"$LOG" 2>&1
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
