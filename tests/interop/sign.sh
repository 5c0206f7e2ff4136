#!/bin/sh
# SPDX-License-Identifier: MIT
# Interop topic "sign": keys made by `sigil keygen` (a KSK and a ZSK per algorithm) are
# usable by the peers' signers, and the peers' validators accept what they sign:
#   signers:    dnssec-signzone -S -K (NSEC, and NSEC3 with no salt and 0 iterations),
#               ldns-signzone with the K-file basenames (NSEC, and NSEC3 -t 0),
#               kzonesign after `keymgr import-bind` (Knot reads sigil's .private files)
#   validators: dnssec-verify (which must also count 1 active KSK and 1 active ZSK),
#               ldns-verify-zone, kzonecheck -d on
# plus a negative control: every validator rejects a tampered signed zone, so that the
# checks above can fail at all.
. "$(dirname "$0")/lib.sh"

zone=example.test
zonefile=$ZONES/$zone.zone
now=$(date +%s)
inception=$(utc_time $((now - 3600)))
expiration=$(utc_time $((now + 30 * 86400)))

if [ ! -r "$zonefile" ]; then
	not_ok "sign: test zone $zonefile is readable"
	finish
	exit 1
fi

# verify_all DESC SIGNED: every validator accepts the signed zone.
verify_all()
{
	va_desc=$1 va_file=$2
	if run dnssec-verify -o $zone "$va_file"; then
		if grep -q 'KSKs: 1 active' "$LOG" && grep -q 'ZSKs: 1 active' "$LOG"; then
			ok "$va_desc: dnssec-verify accepts it (1 active KSK, 1 active ZSK)"
		else
			not_ok "$va_desc: dnssec-verify accepts it (1 active KSK, 1 active ZSK)"
			diag "$LOG" "dnssec-verify did not find one active KSK and one active ZSK:"
		fi
	else
		not_ok "$va_desc: dnssec-verify accepts it (1 active KSK, 1 active ZSK)"
		diag "$LOG" "dnssec-verify -o $zone $va_file:"
	fi
	check "$va_desc: ldns-verify-zone accepts it" ldns-verify-zone "$va_file"
	check "$va_desc: kzonecheck -d on accepts it" kzonecheck -o $zone -d on "$va_file"
}

# knot_sign DIR KSK ZSK OUT: sign with kzonesign, using the sigil keys imported into a
# Knot KASP database (manual policy: Knot uses exactly the imported keys).
knot_conf()
{
	cat <<EOF
database:
    storage: "$1/db"
policy:
  - id: manual
    manual: on
    rrsig-lifetime: 30d
template:
  - id: default
    storage: "$1"
    file: "%s.zone"
    dnssec-signing: on
    dnssec-policy: manual
zone:
  - domain: $zone.
EOF
}

tampered_done=0
for spec in $ALGS; do
	n=${spec%%:*}
	alg=${spec#*:}
	d=$WORK/$alg
	mkdir -p "$d/keys" "$d/knot/db" "$d/knot/out"
	# shellcheck disable=SC2046
	if ! capture "$d/ksk" "$SIGIL" keygen -K "$d/keys" -a "$alg" $(rsa_bits "$n") -f KSK $zone ||
		! capture "$d/zsk" "$SIGIL" keygen -f ZSK -K "$d/keys" -a "$alg" $(rsa_bits "$n") $zone; then
		not_ok "sign $alg: sigil keygen makes a KSK and a ZSK"
		diag "$d/ksk.err"
		diag "$d/zsk.err"
		continue
	fi
	ksk=$(cat "$d/ksk")
	zsk=$(cat "$d/zsk")

	# BIND, smart signing from the key directory: it reads sigil's timing metadata too.
	if run dnssec-signzone -S -K "$d/keys" -d "$d" -o $zone -s "$inception" -e "$expiration" \
		-f "$d/bind.nsec" "$zonefile"; then
		ok "sign $alg: dnssec-signzone -S signs with sigil's keys (NSEC)"
		verify_all "sign $alg: dnssec-signzone NSEC zone" "$d/bind.nsec"
	else
		not_ok "sign $alg: dnssec-signzone -S signs with sigil's keys (NSEC)"
		diag "$LOG"
	fi
	if run dnssec-signzone -S -K "$d/keys" -d "$d" -o $zone -s "$inception" -e "$expiration" \
		-3 - -H 0 -f "$d/bind.nsec3" "$zonefile"; then
		ok "sign $alg: dnssec-signzone -S signs with sigil's keys (NSEC3)"
		verify_all "sign $alg: dnssec-signzone NSEC3 zone" "$d/bind.nsec3"
	else
		not_ok "sign $alg: dnssec-signzone -S signs with sigil's keys (NSEC3)"
		diag "$LOG"
	fi

	# ldns: key arguments are the K-file basenames; it reads the .private and the .key.
	if run ldns-signzone -o $zone -i "$inception" -e "$expiration" -f "$d/ldns.nsec" \
		"$zonefile" "$d/keys/$ksk" "$d/keys/$zsk"; then
		ok "sign $alg: ldns-signzone signs with sigil's keys (NSEC)"
		verify_all "sign $alg: ldns-signzone NSEC zone" "$d/ldns.nsec"
	else
		not_ok "sign $alg: ldns-signzone signs with sigil's keys (NSEC)"
		diag "$LOG"
	fi
	if run ldns-signzone -n -t 0 -o $zone -i "$inception" -e "$expiration" \
		-f "$d/ldns.nsec3" "$zonefile" "$d/keys/$ksk" "$d/keys/$zsk"; then
		ok "sign $alg: ldns-signzone signs with sigil's keys (NSEC3)"
		verify_all "sign $alg: ldns-signzone NSEC3 zone" "$d/ldns.nsec3"
	else
		not_ok "sign $alg: ldns-signzone signs with sigil's keys (NSEC3)"
		diag "$LOG"
	fi

	# Knot: import the BIND-format pair, then sign.
	knot_conf "$d/knot" >"$d/knot/knot.conf"
	cp "$zonefile" "$d/knot/$zone.zone"
	if run keymgr -c "$d/knot/knot.conf" $zone. import-bind "$d/keys/$ksk.private" &&
		run keymgr -c "$d/knot/knot.conf" $zone. import-bind "$d/keys/$zsk.private"; then
		ok "sign $alg: keymgr import-bind reads sigil's key files"
		if run kzonesign -c "$d/knot/knot.conf" -o "$d/knot/out" $zone.; then
			ok "sign $alg: kzonesign signs with sigil's keys (NSEC)"
			verify_all "sign $alg: kzonesign NSEC zone" "$d/knot/out/$zone.zone"
		else
			not_ok "sign $alg: kzonesign signs with sigil's keys (NSEC)"
			diag "$LOG"
		fi
	else
		not_ok "sign $alg: keymgr import-bind reads sigil's key files"
		diag "$LOG"
	fi

	# Negative control, once: change one signed A record; every validator must say no.
	if [ "$tampered_done" -eq 0 ] && [ -s "$d/bind.nsec" ]; then
		tampered_done=1
		sed 's/192\.0\.2\.25$/192.0.2.26/' "$d/bind.nsec" >"$d/tampered"
		if cmp -s "$d/bind.nsec" "$d/tampered"; then
			not_ok "sign control: the tampered copy differs from the signed zone"
		else
			check_fails "sign control ($alg): dnssec-verify rejects a tampered zone" \
				dnssec-verify -o $zone "$d/tampered"
			check_fails "sign control ($alg): ldns-verify-zone rejects a tampered zone" \
				ldns-verify-zone "$d/tampered"
			check_fails "sign control ($alg): kzonecheck -d on rejects a tampered zone" \
				kzonecheck -o $zone -d on "$d/tampered"
		fi
	fi
done

finish
