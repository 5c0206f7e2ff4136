#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Convert an Unbound testbound replay (.rpl) into what `sigil chain` takes offline.

A replay holds a `server:` configuration (trust-anchor lines, val-override-date), RANGE
blocks of canned authoritative answers (ENTRY blocks with QUESTION, ANSWER, AUTHORITY and
ADDITIONAL sections) and STEPs: a QUERY, then a CHECK_ANSWER with the reply Unbound must
give (testzones/peer-suites/unbound/SOURCE.md describes the format).

Usage: rpl2bundle.py FILE.rpl OUTDIR

Writes OUTDIR/NAME.bundle (every record the replay's servers would give, once each: a sigil
chain bundle in presentation text; NAME.sSTEP.bundle for each query step instead when the
servers' RANGE blocks give different steps different data) and OUTDIR/NAME.anchor (the
trust anchors as zone text), and prints one line per QUERY step, tab-separated:

    NAME STEP QNAME QTYPE TIME VERDICT RCODE ANSWER-TYPES

TIME is the val-override-date (YYYYMMDDHHMMSS; for "-1", which turns Unbound's signature
time checks off, the latest signature inception); VERDICT is what Unbound's reply means:
SERVFAIL is bogus, the AD flag secure, NOERROR or NXDOMAIN without AD insecure; RCODE is the
reply's; ANSWER-TYPES the types in its answer section ("-" for none), comma-separated.
"""
import os
import re
import sys


def strip_comment(line):
    """The line without a ';' comment (outside quotes)."""
    out, quoted = [], False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        if ch == ";" and not quoted:
            break
        out.append(ch)
    return "".join(out).rstrip()


def rr_key(text):
    """Records that differ only in spacing, TTL or case of the owner are one record."""
    toks = text.replace("(", " ").replace(")", " ").split()
    if not toks:
        return None
    owner = toks[0].lower()
    rest = toks[1:]
    if rest and rest[0].isdigit():
        rest = rest[1:]
    if rest and rest[0].upper() == "IN":
        rest = rest[1:]
    if not rest:
        return None
    return (owner, rest[0].upper(), " ".join(rest[1:]))


class Replay:
    def __init__(self, path):
        self.name = os.path.basename(path).rsplit(".", 1)[0]
        self.anchors = []
        self.date = None
        self.entries = []          # (entry, step, range): step is (number, kind) or None;
                                   # range the (first, last) step a server's entry serves
        self.parse(open(path, encoding="utf-8", errors="replace").read().splitlines())

    def config(self, line):
        m = re.match(r'\s*trust-anchor:\s*"(.*)"\s*$', line)
        if m:
            self.anchors.append(strip_comment(m.group(1)))
        m = re.match(r'\s*val-override-date:\s*"?(-1|\d{14})"?', line)
        if m:
            self.date = m.group(1)

    def parse(self, lines):
        in_config, entry, section, pending, step = True, None, None, "", None
        rng = (0, 1 << 30)
        for raw in lines:
            if in_config:
                if raw.strip() == "CONFIG_END":
                    in_config = False
                else:
                    self.config(raw)
                continue
            line = strip_comment(raw)
            word = line.split()[0] if line.split() else ""
            if pending:                      # inside a parenthesised multi-line RR
                pending += " " + line.strip()
                if pending.count("(") <= pending.count(")"):
                    entry["sections"][section].append(pending)
                    pending = ""
                continue
            if word == "RANGE_BEGIN":
                parts = line.split()
                rng = (int(parts[1]), int(parts[2]))
            elif word == "RANGE_END":
                rng = (0, 1 << 30)
            elif word == "STEP":
                parts = line.split()
                step = (int(parts[1]), parts[2])
            elif word == "ENTRY_BEGIN":
                entry = {"reply": [], "sections": {}}
                section = None
                self.entries.append((entry, step, rng))
                step = None
            elif word == "ENTRY_END":
                entry = None
            elif word == "REPLY" and entry is not None:
                entry["reply"] = line.split()[1:]
            elif word == "SECTION" and entry is not None:
                section = line.split()[1]
                entry["sections"].setdefault(section, [])
            elif entry is not None and section is not None and word not in ("MATCH", "ADJUST"):
                if line.count("(") > line.count(")"):
                    pending = line.strip()
                else:
                    entry["sections"][section].append(line.strip())

    def server_records(self, at=None):
        """Every record the servers give (entries that are not steps), once each. At step
        @at (None: any), what a resolver has seen by then: the records of RANGE blocks that
        began by then, an RRset of a later block replacing the same RRset of an earlier
        one (the replays count on the resolver's cache for what a later block leaves out)."""
        best = {}                  # RRset key -> (range start, [records])
        order = []
        for entry, step, rng in self.entries:
            if step is not None or (at is not None and rng[0] > at):
                continue
            for section in ("ANSWER", "AUTHORITY", "ADDITIONAL"):
                for text in entry["sections"].get(section, []):
                    key = rr_key(text)
                    if key is None or key[1] == "OPT":
                        continue
                    covered = key[2].split()[0].upper() if key[1] == "RRSIG" and key[2] else ""
                    rkey = (key[0], key[1], covered)
                    have = best.get(rkey)
                    if have is None:
                        order.append(rkey)
                    if have is None or have[0] < rng[0]:
                        best[rkey] = (rng[0], [])
                    if best[rkey][0] == rng[0] and key not in (rr_key(t) for t in best[rkey][1]):
                        best[rkey][1].append(text)
        return [t for rkey in order for t in best[rkey][1]]

    def validation_time(self):
        """val-override-date; for "-1" (Unbound then checks no signature times) the latest
        inception of the servers' signatures, a time at which they are all valid."""
        if self.date != "-1":
            return self.date
        stamps = []
        for text in self.server_records():
            toks = text.replace("(", " ").replace(")", " ").split()
            if "RRSIG" in (t.upper() for t in toks[1:4]):
                i = [t.upper() for t in toks].index("RRSIG")
                if len(toks) > i + 6 and re.match(r"\d{14}$", toks[i + 6]):
                    stamps.append(toks[i + 6])
        return max(stamps) if stamps else None

    def queries(self):
        """(step, qname, qtype, verdict, rcode, answer types) for each QUERY step."""
        query = None
        for entry, step, _ in self.entries:
            if step is None:
                continue
            if step[1] == "QUERY":
                q = entry["sections"].get("QUESTION", [""])[0].split()
                query = (step[0], q[0].lower(), q[-1].upper())
            elif step[1] == "CHECK_ANSWER" and query is not None:
                flags = entry["reply"]
                rcode = next((f for f in flags if f in ("NOERROR", "NXDOMAIN", "SERVFAIL",
                                                           "REFUSED")), "NOERROR")
                verdict = ("bogus" if rcode == "SERVFAIL" else
                           "secure" if "AD" in flags else "insecure")
                types = []
                for text in entry["sections"].get("ANSWER", []):
                    key = rr_key(text)
                    if key is not None and key[1] not in types:
                        types.append(key[1])
                yield query + (verdict, rcode, ",".join(types) or "-")
                query = None


def write(rp, outdir):
    """Write the bundles and NAME.anchor into @outdir. Returns the anchor's path and, per
    query step, its bundle's: NAME.bundle when every step sees the same records, else
    NAME.sSTEP.bundle (the records of the RANGE blocks that serve that step)."""
    anchor = os.path.join(outdir, rp.name + ".anchor")
    with open(anchor, "w") as f:
        f.write("\n".join(rp.anchors) + "\n")
    steps = [q[0] for q in rp.queries()]
    sets = {st: rp.server_records(st) for st in steps}
    one = len({tuple(v) for v in sets.values()}) <= 1
    bundles = {}
    for st, records in sets.items():
        path = os.path.join(outdir, rp.name + (".bundle" if one else ".s%d.bundle" % st))
        with open(path, "w") as f:
            f.write("; the records of Unbound's replay %s (testzones/peer-suites/unbound)%s\n"
                    % (rp.name, "" if one else " that step %d sees" % st))
            f.write("\n".join(records) + "\n")
        bundles[st] = path
    return anchor, bundles


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: rpl2bundle.py FILE.rpl OUTDIR\n")
        return 2
    rp = Replay(sys.argv[1])
    write(rp, sys.argv[2])
    for q in rp.queries():
        print("\t".join([rp.name, str(q[0]), q[1], q[2], rp.validation_time() or "-"] +
                        list(q[3:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
