#!/bin/sh
# SPDX-License-Identifier: MIT
# make install-check: install into a temporary PREFIX (no DESTDIR, no ldconfig) and use
# what was installed, as a user would:
#   - the installed sigil starts without LD_LIBRARY_PATH or ldconfig (rpath to LIBDIR) and
#     loads the installed libsign, not the build tree's;
#   - `sigil chain` uses the installed root anchors (DATADIR/sigil), and `sigil verify` the
#     installed root.key, on the root zone of 11 May 2023;
#   - the schemas and the findings catalogue the man pages name are installed;
#   - a program built with `pkg-config --cflags --libs libsign` compiles, links and runs;
#   - a second PREFIX after the first gets its own paths (libsign.pc, anchors, rpath);
#   - make uninstall leaves both prefixes empty.
# Run from the top of the tree after `make all`, with MAKE, CC and PKG_CONFIG set.
set -u
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
top=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sigil-install.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "install-check: FAIL: $*"; fails=$((fails + 1)); }

install_to() { # prefix
	$MAKE --no-print-directory -C "$top" install PREFIX="$1" LDCONFIG=: >"$work/install.log" 2>&1 ||
		{ cat "$work/install.log"; echo "install-check: make install PREFIX=$1 failed"; exit 1; }
}

p1=$work/first
p2=$work/second
mkdir -p "$p1" "$p2"
install_to "$p1"

# 1. The installed binary starts on its own and loads the installed library.
cd "$work"
if out=$(env -u LD_LIBRARY_PATH "$p1/bin/sigil" --version 2>&1); then ok; else bad "installed sigil --version: $out"; fi
if ldd "$p1/bin/sigil" | grep -q "libsign.so.0 => $p1/lib/libsign.so.0"; then ok; else
	bad "installed sigil does not load $p1/lib/libsign.so.0:"; ldd "$p1/bin/sigil"; fi
if ldd "$p1/bin/sigil" | grep -q "$top/build"; then bad "installed sigil uses the build tree"; else ok; fi

# 2. The installed anchors: chain with the default anchor (DATADIR/sigil/root-anchors.xml),
#    verify with the installed root.key. The binary has no source tree beside it.
root=$top/testzones/root-zone-2023051100/root.zone
if "$p1/bin/sigil" chain --zone "$root" --at 20230515000000 . SOA >"$work/chain.out" 2>&1 &&
	grep -q '^verdict: secure' "$work/chain.out"; then ok; else bad "installed chain:"; cat "$work/chain.out"; fi
if "$p1/bin/sigil" verify --anchor "$p1/share/sigil/root.key" --at 20230515000000 "$root" \
	>"$work/verify.out" 2>&1; then ok; else bad "installed verify:"; tail -5 "$work/verify.out"; fi
if strings "$p1/bin/sigil" | grep -q "^$p1/share\$"; then ok; else bad "DATADIR $p1/share not compiled in"; fi

# 3. What the man pages refer to.
for f in share/doc/sigil/findings.md share/doc/sigil/json/finding.schema.json \
	share/doc/sigil/json/verify.schema.json share/sigil/root-anchors.xml share/man/man1/sigil.1 \
	share/man/man3/libsign.3 include/libsign/libsign.h lib/libsign.a lib/pkgconfig/libsign.pc; do
	if [ -f "$p1/$f" ]; then ok; else bad "not installed: $f"; fi
done

# 4. A program built with pkg-config against the installed library.
cat >"$work/prog.c" <<'PROG'
#include <stdio.h>
#include <string.h>
#include <libsign/libsign.h>

int main(void)
{
	uint8_t name[SGN_NAME_MAX], ds[SGN_DS_RDATA_MAX];
	sgn_buf_t key;
	size_t len;
	sgn_buf_init(&key);
	/* RFC 4509 section 2.3: the DNSKEY of dskey.example.com. and its SHA-256 DS */
	if (sgn_init() != SGN_OK || sgn_name_from_str(name, NULL, "dskey.example.com.", NULL) != SGN_OK ||
	    sgn_rdata_from_str(&key, SGN_TYPE_DNSKEY,
	                       "256 3 5 AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNX"
	                       "xeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM"
	                       "9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==", NULL, NULL) != SGN_OK ||
	    sgn_ds_from_dnskey(ds, &len, name, key.data, key.len, SGN_DIGEST_SHA256) != SGN_OK) {
		return 1;
	}
	printf("%s %u", sgn_version_string(), (unsigned)sgn_keytag(key.data, key.len));
	for (size_t i = 4; i < len; i++) {
		printf("%s%02X", i == 4 ? " " : "", ds[i]);
	}
	printf("\n");
	sgn_buf_release(&key);
	return 0;
}
PROG
flags=$(PKG_CONFIG_PATH="$p1/lib/pkgconfig" $PKG_CONFIG --cflags --libs libsign) || bad "pkg-config libsign"
# shellcheck disable=SC2086
if $CC -std=c11 -o "$work/prog" "$work/prog.c" $flags 2>"$work/cc.log"; then ok; else bad "cc with pkg-config:"; cat "$work/cc.log"; fi
want="60485 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A"
if out=$(LD_LIBRARY_PATH="$p1/lib" "$work/prog") && [ "${out#* }" = "$want" ]; then ok; else
	bad "the pkg-config program printed '$out', not '<version> $want'"; fi

# 5. A second PREFIX after the first: nothing of the first may stick.
install_to "$p2"
if grep -q "^prefix=$p2\$" "$p2/lib/pkgconfig/libsign.pc" && ! grep -q "$p1" "$p2/lib/pkgconfig/libsign.pc"; then ok; else
	bad "libsign.pc of the second prefix:"; cat "$p2/lib/pkgconfig/libsign.pc"; fi
if strings "$p2/bin/sigil" | grep -q "$p1"; then bad "the second prefix's sigil names the first"; else ok; fi
if ldd "$p2/bin/sigil" | grep -q "libsign.so.0 => $p2/lib/libsign.so.0"; then ok; else bad "second prefix: libsign not from $p2/lib"; fi
rm -rf "$p1/share/sigil" # the second install must not lean on the first's anchors
if "$p2/bin/sigil" chain --zone "$root" --at 20230515000000 . SOA 2>&1 | grep -q '^verdict: secure'; then ok; else
	bad "the second prefix's chain does not find its anchors"; fi

# 6. Uninstall leaves nothing.
cd "$top"
for p in "$p1" "$p2"; do
	$MAKE --no-print-directory uninstall PREFIX="$p" >/dev/null 2>&1 || bad "make uninstall PREFIX=$p"
	left=$(find "$p" -mindepth 1 | head -5)
	if [ -z "$left" ]; then ok; else bad "left in $p after uninstall: $left"; fi
done

echo "install-check: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
