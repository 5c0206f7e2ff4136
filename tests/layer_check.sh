#!/bin/sh
# SPDX-License-Identifier: MIT
# Layer check on the built library: which object file calls (or reads) which, from the
# symbols each defines and uses (nm). Two rules:
#   - a file uses only files of its own directory or of directories that libsign/layers.txt
#     lets its directory use (an include can be dodged with a stray declaration; a call
#     cannot);
#   - no files use each other round in a circle, not even inside one directory: in every
#     group of files, one stands below the others. That holds for cmd/ too, whose files
#     may use any of libsign (through its public headers, which the seam check sees to).
#
# Usage: sh tests/layer_check.sh BUILD_DIR OBJECT...   (from the repository root; the objects
# are the library's, $(LIB_OBJ) in the Makefile, so stale objects of moved files never count)
# Prints each violation and exits 1 if there is any.
set -eu

b=${1:?usage: layer_check.sh BUILD_DIR OBJECT...}
shift
table=libsign/layers.txt
objs=$*
if [ -z "$objs" ]; then
	echo "layer-check: no object files given (build the library first)" >&2
	exit 1
fi

# "D FILE SYMBOL" for each definition, "U FILE SYMBOL" for each use; FILE relative to src/.
for o in $objs; do
	f=${o#"$b"/}
	f=${f#libsign/src/}
	nm "$o" | awk -v f="${f%.o}" '
		NF == 2 && $1 == "U" { print "U", f, $2; next }
		NF == 3 && $2 ~ /^[TDBRCV]$/ { print "D", f, $3 }'
done | awk -v table="$table" '
	BEGIN {
		while ((getline l < table) > 0) {
			sub(/#.*/, "", l)
			n = split(l, w, /[ \t]+/)
			if (n == 0 || w[1] == "" || w[1] ~ /\.h$/) continue
			known[w[1]] = 1
			for (i = 2; i <= n; i++) may[w[1] " " w[i]] = 1
		}
	}
	function dir_of(f) { return index(f, "/") > 0 ? substr(f, 1, index(f, "/") - 1) : "base" }
	$1 == "D" { def[$3] = $2; files[$2] = 1; next }
	{ use[NR] = $2 " " $3 }
	END {
		bad = 0
		for (i in use) {
			split(use[i], u, " ")
			if (!(u[2] in def) || def[u[2]] == u[1]) continue
			edge[u[1] " " def[u[2]]] = u[2]
		}
		for (e in edge) {
			split(e, p, " ")
			from = dir_of(p[1]); to = dir_of(p[2])
			if (!(from in known) && from != "cmd") { printf "%s: directory %s missing from %s\n", p[1], from, table; bad++; continue }
			if (from != to && from != "cmd" && !((from " " to) in may)) {
				printf "%s uses %s (%s): layer %s may not use layer %s (%s)\n", p[1], p[2], edge[e], from, to, table
				bad++
			}
		}
		# Circles: transitive closure over the file graph (a few hundred files at most).
		nf = 0
		for (f in files) name[++nf] = f
		for (i = 1; i <= nf; i++) for (j = 1; j <= nf; j++) reach[i, j] = ((name[i] " " name[j]) in edge)
		for (k = 1; k <= nf; k++) for (i = 1; i <= nf; i++) if (reach[i, k]) for (j = 1; j <= nf; j++) if (reach[k, j]) reach[i, j] = 1
		for (i = 1; i <= nf; i++) for (j = i + 1; j <= nf; j++) {
			if (reach[i, j] && reach[j, i]) {
				printf "%s and %s use each other (a file circle)\n", name[i], name[j]
				bad++
			}
		}
		if (bad > 0) {
			printf "layer-check: %d violation(s) of the layers\n", bad
			exit 1
		}
		printf "  LAYERS  ok (%d object files: calls follow %s, no file circles)\n", nf, table
	}'
