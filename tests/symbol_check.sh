#!/bin/sh
# SPDX-License-Identifier: MIT
# Symbol check (STYLE.md, after libsodium's test/symbols): the shared library exports only
# sgn_* names, and every exported name is declared in a public header.
#
# Usage: sh tests/symbol_check.sh LIBSIGN.SO HEADERDIR
# Prints the offenders and exits 1 on any; exits 2 on a usage error.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: sh tests/symbol_check.sh LIBSIGN.SO HEADERDIR" >&2
	exit 2
fi
so=$1
hdrdir=$2
if [ ! -r "$so" ]; then
	echo "symbol-check: cannot read '$so'" >&2
	exit 2
fi
if [ ! -d "$hdrdir" ]; then
	echo "symbol-check: '$hdrdir' is not a directory" >&2
	exit 2
fi
if ! command -v nm >/dev/null 2>&1; then
	echo "symbol-check: 'nm' (binutils) is required" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Defined dynamic symbols, without version suffixes (sym@@LIBSIGN_0). The version node
# itself shows up as an absolute ('A') symbol with the node's name: not a function.
if ! nm -D --defined-only "$so" >"$tmp/nm" 2>"$tmp/nm.err"; then
	echo "symbol-check: nm failed on '$so':" >&2
	cat "$tmp/nm.err" >&2
	exit 2
fi
awk 'NF >= 3 && $2 != "A" { sub(/@.*/, "", $3); print $3 }' "$tmp/nm" | LC_ALL=C sort -u >"$tmp/syms"

if [ ! -s "$tmp/syms" ]; then
	echo "symbol-check: '$so' exports no symbols at all"
	exit 1
fi

# Header text with comments removed, so that a name mentioned only in a comment does not
# count as declared. The C preprocessor strips comments without expanding anything.
: >"$tmp/decls"
for h in "$hdrdir"/*.h; do
	[ -e "$h" ] || continue
	if ! ${CC:-cc} -fpreprocessed -dD -E -P -x c "$h" >>"$tmp/decls" 2>/dev/null; then
		cat "$h" >>"$tmp/decls"
	fi
done
# Every identifier in the headers, one per line.
tr -c 'A-Za-z0-9_' '\n' <"$tmp/decls" | grep -E '^[A-Za-z_]' | LC_ALL=C sort -u >"$tmp/idents"

fail=0
bad_prefix=$(grep -v '^sgn_' "$tmp/syms" || true)
if [ -n "$bad_prefix" ]; then
	echo "symbol-check: exported symbols without the sgn_ prefix:"
	printf '%s\n' "$bad_prefix" | sed 's/^/  /'
	fail=1
fi
internal=$(grep '^sgn__' "$tmp/syms" || true)
if [ -n "$internal" ]; then
	echo "symbol-check: internal (sgn__) symbols are exported:"
	printf '%s\n' "$internal" | sed 's/^/  /'
	fail=1
fi
undeclared=$(grep '^sgn_' "$tmp/syms" | LC_ALL=C comm -23 - "$tmp/idents" || true)
if [ -n "$undeclared" ]; then
	echo "symbol-check: exported symbols not declared in any header under $hdrdir:"
	printf '%s\n' "$undeclared" | sed 's/^/  /'
	fail=1
fi

n=$(wc -l <"$tmp/syms" | tr -d ' ')
if [ "$fail" -ne 0 ]; then
	echo "symbol-check: FAILED ($n exported symbols checked in $so)"
	exit 1
fi
echo "  SYMBOLS ok ($n exported sgn_* symbols, all declared in $hdrdir)"
