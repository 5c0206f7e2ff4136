# SPDX-License-Identifier: MIT
# Shared helpers for the interop topic scripts (sourced, POSIX sh). The topic scripts run
# from tests/interop/run.sh, which sets SIGIL, WORK (a private scratch directory for the
# topic), ZONES (tests/interop/zones) and TOPIC.
#
# Output is TAP-like: one "ok - ..." or "not ok - ..." line per check, with diagnostics
# on "#" lines after a failure; `finish` prints the topic's summary and sets the exit code.

: "${SIGIL:?SIGIL must name the sigil binary}"
: "${WORK:?WORK must name a scratch directory}"
: "${TOPIC:=interop}"

PASSED=0
FAILED=0
NLOG=0

# Every algorithm sigil signs with, as NUMBER:MNEMONIC.
ALGS="8:RSASHA256 10:RSASHA512 13:ECDSAP256SHA256 14:ECDSAP384SHA384 15:ED25519 16:ED448"
# Every DS digest, as NUMBER:NAME.
DIGESTS="1:SHA-1 2:SHA-256 4:SHA-384"

ok()
{
	PASSED=$((PASSED + 1))
	echo "ok - $*"
}

not_ok()
{
	FAILED=$((FAILED + 1))
	echo "not ok - $*"
}

# diag FILE [TITLE]: a file's first lines as diagnostics.
diag()
{
	[ $# -lt 2 ] || echo "#   $2"
	if [ -s "$1" ]; then
		sed -n '1,40p' "$1" | sed 's/^/#     /'
		[ "$(wc -l <"$1")" -le 40 ] || echo "#     ..."
	fi
}

# newlog: a fresh log file name in $LOG.
newlog()
{
	NLOG=$((NLOG + 1))
	LOG=$WORK/log.$NLOG
}

# run CMD...: run a command with its stdout and stderr in a new $LOG; its exit code.
run()
{
	newlog
	"$@" >"$LOG" 2>&1
}

# check DESC CMD...: ok when CMD exits 0; otherwise not ok, with the command and its output.
check()
{
	ck_desc=$1
	shift
	if run "$@"; then
		ok "$ck_desc"
	else
		ck_rc=$?
		not_ok "$ck_desc"
		diag "$LOG" "exit $ck_rc: $*"
	fi
}

# check_fails DESC CMD...: a negative control; ok when CMD exits non-zero.
check_fails()
{
	ck_desc=$1
	shift
	if run "$@"; then
		not_ok "$ck_desc"
		diag "$LOG" "exit 0 (expected a failure): $*"
	else
		ok "$ck_desc"
	fi
}

# capture OUT CMD...: stdout to OUT, stderr to OUT.err; the command's exit code.
capture()
{
	cp_out=$1
	shift
	"$@" >"$cp_out" 2>"$cp_out.err"
}

# same DESC EXPECTED ACTUAL [LABEL_E LABEL_A]: ok when the two files are identical and
# not empty; otherwise not ok with a diff.
same()
{
	sm_desc=$1 sm_e=$2 sm_a=$3
	if [ ! -s "$sm_e" ] || [ ! -s "$sm_a" ]; then
		not_ok "$sm_desc"
		echo "#   empty output ($(basename "$sm_e"): $(wc -l <"$sm_e") lines, $(basename "$sm_a"): $(wc -l <"$sm_a") lines)"
		# The raw output of X.n is X, its stderr X.err (see capture).
		for sm_f in "$sm_e" "$sm_a"; do
			[ ! -s "${sm_f%.n}.err" ] || diag "${sm_f%.n}.err" "stderr ($(basename "${sm_f%.n}")):"
		done
	elif cmp -s "$sm_e" "$sm_a"; then
		ok "$sm_desc"
	else
		not_ok "$sm_desc"
		diff -u --label "${4:-expected}" --label "${5:-actual}" "$sm_e" "$sm_a" | sed 's/^/#   /'
	fi
}

# ds_norm < TEXT: DS and CDS records in a comparable form, one per line, sorted:
# "owner TYPE tag alg digesttype DIGEST", the owner in lower case, the digest in upper
# case with any spaces or parentheses (some tools split long digests) removed. Comment
# lines, TTLs and classes are dropped.
ds_norm()
{
	awk '
		/^[ \t]*;/ { next }
		{
			for (i = 2; i <= NF; i++) {
				if ($i == "DS" || $i == "CDS") {
					d = ""
					for (j = i + 4; j <= NF; j++) {
						if ($j ~ /^;/) break
						d = d $j
					}
					gsub(/[()]/, "", d)
					printf "%s %s %s %s %s %s\n", tolower($1), $i, $(i + 1), $(i + 2), $(i + 3), toupper(d)
					break
				}
			}
		}' | LC_ALL=C sort
}

# dnskey_norm < TEXT: DNSKEY and CDNSKEY records as "owner TYPE flags proto alg BASE64",
# the key in one piece.
dnskey_norm()
{
	awk '
		/^[ \t]*;/ { next }
		{
			for (i = 2; i <= NF; i++) {
				if ($i == "DNSKEY" || $i == "CDNSKEY") {
					k = ""
					for (j = i + 4; j <= NF; j++) {
						if ($j ~ /^;/) break
						k = k $j
					}
					gsub(/[()]/, "", k)
					printf "%s %s %s %s %s %s\n", tolower($1), $i, $(i + 1), $(i + 2), $(i + 3), k
					break
				}
			}
		}' | LC_ALL=C sort
}

# rsa_bits NUMBER: the key-size option for an algorithm ("-b 2048" for RSA, else empty).
rsa_bits()
{
	case $1 in
	5 | 7 | 8 | 10) echo "-b 2048" ;;
	*) echo "" ;;
	esac
}

# utc_time SECONDS: YYYYMMDDHHMMSS in UTC.
utc_time()
{
	date -u -d "@$1" +%Y%m%d%H%M%S 2>/dev/null || date -u -r "$1" +%Y%m%d%H%M%S
}

# unbound_server ADDRESS PORT: the "server:" clause of an Unbound configuration for the
# tests, a validating resolver on ADDRESS@PORT that keeps everything in $WORK and may ask
# servers on the loopback; the caller adds its trust anchors, stubs and remote-control.
unbound_server()
{
	cat <<EOF
server:
  interface: $1@$2
  port: $2
  do-ip6: no
  username: ""
  chroot: ""
  directory: "$WORK"
  pidfile: "$WORK/unbound.pid"
  use-syslog: no
  logfile: "$WORK/unbound.log"
  verbosity: 1
  val-log-level: 2
  do-not-query-localhost: no
  qname-minimisation: no
  module-config: "validator iterator"
  local-zone: "test." nodefault
EOF
}

# nsd_server PORT ADDRESS...: the "server:" and "remote-control:" clauses of an NSD
# configuration for the tests, listening on each ADDRESS@PORT, with all its state in
# $WORK; the caller adds its zones.
nsd_server()
{
	ns_port=$1
	shift
	echo "server:"
	for ns_a in "$@"; do
		echo "  ip-address: $ns_a@$ns_port"
	done
	cat <<EOF
  port: $ns_port
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "$WORK"
  pidfile: "$WORK/nsd.pid"
  database: ""
  xfrdfile: "$WORK/xfrd.state"
  xfrdir: "$WORK"
  zonelistfile: "$WORK/zone.list"
  logfile: "$WORK/nsd.log"
  verbosity: 1
remote-control:
  control-enable: no
EOF
}

# stop_pids: end the processes whose ids are in $pids (the ones the topic started, never
# by name) and wait for them; for `trap stop_pids EXIT`.
stop_pids()
{
	for sp_p in ${pids:-}; do
		kill "$sp_p" 2>/dev/null
	done
	for sp_p in ${pids:-}; do
		wait "$sp_p" 2>/dev/null
	done
	pids=""
}

# wait_for_dns ADDRESS PORT ZONE: until the server there answers for ZONE (at most about
# 10 s).
wait_for_dns()
{
	wf_i=0
	while [ $wf_i -lt 100 ]; do
		if dig @"$1" -p "$2" +short +time=1 +tries=1 +cd "$3" SOA 2>/dev/null | grep -q .; then
			return 0
		fi
		sleep 0.1
		wf_i=$((wf_i + 1))
	done
	return 1
}

# report_judged FILE [PREFIX]: a judge script's "ok<TAB>DESC" and "not ok<TAB>DESC" lines
# as checks; its other lines are shown after PREFIX.
report_judged()
{
	rj_tab=$(printf '\t')
	while IFS= read -r rj_line; do
		case $rj_line in
		"ok$rj_tab"*) ok "${rj_line#ok"$rj_tab"}" ;;
		"not ok$rj_tab"*) not_ok "${rj_line#not ok"$rj_tab"}" ;;
		*) echo "${2:-}$rj_line" ;;
		esac
	done <"$1"
}

# python_init: PY runs Python helpers (verify_zone.py and the like) with the interpreter
# itself, not a version manager's wrapper (a pyenv shim costs 0.25 s a call), and -S (no
# site packages: the helpers use the standard library only), for a faster start.
python_init()
{
	PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	PY="${PY:-python3} -S"
}

finish()
{
	echo "# $TOPIC: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
