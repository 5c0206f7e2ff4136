#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "chain_html": sigil chain --html pages rendered by a real browser (headless
# Chromium) for every case of the test hierarchy, two queries in one page, and the real
# root zones: the page renders, and its DOM shows the verdict, each zone (in the SVG too)
# and each finding that sigil's JSON for the same run reports. Screenshots are taken of a
# bogus case (a DS matching no key) and of a CNAME chain across zones, the pictures kept
# in docs/ (chain-bogus-ds.png, chain-cname.png; UPDATE_DOCS=1 rewrites them).
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
H=$top/testzones/hierarchy/signed
ANCHOR=$top/keys/hierarchy/root.anchor
AT=20270101000000
RA=$top/keys/root-anchors
ROOT23=$top/testzones/root-zone-2023051100/root.zone

# browser ARGS... (URL last): headless Chromium, isolated, no network, stopped after 120 s.
browser()
{
	profile=$(mktemp -d "$WORK/chromium.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@"
}

# page DESC SIGIL-CHAIN-ARGS...: the page and the JSON of the same run, compared in the DOM.
n=0
page()
{
	desc=$1
	shift
	n=$((n + 1))
	out=$WORK/page$n
	"$SIGIL" chain --json --html "$out.html" "$@" >"$out.json" 2>"$out.err"
	rc=$?
	if [ "$rc" -gt 1 ] || [ ! -s "$out.html" ]; then
		not_ok "html: $desc: sigil exited $rc"
		diag "$out.err"
		return
	fi
	if ! browser --dump-dom "file://$out.html" >"$out.dom" 2>"$out.browser" || [ ! -s "$out.dom" ]; then
		not_ok "html: $desc: Chromium did not render the page"
		diag "$out.browser"
		return
	fi
	if python3 "$top/tests/interop/chain_html/check_dom.py" "$out.json" "$out.dom" >"$out.check"; then
		ok "html: $desc: rendered, verdict, zones and findings present"
	else
		not_ok "html: $desc: the rendered page differs from the JSON"
		diag "$out.check"
	fi
}

for q in "www.nsec.test. A" "www.nsec3.test. A" "www.optout.test. A" "nx.nsec.test. A" \
	"nx.nsec3.test. A" "www.nsec.test. MX" "www.nsec3.test. MX" "a.wild.nsec.test. TXT" \
	"a.wild.nsec3.test. TXT" "cname.nsec.test. A" "www.dname.nsec.test. A" "big.nsec.test. TXT" \
	"nsec.test. DNSKEY" "nsec3.test. DS" "www.insecure.test. A" "www.insecure.nsec3.test. A" \
	"www.island.optout.test. A" "nx.optout.test. A" "www.unsupported.test. A" \
	"www.baddigest.test. A" "www.nokey.test. A" "www.wrongalg.test. A" "www.expired.test. A" \
	"www.stripped.test. A"; do
	# shellcheck disable=SC2086
	page "$q" --zones "$H" --anchor "$ANCHOR" --at $AT $q
done
page "two queries in one page" --zones "$H" --anchor "$ANCHOR" --at $AT cname.nsec.test. A \
	www.baddigest.test. A
page "root 2023: se. DS" --zone "$ROOT23" --anchor "$RA/root-anchors.xml" --at 20230515000000 se. DS
page "root 2023: www.nic.zw. A" --zone "$ROOT23" --anchor "$RA/root-anchors.xml" \
	--at 20230515000000 www.nic.zw. A

# shot NAME SIGIL-CHAIN-ARGS...: a screenshot of the page, a PNG of the size asked for.
shot()
{
	name=$1
	shift
	"$SIGIL" chain --html "$WORK/$name.html" "$@" >/dev/null 2>&1
	if browser --window-size=1600,1600 --screenshot="$WORK/$name.png" "file://$WORK/$name.html" \
		>"$WORK/$name.log" 2>&1 && python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(24)
sys.exit(0 if d[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", d[16:24]) == (1600, 1600) else 1)
' "$WORK/$name.png"; then
		ok "html: screenshot of $name"
		[ "${UPDATE_DOCS:-}" != 1 ] || cp "$WORK/$name.png" "$top/docs/$name.png"
	else
		not_ok "html: screenshot of $name"
		diag "$WORK/$name.log"
	fi
}
shot chain-bogus-ds --zones "$H" --anchor "$ANCHOR" --at $AT www.baddigest.test. A
shot chain-cname --zones "$H" --anchor "$ANCHOR" --at $AT cname.nsec.test. A
finish
