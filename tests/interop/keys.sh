#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "keys": key pairs made by the peers load in sigil, for every algorithm.
#   - dnssec-keygen (BIND) and ldns-keygen KSKs and ZSKs: `sigil ds` on the basename, the
#     .key and the .private prints the same DS as dnssec-dsfromkey (SHA-1, SHA-256, SHA-384);
#   - `sigil keygen -K` into a directory full of peer keys for the zone (it reads them all
#     to avoid key tag collisions) succeeds, and the new tag is not one of theirs;
#   - keymgr (Knot) keys: `sigil ds` on the DNSKEY records keymgr prints equals `keymgr ds`.
. "$(dirname "$0")/lib.sh"

zone=example.test

# ds_vs_bind DESC BASE [SIGIL-OPTIONS]: sigil ds (all digests) on BASE, BASE.key and
# BASE.private, each against dnssec-dsfromkey on BASE.key.
ds_vs_bind()
{
	dv_desc=$1 dv_base=$2
	shift 2
	: >"$dv_base.bind"
	: >"$dv_base.bind.err"
	for dv_d in SHA-1 SHA-256 SHA-384; do
		dnssec-dsfromkey -a "$dv_d" "$dv_base.key" >>"$dv_base.bind" 2>>"$dv_base.bind.err"
	done
	ds_norm <"$dv_base.bind" >"$dv_base.bind.n"
	for dv_arg in "$dv_base" "$dv_base.key" "$dv_base.private"; do
		case $dv_arg in
		*.key) dv_what=.key ;;
		*.private) dv_what=.private ;;
		*) dv_what="basename" ;;
		esac
		capture "$dv_base.sigil" "$SIGIL" ds "$@" -d SHA-1 -d SHA-256 -d SHA-384 "$dv_arg"
		ds_norm <"$dv_base.sigil" >"$dv_base.sigil.n"
		same "$dv_desc: sigil ds on the $dv_what = dnssec-dsfromkey" "$dv_base.bind.n" \
			"$dv_base.sigil.n" dnssec-dsfromkey "sigil ds $* $dv_arg"
	done
}

# keygen_among DESC DIR ALG NUMBER: sigil keygen into a directory of peer keys.
keygen_among()
{
	ka_desc=$1 ka_dir=$2 ka_alg=$3
	ka_before=$(cd "$ka_dir" && for f in K*.key; do echo "${f%.key}"; done | sed 's/.*+//' | sort)
	# shellcheck disable=SC2046
	if capture "$ka_dir.new" "$SIGIL" keygen -f ZSK -K "$ka_dir" -a "$ka_alg" $(rsa_bits "$4") $zone; then
		ka_tag=$(sed 's/.*+//' "$ka_dir.new")
		if printf '%s\n' "$ka_before" | grep -qx "$ka_tag"; then
			not_ok "$ka_desc"
			echo "#   new key tag $ka_tag collides with a peer key: $ka_before"
		elif [ ! -f "$ka_dir/$(cat "$ka_dir.new").private" ]; then
			not_ok "$ka_desc"
			echo "#   sigil keygen printed '$(cat "$ka_dir.new")' but wrote no such key"
		else
			ok "$ka_desc"
		fi
	else
		not_ok "$ka_desc"
		diag "$ka_dir.new.err" "sigil keygen -K $ka_dir -a $ka_alg $zone failed:"
	fi
}

for spec in $ALGS; do
	n=${spec%%:*}
	alg=${spec#*:}
	bits=$(rsa_bits "$n")
	d=$WORK/$alg
	mkdir -p "$d/bind" "$d/ldns"

	# -- BIND
	# shellcheck disable=SC2086
	if capture "$d/bind.ksk" dnssec-keygen -q -K "$d/bind" -a "$alg" $bits -f KSK $zone &&
		capture "$d/bind.zsk" dnssec-keygen -q -K "$d/bind" -a "$alg" $bits $zone; then
		ds_vs_bind "keys $alg dnssec-keygen KSK" "$d/bind/$(cat "$d/bind.ksk")"
		ds_vs_bind "keys $alg dnssec-keygen ZSK" "$d/bind/$(cat "$d/bind.zsk")" --all
	else
		not_ok "keys $alg: dnssec-keygen makes a KSK and a ZSK"
		diag "$d/bind.ksk.err"
		diag "$d/bind.zsk.err"
	fi

	# -- ldns (ldns-keygen writes into the current directory; -k sets the SEP bit)
	# shellcheck disable=SC2086
	if (cd "$d/ldns" && ldns-keygen -a "$alg" $bits -k $zone) >"$d/ldns.ksk" 2>"$d/ldns.ksk.err" &&
		(cd "$d/ldns" && ldns-keygen -a "$alg" $bits $zone) >"$d/ldns.zsk" 2>"$d/ldns.zsk.err"; then
		ds_vs_bind "keys $alg ldns-keygen KSK" "$d/ldns/$(cat "$d/ldns.ksk")"
		ds_vs_bind "keys $alg ldns-keygen ZSK" "$d/ldns/$(cat "$d/ldns.zsk")" --all
	else
		not_ok "keys $alg: ldns-keygen makes a KSK and a ZSK"
		diag "$d/ldns.ksk.err"
		diag "$d/ldns.zsk.err"
	fi

	keygen_among "keys $alg: sigil keygen -K reads a directory of dnssec-keygen keys" \
		"$d/bind" "$alg" "$n"
	keygen_among "keys $alg: sigil keygen -K reads a directory of ldns-keygen keys" \
		"$d/ldns" "$alg" "$n"

	# -- Knot: keymgr keeps keys in its own database; it prints DNSKEY and DS records.
	db=$d/knot
	mkdir -p "$db"
	kalg=$(printf '%s' "$alg" | tr '[:upper:]' '[:lower:]')
	size=""
	[ -z "$bits" ] || size="size=2048"
	# shellcheck disable=SC2086
	if run keymgr -D "$db" $zone. generate algorithm="$kalg" $size ksk=yes zsk=no; then
		capture "$d/knot.dnskey" keymgr -D "$db" $zone. dnskey
		capture "$d/knot.ds" keymgr -D "$db" $zone. ds
		ds_norm <"$d/knot.ds" >"$d/knot.ds.n"
		capture "$d/knot.sigil" "$SIGIL" ds -d SHA-256 -d SHA-384 "$d/knot.dnskey"
		ds_norm <"$d/knot.sigil" >"$d/knot.sigil.n"
		same "keys $alg keymgr KSK: sigil ds on keymgr's DNSKEY = keymgr ds" "$d/knot.ds.n" \
			"$d/knot.sigil.n" "keymgr ds" "sigil ds"
	else
		not_ok "keys $alg: keymgr generates a KSK"
		diag "$LOG"
	fi
done

finish
