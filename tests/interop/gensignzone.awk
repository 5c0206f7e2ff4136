# SPDX-License-Identifier: MIT
# Deterministic test zone for tests/interop/sigil_sign.sh: a few hundred names with
# everything a signer has to classify and chain correctly.
#   awk -v N=16 -v ORIGIN=gen.test. [-v ODD=0] [-v DNAMEOCC=0] -f tests/interop/gensignzone.awk > zone
# N blocks of about 30 names each. Each block has:
#   a secure delegation (NS, DS, glue below the cut, occluded data below the cut),
#   an insecure delegation with glue below the cut, one whose NS is an authoritative
#   in-zone host, and one whose only NS is glue below a sibling delegation,
#   ordinary hosts (A, AAAA, MX, TXT, SRV), CNAMEs (in-zone and out of zone),
#   wildcards (a leaf one, one with names below it, one below an empty non-terminal),
#   empty non-terminals four levels deep, a DNAME with occluded data below it,
#   TXT records with odd characters,
# and, unless ODD=0, names with escapes (a dot inside a label, \000, \032, upper case)
# and an RFC 3597 record of an unknown type. ODD=0 is for validns, whose parser has
# no escaped dots in labels. DNAMEOCC=0 leaves out the data below the DNAMEs, which
# kzonecheck and validns reject even in zones signed by BIND. The same parameters
# always give the same zone.
function rnd(n) {
	seed = (seed * 1103515245 + 12345) % 2147483648
	return int(seed / 65536) % n
}
function hex(n,   s, i) {
	s = ""
	for (i = 0; i < n; i++) s = s sprintf("%02X", rnd(256))
	return s
}
function rr(owner, type, rdata) {
	printf "%s\tIN\t%s\t%s\n", owner, type, rdata
}
BEGIN {
	if (N == "") N = 16
	if (ORIGIN == "") ORIGIN = "gen.test."
	if (ODD == "") ODD = 1
	if (DNAMEOCC == "") DNAMEOCC = 1
	seed = 4242
	printf "$ORIGIN %s\n$TTL 3600\n", ORIGIN
	rr("@", "SOA", "ns1 hostmaster 2024060101 7200 3600 1209600 600")
	rr("@", "NS", "ns1")
	rr("@", "NS", "ns2")
	rr("@", "MX", "10 mail")
	rr("@", "TXT", "\"v=spf1 mx -all\"")
	rr("ns1", "A", "192.0.2.1")
	rr("ns1", "AAAA", "2001:db8::1")
	rr("ns2", "A", "192.0.2.2")
	rr("mail", "A", "192.0.2.25")
	for (i = 1; i <= N; i++) {
		b = sprintf("%03d", i)
		# secure delegation: NS in and out of bailiwick, DS, glue below the cut
		rr("sec" b, "NS", "ns1.sec" b)
		rr("sec" b, "NS", "ns" rnd(9) ".provider" b ".example.")
		rr("sec" b, "DS", (1000 + rnd(60000)) " 13 2 " hex(32))
		if (i % 3 == 0) rr("sec" b, "DS", (1000 + rnd(60000)) " 8 4 " hex(48))
		rr("ns1.sec" b, "A", "198.51.100." i)
		rr("ns1.sec" b, "AAAA", "2001:db8:100::" i)
		# occluded: below the cut but not named by an NS record
		rr("www.sec" b, "A", "198.51.100." (100 + i))
		rr("deep.er.sec" b, "TXT", "\"occluded\"")
		# insecure delegation with glue below the cut
		rr("ins" b, "NS", "ns1.ins" b)
		rr("ins" b, "NS", "ns2.ins" b)
		rr("ns1.ins" b, "A", "203.0.113." i)
		rr("ns2.ins" b, "AAAA", "2001:db8:113::" i)
		# insecure delegation to an authoritative in-zone host (not glue: signed data)
		rr("hosted" b, "NS", "host" b)
		# delegation whose only NS is glue below a sibling delegation
		rr("sib" b, "NS", "ns1.sec" b)
		# ordinary hosts
		rr("host" b, "A", "192.0.2." (100 + i))
		rr("host" b, "AAAA", "2001:db8:2::" sprintf("%x", rnd(65536)))
		rr("host" b, "MX", (rnd(5) * 10) " mail")
		rr("host" b, "TXT", "\"host " b "\" \"rand " hex(4) "\"")
		rr("_sip._tcp.host" b, "SRV", "10 60 5060 host" b)
		# CNAMEs: in zone, to a wildcard-matched name, out of zone
		rr("cn" b, "CNAME", "host" b)
		rr("cnw" b, "CNAME", "x.wc" b)
		rr("cnx" b, "CNAME", "target" b ".example.")
		# wildcards: a leaf, one with a sibling below it, one below an empty non-terminal
		rr("*.wc" b, "A", "192.0.2.200")
		rr("*.wc" b, "TXT", "\"wildcard " b "\"")
		rr("real.wc" b, "A", "192.0.2.201")
		rr("*.e.n.t.wc" b, "MX", "10 mail")
		# empty non-terminals four levels deep, and a second branch sharing them
		rr("l4.l3.l2.l1.ent" b, "A", "192.0.2.210")
		rr("m4.m3.l2.l1.ent" b, "TXT", "\"other branch\"")
		# DNAME, with occluded data below it
		rr("dn" b, "DNAME", "dname-target" b ".example.")
		if (DNAMEOCC) rr("occ.dn" b, "A", "192.0.2.220")
		# TXT with odd characters
		rr("txt" b, "TXT", "\"semi\\;colon\" \"quote\\\"inside\" \"back\\\\slash\" \"\" \"(paren)\" \"$dollar @at\" \"tab\\009x\" \"nul\\000and\\255\"")
		if (i % 4 == 0) {
			s = ""
			for (j = 0; j < 255; j++) s = s sprintf("%c", 97 + rnd(26))
			rr("long" b, "TXT", "\"" s "\" \"" substr(s, 1, 100) "\"")
		}
		if (ODD) {
			# names with escapes and case
			rr("dot\\.in\\.label" b, "A", "192.0.2.230")
			rr("\\000nul" b, "A", "192.0.2.231")
			rr("sp\\032ace" b, "TXT", "\"space in owner\"")
			rr("UPPER" b ".MiXeD", "A", "192.0.2.232")
			rr("\\255\\(x" b, "AAAA", "2001:db8::232")
			rr("unk" b, "TYPE65280", "\\# 4 0A0B0C0D")
		}
	}
}
