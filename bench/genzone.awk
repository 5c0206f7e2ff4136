# Deterministic TLD-like test zone: mostly delegations (some secure with DS, some with
# in-zone glue), plus ordinary hosts with A, AAAA, MX, TXT and CNAME records.
#   awk -v N=100000 -v ORIGIN=bench.test. -f bench/genzone.awk > zone
# The same N and ORIGIN always give the same zone (a fixed linear congruential generator).
function rnd(n) {
	seed = (seed * 1103515245 + 12345) % 2147483648
	return int(seed / 65536) % n
}
function hex(n,   s, i) {
	s = ""
	for (i = 0; i < n; i++) s = s sprintf("%02X", rnd(256))
	return s
}
BEGIN {
	if (N == "") N = 100000
	if (ORIGIN == "") ORIGIN = "bench.test."
	seed = 42
	printf "$ORIGIN %s\n$TTL 86400\n", ORIGIN
	printf "@\tIN\tSOA\tns1 hostmaster 2024010101 1800 900 604800 3600\n"
	printf "@\tIN\tNS\tns1\n@\tIN\tNS\tns2\n"
	printf "ns1\tIN\tA\t192.0.2.1\nns2\tIN\tA\t192.0.2.2\n"
	for (i = 1; i <= N; i++) {
		name = sprintf("d%07d", i)
		k = rnd(100)
		if (k < 80) {
			# delegation: 2 NS, 40% with DS, 20% with in-zone glue
			if (rnd(100) < 20) {
				printf "%s\tIN\tNS\tns1.%s\n%s\tIN\tNS\tns2.%s\n", name, name, name, name
				printf "ns1.%s\tIN\tA\t198.51.%d.%d\n", name, rnd(256), rnd(256)
				printf "ns2.%s\tIN\tAAAA\t2001:db8:%x::%x\n", name, rnd(65536), rnd(65536)
			} else {
				printf "%s\tIN\tNS\tns%d.hoster%d.example.\n", name, rnd(4), rnd(50)
				printf "%s\tIN\tNS\tns%d.hoster%d.example.\n", name, 4 + rnd(4), rnd(50)
			}
			if (rnd(100) < 40)
				printf "%s\tIN\tDS\t%d 13 2 %s\n", name, rnd(65536), hex(32)
		} else {
			printf "%s\tIN\tA\t203.0.%d.%d\n", name, rnd(256), rnd(256)
			if (k < 90) printf "%s\tIN\tAAAA\t2001:db8:1::%x\n", name, rnd(65536)
			if (k < 85) printf "%s\tIN\tMX\t10 mail.%s\n", name, name
			if (k >= 95) printf "%s\tIN\tTXT\t\"v=spf1 -all %d\"\n", name, rnd(1000)
			if (k >= 93) printf "www.%s\tIN\tCNAME\t%s\n", name, name
		}
	}
}
