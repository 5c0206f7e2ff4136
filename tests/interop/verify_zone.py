#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Zone surgery and report helpers for the `sigil verify` interop topics
(tests/interop/sigil_verify.sh, verify_corrupt.sh, verify_hostile.sh).

Python 3 standard library only. Zones handled here are sigil's own output (one RR per
line: owner TTL class type RDATA) unless said otherwise.

  verify_zone.py strip IN OUT
      drop the DNSSEC records (RRSIG NSEC NSEC3 NSEC3PARAM DNSKEY ZONEMD CDS CDNSKEY):
      the plain zone, absolute names, one RR per line
  verify_zone.py drop IN OUT OWNER [TYPE...]
      drop the records at OWNER (of the TYPEs; every type when none is given)
  verify_zone.py cases nsec|nsec3|optout
      the corruption cases that apply to a denial kind, one per line
  verify_zone.py corrupt CASE DIR OUT nsec|nsec3|optout
      apply one corruption to DIR/base.zone (variant zones signed with the same keys:
      DIR/nomailaaaa.zone, nomail.zone, nosub.zone, old.zone, future.zone, zonemd.zone)
      and write OUT; print what sigil must report, as lines "codes C1,C2", "owners O1,O2",
      "at TIME" (verify time, or "now"), "what TEXT"
  verify_zone.py corrupt-all DIR nsec|nsec3|optout
      every case that applies, as DIR/CASE.zone with its expectations in
      DIR/CASE.zone.expect; print the case names
  verify_zone.py has JSON CODES OWNERS
      exit 0 when `sigil verify --json` output JSON has an error finding with one of the
      CODES at one of the OWNERS (comma-separated, case-insensitive); print the error
      findings as for `findings`
  verify_zone.py findings JSON
      the error findings as "code@owner/TYPE" words, sorted, unique
  verify_zone.py summary JSON KEY
      one field of the summary object (or of the top level)
  verify_zone.py fakekeys KEYFILE N [ALG]
      N DNSKEY records (flags 256) sharing the key tag and algorithm of the key in
      KEYFILE (a BIND .key file): algorithm 13 with random 64-byte keys whose last two
      bytes fix the RFC 4034 App. B key tag; algorithm 15 with 32-byte keys that decode
      to points of the Ed25519 curve
  verify_zone.py bogus IN OUT N
      add N RRSIGs with random signature bytes to every signed RRset (copies of its
      first RRSIG: same key tag, algorithm and window)
  verify_zone.py bigzone ORIGIN N
      print an unsigned zone of N names (A records) below ORIGIN
  verify_zone.py report RESULTS.tsv
      the markdown tables of docs/peer-misses.md from a verify_corrupt.sh run
"""
import base64
import calendar
import hashlib
import json
import os
import random
import sys
import time

DNSSEC_TYPES = {"RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "DNSKEY", "ZONEMD", "CDS", "CDNSKEY"}
APEX = "example.test."


def die(msg):
    sys.stderr.write("verify_zone.py: %s\n" % msg)
    sys.exit(2)


# -- zone text ---------------------------------------------------------------------------

class RR:
    """One line of a zone in sigil's output format."""

    def __init__(self, line):
        parts = line.split(None, 4)
        if len(parts) < 4:
            raise ValueError("not an RR line: %r" % line)
        self.owner, self.ttl, self.cls, self.type = parts[0], parts[1], parts[2], parts[3]
        self.rdata = parts[4] if len(parts) > 4 else ""

    def text(self):
        return "%s\t%s\t%s\t%s\t%s" % (self.owner, self.ttl, self.cls, self.type, self.rdata)

    def at(self, owner):
        return self.owner.lower() == owner.lower()

    def covers(self):
        return self.rdata.split()[0] if self.type == "RRSIG" else None

    def copy(self):
        return RR(self.text())


def read_zone(path):
    rrs = []
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith(";") or s.startswith("$"):
                continue
            rrs.append(RR(line.rstrip("\n")))
    return rrs


def write_zone(path, rrs):
    with open(path, "w") as f:
        for rr in rrs:
            f.write(rr.text() + "\n")


def find(rrs, owner, rtype, covers=None):
    """Indexes of the RRs at OWNER of TYPE (RRSIGs: covering COVERS)."""
    out = []
    for i, rr in enumerate(rrs):
        if rr.at(owner) and rr.type == rtype and (covers is None or rr.covers() == covers):
            out.append(i)
    if not out:
        die("no %s %s%s in the zone" % (owner, rtype, "" if covers is None else " " + covers))
    return out


def one(rrs, owner, rtype, covers=None):
    return find(rrs, owner, rtype, covers)[0]


def set_field(rr, n, value):
    f = rr.rdata.split()
    f[n] = value
    rr.rdata = " ".join(f)


def get_field(rr, n):
    return rr.rdata.split()[n]


# -- NSEC3 -------------------------------------------------------------------------------

def name_wire(name):
    name = name.rstrip(".")
    out = b""
    for label in name.split(".") if name else []:
        out += bytes([len(label)]) + label.lower().encode()
    return out + b"\0"


def nsec3_hash(name, salt_hex="", iterations=0):
    salt = bytes.fromhex(salt_hex) if salt_hex not in ("", "-") else b""
    h = hashlib.sha1(name_wire(name) + salt).digest()
    for _ in range(iterations):
        h = hashlib.sha1(h + salt).digest()
    return base64.b32hexencode(h).decode().lower()


def nsec3_owner(rrs, name):
    """The NSEC3 owner of NAME in a zone, from its NSEC3PARAM."""
    p = rrs[one(rrs, APEX, "NSEC3PARAM")].rdata.split()
    return "%s.%s" % (nsec3_hash(name, p[3], int(p[2])), APEX)


# -- key tags and fake keys --------------------------------------------------------------

def keytag(rdata):
    ac = 0
    for i, b in enumerate(rdata):
        ac += b if i & 1 else b << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


ED_P = 2**255 - 19
ED_D = (-121665 * pow(121666, ED_P - 2, ED_P)) % ED_P


def ed25519_decodes(key):
    """True when 32 bytes are the encoding of a point of the Ed25519 curve (RFC 8032 5.1.3)."""
    y = int.from_bytes(key, "little") & ((1 << 255) - 1)
    if y >= ED_P:
        return False
    u = (y * y - 1) % ED_P
    v = (ED_D * y * y + 1) % ED_P
    x2 = u * pow(v, ED_P - 2, ED_P) % ED_P
    if x2 == 0:
        return key[31] & 0x80 == 0
    return pow(x2, (ED_P - 1) // 2, ED_P) == 1


def fake_key(rng, header, keylen, tag, alg):
    """Key bytes of KEYLEN whose DNSKEY RDATA has key tag TAG (the last two bytes decide)."""
    while True:
        body = bytes(rng.getrandbits(8) for _ in range(keylen - 2))
        rest = keytag(header + body + b"\0\0")
        # The last two bytes form one 16-bit word (the RDATA length is even): solve for it,
        # allowing for the carry folded back by the algorithm.
        for carry in range(0, 64):
            w = (tag - rest - carry) % 65536
            key = body + w.to_bytes(2, "big")
            if keytag(header + key) == tag:
                break
        else:
            continue
        if alg == 15 and not ed25519_decodes(key):
            continue
        return key


def read_keyfile(path):
    with open(path) as f:
        for line in f:
            if line.startswith(";") or not line.strip():
                continue
            p = line.split()
            i = p.index("DNSKEY")
            return p[0], int(p[i + 1]), int(p[i + 2]), int(p[i + 3]), "".join(p[i + 4:])
    die("no DNSKEY in %s" % path)


def cmd_fakekeys(keyfile, n, alg=None):
    owner, flags, proto, kalg, b64 = read_keyfile(keyfile)
    real = bytes([flags >> 8, flags & 255, proto, kalg]) + base64.b64decode(b64)
    tag = keytag(real)
    alg = int(alg) if alg else kalg
    keylen = {13: 64, 15: 32}.get(alg)
    if keylen is None or alg != kalg:
        die("fakekeys: algorithm %d (key %d): only 13 and 15" % (alg, kalg))
    rng = random.Random(tag * 1000 + int(n))
    header = bytes([1, 0, 3, alg])
    for _ in range(int(n)):
        key = fake_key(rng, header, keylen, tag, alg)
        assert keytag(header + key) == tag
        print("%s\t3600\tIN\tDNSKEY\t256 3 %d %s" % (owner, alg, base64.b64encode(key).decode()))


def cmd_bogus(src, dst, n):
    rrs = read_zone(src)
    rng = random.Random(4711)
    out, seen = [], set()
    for rr in rrs:
        out.append(rr)
        if rr.type != "RRSIG":
            continue
        key = (rr.owner.lower(), rr.covers())
        if key in seen:
            continue
        seen.add(key)
        siglen = len(base64.b64decode(get_field(rr, 8)))
        for _ in range(int(n)):
            b = rr.copy()
            set_field(b, 8, base64.b64encode(bytes(rng.getrandbits(8)
                                                   for _ in range(siglen))).decode())
            out.append(b)
    write_zone(dst, out)


def cmd_bigzone(origin, n):
    print("$ORIGIN %s\n$TTL 3600" % origin)
    print("@\tSOA\tns1 hostmaster 1 7200 3600 1209600 300")
    print("@\tNS\tns1")
    print("ns1\tA\t192.0.2.1")
    for i in range(int(n) - 1):
        print("h%05d\tA\t198.51.%d.%d" % (i, (i // 250) % 256, i % 250 + 1))


# -- the corruption cases ----------------------------------------------------------------
#
# Each case damages one place of DIR/base.zone. Where editing a field would also break the
# signature over it, a second case splices in records from a variant signed with the same
# keys instead, so that the defect is the only one (the signatures stay valid).

def nm(label):
    return APEX if label == "@" else "%s.%s" % (label, APEX)


def flip_bit(b64):
    raw = bytearray(base64.b64decode(b64))
    raw[len(raw) // 2] ^= 0x10
    return base64.b64encode(bytes(raw)).decode()


def splice(target, donor, pick):
    """TARGET plus the records of DONOR for which PICK is true (not already in TARGET)."""
    have = {rr.text() for rr in target}
    return target + [rr for rr in donor if pick(rr) and rr.text() not in have]


class Case:
    def __init__(self, name, kinds, what):
        self.name, self.kinds, self.what = name, kinds, what


CASES = [
    Case("sig-bit-flipped", "all", "a flipped bit in the signature of www CNAME"),
    Case("rrsig-removed", "all", "the RRSIG of the DS RRset at sub removed"),
    Case("record-changed", "all", "mail A 192.0.2.25 changed to 192.0.2.26"),
    Case("record-added", "all", "a TXT record added to the apex TXT RRset"),
    Case("nsec-removed", "nsec", "the NSEC at ftp (a CNAME) and its RRSIG removed"),
    Case("nsec3-removed", "nsec3 optout", "the NSEC3 of a.b.c and its RRSIG removed"),
    Case("zsk-removed", "all", "the ZSK removed from the DNSKEY RRset"),
    Case("ksk-removed", "all", "the KSK removed from the DNSKEY RRset"),
    Case("key-tag-wrong", "all", "the key tag of the RRSIG of ns1 AAAA changed"),
    Case("name-emptied", "all", "every record at txt removed, its NSEC/NSEC3 left"),
    Case("bitmap-wrong", "all", "mail AAAA added with its RRSIG; the (validly signed) "
         "NSEC/NSEC3 of mail does not list AAAA"),
    Case("bitmap-edited", "all", "AAAA removed from the type bitmap of the NSEC/NSEC3 of "
         "mail (its RRSIG now fails too)"),
    Case("sig-expired", "all", "the RRSIG of host.wild A replaced by a valid one whose "
         "window ended 20 days ago"),
    Case("sig-not-yet-valid", "all", "the RRSIG of zz A replaced by a valid one whose "
         "window starts in 30 days"),
    Case("zone-expired", "all", "the whole zone verified one day after its last signature "
         "expired"),
    Case("zone-not-yet-valid", "all", "the whole zone verified one day before its first "
         "inception"),
    Case("labels-wrong", "all", "labels field of the RRSIG of *.wild A set to 4 (counting "
         "the *)"),
    Case("original-ttl-wrong", "all", "original TTL field of the RRSIG of mail A set to "
         "7200"),
    Case("rrset-ttl-changed", "all", "TTL of the mail AAAA RRset changed to 7200 (its "
         "RRSIG, original TTL 3600, still verifies)"),
    Case("signer-wrong", "all", "signer name of the RRSIG of mail AAAA set to example.net."),
    Case("nsec-next-wrong", "nsec", "mail and its records added to a zone signed without "
         "it: the (validly signed) NSEC of insecure skips mail"),
    Case("nsec-next-edited", "nsec", "next name of the NSEC of ns1 edited to zz (its RRSIG "
         "now fails too)"),
    Case("nsec3-next-wrong", "nsec3 optout", "mail and its records added to a zone signed "
         "without it: the (validly signed) NSEC3 before mail's hash skips it"),
    Case("nsec3-next-edited", "nsec3 optout", "next hashed owner of the NSEC3 of ftp "
         "edited (its RRSIG now fails too)"),
    Case("rrsig-over-glue", "all", "a valid RRSIG over the glue ns1.sub A"),
    Case("nsec-at-glue", "nsec", "a validly signed NSEC at the glue name ns1.sub"),
    Case("zonemd-digest-changed", "all", "one digest byte of the ZONEMD changed (zone "
         "signed with --zonemd)"),
    Case("zonemd-glue-changed", "all", "glue ns1.insecure A changed in a zone signed with "
         "--zonemd (no signature covers glue; only the digest does)"),
]


def case_by_name(name):
    for c in CASES:
        if c.name == name:
            return c
    die("unknown case '%s'" % name)


def cmd_cases(kind):
    for c in CASES:
        if c.kinds == "all" or kind in c.kinds.split():
            print(c.name)


def rrsig_time(rr, n):
    """An RRSIG time field (YYYYMMDDHHmmSS or seconds) as Unix seconds."""
    t = get_field(rr, n)
    if len(t) == 14:
        return calendar.timegm(time.strptime(t, "%Y%m%d%H%M%S"))
    return int(t)


def stamp(secs):
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(secs))


def apply_case(name, d, kind):
    """Returns (records, codes, owners, at)."""
    z = read_zone(os.path.join(d, "base.zone"))
    v = lambda what: read_zone(os.path.join(d, what + ".zone"))
    nsec3 = kind != "nsec"

    def hashed(label):
        return nsec3_owner(z, nm(label))

    def denial_of(label):
        return hashed(label) if nsec3 else nm(label)

    if name == "sig-bit-flipped":
        rr = z[one(z, nm("www"), "RRSIG", "CNAME")]
        set_field(rr, 8, flip_bit(get_field(rr, 8)))
        return z, ["rrsig-bogus"], [nm("www")], "now"
    if name == "rrsig-removed":
        del z[one(z, nm("sub"), "RRSIG", "DS")]
        return z, ["rrset-unsigned"], [nm("sub")], "now"
    if name == "record-changed":
        i = [i for i in find(z, nm("mail"), "A") if z[i].rdata == "192.0.2.25"][0]
        z[i].rdata = "192.0.2.26"
        return z, ["rrsig-bogus"], [nm("mail")], "now"
    if name == "record-added":
        i = one(z, APEX, "TXT")
        extra = z[i].copy()
        extra.rdata = '"an added string"'
        z.insert(i + 1, extra)
        return z, ["rrsig-bogus"], [APEX], "now"
    if name == "nsec-removed":
        z = [rr for rr in z if not (rr.at(nm("ftp")) and
                                    (rr.type == "NSEC" or rr.covers() == "NSEC"))]
        return z, ["nsec-missing"], [nm("ftp")], "now"
    if name == "nsec3-removed":
        h = hashed("a.b.c")
        z = [rr for rr in z if not rr.at(h)]
        return z, ["nsec3-missing"], [nm("a.b.c"), h], "now"
    if name in ("zsk-removed", "ksk-removed"):
        want = "256" if name == "zsk-removed" else "257"
        keys = [i for i in find(z, APEX, "DNSKEY") if get_field(z[i], 0) == want]
        if len(keys) != 1:
            die("%s: %d DNSKEYs with flags %s" % (name, len(keys), want))
        del z[keys[0]]
        codes = ["rrsig-bogus"] if name == "zsk-removed" else ["rrsig-no-key",
                                                                  "dnskey-not-sep-signed"]
        return z, codes, [APEX], "now"
    if name == "key-tag-wrong":
        rr = z[one(z, nm("ns1"), "RRSIG", "AAAA")]
        tags = {keytag_of(z[i]) for i in find(z, APEX, "DNSKEY")}
        t = (int(get_field(rr, 6)) + 1) % 65536
        while t in tags:
            t = (t + 1) % 65536
        set_field(rr, 6, str(t))
        return z, ["rrsig-no-key"], [nm("ns1")], "now"
    if name == "name-emptied":
        keep = "NSEC3" if nsec3 else "NSEC"
        z = [rr for rr in z if not (rr.at(nm("txt")) and rr.type != keep and
                                    rr.covers() != keep)]
        if nsec3:
            return z, ["nsec3-orphan"], [hashed("txt")], "now"
        return z, ["nsec-unexpected"], [nm("txt")], "now"
    if name == "bitmap-wrong":
        z = splice(v("nomailaaaa"), z, lambda rr: rr.at(nm("mail")) and
                   (rr.type == "AAAA" or rr.covers() == "AAAA"))
        return z, ["nsec3-bitmap" if nsec3 else "nsec-bitmap"], [denial_of("mail")], "now"
    if name == "bitmap-edited":
        t = "NSEC3" if nsec3 else "NSEC"
        rr = z[one(z, denial_of("mail"), t)]
        f = rr.rdata.split()
        if "AAAA" not in f:
            die("bitmap-edited: no AAAA in %s" % rr.text())
        f.remove("AAAA")
        rr.rdata = " ".join(f)
        return z, [t.lower() + "-bitmap"], [denial_of("mail")], "now"
    if name in ("sig-expired", "sig-not-yet-valid"):
        label, donor = ("host.wild", "old") if name == "sig-expired" else ("zz", "future")
        dz = v(donor)
        i = one(z, nm(label), "RRSIG", "A")
        z[i] = dz[one(dz, nm(label), "RRSIG", "A")]
        code = "rrsig-expired" if name == "sig-expired" else "rrsig-not-yet-valid"
        return z, [code], [nm(label)], "now"
    if name == "zone-expired":
        exp = max(rrsig_time(rr, 4) for rr in z if rr.type == "RRSIG")
        return z, ["rrsig-expired"], [APEX], stamp(exp + 86400)
    if name == "zone-not-yet-valid":
        inc = min(rrsig_time(rr, 5) for rr in z if rr.type == "RRSIG")
        return z, ["rrsig-not-yet-valid"], [APEX], stamp(inc - 86400)
    if name == "labels-wrong":
        rr = z[one(z, nm("*.wild"), "RRSIG", "A")]
        set_field(rr, 2, "4")
        return z, ["rrsig-labels"], [nm("*.wild")], "now"
    if name == "original-ttl-wrong":
        set_field(z[one(z, nm("mail"), "RRSIG", "A")], 3, "7200")
        return z, ["rrsig-original-ttl"], [nm("mail")], "now"
    if name == "rrset-ttl-changed":
        for i in find(z, nm("mail"), "AAAA"):
            z[i].ttl = "7200"
        return z, ["rrsig-original-ttl"], [nm("mail")], "now"
    if name == "signer-wrong":
        set_field(z[one(z, nm("mail"), "RRSIG", "AAAA")], 7, "example.net.")
        return z, ["rrsig-signer"], [nm("mail")], "now"
    if name == "nsec-next-wrong":
        z = splice(v("nomail"), z, lambda rr: rr.at(nm("mail")))
        return z, ["nsec-next"], [nm("insecure")], "now"
    if name == "nsec-next-edited":
        set_field(z[one(z, nm("ns1"), "NSEC")], 0, nm("zz"))
        return z, ["nsec-next"], [nm("ns1")], "now"
    if name == "nsec3-next-wrong":
        h = hashed("mail")
        nz = v("nomail")
        z = splice(nz, z, lambda rr: rr.at(nm("mail")) or rr.at(h))
        # the record before mail's hash in the chain now points past it
        mine = z[one(z, h, "NSEC3")].rdata.split()[4].lower()
        prev = [rr.owner for rr in nz if rr.type == "NSEC3" and
                rr.rdata.split()[4].lower() == mine]
        if len(prev) != 1:
            die("nsec3-next-wrong: no NSEC3 before %s" % h)
        return z, ["nsec3-next"], [prev[0]], "now"
    if name == "nsec3-next-edited":
        rr = z[one(z, hashed("ftp"), "NSEC3")]
        nxt = get_field(rr, 4)
        c = "0" if nxt[-1] != "0" else "1"
        set_field(rr, 4, nxt[:-1] + c)
        return z, ["nsec3-next"], [hashed("ftp")], "now"
    if name == "rrsig-over-glue":
        z = splice(z, v("nosub"), lambda rr: rr.at(nm("ns1.sub")) and rr.covers() == "A")
        return z, ["rrsig-unexpected"], [nm("ns1.sub")], "now"
    if name == "nsec-at-glue":
        z = splice(z, v("nosub"), lambda rr: rr.at(nm("ns1.sub")) and
                   (rr.type == "NSEC" or rr.covers() == "NSEC"))
        return z, ["nsec-unexpected"], [nm("ns1.sub")], "now"
    if name == "zonemd-digest-changed":
        z = v("zonemd")
        rr = z[one(z, APEX, "ZONEMD")]
        f = rr.rdata.split()
        f[3] = ("0" if f[3][0] != "0" else "1") + f[3][1:]
        rr.rdata = " ".join(f)
        return z, ["zonemd-mismatch"], [APEX], "now"
    if name == "zonemd-glue-changed":
        z = v("zonemd")
        z[one(z, nm("ns1.insecure"), "A")].rdata = "192.0.2.155"
        return z, ["zonemd-mismatch"], [APEX], "now"
    die("unknown case '%s'" % name)


def keytag_of(rr):
    f = rr.rdata.split()
    rd = bytes([int(f[0]) >> 8, int(f[0]) & 255, int(f[1]), int(f[2])])
    return keytag(rd + base64.b64decode("".join(f[3:])))


def cmd_corrupt(name, d, out, kind, expect=sys.stdout):
    c = case_by_name(name)
    z, codes, owners, at = apply_case(name, d, kind)
    write_zone(out, z)
    expect.write("codes %s\nowners %s\nat %s\nwhat %s\n" % (",".join(codes), ",".join(owners),
                                                             at, c.what))


def cmd_corrupt_all(d, kind):
    for c in CASES:
        if c.kinds == "all" or kind in c.kinds.split():
            out = os.path.join(d, c.name + ".zone")
            with open(out + ".expect", "w") as f:
                cmd_corrupt(c.name, d, out, kind, f)
            print(c.name)


# -- sigil verify --json -----------------------------------------------------------------

def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die("%s: not JSON: %s" % (path, e))


def error_findings(doc):
    return [f for f in doc.get("findings", []) if f.get("severity") == "error"]


def fword(f):
    return "%s@%s%s" % (f.get("code"), f.get("owner"), "/" + f["type"] if f.get("type") else "")


def cmd_has(path, codes, owners):
    doc = load_json(path)
    codes = set(codes.split(","))
    owners = {o.lower() for o in owners.split(",")}
    found = error_findings(doc)
    hit = [f for f in found if f.get("code") in codes and
           str(f.get("owner", "")).lower() in owners]
    print(" ".join(sorted({fword(f) for f in found})))
    sys.exit(0 if hit else 1)


def cmd_findings(path):
    doc = load_json(path)
    print(" ".join(sorted({fword(f) for f in error_findings(doc)})))


def cmd_summary(path, key):
    doc = load_json(path)
    val = doc.get("summary", {}).get(key, doc.get(key))
    if isinstance(val, bool):
        val = "true" if val else "false"
    print("" if val is None else val)


# -- docs/peer-misses.md ------------------------------------------------------------------

PEERS = [("dv", "dnssec-verify"), ("ldns", "ldns-verify-zone"), ("knot", "kzonecheck")]


def md(s):
    return s.replace("|", "\\|").replace("\n", " ")


def cmd_report(path):
    rows = []
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 10:
                continue
            rows.append(dict(case=p[0], zone=p[1], sigil=p[2], sigil_ok=p[3], codes=p[4],
                             dv=p[5], dv_msg=p[6], ldns=p[7], ldns_msg=p[8], knot=p[9],
                             knot_msg=p[10] if len(p) > 10 else ""))
    order = [c.name for c in CASES]
    rows.sort(key=lambda r: (order.index(r["case"]) if r["case"] in order else 99, r["zone"]))

    def tally(rs, key):
        ran = [r for r in rs if r[key] != "n/a"]
        if not ran:
            return "n/a"
        caught = [r for r in ran if r[key] == "caught"]
        if len(caught) == len(ran):
            return "caught %d/%d" % (len(caught), len(ran))
        missed = [r["zone"] for r in ran if r[key] != "caught"]
        return "**missed %d/%d** (%s)" % (len(missed), len(ran), ", ".join(missed))

    print("## Summary: one row per case\n")
    print("Each case was applied to every signed zone it fits (zone = algorithm-denial: "
          "`13-nsec` is ECDSAP256SHA256 with NSEC, `15-optout` Ed25519 with NSEC3 opt-out, "
          "...). \"caught\" means the tool exited non-zero; for sigil it also means exit 1 "
          "with the expected finding at the damaged owner. n/a: dnssec-verify has no "
          "validation-time option, so it is not run where the case needs one.\n")
    print("| case | damage | sigil | dnssec-verify | ldns-verify-zone | kzonecheck | "
          "sigil findings (errors) |")
    print("|---|---|---|---|---|---|---|")
    for name in order:
        rs = [r for r in rows if r["case"] == name]
        if not rs:
            continue
        ok = [r for r in rs if r["sigil_ok"] == "yes"]
        sig = "caught %d/%d" % (len(ok), len(rs)) if len(ok) == len(rs) else \
            "**FAILED %d/%d**" % (len(rs) - len(ok), len(rs))
        codes = sorted({w.split("@")[0] for r in rs for w in r["codes"].split()})
        print("| `%s` | %s | %s | %s | %s | %s | %s |" % (
            name, md(case_by_name(name).what), sig, tally(rs, "dv"), tally(rs, "ldns"),
            tally(rs, "knot"), ", ".join("`%s`" % c for c in codes)))

    print("\n## Where a peer misses a defect\n")
    misses = 0
    for name in order:
        rs = [r for r in rows if r["case"] == name]
        for key, tool in PEERS:
            missed = [r for r in rs if r[key] == "accepted"]
            if missed:
                misses += 1
                print("- `%s` (%s): **%s** exits 0 on %s; sigil exits %s with %s" % (
                    name, md(case_by_name(name).what), tool,
                    ", ".join(r["zone"] for r in missed), missed[0]["sigil"],
                    md(missed[0]["codes"] or "no error finding")))
    if misses == 0:
        print("- none")
    sigil_misses = [r for r in rows if r["sigil_ok"] != "yes"]
    print("\n## Where sigil misses or misreports a defect\n")
    if not sigil_misses:
        print("- none")
    for r in sigil_misses:
        print("- `%s` on %s: exit %s, findings: %s" % (r["case"], r["zone"], r["sigil"],
                                                        md(r["codes"] or "-")))

    print("\n## Every run\n")
    print("The first line of each peer's complaint (or its verdict) as printed.\n")
    print("| case | zone | sigil (exit: error findings) | dnssec-verify | ldns-verify-zone | "
          "kzonecheck |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        cells = []
        for key, _ in PEERS:
            if r[key] == "n/a":
                cells.append("n/a")
            else:
                cells.append("%s: %s" % (r[key], md(r[key + "_msg"])[:110]))
        print("| `%s` | %s | %s: %s | %s |" % (r["case"], r["zone"], r["sigil"],
                                              md(r["codes"])[:160], " | ".join(cells)))


def main(argv):
    if len(argv) < 2:
        die("usage: see the header of %s" % argv[0])
    cmd, args = argv[1], argv[2:]
    table = {
        "strip": (2, lambda a: write_zone(a[1], [rr for rr in read_zone(a[0])
                                                 if rr.type not in DNSSEC_TYPES])),
        "drop": (3, lambda a: write_zone(a[1], [rr for rr in read_zone(a[0])
                                                if not (rr.at(a[2]) and
                                                        (len(a) == 3 or rr.type in a[3:]))])),
        "cases": (1, lambda a: cmd_cases(a[0])),
        "corrupt": (4, lambda a: cmd_corrupt(a[0], a[1], a[2], a[3])),
        "corrupt-all": (2, lambda a: cmd_corrupt_all(a[0], a[1])),
        "has": (3, lambda a: cmd_has(a[0], a[1], a[2])),
        "findings": (1, lambda a: cmd_findings(a[0])),
        "summary": (2, lambda a: cmd_summary(a[0], a[1])),
        "fakekeys": (2, lambda a: cmd_fakekeys(*a)),
        "bogus": (3, lambda a: cmd_bogus(a[0], a[1], a[2])),
        "bigzone": (2, lambda a: cmd_bigzone(a[0], a[1])),
        "report": (1, lambda a: cmd_report(a[0])),
    }
    if cmd not in table or len(args) < table[cmd][0]:
        die("bad command: %s" % " ".join(argv[1:]))
    table[cmd][1](args)


if __name__ == "__main__":
    main(sys.argv)
