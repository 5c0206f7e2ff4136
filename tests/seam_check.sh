#!/bin/sh
# SPDX-License-Identifier: MIT
# Seam check (STYLE.md): the crypto and DNS backends are reached only through their seam
# files, public headers stay backend-free, and the library never includes its own umbrella.
#
#   <openssl/...>  only libsign/src/alg/alg_openssl.c
#   <sodium.h>     only libsign/src/alg/alg_sodium.c
#   <ldns/...>     only libsign/src/text/*_ldns.c and libsign/src/source/*_ldns.c
#   <graphviz/...> only cmd/chain_gv.c (the HTML report's SVG; not the library's business)
#   public headers include only <stddef.h> <stdint.h> <stdbool.h> <stdio.h> <libsign/...>
#   nothing under libsign/src includes <libsign/libsign.h>
#   cmd/ includes no backend and no library-private header
#   every include inside libsign (private headers by their directory, public headers by the
#   directory that owns them) follows the layers of libsign/layers.txt
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
		libsign/src/alg/alg_sodium.c) ;;
		*) bad "$file" "$line" "includes <$hdr>; libsodium belongs only in libsign/src/alg/alg_sodium.c" ;;
		esac
		;;
	graphviz/* | gvc.h | cgraph.h)
		case $file in
		cmd/chain_gv.c) ;;
		*) bad "$file" "$line" "includes <$hdr>; graphviz belongs only in cmd/chain_gv.c" ;;
		esac
		;;
	ldns/*)
		case $file in
		libsign/src/text/*/* | libsign/src/source/*/*)
			bad "$file" "$line" "includes <$hdr>; ldns belongs only in libsign/src/text/*_ldns.c and libsign/src/source/*_ldns.c" ;;
		libsign/src/text/*_ldns.c | libsign/src/source/*_ldns.c) ;;
		*) bad "$file" "$line" "includes <$hdr>; ldns belongs only in libsign/src/text/*_ldns.c and libsign/src/source/*_ldns.c" ;;
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

# The layers: every include in libsign, resolved to the directory it reaches, must be one
# that libsign/layers.txt lets the including file's directory use.
list_includes | awk -F '\t' -v table=libsign/layers.txt -v out="$violations" '
	BEGIN {
		while ((getline l < table) > 0) {
			sub(/#.*/, "", l)
			n = split(l, w, /[ \t]+/)
			if (n == 0 || w[1] == "") continue
			if (w[1] ~ /\.h$/) { owner[w[1]] = w[2]; continue }
			known[w[1]] = 1
			for (i = 2; i <= n; i++) may[w[1] " " w[i]] = 1
		}
	}
	function dir_of(path,   p) {          # libsign/src/DIR/x.c -> DIR; libsign/src/x.c -> base
		p = path
		sub(/^libsign\/src\//, "", p)
		return (index(p, "/") > 0) ? substr(p, 1, index(p, "/") - 1) : "base"
	}
	function norm(path,   n, i, k, part, outp) {   # fold "dir/../" away
		n = split(path, part, "/")
		k = 0
		for (i = 1; i <= n; i++) {
			if (part[i] == "..") { if (k > 0) k--; continue }
			if (part[i] == "." || part[i] == "") continue
			outp[++k] = part[i]
		}
		path = ""
		for (i = 1; i <= k; i++) path = path (i > 1 ? "/" : "") outp[i]
		return path
	}
	function report(file, line, msg) { printf "%s:%s: %s\n", file, line, msg >> out }
	{
		file = $1; line = $2; hdr = $3; delim = $4
		if (file ~ /^libsign\/include\/libsign\//) {
			from = owner[substr(file, length("libsign/include/libsign/") + 1)]
			if (from == "") {
				if (file !~ /\/libsign\.h$/) report(file, line, "public header missing from libsign/layers.txt")
				next
			}
		} else if (file ~ /^libsign\/src\//) {
			from = dir_of(file)
		} else {
			next
		}
		if (!(from in known)) { report(file, line, "directory \x27" from "\x27 missing from libsign/layers.txt"); next }
		if (delim == "<") {
			if (hdr !~ /^libsign\//) next
			h = substr(hdr, length("libsign/") + 1)
			if (h == "libsign.h") next                     # reported above
			to = owner[h]
			if (to == "") { report(file, line, "includes <" hdr ">, which libsign/layers.txt does not place in a layer"); next }
			what = "<" hdr "> (layer " to ")"
		} else {
			base = file
			sub(/\/[^\/]*$/, "", base)
			target = norm(base "/" hdr)
			if (target !~ /^libsign\/src\//) next
			to = dir_of(target)
			what = "\"" hdr "\" (layer " to ")"
		}
		if (to != from && !((from " " to) in may)) {
			report(file, line, "layer \x27" from "\x27 includes " what ", which it may not use (libsign/layers.txt)")
		}
	}'

if [ -s "$violations" ]; then
	cat "$violations"
	n=$(wc -l <"$violations")
	echo "seam-check: $n violation(s) of the seam rules (STYLE.md)"
	exit 1
fi
echo "  SEAMS   ok (backends only in their seam files; public headers backend-free; includes follow libsign/layers.txt)"
