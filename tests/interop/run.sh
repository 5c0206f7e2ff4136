#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end interop tests of sigil against the peers' tools (BIND 9, ldns, Knot DNS).
# Part of `make check`. A missing peer tool is a FAILURE, never a skip: install them with
# `make deps` (Debian: bind9-utils bind9-dnsutils ldnsutils knot-dnssecutils nsd unbound).
#
# Topics, one script each (run all, or name some: sh tests/interop/run.sh ds nsec3):
#   keys   keys made by dnssec-keygen, ldns-keygen and keymgr load in sigil; its DS agrees
#   sign   keys made by sigil keygen sign a zone with dnssec-signzone, ldns-signzone and
#          kzonesign; dnssec-verify, ldns-verify-zone and kzonecheck accept every result
#   ds     sigil ds = dnssec-dsfromkey = ldns-key2ds, every algorithm and digest
#   nsec3  sigil nsec3-hash = ldns-nsec3-hash = knsec3hash, names x salts x iterations
#   resolver  zones signed with sigil's keys, served by NSD on the loopback, validate in
#          Unbound and delv with the DS from sigil ds as the trust anchor
#   sigil_sign_matrix  zones signed by sigil sign (every algorithm x NSEC/NSEC3/opt-out x
#          the test zone and a generated zone; many RR types) pass dnssec-verify,
#          ldns-verify-zone, kzonecheck and (RSA) validns
#   sigil_sign_keys  a CSK alone, two algorithms, key timing, multi-signer tag collisions
#   sigil_sign_options  -j/--at/--jitter repeatable, CDS, ZONEMD, serial policies,
#          re-signing that keeps what did not change
#   sigil_sign_errors  bad zones exit 2 with file:line; kill -9 leaves no partial file
#          (the four share tests/interop/sigil_sign_lib.sh)
#   sigil_verify  sigil verify: no false alarm on zones signed by dnssec-signzone,
#          ldns-signzone and kzonesign nor on the fixtures; two algorithms with one
#          missing; an expired zone
#   verify_corrupt  sigil verify on signed zones damaged in one place each; sigil catches
#          all that dnssec-verify, ldns-verify-zone and kzonecheck catch
#   verify_hostile  sigil verify bounds its work on KeyTrap-style and high-iteration
#          NSEC3 zones
#   ds_check  sigil ds check: every case of BIND's dnssec-cds system test against
#          dnssec-cds; EPP output against RFC 5910's schema; --live against NSD with Unbound
#          resolving each accepted change and failing each refused one; --batch and --resume
#   update sigil update: 1,000 random change sets per chain (NSEC, NSEC3, opt-out), each
#          result byte for byte a fresh sigil sign's and verified; live, NSD reloaded after
#          each update, the journal fed to Knot and taken by IXFR to a second NSD, Unbound
#          validating every answer between updates
#   rollover  every sigil rollover method end to end through NSD and a validating Unbound
#          (behind a cache), re-signed by sigil sign and by dnssec-signzone -S: zero
#          SERVFAIL; an unsafe forced plan is rejected by simulate and fails in Unbound;
#          status on BIND-made key directories in the middle of a roll
#   chain_offline  sigil chain over the test hierarchy from zone files and the bundles
#          --save writes (text and wire); the hierarchy's build script reproduces it
#   chain_real  sigil chain over the real root zones (2023, 2017) and a KeyTrap zone
#   chain_live  sigil chain --live against NSD serving the hierarchy: one server, and
#          iterative from root hints; saved bundles re-run offline; bad servers and hints
#   chain_resolvers  Unbound and delv agree with sigil chain on every hierarchy case
#          (the four share tests/interop/chain_lib.sh)
#   chain_servers  sigil chain --live asks every authoritative server: NSD serving the
#          hierarchy with an older, expired nsec.test. on one server, one refusing, one
#          unreachable; the findings name the right server and address
#   chain_html  sigil chain --html pages in headless Chromium: every hierarchy case and the
#          real root zones render with their verdict, zones and findings
#   unbound_replays  Unbound's validator replays (testzones/peer-suites/unbound) through
#          sigil chain --bundle: Unbound's verdict, or a documented disagreement
#
# Usage: SIGIL=/abs/path/build/sigil [TOPIC_TIMEOUT=1200] sh tests/interop/run.sh [TOPIC...]
# Output: one "ok - ..." / "not ok - ..." line per check and a summary; exit 1 if any
# check failed, a topic script broke, or a peer tool is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
all_topics="keys sign ds nsec3 resolver sigil_sign_matrix sigil_sign_keys sigil_sign_options sigil_sign_errors sigil_verify verify_corrupt verify_hostile chain_offline chain_real chain_live chain_resolvers chain_servers chain_html unbound_replays ds_check rollover update"

# Tools each topic needs, beyond sigil and POSIX utilities.
tools_keys="dnssec-keygen dnssec-dsfromkey ldns-keygen keymgr"
tools_sign="dnssec-signzone dnssec-verify ldns-signzone ldns-verify-zone keymgr kzonesign kzonecheck"
tools_ds="dnssec-dsfromkey ldns-key2ds"
tools_nsec3="ldns-nsec3-hash knsec3hash"
tools_resolver="dnssec-signzone ldns-signzone nsd unbound dig delv"
tools_sigil_sign_matrix="dnssec-verify ldns-verify-zone kzonecheck validns"
tools_sigil_sign_keys="dnssec-keygen dnssec-signzone dnssec-verify ldns-signzone ldns-verify-zone kzonecheck"
tools_sigil_sign_options="dnssec-verify ldns-verify-zone kzonecheck"
tools_sigil_sign_errors=""
tools_sigil_verify="dnssec-keygen dnssec-signzone dnssec-verify ldns-keygen ldns-signzone ldns-verify-zone keymgr kzonesign kzonecheck python3"
tools_verify_corrupt="dnssec-verify ldns-verify-zone kzonecheck python3"
tools_verify_hostile="python3"
tools_chain_offline="python3"
tools_chain_real="python3"
tools_chain_live="nsd dig python3"
tools_chain_resolvers="nsd unbound dig delv python3"
tools_chain_servers="nsd dig python3"
tools_unbound_replays="python3"
tools_chain_html="chromium python3"
tools_ds_check="dnssec-keygen dnssec-signzone dnssec-dsfromkey dnssec-cds xmllint nsd unbound dig"
tools_update="python3 dnssec-verify nsd knotd knotc unbound unbound-control dig ldns-read-zone"
tools_rollover="nsd unbound unbound-control dig dnssec-signzone dnssec-keygen dnssec-settime dnssec-dsfromkey"

if [ -z "${SIGIL:-}" ]; then
	echo "interop: set SIGIL to the sigil binary (an absolute path)" >&2
	exit 1
fi
case $SIGIL in
/*) ;;
*) SIGIL=$(pwd)/$SIGIL ;;
esac
if [ ! -x "$SIGIL" ]; then
	echo "interop: '$SIGIL' is not an executable" >&2
	exit 1
fi
export SIGIL

topics=${*:-$all_topics}
for t in $topics; do
	if [ ! -f "$here/$t.sh" ]; then
		echo "interop: unknown topic '$t' (topics: $all_topics)" >&2
		exit 1
	fi
done

# Peer tools first: a missing one fails the run (the tests must not silently shrink).
# keymgr lives in /usr/sbin on Debian, which a plain user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
export PATH
missing=""
for t in $topics; do
	eval "need=\$tools_$t"
	for tool in $need date awk sed sort cmp diff mktemp timeout; do
		command -v "$tool" >/dev/null 2>&1 || case " $missing " in
		*" $tool "*) ;;
		*) missing="$missing $tool" ;;
		esac
	done
done
if [ -n "$missing" ]; then
	echo "not ok - peer tools present (missing:$missing)"
	echo "interop: FAILED: missing peer tools:$missing" >&2
	echo "interop: install them with 'make deps' (Debian packages bind9-utils bind9-dnsutils ldnsutils knot-dnssecutils nsd unbound)" >&2
	exit 1
fi
echo "ok - peer tools present"

LC_ALL=C
TZ=UTC
export LC_ALL TZ
work=$(mktemp -d "${TMPDIR:-/tmp}/sigil-interop.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

start=$(date +%s)
status=0
for t in $topics; do
	echo "# topic $t"
	mkdir -p "$work/$t"
	t0=$(date +%s)
	# The topic's exit code survives the pipe through a file.
	{
		# In its scratch directory: some peers drop files in the current one (dsset-*).
		# A peer that hangs must fail the run, not stall it: timeout ends the topic and
		# everything it started (its process group) after TOPIC_TIMEOUT seconds.
		(cd "$work/$t" && WORK=$work/$t ZONES=$here/zones TOPIC=$t \
			timeout "${TOPIC_TIMEOUT:-1200}" sh "$here/$t.sh" 2>&1)
		echo $? >"$work/$t.rc"
	} | tee "$work/$t.log"
	rc=$(cat "$work/$t.rc")
	echo "# topic $t took $(($(date +%s) - t0))s"
	if [ "$rc" -eq 124 ]; then
		echo "not ok - topic $t still ran after ${TOPIC_TIMEOUT:-1200} s and was stopped"
		echo "not ok - (topic $t timed out)" >>"$work/$t.log"
	elif [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$work/$t.log"; then
		echo "not ok - topic $t exited with status $rc without reporting a failed check"
		echo "not ok - (topic $t broke)" >>"$work/$t.log"
	fi
	[ "$rc" -eq 0 ] || status=1
done

passed=$(cat "$work"/*.log | grep -c '^ok - ')
failed=$(cat "$work"/*.log | grep -c '^not ok - ')
passed=$((passed + 1)) # the peer-tool check above
echo "interop: $passed passed, $failed failed ($(($(date +%s) - start))s)"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then
	echo "interop: failed checks:"
	cat "$work"/*.log | grep '^not ok - ' | sed 's/^not ok - /  /'
	exit 1
fi
exit 0
