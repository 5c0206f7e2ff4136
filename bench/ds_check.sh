#!/bin/sh
# SPDX-License-Identifier: MIT
# Offline batch throughput of `sigil ds check --batch` (run by hand, not part of make check):
# N checks (default 10,000) of N different child zones, each signed with its own key, made
# by bench/ds_check_gen.sh (each zone file read, its DNSKEY RRset validated, a registrant's
# DS checked, one JSON line written), with -j J (default the cores), under GNU time. The
# same generated zones served by NSD give the live number: bench/ds_check_live.sh, which
# this runs with LIVE=0.
#
#   sh bench/ds_check.sh [N] [J]      (from the top of the source tree, after make)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
SIGIL=${SIGIL:-$top/build/sigil} N=${1:-10000} OJ=${2:-$(nproc)} LIVE=0 OUT=${OUT:--} \
	exec sh "$top/bench/ds_check_live.sh"
