#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "nsec3": `sigil nsec3-hash` agrees with ldns-nsec3-hash and Knot's
# knsec3hash for a set of names (the root, upper case, escapes, a wildcard, a 63-octet
# label, a 255-octet name, a relative name), salts (none, 1 byte, 8 bytes, 255 bytes)
# and iteration counts (0, 1, 12, 100). One check per salt, iteration count and peer.
. "$(dirname "$0")/lib.sh"

l63=$(printf '%063d' 0 | tr 0 a)
l61=$(printf '%061d' 0 | tr 0 b)
# The longest name there is: 3 x (1 + 63) + (1 + 61) + 1 = 255 octets in wire form.
long="$l63.$l63.$l63.$l61."
# Names as the command line takes them. Upper case must hash as lower case (RFC 5155
# section 5: the owner name in canonical form); escapes are decoded first.
names=$(cat <<EOF
.
example.
a.example.
*.w.example.
EXAMPLE.COM.
Www.Example.Com.
xn--bcher-kva.example.
a\\.b.example.
\\065\\066.example.
\\000.esc.example.test.
ns1.example.test
$l63.example.
$long
EOF
)

salt_none=-
salt_short=ab
salt_mid=aabbccddeeff0011
salt_long=$(printf '%0510d' 0 | sed 's/00/a5/g') # 255 octets, the maximum

printf '%s\n' "$names" >"$WORK/names"

for salt_name in none short mid long; do
	case $salt_name in
	none) salt=$salt_none ;;
	short) salt=$salt_short ;;
	mid) salt=$salt_mid ;;
	*) salt=$salt_long ;;
	esac
	octets=0
	[ "$salt" = - ] || octets=$((${#salt} / 2))
	for it in 0 1 12 100; do
		tag="salt $salt_name ($octets octets), $it iterations"
		f=$WORK/$salt_name.$it
		# sigil: all names in one run; hash first, then the name.
		set --
		while IFS= read -r nm; do
			set -- "$@" "$nm"
		done <"$WORK/names"
		if capture "$f.sigil" "$SIGIL" nsec3-hash -s "$salt" -i "$it" "$@"; then
			awk '{ print tolower($1) }' "$f.sigil" >"$f.sigil.n"
		else
			: >"$f.sigil.n"
		fi
		# The peers: one name per run. ldns-nsec3-hash wants no -s for an empty salt.
		: >"$f.ldns.n"
		: >"$f.knot.n"
		: >"$f.ldns.err"
		: >"$f.knot.err"
		while IFS= read -r nm; do
			if [ "$salt" = - ]; then
				ldns-nsec3-hash -t "$it" "$nm" >"$f.one" 2>>"$f.ldns.err" || echo "(ldns-nsec3-hash failed on '$nm')" >>"$f.ldns.err"
			else
				ldns-nsec3-hash -s "$salt" -t "$it" "$nm" >"$f.one" 2>>"$f.ldns.err" || echo "(ldns-nsec3-hash failed on '$nm')" >>"$f.ldns.err"
			fi
			sed 's/\.$//' "$f.one" | awk '{ print tolower($1) }' >>"$f.ldns.n"
			knsec3hash "$salt" 1 "$it" "$nm" >"$f.one" 2>>"$f.knot.err" || echo "(knsec3hash failed on '$nm')" >>"$f.knot.err"
			awk '{ print tolower($1) }' "$f.one" >>"$f.knot.n"
		done <"$WORK/names"
		same "nsec3-hash $tag: sigil = ldns-nsec3-hash ($(wc -l <"$WORK/names") names)" \
			"$f.ldns.n" "$f.sigil.n" ldns-nsec3-hash "sigil nsec3-hash"
		same "nsec3-hash $tag: sigil = knsec3hash ($(wc -l <"$WORK/names") names)" \
			"$f.knot.n" "$f.sigil.n" knsec3hash "sigil nsec3-hash"
	done
done

finish
