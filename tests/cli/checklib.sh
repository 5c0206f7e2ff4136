# SPDX-License-Identifier: MIT
# Helpers for tests/cli/<case>/check scripts: `. "$CHECKLIB"`. POSIX sh.
# Each helper prints what is wrong and exits 1 on a failed expectation.

fail()
{
	echo "$*"
	exit 1
}

# The exit code sigil returned must be $1.
expect_exit()
{
	[ "$EXIT" = "$1" ] || fail "exit code $EXIT, expected $1"
}

# stdout / stderr must match the extended regular expression $1 on some line.
stdout_has()
{
	grep -Eq -- "$1" "$STDOUT" || { echo "stdout has no line matching /$1/; it was:"; cat "$STDOUT"; exit 1; }
}
stderr_has()
{
	grep -Eq -- "$1" "$STDERR" || { echo "stderr has no line matching /$1/; it was:"; cat "$STDERR"; exit 1; }
}
stdout_empty()
{
	[ ! -s "$STDOUT" ] || { echo "stdout should be empty; it was:"; cat "$STDOUT"; exit 1; }
}
stderr_empty()
{
	[ ! -s "$STDERR" ] || { echo "stderr should be empty; it was:"; cat "$STDERR"; exit 1; }
}

# The files under the current directory (recursively, hidden ones too), one per line.
list_files()
{
	find . -type f | LC_ALL=C sort
}

# The input files of the case, its fixtures' included: "SOURCE-DIR FILE" lines.
input_files()
{
	for in_d in ${FIXTUREDIRS:-} "$CASEDIR"; do
		(cd "$in_d" && find . -type f ! -name cmd ! -name exit ! -name 'expected-*' \
			! -name stdin ! -name check ! -name 'README*' ! -name fixture ! -name filter |
			sed "s|^|$in_d |")
	done
}

# No file was created or changed: the directory holds exactly the case's inputs.
unchanged_inputs()
{
	input_files >"$STDOUT.inputs"
	cut -d' ' -f2- "$STDOUT.inputs" | LC_ALL=C sort -u >"$STDOUT.want"
	list_files >"$STDOUT.have"
	if ! cmp -s "$STDOUT.want" "$STDOUT.have"; then
		echo "the set of files changed (--- before, +++ after):"
		diff -u "$STDOUT.want" "$STDOUT.have"
		exit 1
	fi
	# A case's own file overrides a fixture's of the same name: the last one counts.
	while read -r in_d f; do
		[ "$(awk -v f="$f" '$2 == f { d = $1 } END { print d }' "$STDOUT.inputs")" = "$in_d" ] ||
			continue
		cmp -s "$in_d/$f" "$f" || fail "input file '$f' was modified"
	done <"$STDOUT.inputs"
}

# mode FILE: the permission bits in octal (e.g. 600).
mode()
{
	stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"
}

# key_shape DIR BASENAME ZONE ALG FLAGS: a key pair as BIND writes it.
#   - BASENAME is K<zone>+<alg, 3 digits>+<tag, 5 digits>;
#   - both files exist; the .private is mode 0600 and the .key is not writable by others;
#   - the .key holds exactly one DNSKEY record with these owner, flags, protocol 3 and
#     algorithm, and a base64 key;
#   - the .private is "Private-key-format: v1.x" with the matching "Algorithm:" line and
#     the algorithm's key fields;
#   - sigil itself reads the pair back and reports the tag from the file name.
key_shape()
{
	ks_dir=$1 ks_base=$2 ks_zone=$3 ks_alg=$4 ks_flags=$5
	ks_alg3=$(printf '%03d' "$ks_alg")
	ks_zre=$(printf '%s' "$ks_zone" | sed 's/\./\\./g')
	printf '%s\n' "$ks_base" | grep -Eqx "K${ks_zre}\+${ks_alg3}\+[0-9]{5}" ||
		fail "basename '$ks_base' is not K${ks_zone}+${ks_alg3}+NNNNN"
	ks_tag=$(printf '%s\n' "$ks_base" | sed 's/.*+0*\([0-9][0-9]*\)$/\1/; s/^$/0/')
	ks_key=$ks_dir/$ks_base.key
	ks_priv=$ks_dir/$ks_base.private
	[ -f "$ks_key" ] || fail "missing $ks_key"
	[ -f "$ks_priv" ] || fail "missing $ks_priv"
	[ "$(mode "$ks_priv")" = 600 ] || fail "$ks_priv has mode $(mode "$ks_priv"), expected 600"
	case $(mode "$ks_key") in
	*[2367]) fail "$ks_key is writable by others (mode $(mode "$ks_key"))" ;;
	esac
	ks_n=$(grep -v '^;' "$ks_key" | grep -c 'DNSKEY')
	[ "$ks_n" -eq 1 ] || fail "$ks_key holds $ks_n DNSKEY records, expected 1"
	grep -v '^;' "$ks_key" | grep -Eq "^${ks_zre}[[:space:]]+([0-9]+[[:space:]]+)?(IN[[:space:]]+)?DNSKEY[[:space:]]+${ks_flags}[[:space:]]+3[[:space:]]+${ks_alg}[[:space:]]+[A-Za-z0-9+/]+=*[[:space:]]*\$" ||
		{ echo "$ks_key has no 'DNSKEY $ks_flags 3 $ks_alg <base64>' record for $ks_zone:"; cat "$ks_key"; exit 1; }
	head -n 1 "$ks_priv" | grep -Eqx 'Private-key-format: v1\.[23]' ||
		fail "$ks_priv does not start with 'Private-key-format: v1.2' or 'v1.3'"
	grep -Eq "^Algorithm: ${ks_alg}( |\$)" "$ks_priv" || fail "$ks_priv has no 'Algorithm: $ks_alg' line"
	case $ks_alg in
	8 | 10) ks_fields='Modulus PublicExponent PrivateExponent Prime1 Prime2 Exponent1 Exponent2 Coefficient' ;;
	*) ks_fields='PrivateKey' ;;
	esac
	for ks_f in $ks_fields; do
		grep -Eq "^${ks_f}: [A-Za-z0-9+/]+=*\$" "$ks_priv" || fail "$ks_priv has no base64 '$ks_f:' field"
	done
	# sigil ds never uses revoked keys (flag 128), so only unrevoked ones can be read back.
	if [ $((ks_flags & 128)) -eq 0 ]; then
		"$SIGIL" ds --all "$ks_key" >"$STDOUT.ds" 2>&1 ||
			{ echo "sigil ds cannot read $ks_key:"; cat "$STDOUT.ds"; exit 1; }
		grep -Eq "DS[[:space:]]+${ks_tag} ${ks_alg} 2 [0-9A-Fa-f]{64}\$" "$STDOUT.ds" ||
			{ echo "sigil ds on $ks_key does not report key tag $ks_tag:"; cat "$STDOUT.ds"; exit 1; }
	fi
}

# The K-files directly in directory $1, one basename per line (without .key/.private).
key_basenames()
{
	(cd "$1" && for f in K*.key K*.private; do [ -e "$f" ] && printf '%s\n' "${f%.*}"; done) |
		LC_ALL=C sort -u
}
