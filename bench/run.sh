#!/bin/sh
# SPDX-License-Identifier: MIT
# Side-by-side zone-signing benchmark: sigil sign against BIND's dnssec-signzone,
# ldns-signzone and Knot's kzonesign, on one deterministic TLD-like zone
# (bench/genzone.awk), with the same keys (made by sigil keygen; Knot imports them with
# keymgr import-bind), the same algorithm and the same denial settings, for:
#   ECDSAP256SHA256 NSEC, ECDSAP256SHA256 NSEC3 opt-out, ED25519 NSEC, ED25519 NSEC3 opt-out
# For each signer: wall time, CPU time (user + sys), peak RSS (/usr/bin/time) and the
# RRSIGs in its output. Every output is checked by a validator (kzonecheck, or a byte
# comparison with an output already checked) before its time counts; an output that
# fails is reported as INVALID and its time is not used. The same run measures the
# crypto floor: RRSIGs x time per signature / threads, the time per signature from
# bench/sigfloor.c (libsign's sgn_key_sign) and from `openssl speed`, and the verification
# floor (RRSIGs x libsign's time per sgn_key_verify / threads) for the validators; a no-change
# re-sign of sigil's own output (--serial keep, without and with --zonemd); sigil update
# of one record in that output (load, apply and write times); and the validators
# (dnssec-verify, ldns-verify-zone, kzonecheck, sigil verify) side by side on sigil's
# output. Results go to bench/results.md (OUT= to change).
#
# Usage: SIGIL=/abs/path/build/sigil [N=100000] [THREADS=2] [REPEAT=1] [CONFIGS="..."]
#   [PEERS="..."] [VALIDATORS="..."] sh bench/run.sh (make bench does this). CONFIGS is a
#   subset of "ecdsa-nsec ecdsa-optout ed25519-nsec ed25519-optout", PEERS of "bind ldns
#   knot", VALIDATORS of "dnssec-verify ldns-verify-zone kzonecheck sigil-verify" (fewer
#   of them for a long run at a million names); REPEAT runs each timed command that many
#   times and keeps the fastest (for a busy machine). Progress goes to stderr. Needs cc, the peers' tools (Debian:
#   bind9-utils ldnsutils knot-dnssecutils) and GNU time (/usr/bin/time).
set -eu

: "${SIGIL:?set SIGIL to the sigil binary}"
N=${N:-100000}
THREADS=${THREADS:-2}
CONFIGS=${CONFIGS:-"ecdsa-nsec ecdsa-optout ed25519-nsec ed25519-optout"}
PEERS=${PEERS-"bind ldns knot"}
VALIDATORS=${VALIDATORS-"dnssec-verify ldns-verify-zone kzonecheck sigil-verify"}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
OUT=${OUT:-$here/results.md}
case $SIGIL in
/*) ;;
*) SIGIL=$(pwd)/$SIGIL ;;
esac
PATH=$PATH:/usr/sbin:/sbin
LC_ALL=C
TZ=UTC
export PATH LC_ALL TZ

say()
{
	echo "bench: $*" >&2
}

die()
{
	say "FAILED: $*"
	exit 1
}

missing=""
for t in "$SIGIL" dnssec-signzone dnssec-verify ldns-signzone ldns-verify-zone kzonesign \
	kzonecheck keymgr openssl cc awk /usr/bin/time nproc; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
[ -z "$missing" ] || die "missing tools:$missing (Debian: bind9-utils ldnsutils knot-dnssecutils time gcc)"

work=$(mktemp -d "${TMPDIR:-/tmp}/sigil-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
zone=bench.test

# -- helpers --------------------------------------------------------------------------

# has LIST WORD: is WORD in the space-separated LIST?
has()
{
	case " $1 " in
	*" $2 "*) return 0 ;;
	esac
	return 1
}

# measure ID CMD...: run CMD under GNU time, REPEAT times (default 1), keeping the run
# with the least wall time: "wall cpu rss_mb" in $work/t.ID, its output in $work/log.ID.
# Fails when CMD fails.
measure()
{
	ms_id=$1
	shift
	ms_i=0
	rm -f "$work/t.$ms_id"
	while [ $ms_i -lt "${REPEAT:-1}" ]; do
		ms_i=$((ms_i + 1))
		if ! /usr/bin/time -f 'TIME %e %U %S %M' -o "$work/time.$ms_id" "$@" >"$work/log.$ms_id" 2>&1; then
			say "command failed: $*"
			sed 's/^/bench:   /' "$work/log.$ms_id" | tail -n 20 >&2
			return 1
		fi
		awk '$1 == "TIME" { printf "%.2f %.2f %.1f\n", $2, $3 + $4, $5 / 1024 }' "$work/time.$ms_id" >"$work/t1.$ms_id"
		if [ ! -s "$work/t.$ms_id" ] ||
			awk '{ w = $1 } END { exit !(w < old) }' old="$(field "$ms_id" 1)" "$work/t1.$ms_id"; then
			mv "$work/t1.$ms_id" "$work/t.$ms_id"
		fi
	done
}

# field ID N: field N (1 wall, 2 cpu, 3 rss) of a measurement.
field()
{
	awk -v n="$2" '{ print $n }' "$work/t.$1"
}

# logged NAME KEY: an integer of the --json summary in NAME's log.
logged()
{
	sed -n "s/.*\"$2\": *\([0-9]*\).*/\1/p" "$work/log.$1"
}

# load_s NAME: the seconds NAME's sign --json says it spent reading the zone.
load_s()
{
	awk -v ms="$(logged "$1" load_milliseconds)" 'BEGIN { printf "%.2f", ms / 1000 }'
}

# rrsigs FILE: RRSIG records in a signed zone (one RR per line; the class may be absent).
rrsigs()
{
	awk '$3 == "RRSIG" || $4 == "RRSIG" { n++ } END { print n + 0 }' "$1"
}

# validate FILE [SAME-AS]: kzonecheck accepts FILE, or FILE is byte for byte SAME-AS (a
# file that has passed already). Prints how it was checked.
validate()
{
	if [ $# -gt 1 ] && cmp -s "$1" "$2"; then
		echo "identical to a checked output"
		return 0
	fi
	if kzonecheck -o $zone -d on "$1" >"$work/kzc.log" 2>&1; then
		echo "kzonecheck"
		return 0
	fi
	sed 's/^/bench:   /' "$work/kzc.log" | head -n 10 >&2
	return 1
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# -- machine, tools, zone ---------------------------------------------------------------

say "N=$N names, $THREADS threads, configurations: $CONFIGS"
say "work directory $work"
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo '?')
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '?')
v_sigil=$("$SIGIL" --version 2>&1 | head -n 1)
v_rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?')
[ -z "$(git -C "$top" status --porcelain -- libsign cmd 2>/dev/null)" ] || v_rev="$v_rev + uncommitted changes in libsign/ or cmd/"
v_bind=$(dnssec-signzone -V 2>&1 | head -n 1)
v_ldns=$(ldns-signzone -v 2>&1 | head -n 1)
v_knot=$(kzonesign -V 2>&1 | head -n 1)
v_ssl=$(openssl version)
v_sodium=$(dpkg-query -W -f '${Version}' libsodium23 2>/dev/null || echo '?')

say "building bench/sigfloor.c against $(dirname "$SIGIL")/libsign.so"
libdir=$(dirname "$SIGIL")
cc -std=c11 -O2 -Wall -D_POSIX_C_SOURCE=200809L -I"$top/libsign/include" -o "$work/sigfloor" \
	"$here/sigfloor.c" -L"$libdir" -l:libsign.so.0 -Wl,-rpath,"$libdir" -lpthread ||
	die "cannot build bench/sigfloor.c"

say "generating the zone (awk -v N=$N -v ORIGIN=$zone. -f bench/genzone.awk)"
awk -v N="$N" -v ORIGIN=$zone. -f "$here/genzone.awk" >"$work/zone"
zlines=$(wc -l <"$work/zone")
zdeleg=$(awk '$3 == "NS" && $1 != "@" { d[$1] = 1 } END { print length(d) }' "$work/zone")
zds=$(awk '$3 == "DS" { n++ } END { print n + 0 }' "$work/zone")

now=$(date +%s)
keyat=$((now - 86400))
inception=$((now - 3600))
expiration=$((now + 14 * 86400))
at=$(date -u -d "@$now" +%Y%m%d%H%M%S)

# -- the crypto floor -----------------------------------------------------------------------

# CPU time per signature in microseconds, single thread, the least of three runs of
# 20,000 signatures (CPU time, because other load on the machine inflates wall time).
# floor_of ALG [verify]: the same for sgn_key_verify() of such signatures.
floor_of()
{
	for _ in 1 2 3; do
		"$work/sigfloor" "$1" 20000 1 ${2:-} | sed -n 's/.* cpu_us_per_sig=\([0-9.]*\).*/\1/p'
	done | sort -n | head -n 1
}
say "crypto floor: sigfloor 13/15 (3 x 20000 signatures each) and openssl speed -seconds 3"
fl_lib_13=$(floor_of 13)
fl_lib_15=$(floor_of 15)
vfl_lib_13=$(floor_of 13 verify)
vfl_lib_15=$(floor_of 15 verify)
fl_lib2_13=$("$work/sigfloor" 13 20000 "$THREADS" | sed -n 's/.* us_per_sig=\([0-9.]*\).*/\1/p')
fl_lib2_15=$("$work/sigfloor" 15 20000 "$THREADS" | sed -n 's/.* us_per_sig=\([0-9.]*\).*/\1/p')
openssl speed -seconds 3 ecdsap256 >"$work/speed.13" 2>/dev/null
openssl speed -seconds 3 ed25519 >"$work/speed.15" 2>/dev/null
fl_ssl_13=$(awk '/ecdsa \(nistp256\)/ { printf "%.2f", 1e6 / $(NF - 1) }' "$work/speed.13")
fl_ssl_15=$(awk '/EdDSA \(Ed25519\)/ { printf "%.2f", 1e6 / $(NF - 1) }' "$work/speed.15")
if [ -z "$fl_lib_13" ] || [ -z "$fl_lib_15" ] || [ -z "$fl_ssl_13" ] || [ -z "$fl_ssl_15" ] ||
	[ -z "$vfl_lib_13" ] || [ -z "$vfl_lib_15" ]; then
	die "could not measure the crypto floor"
fi
say "  ECDSAP256SHA256: libsign $fl_lib_13 us/signature ($fl_lib2_13 with $THREADS threads), openssl $fl_ssl_13"
say "  ED25519:         libsign $fl_lib_15 us/signature ($fl_lib2_15 with $THREADS threads), openssl $fl_ssl_15"
say "  verification:    libsign $vfl_lib_13 us (ECDSAP256SHA256), $vfl_lib_15 us (ED25519) per signature"

# -- keys -------------------------------------------------------------------------------------

for alg in 13 15; do
	mkdir -p "$work/keys.$alg"
	"$SIGIL" keygen -K "$work/keys.$alg" -a $alg -f KSK --at "$keyat" $zone >"$work/keys.$alg/ksk" ||
		die "sigil keygen"
	"$SIGIL" keygen -f ZSK -K "$work/keys.$alg" -a $alg --at "$keyat" $zone >"$work/keys.$alg/zsk" ||
		die "sigil keygen"
done

# knot_conf DIR DENIAL: a Knot configuration that signs with the imported keys only.
knot_conf()
{
	cat <<EOF
database:
    storage: "$1/db"
policy:
  - id: bench
    manual: on
    rrsig-lifetime: 14d
    signing-threads: $THREADS
EOF
	if [ "$2" = optout ]; then
		cat <<EOF
    nsec3: on
    nsec3-opt-out: on
    nsec3-iterations: 0
    nsec3-salt-length: 0
EOF
	fi
	cat <<EOF
template:
  - id: default
    storage: "$1/in"
    file: "%s.zone"
    dnssec-signing: on
    dnssec-policy: bench
zone:
  - domain: $zone.
EOF
}

# summary ROWS.TSV CEILING: sigil against the targets of issue 3 (within 1.3x of the floor, -j N
# at least 1.8x faster than -j 1, peak RSS at most half the smallest peer's).
summary()
{
	awk -F '\t' -v t="$THREADS" -v ceil="$2" '
		$1 ~ /\.sigil$/ { sw = $4; sr = $6; sf = $7 }
		$1 ~ /\.sigil1$/ { s1 = $4 }
		$1 !~ /\.sigil/ {
			if (pw == "" || $4 + 0 < pw + 0) { pw = $4; pn = $2 }
			if (pr == "" || $6 + 0 < pr + 0) { pr = $6; prn = $2 }
		}
		END {
			if (sw == "") { print "sigil: no valid output, no summary."; exit }
			printf "sigil -j %s: %.2f× the crypto floor (target ≤ 1.3); -j 1 ÷ -j %s = %.2f (target ≥ 1.8; ceiling of this machine: %s independent -j 1 runs side by side: %s× the throughput of one)", t, sw / sf, t, s1 / sw, t, ceil
			if (pw != "")
				printf "; fastest peer (%s) ÷ sigil = %.2f; sigil peak RSS ÷ smallest peer (%s) = %.2f (target ≤ 0.5)", pn, pw / sw, prn, sr / pr
			printf ".\n"
		}' "$1"
}

# -- sigil update ------------------------------------------------------------------------

# update_bench LABEL SIGNED KEYS: `sigil update` of SIGNED (written to another file, so that
# every run starts from the same zone) for three one-record change sets, REPEAT_UPDATE
# times each (default 3, the median kept): load, apply and write times from its --json, the
# RRSIGs made, and its output checked by sigil verify. Rows in $work/update.tsv.
update_bench()
{
	ub_label=$1 ub_zone=$2 ub_keys=$3
	host=$(awk '$3 == "A" && $1 ~ /^d[0-9]+$/ { h[++n] = $1 } END { print h[int(n / 2)] }' "$work/zone")
	gone=$(awk '$3 == "A" && $1 ~ /^d[0-9]+$/ { h[++n] = $1 } END { print h[int(n / 3)] }' "$work/zone")
	for kind in change add delete; do
		case $kind in
		change) printf 'update delete %s.%s. A\nupdate add %s.%s. 86400 A 203.0.113.77\n' "$host" $zone "$host" $zone ;;
		add) printf 'update add new-host.%s. 3600 A 192.0.2.77\n' $zone ;;
		delete) printf 'update delete %s.%s.\n' "$gone" $zone ;;
		esac >"$work/upd.$kind"
		ub_i=0
		: >"$work/upd.times"
		while [ $ub_i -lt "${REPEAT_UPDATE:-3}" ]; do
			ub_i=$((ub_i + 1))
			rm -f "$work/upd.jnl"
			"$SIGIL" update --json -j "$THREADS" --at "$at" -K "$ub_keys" -f "$work/upd.out" \
				--journal "$work/upd.jnl" "$ub_zone" "$work/upd.$kind" >"$work/upd.json" 2>"$work/upd.err" ||
				die "sigil update ($kind): $(cat "$work/upd.err")"
			awk '/"load_us"/ { l = $2 } /"apply_us"/ { a = $2 } /"write_us"/ { w = $2 }
				/"signatures_created"/ { c += $2 }
				END { gsub(/,/, "", l); gsub(/,/, "", a); gsub(/,/, "", w); print a, l, w, c }' \
				"$work/upd.json" >>"$work/upd.times"
		done
		if "$SIGIL" verify -j "$THREADS" --at "$at" "$work/upd.out" >/dev/null 2>&1; then
			ub_verdict="sigil verify: valid"
		else
			ub_verdict="sigil verify: INVALID"
		fi
		sort -n "$work/upd.times" | awk -v cfg="$ub_label" -v kind="$kind" -v v="$ub_verdict" '
			{ a[NR] = $1; l[NR] = $2; w[NR] = $3; c[NR] = $4 }
			END { m = int((NR + 1) / 2)
			      printf "%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t%s\n", cfg, kind, l[m] / 1000, a[m] / 1000, w[m] / 1000, c[m], v }' \
			>>"$work/update.tsv"
		say "  update ($kind, $ub_label): $(tail -n 1 "$work/update.tsv" | cut -f3-)"
		rm -f "$work/upd.out" "$work/upd.jnl"
	done
}

# -- one configuration ----------------------------------------------------------------------

: >"$work/tables.md"
: >"$work/resign.tsv"
: >"$work/verify.tsv"
: >"$work/update.tsv"

run_config()
{
	cfg=$1
	case $cfg in
	ecdsa-*) alg=13 algname=ECDSAP256SHA256 ;;
	ed25519-*) alg=15 algname=ED25519 ;;
	*) die "unknown configuration $cfg" ;;
	esac
	case $cfg in
	*-nsec) den=nsec denname=NSEC sden="" bden="" lden="" ;;
	*-optout) den=optout denname="NSEC3 opt-out" sden="--nsec3 --opt-out" bden="-3 - -H 0 -A" lden="-n -t 0 -p" ;;
	esac
	case $alg in
	13) fl_lib=$fl_lib_13 fl_ssl=$fl_ssl_13 vfl_lib=$vfl_lib_13 ;;
	15) fl_lib=$fl_lib_15 fl_ssl=$fl_ssl_15 vfl_lib=$vfl_lib_15 ;;
	esac
	k=$work/keys.$alg
	ksk=$(cat "$k/ksk")
	zsk=$(cat "$k/zsk")
	d=$work/$cfg
	mkdir -p "$d"
	: >"$d/rows"
	: >"$d/rows.tsv"
	say "[$algname $denname]"

	# row ID LABEL THREADS OUTFILE [SAME-AS]: validate, count, and add a table row;
	# fails when the output is invalid.
	row()
	{
		rw_id=$1 rw_label=$2 rw_thr=$3 rw_out=$4
		shift 4
		rw_n=$(rrsigs "$rw_out")
		if rw_how=$(validate "$rw_out" "$@"); then
			rw_wall=$(field "$rw_id" 1)
			rw_cpu=$(field "$rw_id" 2)
			rw_floor=$(awk -v n="$rw_n" -v c="$fl_lib" -v t="$rw_thr" 'BEGIN { printf "%.3f", n * c / t / 1e6 }')
			rw_sfloor=$(awk -v n="$rw_n" -v c="$fl_ssl" -v t="$rw_thr" 'BEGIN { printf "%.3f", n * c / t / 1e6 }')
			rw_crypto=$(awk -v n="$rw_n" -v c="$fl_lib" 'BEGIN { printf "%.3f", n * c / 1e6 }')
			printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$rw_label" "$rw_thr" "$rw_wall" \
				"$rw_cpu" "$(field "$rw_id" 3)" "$rw_n" \
				"$(ratio "$rw_wall" "$rw_floor")" "$(ratio "$rw_wall" "$rw_sfloor")" \
				"$(ratio "$rw_cpu" "$rw_crypto")" >>"$d/rows"
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rw_id" "$rw_label" "$rw_thr" "$rw_wall" "$rw_cpu" \
				"$(field "$rw_id" 3)" "$rw_floor" >>"$d/rows.tsv"
			say "  $rw_label: $(cat "$work/t.$rw_id") (wall s, CPU s, RSS MB); $rw_n RRSIGs; checked: $rw_how"
		else
			printf '| %s | %s | INVALID | - | - | %s | - | - | - |\n' "$rw_label" "$rw_thr" "$rw_n" >>"$d/rows"
			say "  $rw_label: output INVALID (kzonecheck), time not counted"
			return 1
		fi
	}

	# sigil, -j THREADS and -j 1, at the same --at (Ed25519 output is then identical).
	# shellcheck disable=SC2086
	measure "$cfg.sigil" "$SIGIL" sign -q -j "$THREADS" --at "$at" -K "$k" $sden -f "$d/sigil" "$work/zone" ||
		die "sigil sign"
	sigil_ok=0
	if row "$cfg.sigil" "sigil sign -j $THREADS" "$THREADS" "$d/sigil"; then sigil_ok=1; fi
	# shellcheck disable=SC2086
	measure "$cfg.sigil1" "$SIGIL" sign -q -j 1 --at "$at" -K "$k" $sden -f "$d/sigil1" "$work/zone" ||
		die "sigil sign -j 1"
	if [ $sigil_ok -eq 1 ]; then
		row "$cfg.sigil1" "sigil sign -j 1" 1 "$d/sigil1" "$d/sigil" || :
	else
		row "$cfg.sigil1" "sigil sign -j 1" 1 "$d/sigil1" || :
	fi
	# The machine's own ceiling for this work: THREADS independent -j 1 runs side by side
	# (no shared memory, no locks) reach THREADS x (one run's wall) / (their wall) the
	# throughput of one. On a VM whose vCPUs share a core, that is well under THREADS.
	ceil_t0=$(date +%s.%N)
	ceil_i=0 ceil_pids=""
	while [ $ceil_i -lt "$THREADS" ]; do
		# shellcheck disable=SC2086
		"$SIGIL" sign -q -j 1 --at "$at" -K "$k" $sden -f "$d/side.$ceil_i" "$work/zone" &
		ceil_pids="$ceil_pids $!"
		ceil_i=$((ceil_i + 1))
	done
	for p in $ceil_pids; do
		wait "$p" || die "sigil sign -j 1 (side by side)"
	done
	ceil=$(awk -v a="$ceil_t0" -v b="$(date +%s.%N)" -v n="$THREADS" -v one="$(field "$cfg.sigil1" 1)" \
		'BEGIN { printf "%.2f", n * one / (b - a) }')
	rm -f "$d"/side.*
	say "  $THREADS x sigil sign -j 1 side by side: $ceil x the throughput of one"

	if has "$PEERS" bind; then
		# BIND: smart signing from the key directory, KSKs sign only the DNSKEY RRset (-x),
		# one RR per line (-O full); with its own post-signing verification (the default),
		# and without (-P).
		for v in verify noverify; do
			case $v in
			verify) bx="" blabel="dnssec-signzone -n $THREADS" ;;
			noverify) bx="-P" blabel="dnssec-signzone -n $THREADS -P" ;;
			esac
			# shellcheck disable=SC2086
			if (cd "$d" && measure "$cfg.bind.$v" dnssec-signzone -n "$THREADS" $bx -S -x -K "$k" -o $zone \
				-s "$inception" -e "$expiration" -O full $bden -f "$d/bind.$v" "$work/zone"); then
				row "$cfg.bind.$v" "$blabel" "$THREADS" "$d/bind.$v" || :
			else
				printf '| %s | %s | FAILED | - | - | - | - | - | - |\n' "$blabel" "$THREADS" >>"$d/rows"
			fi
			rm -f "$d/bind.$v"
		done
	fi

	if has "$PEERS" ldns; then
		# ldns: single-threaded; its -p sets the opt-out flag but still makes NSEC3 records
		# for insecure delegations.
		# shellcheck disable=SC2086
		if measure "$cfg.ldns" ldns-signzone $lden -o $zone -i "$inception" -e "$expiration" -f "$d/ldns" \
			"$work/zone" "$k/$ksk" "$k/$zsk"; then
			row "$cfg.ldns" "ldns-signzone" 1 "$d/ldns" || :
		else
			printf '| ldns-signzone | 1 | FAILED | - | - | - | - | - | - |\n' >>"$d/rows"
		fi
		rm -f "$d/ldns"
	fi

	if has "$PEERS" knot; then
		# Knot: the same keys imported into a KASP database, a manual policy.
		mkdir -p "$d/knot/db" "$d/knot/in" "$d/knot/out"
		knot_conf "$d/knot" "$den" >"$d/knot/knot.conf"
		cp "$work/zone" "$d/knot/in/$zone.zone"
		for key in "$ksk" "$zsk"; do
			keymgr -c "$d/knot/knot.conf" $zone. import-bind "$k/$key.private" >/dev/null 2>&1 ||
				die "keymgr import-bind $k/$key.private"
		done
		if measure "$cfg.knot" kzonesign -c "$d/knot/knot.conf" -o "$d/knot/out" $zone.; then
			row "$cfg.knot" "kzonesign (signing-threads $THREADS)" "$THREADS" "$d/knot/out/$zone.zone" || :
		else
			printf '| kzonesign | %s | FAILED | - | - | - | - | - | - |\n' "$THREADS" >>"$d/rows"
		fi
		rm -rf "$d/knot"
	fi

	{
		echo "### $algname, $denname"
		echo
		echo "Time per signature: $fl_lib µs (libsign \`sgn_key_sign\`, one thread, CPU time), $fl_ssl µs (\`openssl speed\`)."
		echo
		echo "| tool | threads | wall s | CPU s | peak RSS MB | RRSIGs | × floor (libsign) | × floor (openssl) | CPU ÷ crypto |"
		echo "|---|---|---|---|---|---|---|---|---|"
		cat "$d/rows"
		echo
		summary "$d/rows.tsv" "$ceil"
		echo
	} >>"$work/tables.md"

	# Re-signing sigil's own output with no change (--serial keep).
	fresh=$(field "$cfg.sigil" 1)
	# shellcheck disable=SC2086
	measure "$cfg.re" "$SIGIL" sign --json -j "$THREADS" --at "$at" -K "$k" $sden --serial keep \
		-f "$d/sigil.re" "$d/sigil" || die "sigil re-sign"
	re_how=$(validate "$d/sigil.re" "$d/sigil") || re_how=INVALID
	re_c=$(logged "$cfg.re" signatures_created)
	re_r=$(logged "$cfg.re" signatures_reused)
	re_v=$(logged "$cfg.re" signatures_verified)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$algname, $denname" "without ZONEMD" "$fresh" \
		"$(field "$cfg.re" 1)" "$(load_s "$cfg.re")" "$(ratio "$(field "$cfg.re" 1)" "$fresh")" "$re_c" "$re_r" \
		"$re_v" "$re_how" >>"$work/resign.tsv"
	say "  re-sign, no change: $(cat "$work/t.$cfg.re"); created $re_c, re-used $re_r, verified $re_v; $re_how"
	rm -f "$d/sigil.re"
	# shellcheck disable=SC2086
	measure "$cfg.zm" "$SIGIL" sign -q -j "$THREADS" --at "$at" -K "$k" $sden --zonemd -f "$d/sigil.zm" \
		"$work/zone" || die "sigil sign --zonemd"
	zm_how=$(validate "$d/sigil.zm") || zm_how=INVALID
	# shellcheck disable=SC2086
	measure "$cfg.zmre" "$SIGIL" sign --json -j "$THREADS" --at "$at" -K "$k" $sden --zonemd --serial keep \
		-f "$d/sigil.zmre" "$d/sigil.zm" || die "sigil re-sign --zonemd"
	zmre_how=$(validate "$d/sigil.zmre" "$d/sigil.zm") || zmre_how=INVALID
	update_bench "$algname, $denname" "$d/sigil" "$k"
	update_bench "$algname, $denname, with ZONEMD" "$d/sigil.zm" "$k"
	re_c=$(logged "$cfg.zmre" signatures_created)
	re_r=$(logged "$cfg.zmre" signatures_reused)
	re_v=$(logged "$cfg.zmre" signatures_verified)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$algname, $denname" "with ZONEMD (fresh: $zm_how)" \
		"$(field "$cfg.zm" 1)" "$(field "$cfg.zmre" 1)" "$(load_s "$cfg.zmre")" \
		"$(ratio "$(field "$cfg.zmre" 1)" "$(field "$cfg.zm" 1)")" \
		"$re_c" "$re_r" "$re_v" "$zmre_how" >>"$work/resign.tsv"
	say "  re-sign with ZONEMD, no change: $(cat "$work/t.$cfg.zmre"); created $re_c, re-used $re_r, verified $re_v; $zmre_how"
	rm -f "$d/sigil.zm" "$d/sigil.zmre"

	# The validators side by side on sigil's output; the verification floor is its RRSIGs
	# x libsign's time per verification / THREADS.
	v_floor=$(awk -v n="$(rrsigs "$d/sigil")" -v c="$vfl_lib" -v t="$THREADS" \
		'BEGIN { printf "%.3f", n * c / t / 1e6 }')
	for vt in $VALIDATORS; do
		case $vt in
		dnssec-verify) set -- dnssec-verify -o $zone "$d/sigil" ;;
		ldns-verify-zone) set -- ldns-verify-zone "$d/sigil" ;;
		kzonecheck) set -- kzonecheck -o $zone -d on "$d/sigil" ;;
		sigil-verify) set -- "$SIGIL" verify -j "$THREADS" "$d/sigil" ;;
		esac
		if measure "$cfg.v.$vt" "$@"; then
			verdict=accepted
		else
			verdict="REJECTED (exit status non-zero)"
			[ -s "$work/time.$cfg.v.$vt" ] && awk '$1 == "TIME" { printf "%.2f %.2f %.1f\n", $2, $3 + $4, $5 / 1024 }' \
				"$work/time.$cfg.v.$vt" >"$work/t.$cfg.v.$vt"
		fi
		if [ -s "$work/t.$cfg.v.$vt" ]; then
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$algname, $denname" "$*" "$(field "$cfg.v.$vt" 1)" \
				"$(field "$cfg.v.$vt" 2)" "$(field "$cfg.v.$vt" 3)" \
				"$(ratio "$(field "$cfg.v.$vt" 1)" "$v_floor")" "$verdict" >>"$work/verify.tsv"
			say "  $vt: $(cat "$work/t.$cfg.v.$vt"); $verdict"
		fi
	done
	rm -f "$d/sigil" "$d/sigil1"
}

for cfg in $CONFIGS; do
	run_config "$cfg"
done

# -- results.md -------------------------------------------------------------------------------

load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
finished=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
# The command that reproduces this run: make bench with every setting that was changed.
cmdline="make bench N=$N"
[ "$THREADS" = 2 ] || cmdline="$cmdline THREADS=$THREADS"
[ "$CONFIGS" = "ecdsa-nsec ecdsa-optout ed25519-nsec ed25519-optout" ] || cmdline="$cmdline CONFIGS=\"$CONFIGS\""
[ "$PEERS" = "bind ldns knot" ] || cmdline="$cmdline PEERS=\"$PEERS\""
[ "$VALIDATORS" = "dnssec-verify ldns-verify-zone kzonecheck sigil-verify" ] ||
	cmdline="$cmdline VALIDATORS=\"$VALIDATORS\""
{
	cat <<EOF
# sigil sign: side-by-side benchmark

Written by \`bench/run.sh\` (\`$cmdline\`); every number below comes from one run
(REPEAT=${REPEAT:-1}: each timed command ran that many times, the fastest run is shown).

- Date: $started to $finished
- Machine: $(nproc) online cores, $cpu, $mem RAM, Linux $(uname -r);
  load average $load0 at the start, $load1 at the end (other work on the machine
  makes wall times noisy)
- sigil: $v_sigil (git $v_rev); $v_ssl; libsodium $v_sodium
- Peers: $v_bind; $v_ldns; $v_knot
- Zone: \`awk -v N=$N -v ORIGIN=$zone. -f bench/genzone.awk\`: $zlines lines, $zdeleg
  delegations, $zds DS records
- Keys: one KSK and one ZSK per algorithm from \`sigil keygen\`, used by every signer
- Signatures: 14 days validity; threads: $THREADS where a tool has threads

## Signing

Each output was checked before its time counts: by \`kzonecheck -d on\`, or by being
byte for byte identical to an output that passed it (sigil's Ed25519 signatures are
deterministic, so \`-j 1\` and \`-j $THREADS\` at the same \`--at\` give the same file).
"× floor" is wall time ÷ (RRSIGs × time per signature ÷ the tool's threads); the time
per signature is libsign's \`sgn_key_sign()\` on one thread (bench/sigfloor.c: CPU time
per signature, the least of 3 runs of 20,000 signatures of 100-byte messages; it sets up
a signing context per call), or OpenSSL's
raw primitive (\`openssl speed -seconds 3\`; for Ed25519 sigil uses libsodium, which is
faster than OpenSSL's Ed25519, so that column can go below 1). "CPU ÷ crypto" is CPU
time ÷ (RRSIGs × libsign's time per signature): the work beyond the signatures
themselves, and less sensitive than wall time to other load on the machine. With
$THREADS threads, sigfloor measured $fl_lib2_13 µs (ECDSAP256SHA256) and $fl_lib2_15 µs
(ED25519) per signature per thread.

EOF
	cat "$work/tables.md"
	cat <<EOF
Notes: ldns-signzone's \`-p\` sets the opt-out flag but still makes NSEC3 records (and
signatures) for insecure delegations, so it signs more. dnssec-signzone verifies its
own output after signing unless given \`-P\`; both are shown. kzonesign's
\`signing-threads\` leaves some steps single-threaded.

## Re-signing sigil's own output, no change (\`--serial keep\`)

"of which reading s" is the \`load_milliseconds\` of the re-sign's \`--json\`: reading
the signed file into memory; the rest is checking, re-using and writing, which run together.

| configuration | first signing | fresh sign s | re-sign s | of which reading s | re-sign ÷ fresh | created | re-used | verified | output checked |
|---|---|---|---|---|---|---|---|---|---|
EOF
	awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$work/resign.tsv"
	cat <<EOF

## sigil update: one change to the signed zone

\`sigil update\` of sigil's own output (written with \`-f\` to another file, so that
each run starts from the same zone, and with \`--journal\`): the times its \`--json\`
reports, in milliseconds, the median of ${REPEAT_UPDATE:-3} runs. "change" replaces the A
record of a host, "add" makes a new name, "delete" removes a host's name. Loading and
writing the file are proportional to the zone; applying follows the change, except that a
ZONEMD digest (RFC 8976) covers the whole zone by its definition.

| configuration | change set | load ms | apply ms | write ms | RRSIGs made | output |
|---|---|---|---|---|---|---|
EOF
	awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$work/update.tsv"
	cat <<EOF

## Validators on sigil's output (wall s, CPU s, peak RSS MB)

"× verify floor" is wall time ÷ (RRSIGs × libsign's CPU time per \`sgn_key_verify()\` ÷
$THREADS threads): $vfl_lib_13 µs (ECDSAP256SHA256) and $vfl_lib_15 µs (ED25519) per signature
(bench/sigfloor.c with \`verify\`, one thread, the least of 3 runs of 20,000). It is the floor
of a validator that checks every signature on $THREADS threads; the single-threaded ones are
shown against the same floor.

| configuration | command | wall s | CPU s | peak RSS MB | × verify floor | verdict |
|---|---|---|---|---|---|---|
EOF
	awk -F '\t' '{
		if (NF == 3) printf "| %s | %s | - | - | - | - | %s |\n", $1, $2, $3
		else { c = $2; sub(/ [^ ]*$/, " ZONE", c); sub(/.*\/sigil verify/, "sigil verify", c)
		       printf "| %s | `%s` | %s | %s | %s | %s | %s |\n", $1, c, $3, $4, $5, $6, $7 }
	}' "$work/verify.tsv"
	cat <<EOF

## Commands

ZONE is the generated zone, KEYS the key directory, KSK and ZSK the key basenames,
INC and EXP the inception (now - 1 h) and expiration (now + 14 d) in Unix seconds,
NOW the same time as YYYYMMDDHHMMSS. Denial options: sigil \`--nsec3 --opt-out\`,
dnssec-signzone \`-3 - -H 0 -A\`, ldns-signzone \`-n -t 0 -p\`, Knot policy
\`nsec3: on, nsec3-opt-out: on, nsec3-iterations: 0, nsec3-salt-length: 0\`;
none of them for NSEC.

\`\`\`
/usr/bin/time -f '%e %U %S %M' CMD      # wall, user, sys, peak RSS (KB)
sigil keygen -K KEYS -a ALG -f KSK --at NOW-1d $zone; sigil keygen -K KEYS -a ALG --at NOW-1d $zone
sigil sign -q -j $THREADS --at NOW -K KEYS [DENIAL] -f OUT ZONE
sigil sign -q -j 1 --at NOW -K KEYS [DENIAL] -f OUT ZONE
dnssec-signzone -n $THREADS [-P] -S -x -K KEYS -o $zone -s INC -e EXP -O full [DENIAL] -f OUT ZONE
ldns-signzone [DENIAL] -o $zone -i INC -e EXP -f OUT ZONE KEYS/KSK KEYS/ZSK
keymgr -c knot.conf $zone. import-bind KEYS/KSK.private   (and ZSK; not timed)
kzonesign -c knot.conf -o OUTDIR $zone.
    knot.conf: policy { manual: on, rrsig-lifetime: 14d, signing-threads: $THREADS [, DENIAL] },
    template { storage, file: "%s.zone", dnssec-signing: on, dnssec-policy }
sigil sign --json -j $THREADS --at NOW -K KEYS [DENIAL] --serial keep -f OUT2 OUT
sigil sign -q -j $THREADS --at NOW -K KEYS [DENIAL] --zonemd -f OUT ZONE
sigil sign --json -j $THREADS --at NOW -K KEYS [DENIAL] --zonemd --serial keep -f OUT2 OUT
kzonecheck -o $zone -d on OUT             # the check of every output (not timed)
dnssec-verify -o $zone OUT; ldns-verify-zone OUT; kzonecheck -o $zone -d on OUT
sigil verify -j $THREADS OUT
sigil update --json -j $THREADS --at NOW -K KEYS -f OUT2 --journal JOURNAL OUT CHANGES
bench/sigfloor ALG 20000 1 (3 times); bench/sigfloor ALG 20000 $THREADS   # cc -O2 bench/sigfloor.c -lsign
bench/sigfloor ALG 20000 1 verify (3 times)
openssl speed -seconds 3 ecdsap256; openssl speed -seconds 3 ed25519
\`\`\`
EOF
} >"$work/results.md"
mv "$work/results.md" "$OUT"
say "wrote $OUT"
