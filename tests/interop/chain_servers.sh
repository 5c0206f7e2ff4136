#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "chain_servers": `sigil chain --live` asks every authoritative server of each
# zone and says where they disagree, naming the server. NSD serves the test hierarchy
# (testzones/hierarchy) iteratively from root hints, with test. re-signed here so that
# nsec.test. has four servers and nsec3.test. two:
#
#   ns.nsec.test.  127.53.0.3  the committed nsec.test. (SOA serial 2026010100)
#   a.nsec.test.   127.53.0.4  an older nsec.test.: serial 2025010100, signed in January 2025
#                              for 30 days (expired at the validation time) with a third key
#                              (a ZSK made here), so its DNSKEY RRset is not the same
#   r.nsec.test.   127.53.0.5  an NSD that does not serve nsec.test.: REFUSED
#   u.nsec.test.   127.53.0.6  nothing listens: unreachable
#   ns.nsec3.test. 127.53.0.3 and b.nsec3.test. 127.53.0.4: the same nsec3.test.
#
# The verdict for www.nsec.test. A is secure (validated with the answers of ns.nsec.test.,
# the highest serial, though a.nsec.test. sorts first), and the findings name each server
# with its address: a.nsec.test. serves another DNSKEY RRset (with both serials) and would
# make the chain bogus (rrsig-expired); r.nsec.test. is lame; u.nsec.test. unreachable. The
# consistent zone (www.nsec3.test. A) shows no disagreement at all. Text, -v, --dot, --html,
# --save/--bundle and the JSON schema are checked on the same runs.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
H=$top/testzones/hierarchy/signed
U=$top/testzones/hierarchy/unsigned
K=$top/keys/hierarchy
ANCHOR=$K/root.anchor
AT=20270101000000
SIGN="--at 20260101000000 --inception-offset 0 --validity 3652d --serial keep -q -j 1"
OLD="--at 20250101000000 --inception-offset 0 --validity 30d --serial keep -q -j 1"

trap stop_pids EXIT
trap 'exit 130' INT TERM

# -- the zones
Z=$WORK/zones
mkdir -p "$Z" "$WORK/oldkeys"
{
	cat "$U/test.zone"
	awk -F '\t' '$4 == "DS"' "$H/test.zone"
	printf 'nsec\tNS\ta.nsec\na.nsec\tA\t127.53.0.4\nnsec\tNS\tr.nsec\nr.nsec\tA\t127.53.0.5\n'
	printf 'nsec\tNS\tu.nsec\nu.nsec\tA\t127.53.0.6\nnsec3\tNS\tb.nsec3\nb.nsec3\tA\t127.53.0.4\n'
} >"$WORK/test.in"
sed 's/2026010100/2025010100/' "$U/nsec.test.zone" >"$WORK/nsec-old.in"
cp "$K"/Knsec.test.+* "$WORK/oldkeys/"
chmod 600 "$WORK"/oldkeys/*.private
# shellcheck disable=SC2086
if "$SIGIL" sign -K "$K" -o test. $SIGN -f "$Z/test.zone" "$WORK/test.in" >"$WORK/sign.log" 2>&1 &&
	"$SIGIL" keygen -K "$WORK/oldkeys" -a ECDSAP256SHA256 -f ZSK --at 20240101000000 nsec.test. \
		>>"$WORK/sign.log" 2>&1 &&
	"$SIGIL" sign -K "$WORK/oldkeys" -o nsec.test. $OLD -f "$Z/nsec-old.zone" "$WORK/nsec-old.in" \
		>>"$WORK/sign.log" 2>&1 &&
	[ "$(awk -F '\t' '$1 == "nsec.test." && $4 == "DNSKEY"' "$Z/nsec-old.zone" | wc -l)" -eq 3 ]; then
	ok "test. re-signed with four servers for nsec.test.; an old nsec.test. with three DNSKEYs"
else
	not_ok "test. re-signed with four servers for nsec.test.; an old nsec.test. with three DNSKEYs"
	diag "$WORK/sign.log"
	finish
	exit 1
fi

# nsd_conf NAME ADDRESS ZONE=FILE...: an NSD configuration, its state in $WORK/NAME/.
nsd_conf()
{
	mkdir -p "$WORK/$1"
	WORK=$WORK/$1 nsd_server "$port" "$2"
	shift 2
	for zf in "$@"; do
		printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "${zf%%=*}" "${zf#*=}"
	done
}

started=0
attempt=0
while [ $attempt -lt 5 ] && [ $started -eq 0 ]; do
	attempt=$((attempt + 1))
	port=$((20000 + ($$ * 13 + attempt * 7877) % 40000))
	nsd_conf root 127.53.0.1 ".=$H/root.zone" >"$WORK/root.conf"
	nsd_conf tld 127.53.0.2 "test.=$Z/test.zone" >"$WORK/tld.conf"
	nsd_conf cur 127.53.0.3 "nsec.test.=$H/nsec.test.zone" "nsec3.test.=$H/nsec3.test.zone" >"$WORK/cur.conf"
	nsd_conf old 127.53.0.4 "nsec.test.=$Z/nsec-old.zone" "nsec3.test.=$H/nsec3.test.zone" >"$WORK/old.conf"
	nsd_conf other 127.53.0.5 "insecure.test.=$H/insecure.test.zone" >"$WORK/other.conf"
	for n in root tld cur old other; do
		nsd -d -c "$WORK/$n.conf" >"$WORK/$n.out" 2>&1 &
		pids="$pids $!"
	done
	if wait_for_dns 127.53.0.1 "$port" . && wait_for_dns 127.53.0.2 "$port" test. &&
		wait_for_dns 127.53.0.3 "$port" nsec.test. && wait_for_dns 127.53.0.4 "$port" nsec.test. &&
		wait_for_dns 127.53.0.5 "$port" insecure.test.; then
		started=1
	else
		stop_pids
	fi
done
if [ $started -eq 0 ]; then
	not_ok "five NSD instances start on 127.53.0.1-5"
	for n in root tld cur old other; do
		diag "$WORK/$n.out" "$n.out:"
	done
	finish
	exit 1
fi
ok "five NSD instances on 127.53.0.1-5 port $port (nothing on 127.53.0.6)"

printf '.\t3600000\tNS\ta.root.test.\na.root.test.\t3600000\tA\t127.53.0.1\n' >"$WORK/hints"
LIVE="--anchor $ANCHOR --at $AT --live --hints $WORK/hints --port $port --timeout 1000"

# run NAME OUT ARGS...: sigil chain $LIVE ARGS... NAME A, stdout to OUT, stderr to OUT.err;
# the exit code in OUT.rc.
run_chain()
{
	rn_name=$1 rn_out=$2
	shift 2
	# shellcheck disable=SC2086
	"$SIGIL" chain $LIVE "$@" "$rn_name" A >"$rn_out" 2>"$rn_out.err"
	echo $? >"$rn_out.rc"
}

run_chain www.nsec.test. "$WORK/nsec.json" --json
run_chain www.nsec3.test. "$WORK/nsec3.json" --json
run_chain www.nsec.test. "$WORK/nsec.txt"
run_chain www.nsec.test. "$WORK/nsec-v.txt" -v
run_chain www.nsec.test. "$WORK/nsec.dot" --dot --html "$WORK/nsec.html" --save "$WORK/nsec.bundle"

# -- the findings name the right server and address (JSON, checked in one python3 run)
cat >"$WORK/check.py" <<'EOF'
# check.py NSEC.json NSEC3.json SCHEMA-DIR: prints "ok<TAB>what" / "not ok<TAB>what" lines.
# (Run with site packages: jsonschema, from python3-jsonschema.)
import json, pathlib, sys

results = []
def check(what, cond, why=""):
    results.append(("ok\t" if cond else "not ok\t") + what + ("" if cond or not why else " (" + why + ")"))

def load(path):
    try:
        return json.load(open(path)), int(open(path + ".rc").read())
    except Exception as e:
        return None, str(e)

def server_of(f):
    s = f.get("server")
    return (s["name"], s["address"]) if s else None

def findings(d, code=None, server=None):
    return [f for f in d["findings"] if (code is None or f["code"] == code)
            and (server is None or server_of(f) == server)]

d, rc = load(sys.argv[1])
if d is None:
    check("www.nsec.test. A: JSON output", False, str(rc))
else:
    A = ("a.nsec.test.", "127.53.0.4")
    NS = ("ns.nsec.test.", "127.53.0.3")
    R = ("r.nsec.test.", "127.53.0.5")
    UN = ("u.nsec.test.", "127.53.0.6")
    check("www.nsec.test. A: secure, exit 0 (validated with the consistent view)",
          d["verdict"] == "secure" and rc == 0, "%s, exit %s" % (d["verdict"], rc))
    zones = {z["zone"]: z for z in d.get("servers", [])}
    check("servers: a section for ., test. and nsec.test.",
          set(zones) == {".", "test.", "nsec.test."}, str(sorted(zones)))
    for z in (".", "test."):
        zz = zones.get(z, {"servers": []})
        check("servers of %s: one, answered, agree" % z,
              len(zz["servers"]) == 1 and zz.get("agree") and zz.get("all_answered"), str(zz)[:200])
    srv = {(s["name"], s["address"]): s for s in zones.get("nsec.test.", {"servers": []})["servers"]}
    check("servers of nsec.test.: the four of its NS set", set(srv) == {A, NS, R, UN}, str(sorted(srv)))
    s = srv.get(NS, {})
    check("ns.nsec.test. 127.53.0.3 is the reference (serial 2026010100, though a.nsec.test. comes first)",
          s.get("reference") and s.get("serial") == 2026010100 and s.get("state") == "answered", str(s)[:300])
    s = srv.get(A, {})
    check("a.nsec.test. 127.53.0.4: answered, serial 2025010100, differs, bogus with its answers",
          s.get("state") == "answered" and s.get("serial") == 2025010100 and s.get("differs", 0) >= 1
          and s.get("verdict") == "bogus" and s.get("verdict_differs") and not s.get("reference"), str(s)[:300])
    check("r.nsec.test. 127.53.0.5: refused", srv.get(R, {}).get("state") == "refused", str(srv.get(R))[:200])
    check("u.nsec.test. 127.53.0.6: unreachable", srv.get(UN, {}).get("state") == "unreachable",
          str(srv.get(UN))[:200])
    f = findings(d, "server-data-differs", A)
    dk = [x for x in f if x["owner"] == "nsec.test." and x["type"] == "DNSKEY"]
    check("server-data-differs nsec.test. DNSKEY names a.nsec.test. 127.53.0.4, with both serials",
          len(dk) == 1 and dk[0]["severity"] == "warning" and "2025010100" in dk[0]["detail"]
          and "2026010100" in dk[0]["detail"] and "ns.nsec.test. 127.53.0.3" in dk[0]["detail"],
          json.dumps(f)[:400])
    f = findings(d, "server-verdict-differs")
    check("server-verdict-differs: a.nsec.test. 127.53.0.4 alone, its DNSKEY link bogus (rrsig-expired)",
          len(f) == 1 and server_of(f[0]) == A and f[0]["owner"] == "nsec.test." and
          "rrsig-expired" in f[0]["detail"] and f[0]["severity"] == "error", json.dumps(f)[:400])
    f = findings(d, "rrsig-expired")
    check("rrsig-expired (from its own validation) names a.nsec.test. 127.53.0.4",
          len(f) >= 1 and all(server_of(x) == A for x in f), json.dumps(f)[:300])
    f = findings(d, "server-lame")
    check("server-lame: r.nsec.test. 127.53.0.5 alone (REFUSED)",
          len(f) == 1 and server_of(f[0]) == R and "REFUSED" in f[0]["detail"], json.dumps(f)[:300])
    f = findings(d, "server-unreachable")
    check("server-unreachable: u.nsec.test. 127.53.0.6 alone", len(f) == 1 and server_of(f[0]) == UN,
          json.dumps(f)[:300])
    check("no finding names ns.nsec.test. 127.53.0.3 (the reference) or a server of . or test.",
          not [x for x in d["findings"] if x.get("server") and
               server_of(x) not in (A, R, UN)], "")
    check("findings without a server are the chain's own: no error among them",
          not [x for x in d["findings"] if not x.get("server") and x["severity"] == "error"], "")
    ans = [a for a in srv.get(A, {}).get("answers", []) if a["type"] == "DNSKEY"]
    check("a.nsec.test.'s answer to nsec.test. DNSKEY: 3 DNSKEY records, compared 'differs'",
          len(ans) == 1 and any(r["type"] == "DNSKEY" and r["records"] == 3 and r["compared"] == "differs"
                                for r in ans[0]["rrsets"]), json.dumps(ans)[:300])

d, rc = load(sys.argv[2])
if d is None:
    check("www.nsec3.test. A: JSON output", False, str(rc))
else:
    zones = {z["zone"]: z for z in d.get("servers", [])}
    z3 = zones.get("nsec3.test.", {"servers": []})
    check("www.nsec3.test. A: secure, exit 0", d["verdict"] == "secure" and rc == 0)
    check("servers of nsec3.test.: two, both answered and validated alike, no difference",
          len(z3["servers"]) == 2 and z3.get("agree") and z3.get("all_answered") and
          all(s["differs"] == 0 and s["signatures_differ"] == 0 and not s["verdict_differs"]
              for s in z3["servers"]) and
          {s["address"] for s in z3["servers"]} == {"127.53.0.3", "127.53.0.4"}, str(z3)[:300])
    check("the consistent case: no server-* finding, no finding names a server",
          not [f for f in d["findings"] if f["code"].startswith("server-") or f.get("server")],
          json.dumps(d["findings"])[:300])

# the outputs follow docs/json/chain.schema.json
try:
    import jsonschema
    schemas = pathlib.Path(sys.argv[3]).resolve()
    store = {p.as_uri(): json.loads(p.read_text()) for p in schemas.glob("*.schema.json")}
    path = schemas / "chain.schema.json"
    schema = dict(json.loads(path.read_text()), **{"$id": path.as_uri()})
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        reg = Registry().with_resources((u, Resource.from_contents(s, default_specification=DRAFT202012))
                                        for u, s in store.items())
        v = jsonschema.Draft202012Validator(schema, registry=reg)
    except ImportError:
        v = jsonschema.Draft202012Validator(schema, resolver=jsonschema.RefResolver(path.as_uri(), schema, store=store))
    for p in sys.argv[1:3]:
        try:
            e = jsonschema.exceptions.best_match(v.iter_errors(json.load(open(p))))
            errs = [] if e is None else ["%s: %s" % (e.json_path, e.message)]
        except ValueError as e:
            errs = [str(e)]
        check("%s follows chain.schema.json" % pathlib.Path(p).name, not errs, "; ".join(errs)[:400])
except ImportError:
    check("python3 jsonschema (make deps installs python3-jsonschema)", False)
print("\n".join(results))
EOF
python3 "$WORK/check.py" "$WORK/nsec.json" "$WORK/nsec3.json" "$top/docs/json" >"$WORK/judged" 2>&1 ||
	echo "not ok	check.py runs: $(tail -n 3 "$WORK/judged" | tr '\n' ' ')" >>"$WORK/judged"
report_judged "$WORK/judged" "# "
grep -q '"server-verdict-differs"' "$WORK/nsec.json" || diag "$WORK/nsec.json.err" "stderr:"

# -- text: the disagreeing zone server by server; -v every answer
# textcheck DESC FILE PATTERN...: every fixed string PATTERN is a line (part) of FILE.
textcheck()
{
	tc_desc=$1 tc_file=$2
	shift 2
	tc_missing=""
	for tc_p in "$@"; do
		grep -qF -- "$tc_p" "$tc_file" || tc_missing="$tc_missing '$tc_p'"
	done
	if [ -z "$tc_missing" ]; then
		ok "$tc_desc"
	else
		not_ok "$tc_desc (missing:$tc_missing)"
		diag "$tc_file"
	fi
}
textcheck "text: nsec.test.'s four servers, each with its state; the calm zones on one line" \
	"$WORK/nsec.txt" "servers of nsec.test.: 4" "= ns.nsec.test. 127.53.0.3 serial 2026010100" \
	"! a.nsec.test. 127.53.0.4 serial 2025010100" "with its answers bogus" \
	"- r.nsec.test. 127.53.0.5: refused" "- u.nsec.test. 127.53.0.6: unreachable" \
	"error server-verdict-differs nsec.test. DNSKEY" "warning server-data-differs nsec.test. DNSKEY" \
	"servers of . (1), test. (1): every one answers the same" "verdict: secure"
textcheck "text -v: every server of every zone, and each answer" "$WORK/nsec-v.txt" \
	"servers of .: 1" "servers of test.: 1" "nsec.test. DNSKEY: NOERROR aa" \
	"3 DNSKEY (1 RRSIG) differs" "www.nsec.test. A: NOERROR aa" "[validated]"
if [ "$(cat "$WORK/nsec.txt.rc")" = 0 ] && [ "$(cat "$WORK/nsec.dot.rc")" = 0 ]; then
	ok "text and --dot runs exit 0 (secure)"
else
	not_ok "text and --dot runs exit 0 (got $(cat "$WORK/nsec.txt.rc"), $(cat "$WORK/nsec.dot.rc"))"
	diag "$WORK/nsec.dot.err"
fi
textcheck "--dot: server nodes, the disagreeing one red with an edge to the RRset it differs on" \
	"$WORK/nsec.dot" 'a.nsec.test.\n127.53.0.4' 'server-verdict-differs' 'other data' \
	'u.nsec.test.\n127.53.0.6'
textcheck "--html: a servers table naming each server, findings with their server" \
	"$WORK/nsec.html" 'id="servers"' 'data-server="127.53.0.4"' 'data-server="127.53.0.6"' \
	'<td>a.nsec.test. 127.53.0.4</td>'

# -- the consistent view saved from the live run replays offline to the same verdict
newlog
"$SIGIL" chain --anchor "$ANCHOR" --at $AT --bundle "$WORK/nsec.bundle" www.nsec.test. A >"$LOG" 2>&1
if [ $? -eq 0 ] && grep -q 'verdict: secure' "$LOG" && ! grep -q 'servers of' "$LOG"; then
	ok "--save from the live run: the bundle replays to secure (no servers offline)"
else
	not_ok "--save from the live run: the bundle replays to secure"
	diag "$LOG"
fi

stop_pids
finish
