#!/bin/sh
# SPDX-License-Identifier: MIT
# Offline batch throughput of `sigil ds check --batch` (run by hand, not part of make check):
# N checks (default 10,000) of the test hierarchy's nsec.test. (the zone file read, the
# DNSKEY RRset validated, a registrant's DS checked, one JSON line written) with -j J
# (default the cores), measured with GNU time. Every line names the same zone file: the
# work per domain is that of a real check, but the zone is not N different zones.
#
#   sh bench/ds_check.sh [N] [J]      (from the top of the source tree, after make)
set -eu
n=${1:-10000}
j=${2:-$(nproc)}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigil-dsbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
zone=$top/testzones/hierarchy/signed/nsec.test.zone
echo "nsec.test. 3600 IN DS 56177 13 2 845DF46463D0FD3F9C8CBA9E03509C0AF5FD54CEE72099B2DB9B53B2E6EB5558" >"$tmp/good.ds"
awk -v n="$n" -v ds="$tmp/good.ds" -v z="$zone" 'BEGIN { for (i = 0; i < n; i++) print "nsec.test. - " ds " " z }' >"$tmp/batch"
/usr/bin/time -v "$top/build/sigil" ds check --batch "$tmp/batch" --ds - --zone-dir "$tmp" \
	--at 20270101000000 -j "$j" >"$tmp/out" 2>"$tmp/time"
lines=$(wc -l <"$tmp/out")
acc=$(grep -c '"verdict":"accept"' "$tmp/out" || true)
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
echo "ds check --batch: $n domains, -j $j: $lines lines ($acc accepted), $wall wall," \
	"$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') domains/s, peak RSS $rss KiB"
