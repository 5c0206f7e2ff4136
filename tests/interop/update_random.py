# SPDX-License-Identifier: MIT
"""A random sequence of change sets applied one at a time with `sigil update`.

usage: update_random.py SIGIL KEYDIR AT DENIAL STEPS SEED WORKDIR [VERIFY_EVERY]

DENIAL is nsec, nsec3 or optout. The script keeps its own model of the zone's data and of
RFC 2136 (prerequisites, then updates in order, the rules sigil update enforces, an SOA
serial that goes up once per change set that changes something), generates change sets
over a pool of names chosen to make and remove empty non-terminals, delegations (secure
and insecure: opt-out spans), glue, occluded data, wildcards and CNAMEs, and after each:

  - the change set was applied, found to change nothing, or refused, as the model says;
    a refused one left the file byte for byte as it was;
  - the updated file is byte for byte what `sigil sign` makes of the model's data at the
    same time with the same Ed25519 keys (data, NSEC/NSEC3 chain, every RRSIG - Ed25519
    signatures are deterministic, so equal bytes mean equal signatures);
  - `sigil verify` accepts it; every VERIFY_EVERY steps (default 100) and at the end,
    dnssec-verify too;
  - at the end, the --journal replayed on the first signed zone gives the last one.

Prints "ok"/"not ok" lines like the interop library; exit status 1 on any failure.
"""
import os
import random
import subprocess
import sys

APEX = "r.test."
DNSSEC = {"RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "ZONEMD"}
SINGLE = {"CNAME", "DNAME", "SOA"}
# Names under the apex: depth for empty non-terminals, '*' for wildcards, cut candidates.
POOL = ["a", "b", "c", "d", "e", "*", "x.a", "y.a", "*.a", "m.x.a", "n.x.a", "*.x.a",
        "x.b", "m.x.b", "*.b", "c.d", "e.c.d", "f.e.c.d", "x.e", "y.e", "ns.e", "*.e",
        "p.q.r", "q.r", "s.t.u.v", "ns", "mail", "www", "*.www", "sub", "ns.sub",
        "x.sub", "deep.er", "a.deep.er"]
KEYS = []  # the DNSKEY lines of the first signed zone
CUTS = ["b", "d", "e", "x.b", "q.r", "sub", "s.t.u.v", "c.d"]
DATA_TYPES = ["A", "AAAA", "TXT", "MX"]


def fq(name):
    return APEX if name == "@" else name + "." + APEX


def is_below(name, top):
    return name != top and name.endswith("." + top)


class Model:
    def __init__(self):
        self.rr = {}  # (owner, type) -> [ttl, set of rdata]
        self.serial = 2
        self.soa_fields = [7200, 3600, 1209600, 300]
        self.soa_ttl = 3600

    def copy(self):
        m = Model()
        m.rr = {k: [v[0], set(v[1])] for k, v in self.rr.items()}
        m.serial, m.soa_fields, m.soa_ttl = self.serial, list(self.soa_fields), self.soa_ttl
        return m

    def names(self):
        return {o for (o, _t), v in self.rr.items() if v[1]}

    def types(self, owner):
        return {t for (o, t), v in self.rr.items() if o == owner and v[1]}

    def soa_rdata(self):
        f = self.soa_fields
        return "ns.%s hostmaster.%s %d %d %d %d %d" % (APEX, APEX, self.serial, *f)

    def zone_text(self):
        # The DNSKEY RRset as the zone has it: a fresh signing keeps its TTL.
        lines = ["%s %d IN SOA %s" % (APEX, self.soa_ttl, self.soa_rdata())] + KEYS
        for (o, t), (ttl, rds) in sorted(self.rr.items()):
            for rd in sorted(rds):
                lines.append("%s %d IN %s %s" % (o, ttl, t, rd))
        return "\n".join(lines) + "\n"


def initial():
    m = Model()
    for o, t, rd in [(APEX, "NS", "ns." + APEX), (fq("ns"), "A", "192.0.2.53"),
                     (fq("www"), "A", "192.0.2.80"), (fq("x.a"), "TXT", '"hello"'),
                     (fq("sub"), "NS", "ns.sub." + APEX), (fq("ns.sub"), "A", "192.0.2.99"),
                     (fq("*"), "TXT", '"wild"'), (fq("f.e.c.d"), "AAAA", "2001:db8::1")]:
        m.rr.setdefault((o, t), [300, set()])[1].add(rd)
    return m


def shape(m):
    """What the chain repair must follow: empty non-terminals, cuts (secure or not: opt-out
    spans), wildcards, CNAMEs."""
    names = m.names()
    ents = set()
    for n in names:
        labels = n[:-len(APEX) - 1].split(".")
        for k in range(1, len(labels)):
            up = ".".join(labels[k:]) + "." + APEX
            if up not in names:
                ents.add(up)
    cuts = {o for (o, t) in m.rr if t == "NS" and o != APEX}
    secure = {o for (o, t) in m.rr if t == "DS"}
    wild = {n for n in names if n.startswith("*.")}
    cname = {o for (o, t) in m.rr if t == "CNAME"}
    return {"ents": ents, "cuts": cuts - secure, "secure": secure, "wild": wild, "cname": cname}


class Refused(Exception):
    pass


def rdata_for(rng, owner, t):
    if t == "A":
        return "192.0.2.%d" % rng.randint(1, 6)
    if t == "AAAA":
        return "2001:db8::%x" % rng.randint(1, 6)
    if t == "TXT":
        return '"t%d"' % rng.randint(1, 4)
    if t == "MX":
        return "%d mail.%s" % (rng.choice([10, 20]), APEX)
    if t == "NS":
        return rng.choice(["ns." + owner, "ns2." + owner, "ns.elsewhere.example."])
    if t == "DS":
        return "%d 13 2 %s" % (rng.choice([11111, 22222]), ("%02X" % rng.randint(0, 255)) * 32)
    if t == "CNAME":
        return rng.choice(["www." + APEX, "target.example."])
    if t == "DNAME":
        return "elsewhere.example."
    raise ValueError(t)


def apply_model(m, ops):
    """RFC 2136 on the model: returns the new model, or raises Refused(rcode)."""
    for op in ops:  # prerequisites first, against the zone as it is
        kind = op[0]
        if kind == "yxdomain" and op[1] not in m.names():
            raise Refused("NXDOMAIN")
        if kind == "nxdomain" and op[1] in m.names():
            raise Refused("YXDOMAIN")
        if kind == "yxrrset" and op[2] not in m.types(op[1]):
            raise Refused("NXRRSET")
        if kind == "nxrrset" and op[2] in m.types(op[1]):
            raise Refused("YXRRSET")
        if kind == "yxrrset_rr":
            have = m.rr.get((op[1], op[2]), [0, set()])[1]
            want = {o[3] for o in ops if o[0] == "yxrrset_rr" and o[1:3] == op[1:3]}
            if have != want:
                raise Refused("NXRRSET")
    for op in ops:  # the prescan of the updates (RFC 2136 section 3.4.1), in order
        kind, owner = op[0], op[1]
        if kind not in ("add", "del_rr", "del_rrset", "del_name"):
            continue
        if not (owner == APEX or owner.endswith("." + APEX)):
            raise Refused("NOTZONE")
        t = op[2] if len(op) > 2 else None
        if t in DNSSEC:
            raise Refused("REFUSED")
        if t == "SOA" and (kind != "add" or owner != APEX):
            raise Refused("REFUSED")
        if kind == "del_rrset" and t == "NS" and owner == APEX:
            raise Refused("REFUSED")
        if kind == "add" and t == "DS" and owner == APEX:
            raise Refused("REFUSED")
    n = m.copy()
    touched = set()
    for op in ops:
        kind, owner = op[0], op[1]
        if kind not in ("add", "del_rr", "del_rrset", "del_name"):
            continue
        touched.add(owner)
        t = op[2] if len(op) > 2 else None
        if kind == "add" and t == "SOA":
            n.soa_ttl, n.soa_fields, n.soa_given = op[3], op[5], op[4]
        elif kind == "add":
            e = n.rr.setdefault((owner, t), [op[3], set()])
            if t in SINGLE:
                e[1] = set()
            e[1].add(op[4])
            e[0] = op[3]
        elif kind == "del_rr":
            n.rr.get((owner, t), [0, set()])[1].discard(op[3])
        elif kind == "del_rrset":
            n.rr.pop((owner, t), None)
        else:
            for k in [k for k in n.rr if k[0] == owner]:
                if not (owner == APEX and k[1] in ("SOA", "NS")):
                    del n.rr[k]
    n.rr = {k: v for k, v in n.rr.items() if v[1]}
    for owner in touched:
        ty = n.types(owner)
        if "CNAME" in ty and ty - {"CNAME"}:
            raise Refused("REFUSED")
        if owner == APEX and "NS" not in ty:
            raise Refused("REFUSED")
        if owner != APEX and "DS" in ty and "NS" not in ty:
            raise Refused("REFUSED")
    given = getattr(n, "soa_given", None)
    if {k: (v[0], v[1]) for k, v in n.rr.items()} == {k: (v[0], v[1]) for k, v in m.rr.items()} \
            and n.soa_fields == m.soa_fields and n.soa_ttl == m.soa_ttl and \
            (given is None or given == m.serial):
        return None  # nothing changes
    newer = given is not None and 0 < (given - m.serial) % 2**32 < 2**31
    n.serial = given if newer else (m.serial + 1) % 2**32
    return n


def gen_ops(rng, m):
    """One change set as (model ops, nsupdate text)."""
    ops, text = [], []
    names = sorted(m.names() - {APEX})
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        owner = fq(rng.choice(POOL))
        if r < 0.08:  # a prerequisite, true or false
            kind = rng.choice(["yxdomain", "nxdomain", "yxrrset", "nxrrset", "yxrrset_rr"])
            if names and rng.random() < 0.5:
                owner = rng.choice(names)
            if kind in ("yxdomain", "nxdomain"):
                ops.append((kind, owner))
                text.append("prereq %s %s" % (kind, owner))
            else:
                ty = sorted(m.types(owner)) or ["A"]
                t = rng.choice(ty)
                if kind == "yxrrset_rr":
                    rds = sorted(m.rr.get((owner, t), [0, {rdata_for(rng, owner, t)}])[1])
                    for rd in rds:
                        ops.append(("yxrrset_rr", owner, t, rd))
                        text.append("prereq yxrrset %s IN %s %s" % (owner, t, rd))
                else:
                    ops.append((kind, owner, t))
                    text.append("prereq %s %s %s" % (kind, owner, t))
        elif r < 0.12:  # something the rules refuse, or an SOA change
            choice = rng.randint(0, 6)
            if choice == 0:
                ops.append(("add", owner, "NSEC", 300, "x." + APEX + " A"))
                text.append("update add %s 300 NSEC x.%s A" % (owner, APEX))
            elif choice == 1:
                ops.append(("del_rrset", APEX, "NS"))
                text.append("update delete %s NS" % APEX)
            elif choice == 2:
                ops.append(("add", fq("www"), "CNAME", 300, "target.example."))
                text.append("update add %s 300 CNAME target.example." % fq("www"))
            elif choice == 3:
                ops.append(("add", "elsewhere.example.", "A", 300, "192.0.2.1"))
                text.append("update add elsewhere.example. 300 A 192.0.2.1")
            else:  # an SOA with other timers, an older or a newer serial
                fields = [7200, 3600, 1209600, rng.choice([300, 600])]
                serial = (m.serial + rng.choice([-5, 0, 7])) % 2**32
                ttl = rng.choice([3600, 1800])
                ops.append(("add", APEX, "SOA", ttl, serial, fields))
                text.append("update add %s %d SOA ns.%s hostmaster.%s %d %d %d %d %d" %
                            (APEX, ttl, APEX, APEX, serial, *fields))
        elif r < 0.55:  # add
            cut = owner[:-len(APEX) - 1] in CUTS
            t = rng.choice(DATA_TYPES + (["NS", "NS", "DS"] if cut else []) +
                           (["CNAME"] if rng.random() < 0.2 else []) +
                           (["DNAME"] if rng.random() < 0.03 else []))
            if t == "DS" and rng.random() < 0.7:  # mostly with its NS, else refused
                ns = rdata_for(rng, owner, "NS")
                ops.append(("add", owner, "NS", 300, ns))
                text.append("update add %s 300 NS %s" % (owner, ns))
            rd = rdata_for(rng, owner, t)
            ttl = rng.choice([300, 300, 600])
            ops.append(("add", owner, t, ttl, rd))
            text.append("update add %s %d %s %s" % (owner, ttl, t, rd))
            if t == "NS" and rd.startswith("ns.") and rng.random() < 0.6:  # glue
                glue = "192.0.2.%d" % rng.randint(100, 110)
                ops.append(("add", rd, "A", 300, glue))
                text.append("update add %s 300 A %s" % (rd, glue))
        else:  # deletes and replacements of what is there
            keys = sorted(k for k in m.rr if k[1] != "SOA")
            if not keys:
                continue
            owner, t = rng.choice(keys)
            r2 = rng.random()
            if r2 < 0.35:
                rd = rng.choice(sorted(m.rr[(owner, t)][1]))
                ops.append(("del_rr", owner, t, rd))
                text.append("update delete %s %s %s" % (owner, t, rd))
            elif r2 < 0.6:
                ops.append(("del_rrset", owner, t))
                text.append("update delete %s %s" % (owner, t))
            elif r2 < 0.8:
                ops.append(("del_name", owner))
                text.append("update delete %s" % owner)
            elif t not in ("NS", "DS"):  # a replacement
                rd = rdata_for(rng, owner, t)
                ops.append(("del_rrset", owner, t))
                ops.append(("add", owner, t, 300, rd))
                text.append("update delete %s %s" % (owner, t))
                text.append("update add %s 300 %s %s" % (owner, t, rd))
    return ops, "\n".join(text) + "\nsend\n"


class Run:
    def __init__(self, argv):
        (self.sigil, self.keys, self.at, self.denial, steps, seed, self.work) = argv[:7]
        self.steps, self.seed = int(steps), int(seed)
        self.every = int(argv[7]) if len(argv) > 7 else 100
        self.sopts = {"nsec": [], "nsec3": ["--nsec3"], "optout": ["--nsec3", "--opt-out"]}[self.denial]
        self.zone = os.path.join(self.work, "zone.signed")
        self.journal = os.path.join(self.work, "journal")
        self.failed = 0
        self.counts = {"applied": 0, "unchanged": 0, "refused": 0}
        self.moves = {}  # shape key -> names that came or went

    def sh(self, *args):
        return subprocess.run(list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              cwd=self.work)

    def fresh(self, model, out):
        src = os.path.join(self.work, "model.zone")
        with open(src, "w") as f:
            f.write(model.zone_text())
        return self.sh(self.sigil, "sign", "-q", "-K", self.keys, "--at", self.at,
                       "--serial", "keep", *self.sopts, "-f", out, src)

    def fail(self, step, what, detail=b""):
        self.failed += 1
        print("not ok - update random %s step %d: %s" % (self.denial, step, what))
        for line in detail.decode(errors="replace").splitlines()[:30]:
            print("#   " + line)

    def dnssec_verify(self, step):
        p = self.sh("dnssec-verify", "-q", "-o", APEX, self.zone)
        if p.returncode != 0:
            self.fail(step, "dnssec-verify accepts the zone", p.stdout)

    def step(self, rng, i, model):
        ops, text = gen_ops(rng, model)
        cf = os.path.join(self.work, "changes")
        with open(cf, "w") as f:
            f.write(text)
        try:
            want = apply_model(model, ops)
            expect = "unchanged" if want is None else "applied"
        except Refused as e:
            want, expect = None, "refused:" + str(e)
        before = open(self.zone, "rb").read()
        p = self.sh(self.sigil, "update", "-q", "-K", self.keys, "--at", self.at,
                    "--journal", self.journal, self.zone, cf)
        after = open(self.zone, "rb").read()
        got = {0: "applied", 1: "refused"}.get(p.returncode, "error %d" % p.returncode)
        if got == "applied" and after == before:
            got = "unchanged"
        if got == "refused":
            rc = p.stdout.decode(errors="replace").split("refused (")[-1].split(")")[0]
            got = "refused:" + rc
        if got != expect:
            self.fail(i, "outcome %s, the model says %s" % (got, expect),
                      text.encode() + p.stdout)
            return None
        self.counts[expect.split(":")[0]] += 1
        if want is None:
            if after != before:
                self.fail(i, "a refused or empty change set left the file as it was")
            return model
        a, b = shape(model), shape(want)
        for k in a:
            self.moves[k] = self.moves.get(k, 0) + len(a[k] ^ b[k])
        exp = os.path.join(self.work, "expected")
        r = self.fresh(want, exp)
        if r.returncode != 0 or open(exp, "rb").read() != after:
            d = subprocess.run(["diff", exp, self.zone], stdout=subprocess.PIPE).stdout
            self.fail(i, "the updated zone is what sigil sign makes of the same data",
                      text.encode() + d)
            return None
        v = self.sh(self.sigil, "verify", "--at", self.at, self.zone)
        if v.returncode != 0:
            self.fail(i, "sigil verify accepts the zone", v.stdout)
        if self.every > 0 and i % self.every == 0:
            self.dnssec_verify(i)
        return want

    def journal_replay(self, first):
        """The journal's del/add lines applied to the first zone give the last one."""
        rrs = {}
        for line in first.decode().splitlines():
            if not line.startswith(";"):  # the authenticator line is no record
                rrs[line] = rrs.get(line, 0) + 1
        for line in open(self.journal).read().splitlines():
            d, rr = line.split(" ", 1)
            if d == "del":
                if rrs.get(rr, 0) == 0:
                    return "deletes a record not there: " + rr
                rrs[rr] -= 1
            else:
                rrs[rr] = rrs.get(rr, 0) + 1
        last = {}
        for line in open(self.zone).read().splitlines():
            if not line.startswith(";"):
                last[line] = last.get(line, 0) + 1
        have = {k: v for k, v in rrs.items() if v}
        return None if have == last else "differs from the zone (%d against %d records)" % (
            sum(have.values()), sum(last.values()))

    def main(self):
        rng = random.Random(self.seed)
        model = initial()
        model.serial = 1
        p = self.fresh(model, self.zone)  # the first signing: serial 1 (kept)
        if p.returncode != 0:
            self.fail(0, "sign the first zone", p.stdout)
            return 1
        first = open(self.zone, "rb").read()
        KEYS.extend(line for line in first.decode().splitlines() if "\tDNSKEY\t" in line)
        if os.path.exists(self.journal):
            os.unlink(self.journal)
        for i in range(1, self.steps + 1):
            nxt = self.step(rng, i, model)
            if nxt is None:
                break
            model = nxt
        else:
            self.dnssec_verify(self.steps)
            why = self.journal_replay(first)
            if why:
                self.fail(self.steps, "the journal replayed gives the zone: " + why)
        if not self.failed:
            print("ok - update random %s: %d change sets (%d applied, %d without change, %d "
                  "refused as the model says): each result is sigil sign's of the same data "
                  "byte for byte, sigil verify accepts each, dnssec-verify every %d, the "
                  "journal replays" % (self.denial, self.steps, self.counts["applied"],
                                       self.counts["unchanged"], self.counts["refused"],
                                       self.every))
            print("# %s: empty non-terminals made or removed %d times, insecure delegations "
                  "%d, secure delegations %d, wildcards %d, CNAMEs %d" %
                  (self.denial, self.moves.get("ents", 0), self.moves.get("cuts", 0),
                   self.moves.get("secure", 0), self.moves.get("wild", 0),
                   self.moves.get("cname", 0)))
        return 1 if self.failed else 0


if __name__ == "__main__":
    sys.exit(Run(sys.argv[1:]).main())
