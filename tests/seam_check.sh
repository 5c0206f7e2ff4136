#!/bin/sh
# SPDX-License-Identifier: MIT
# Seam check (STYLE.md): the crypto and DNS backends are reached only through their seam
# files, public headers stay backend-free, and the library never includes its own umbrella.
#
#   <openssl/...>  only libsign/src/alg/alg_openssl.c
#   <sodium.h>     only libsign/src/alg/alg_sodium.c and libsign/src/init.c
#   <ldns/...>     only libsign/src/zone/*_ldns.c and libsign/src/source/*_ldns.c
#   public headers include only <stddef.h> <stdint.h> <stdbool.h> <stdio.h> <libsign/...>
#   nothing under libsign/src includes <libsign/libsign.h>
#   cmd/ includes no backend and no library-private header
#
# Usage: sh tests/seam_check.sh [REPO_ROOT]   (default: the directory above this script)
# Prints each violation as FILE:LINE: reason, and exits 1 if there is any.
set -eu

top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"

for d in libsign/include/libsign libsign/src cmd; do
	if [ ! -d "$d" ]; then
		echo "seam-check: missing directory '$d' (run from the repository root)" >&2
		exit 1
	fi
done

# Every include directive in the library and the tool, as FILE<TAB>LINE<TAB>HEADER<TAB>DELIM,
# where DELIM is '<' or '"'. Continuation-free: an include directive is one line.
list_includes()
{
	find libsign cmd -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort | while read -r f; do
		awk -v f="$f" '
			/^[ \t]*#[ \t]*include[ \t]*[<"]/ {
				s = $0
				sub(/^[ \t]*#[ \t]*include[ \t]*/, "", s)
				d = substr(s, 1, 1)
				s = substr(s, 2)
				e = (d == "<") ? ">" : "\""
				i = index(s, e)
				if (i > 0) s = substr(s, 1, i - 1)
				printf "%s\t%d\t%s\t%s\n", f, NR, s, d
			}' "$f"
	done
}

violations=$(mktemp)
trap 'rm -f "$violations"' EXIT INT TERM

bad()
{
	printf '%s:%s: %s\n' "$1" "$2" "$3" >>"$violations"
}

tab=$(printf '\t')
list_includes | while IFS=$tab read -r file line hdr delim; do
	case $hdr in
	openssl/*)
		case $file in
		libsign/src/alg/alg_openssl.c) ;;
		*) bad "$file" "$line" "includes <$hdr>; OpenSSL belongs only in libsign/src/alg/alg_openssl.c" ;;
		esac
		;;
	sodium.h | sodium/*)
		case $file in
		libsign/src/alg/alg_sodium.c | libsign/src/init.c) ;;
		*) bad "$file" "$line" "includes <$hdr>; libsodium belongs only in libsign/src/alg/alg_sodium.c and libsign/src/init.c" ;;
		esac
		;;
	ldns/*)
		case $file in
		libsign/src/zone/*/*) bad "$file" "$line" "includes <$hdr>; ldns belongs only in libsign/src/zone/*_ldns.c and libsign/src/source/*_ldns.c" ;;
		libsign/src/source/*/*) bad "$file" "$line" "includes <$hdr>; ldns belongs only in libsign/src/zone/*_ldns.c and libsign/src/source/*_ldns.c" ;;
		libsign/src/zone/*_ldns.c | libsign/src/source/*_ldns.c) ;;
		*) bad "$file" "$line" "includes <$hdr>; ldns belongs only in libsign/src/zone/*_ldns.c and libsign/src/source/*_ldns.c" ;;
		esac
		;;
	esac

	case $file in
	libsign/include/*)
		case "$delim$hdr" in
		"<stddef.h" | "<stdint.h" | "<stdbool.h" | "<stdio.h" | "<libsign/"*) ;;
		*) bad "$file" "$line" "public header includes '$hdr'; only <stddef.h>, <stdint.h>, <stdbool.h>, <stdio.h> and <libsign/...> are allowed" ;;
		esac
		;;
	libsign/src/*)
		case $hdr in
		libsign/libsign.h | */libsign/libsign.h)
			bad "$file" "$line" "includes the umbrella <libsign/libsign.h>; include what you use" ;;
		esac
		;;
	cmd/*)
		case $hdr in
		openssl/* | sodium.h | sodium/* | ldns/*) ;; # already reported above
		*internal.h | */src/* | ../*)
			bad "$file" "$line" "includes the library-private header '$hdr'; cmd/ uses only <libsign/...>" ;;
		esac
		;;
	esac
done

if [ -s "$violations" ]; then
	cat "$violations"
	n=$(wc -l <"$violations")
	echo "seam-check: $n violation(s) of the seam rules (STYLE.md)"
	exit 1
fi
echo "  SEAMS   ok (backends only in their seam files; public headers backend-free)"
