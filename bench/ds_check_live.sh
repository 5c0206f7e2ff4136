#!/bin/sh
# SPDX-License-Identifier: MIT
# Registrar batch benchmark, live and offline, on the same generated zones (run by hand or
# with `make bench DS_CHECK=1`, never from make check): bench/ds_check_gen.sh makes N child
# zones (default 10,000) under a signed parent reg. and a test root; four NSD instances
# serve them on the loopback (127.55.0.1 the root, .2 reg. and op., .3 ns1.op. and .4
# ns2.op., each with all N children; NSD's defaults, response rate limiting included), on a
# free port, and stop by themselves when the script ends. Then, each under GNU time:
#
#   live:    sigil ds check --batch batch --ds - --live --hints hints --port P -j J
#            --per-server S      (the NS set of each child from reg.'s servers, found from
#                                 the root; each of the 2 servers asked over UDP and TCP)
#   offline: sigil ds check --batch batch --ds - --zone-dir zones -j OJ
#
# and reports domains per second, wall and CPU time (sigil's, and the NSD processes' during
# the live run), peak RSS, and the verdict counts, which must be the ones the generator
# expects (else the run fails), with the same JSON lines from both runs but for the
# sources. LIVE=0 runs the offline part only, without NSD (what bench/ds_check.sh does).
#
#   SIGIL=build/sigil [N=10000] [J=16] [S=16] [OJ=cores] [OUT=bench/results-ds-check.md]
#       sh bench/ds_check_live.sh
#
# J is the number of domains checked at once (each waits on the network most of the
# time, so more than the cores), S the queries at once per server (--per-server). Needs NSD
# (nsd), GNU time (/usr/bin/time) and dig. OUT is appended a dated section (OUT=- for
# stdout only). KEEP=1 keeps the work directory; WORLD=DIR generates the zones into DIR
# once and reuses them on later runs (N must stay the same), so that runs can be compared.
set -eu
: "${SIGIL:?set SIGIL to the sigil binary}"
N=${N:-10000}
J=${J:-16}
S=${S:-16}
OJ=${OJ:-$(nproc)}
LIVE=${LIVE:-1}
here=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$here/results-ds-check.md}
case $SIGIL in
/*) ;;
*) SIGIL=$(pwd)/$SIGIL ;;
esac
PATH=$PATH:/usr/sbin:/sbin
LC_ALL=C
export PATH LC_ALL
pfx=127.55.0
need="/usr/bin/time nproc"
[ "$LIVE" = 0 ] || need="$need nsd dig"
for t in $need; do
	command -v $t >/dev/null 2>&1 || { echo "bench: missing $t (Debian: nsd dnsutils time)" >&2; exit 1; }
done
say() { echo "bench: $*" >&2; }

if [ -n "${WORLD:-}" ]; then
	mkdir -p "$WORLD"
	w=$(cd "$WORLD" && pwd)
	KEEP=1
else
	w=$(mktemp -d "${TMPDIR:-/tmp}/sigil-dslive.XXXXXX")
fi
pids=""
stop()
{
	for p in $pids; do
		kill "$p" 2>/dev/null || true
	done
	for p in $pids; do
		wait "$p" 2>/dev/null || true
	done
	pids=""
	[ "${KEEP:-0}" = 1 ] || rm -rf "$w"
}
trap stop EXIT
trap 'exit 130' INT TERM

if [ -s "$w/batch" ] && [ -s "$w/root.anchor" ]; then
	[ "$(wc -l <"$w/batch")" -eq "$N" ] || { say "FAILED: $w holds $(wc -l <"$w/batch") zones, not N=$N"; exit 1; }
	say "reusing the $N child zones in $w"
else
	say "generating $N child zones in $w (bench/ds_check_gen.sh)"
	t0=$(date +%s)
	sh "$here/ds_check_gen.sh" "$SIGIL" "$w" "$N" "$pfx" 2>"$w/gen.err" || { cat "$w/gen.err" >&2; exit 1; }
	say "  done in $(($(date +%s) - t0)) s"
fi
cd "$w"

# -- the servers (not for LIVE=0), with the interop tests' helpers
WORK=$w TOPIC=bench
. "$here/../tests/interop/lib.sh"
nsd_conf() # NAME ADDRESS ZONE=FILE... (a zone list on stdin when no ZONE=FILE is given)
{
	nc_n=$1 nc_a=$2
	shift 2
	mkdir -p "$w/$nc_n"
	WORK=$w/$nc_n nsd_server "$port" "$nc_a" # its state in $w/NAME
	if [ $# -eq 0 ]; then
		awk -v w="$w" '{ printf "zone:\n  name: \"%s\"\n  zonefile: \"%s/zones/%szone\"\n", $1, w, $1 }'
	fi
	for zf in "$@"; do
		printf 'zone:\n  name: "%s"\n  zonefile: "%s/%s"\n' "${zf%%=*}" "$w" "${zf#*=}"
	done
}
wait_dns() # ADDR NAME: the server answers for NAME (at most about 60 s: NSD reads N zones)
{
	for wd_i in 1 2 3 4 5 6; do
		! wait_for_dns "$1" "$port" "$2" || return 0
	done
	return 1
}
started=0
attempt=0
while [ "$LIVE" != 0 ] && [ $attempt -lt 5 ] && [ $started -eq 0 ]; do
	attempt=$((attempt + 1))
	port=$((20000 + ($$ * 13 + attempt * 7919) % 40000))
	nsd_conf root $pfx.1 .=root.zone.signed >root.conf
	nsd_conf tld $pfx.2 reg.=reg.zone.signed op.=op.zone.signed >tld.conf
	nsd_conf ns1 $pfx.3 <batch >ns1.conf
	nsd_conf ns2 $pfx.4 <batch >ns2.conf
	t0=$(date +%s)
	for s in root tld ns1 ns2; do
		nsd -d -c "$w/$s.conf" >"$w/$s.out" 2>&1 &
		pids="$pids $!"
	done
	last=$(awk 'END { print $1 }' batch)
	if wait_dns $pfx.1 . && wait_dns $pfx.2 reg. && wait_dns $pfx.3 "$last" && wait_dns $pfx.4 "$last"; then
		started=1
		say "NSD on $pfx.1-4 port $port, serving $N children twice, up in $(($(date +%s) - t0)) s"
	else
		for p in $pids; do kill "$p" 2>/dev/null || true; done
		for p in $pids; do wait "$p" 2>/dev/null || true; done
		pids=""
	fi
done
if [ "$LIVE" != 0 ] && [ "$started" -eq 0 ]; then
	cat "$w"/*.out "$w"/*.log >&2 2>/dev/null
	say "FAILED: NSD did not start"
	exit 1
fi

# nsd_cpu: CPU seconds (user + system) used so far by the NSD processes of this run (their
# server children included), from /proc
nsd_cpu()
{
	for pr in /proc/[0-9]*; do
		case $(tr '\0' ' ' <"$pr/cmdline" 2>/dev/null) in
		"nsd -d -c $w/"*) sed 's/.*) //' "$pr/stat" 2>/dev/null ;;
		esac
	done | awk -v hz="$(getconf CLK_TCK)" '{ t += $12 + $13 } END { printf "%.2f\n", t / hz }'
}

# run ID CMD...: GNU time -v around CMD, its output in ID.out; "wall cpu rss_kib" in ID.t
run()
{
	rn_id=$1
	shift
	rc=0
	/usr/bin/time -v "$@" >"$rn_id.out" 2>"$rn_id.time" || rc=$?
	if [ $rc -gt 1 ]; then
		tail -n 30 "$rn_id.time" >&2
		say "FAILED: $* (exit $rc)"
		exit 1
	fi
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
		/User time/ { cpu += $2 } /System time/ { cpu += $2 }
		/Maximum resident set size/ { rss = $2 }
		END { printf "%.2f %.2f %d\n", wall, cpu, rss }' "$rn_id.time" >"$rn_id.t"
}
verdicts() # FILE: "accept A no-change B refuse C" (and any other verdict)
{
	awk '{ v = "other"; if (match($0, /"verdict":"[a-z-]*"/)) v = substr($0, RSTART + 11, RLENGTH - 12); n[v]++ }
		END { printf "accept %d\nno-change %d\nrefuse %d\n", n["accept"], n["no-change"], n["refuse"]
		      for (k in n) if (k != "accept" && k != "no-change" && k != "refuse") printf "%s %d\n", k, n[k] }' "$1"
}
report() # ID LABEL SERVER-CPU
{
	read -r wall cpu rss <"$1.t"
	lines=$(wc -l <"$1.out")
	rate=$(awk -v n="$N" -v s="$wall" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
	per=$(awk -v n="$N" -v c="$cpu" 'BEGIN { printf "%.2f", c * 1000 / n }')
	verdicts "$1.out" >"$1.verdicts"
	v=$(tr '\n' ' ' <"$1.verdicts" | sed 's/ $//')
	ok=yes
	[ "$lines" -eq "$N" ] && cmp -s expect "$1.verdicts" || ok=NO
	echo "| $2 | $N | $wall | $rate | $cpu ($per ms/domain) | $3 | $((rss / 1024)) | $v | $ok |"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$LIVE" != 0 ]; then
	say "live: sigil ds check --batch ($N domains) --live -j $J --per-server $S"
	c0=$(nsd_cpu)
	run live "$SIGIL" ds check --batch batch --ds - --live --hints hints --port "$port" \
		--timeout 2000 -j "$J" --per-server "$S"
	c1=$(nsd_cpu)
	server_cpu=$(awk -v a="$c0" -v b="$c1" -v n="$N" 'BEGIN { printf "%.2f (%.2f ms/domain)", b - a, (b - a) * 1000 / n }')
fi
say "offline: sigil ds check --batch ($N domains) --zone-dir zones -j $OJ"
run offline "$SIGIL" ds check --batch batch --ds - --zone-dir zones -j "$OJ"
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# The two runs must reach the same verdicts and findings: only the sources (4 servers and
# transports live, 1 file offline) and the signature checks made differ.
strip() { sed 's/"sources":\[[^]]*\]/"sources":[]/; s/"verifications":[0-9]*/"verifications":0/' "$1"; }
same="-"
if [ "$LIVE" != 0 ]; then
	strip live.out >live.cmp
	strip offline.out >offline.cmp
	if cmp -s live.cmp offline.cmp; then
		same="yes (every JSON line equal but for the sources and the signature checks)"
	else
		same="NO: $(diff live.cmp offline.cmp | grep -c '^<') lines differ"
		diff live.cmp offline.cmp | head -n 6 | sed 's/^/bench:   /' >&2
	fi
fi

{
	echo
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): $N domains$([ "$LIVE" != 0 ] || echo ', offline only')"
	echo
	echo "- Command: \`SIGIL=build/sigil N=$N J=$J S=$S OJ=$OJ$([ "$LIVE" != 0 ] || echo ' LIVE=0') sh bench/ds_check_live.sh\`"
	echo "- Machine: $(nproc) online cores, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo);" \
		"load average $load0 at the start, $load1 at the end (shared with other work)"
	echo "- sigil: $("$SIGIL" --version 2>&1 | head -n 1) (git $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo '?'))$([ "$LIVE" = 0 ] || echo "; $(nsd -v 2>&1 | head -n 1), 4 instances, server-count 1")"
	echo "- Zones: bench/ds_check_gen.sh, $N children of reg., each signed with its own Ed25519 key;" \
		"verdicts expected: $(tr '\n' ' ' <expect | sed 's/ $//')"
	[ "$LIVE" = 0 ] || echo "- Live and offline results identical: $same"
	echo
	echo "| run | domains | wall s | domains/s | sigil CPU s | NSD CPU s | peak RSS MiB | verdicts | as expected |"
	echo "|---|---|---|---|---|---|---|---|---|"
	[ "$LIVE" = 0 ] || report live "live, -j $J --per-server $S" "$server_cpu"
	report offline "offline (--zone-dir), -j $OJ" "-"
} >report.md
cat report.md
[ "$OUT" = - ] || cat report.md >>"$OUT"
! grep -q '| NO |' report.md || { say "FAILED: verdicts not as expected"; exit 1; }
case $same in
NO*) exit 1 ;;
esac
