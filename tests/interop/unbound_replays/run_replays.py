#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Replay Unbound's validator tests through `sigil chain --bundle` and compare verdicts.

Usage: run_replays.py SIGIL RPL-DIR DISAGREEMENTS WORKDIR [--table]

Every .rpl file of RPL-DIR is converted (rpl2bundle.py: the servers' records as a bundle,
the trust anchors, the validation time) and each of its queries is asked of sigil. The
verdict must be Unbound's (SERVFAIL bogus, AD secure, otherwise insecure), or the one that
DISAGREEMENTS documents for that query with its reason; a documented disagreement that no
longer disagrees fails too, so the file stays true. A secure verdict must also have
Unbound's shape: an answer, a NODATA or an NXDOMAIN at the end of the chain.

Prints one "ok - ..." or "not ok - ..." line per query (with "#" lines saying why), and
with --table the case table (agree / documented, with the reason) as Markdown.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rpl2bundle  # noqa: E402


def load_disagreements(path):
    """(replay, step) -> (sigil verdict, reason)."""
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        name, step, verdict, reason = line.split("\t", 3)
        out[(name, int(step))] = (verdict, reason)
    return out


def shape(rcode, types, qtype):
    """What ends the chain in Unbound's reply."""
    if rcode == "NXDOMAIN":
        return "nxdomain"
    data = [t for t in types.split(",") if t not in ("-", "RRSIG", "CNAME", "DNAME")]
    return "answer" if qtype in data or (qtype in ("CNAME", "DNAME") and qtype in types) else \
        "nodata"


def ask(sigil, bundle, anchor, at, qname, qtype):
    """(verdict, last link kind, deciding link's reason, stderr): verdict "refused" when
    sigil refused the input (exit 2)."""
    cmd = [sigil, "chain", "--bundle", bundle, "--anchor", anchor, "--at", at, "--json",
           qname, qtype]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode == 2:
        return "refused", "-", "-", p.stderr.strip()
    try:
        d = json.loads(p.stdout)
    except ValueError:
        return "error", "-", "-", "exit %d, no JSON: %s" % (p.returncode, p.stderr.strip())
    links = d.get("links", [])
    bad = [x for x in links if x["status"] != "secure"]
    decide = bad[0] if bad else (links[-1] if links else {})
    return (d["verdict"], links[-1]["kind"] if links else "-", decide.get("reason") or "-",
            p.stderr.strip())


def main():
    args = [a for a in sys.argv[1:] if a != "--table"]
    table = "--table" in sys.argv
    if len(args) != 4:
        sys.stderr.write(__doc__)
        return 2
    sigil, rpldir, dispath, work = args
    documented = load_disagreements(dispath)
    used, failed, rows = set(), 0, []
    files = sorted(f for f in os.listdir(rpldir) if f.endswith(".rpl"))
    for f in files:
        rp = rpl2bundle.Replay(os.path.join(rpldir, f))
        anchor, bundles = rpl2bundle.write(rp, work)
        queries = list(rp.queries())
        if not queries or rp.validation_time() is None:
            print("not ok - unbound replay %s: no query or no validation time" % rp.name)
            failed += 1
            continue
        for step, qname, qtype, want, rcode, types in queries:
            got, last, reason, err = ask(sigil, bundles[step], anchor, rp.validation_time(),
                                         qname, qtype)
            what = "%s step %d: %s %s" % (rp.name, step, qname, qtype)
            doc = documented.get((rp.name, step))
            problems = []
            if doc is not None:
                used.add((rp.name, step))
                if got != doc[0]:
                    problems.append("sigil says %s, documented %s" % (got, doc[0]))
                if doc[0] == want:
                    problems.append("documented as a disagreement, but Unbound says %s too" % want)
            elif got != want:
                problems.append("sigil says %s (%s at %s), Unbound %s" % (got, reason, last, want))
            elif got == "secure" and last != shape(rcode, types, qtype):
                problems.append("secure %s, Unbound's reply is %s %s" %
                                (last, rcode, shape(rcode, types, qtype)))
            if problems:
                failed += 1
                print("not ok - unbound replay %s" % what)
                for p in problems + ([err] if err else []):
                    print("#   " + p.replace("\n", "\n#   "))
            elif doc is not None:
                print("ok - unbound replay %s: sigil %s, Unbound %s, documented" %
                      (what, got, want))
            else:
                print("ok - unbound replay %s is %s, as Unbound says" % (what, got))
            rows.append((rp.name, step, qname, qtype, want, got,
                         "DISAGREES" if problems else
                         "documented: " + doc[1] if doc else "agree"))
    for key in sorted(set(documented) - used):
        failed += 1
        print("not ok - documented disagreement %s step %d matches no query" % key)
    if table:
        print("| replay | step | query | Unbound | sigil | |")
        print("|---|---|---|---|---|---|")
        for r in rows:
            print("| %s | %d | %s %s | %s | %s | %s |" % r)
    agree = sum(1 for r in rows if r[6] == "agree")
    odd = sum(1 for r in rows if r[6] == "DISAGREES")
    print("# %d replays, %d queries: %d agree with Unbound, %d documented disagreements, "
          "%d failing" % (len(files), len(rows), agree, len(rows) - agree - odd, odd))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
