#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "unbound_replays": Unbound's own validator tests (testdata/val_*.rpl, copied
# into testzones/peer-suites/unbound with their source note) replayed offline through
# `sigil chain --bundle`. tests/interop/unbound_replays/rpl2bundle.py turns each replay into
# a bundle of its servers' records, its trust anchors and its validation time;
# run_replays.py asks sigil every query of the replay and wants Unbound's verdict, or the
# disagreement documented for that query in unbound_replays/disagreements.txt.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tests/interop/unbound_replays
mkdir -p "$WORK/replays"
python3 "$dir/run_replays.py" "$SIGIL" "$top/testzones/peer-suites/unbound" \
	"$dir/disagreements.txt" "$WORK/replays" >"$WORK/replays.out" 2>&1
rc=$?
cat "$WORK/replays.out"
PASSED=$(grep -c '^ok - ' "$WORK/replays.out")
FAILED=$(grep -c '^not ok - ' "$WORK/replays.out")
if [ "$rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
	not_ok "the replay runner exited with status $rc"
fi
finish
