# SPDX-License-Identifier: MIT
# Part of the interop topic "ds_check" (sourced by ds_check.sh, after the dnssec-cds cases):
# `sigil ds check --live` against a test hierarchy served by NSD on 127.54.0.x:
#
#   .  (127.54.0.1)  reg. opa. opb. opc. (127.54.0.2; opc.'s DS in the root is wrong: bogus)
#   children of reg., each served by ns1.opa. (127.54.0.3) and ns2.opb. (127.54.0.4):
#     good      --ds with its KSK's DS                       accept
#     zsk       --ds with its ZSK's DS (not signing DNSKEY)  refuse ds-key-not-signing
#     digest    --ds with a wrong digest                     refuse ds-matches-no-key
#     alg       --ds for a published RSASHA256 key that signs nothing  refuse ds-algorithm-not-signing
#     del       --cds, CDS delete "0 0 0 00"                 accept (goes insecure)
#     roll      --cds, CDS of a new KSK                      accept (swap)
#     half      --cds, the CDS only on ns1.opa.              refuse servers-disagree
#     boot      --bootstrap, signals under both NS hosts     accept
#     bootmiss  --bootstrap, no signal under ns2.opb.        refuse bootstrap-signal-missing
#     bootbogus --bootstrap, NS ns3.opc. whose zone is bogus refuse bootstrap-signal-insecure
#
# Then every accepted change's nsupdate script is applied to reg.'s zone file, reg. is
# re-signed and served again, and a validating Unbound resolves each child securely (del:
# insecure, as asked). Then the refused proposals are applied anyway: Unbound SERVFAILs.
# The three bootstraps are also checked offline (--zone, --signals DIR): the same verdicts.
L=$WORK/live
mkdir -p "$L/keys"
cd "$L" || exit 1
echo "# live"

CHILDREN="good zsk digest alg del roll half boot bootmiss bootbogus"
soa() { printf '$TTL 60\n@ SOA ns.%s hostmaster.%s 1 60 60 3600 60\n' "$1" "$1"; }
keys_for() # ZONE -> KSK and ZSK in keys/, names in $ksk $zsk
{
	zsk=$(dnssec-keygen -q -K keys -a ECDSAP256SHA256 "$1")
	ksk=$(dnssec-keygen -q -K keys -a ECDSAP256SHA256 -f KSK "$1")
}
sign_zone() # ZONE FILE -> FILE.signed; the DNSKEY RRset signed by the KSKs only (-x)
{
	dnssec-signzone -q -S -x -K keys -o "$1" -f "$2.signed" "$2" >/dev/null 2>&1 || echo "# signing $1 failed"
}
ds_of() { dnssec-dsfromkey -2 "keys/$1" | sed 's/ IN DS / 60 IN DS /'; }
cds_of() { ds_of "$1" | sed 's/ IN DS / IN CDS /'; }
cdnskey_of() { grep -v '^;' "keys/$1.key" | sed 's/ IN DNSKEY / IN CDNSKEY /; s/^\([^ ]*\) [0-9]* IN/\1 60 IN/'; }

# -- the children
: >reg.ds # DS records reg. publishes now
for c in $CHILDREN; do
	z=$c.reg.
	keys_for $z
	eval "ksk_$c=$ksk zsk_$c=$zsk"
	{
		soa reg.
		ns2=ns2.opb.
		[ $c != bootbogus ] || ns2=ns3.opc.
		printf '@ NS ns1.opa.\n@ NS %s\nwww A 192.0.2.1\n' "$ns2"
	} >$c.zone
done
# alg: an RSASHA256 key published, never signing
rsa=$(dnssec-keygen -q -K "$L" -a RSASHA256 -b 2048 alg.reg.)
grep -v '^;' "$rsa.key" >>alg.zone
# roll and half: a second KSK, and the CDS of it
for c in roll half; do
	eval "old=\$ksk_$c"
	new=$(dnssec-keygen -q -K keys -a ECDSAP256SHA256 -f KSK $c.reg.)
	eval "new_$c=$new"
	ds_of "$old" >>reg.ds
done
cds_of "$new_roll" >>roll.zone
cp half.zone half-b.zone
cds_of "$new_half" >>half.zone
printf '@ 60 IN CDS 0 0 0 00\n@ 60 IN CDNSKEY 0 3 0 AA==\n' >>del.zone
ds_of "$ksk_del" >>reg.ds
for c in boot bootmiss bootbogus; do
	eval "k=\$ksk_$c"
	cds_of "$k" >>$c.zone
	cdnskey_of "$k" >>$c.zone
done
for c in $CHILDREN half-b; do
	n=$c
	[ $c != half-b ] || n=half
	sign_zone $n.reg. $c.zone
done

# -- the operators' zones, with the bootstrap signals
signal() # CHILD HOST -> its CDS and CDNSKEY at _dsboot.CHILD.reg._signal.HOST
{
	grep -E '[[:space:]](CDS|CDNSKEY)[[:space:]]' $1.zone | sed "s/^[^ ]*/_dsboot.$1.reg._signal.$2/"
}
for op in opa opb opc; do
	keys_for $op.
	{
		soa $op.
		printf '@ NS ns.%s.\nns A 127.54.0.2\n' $op
	} >$op.zone
done
printf 'ns1 A 127.54.0.3\n' >>opa.zone
printf 'ns2 A 127.54.0.4\n' >>opb.zone
printf 'ns3 A 127.54.0.4\n' >>opc.zone
{ signal boot ns1.opa.; signal bootmiss ns1.opa.; signal bootbogus ns1.opa.; } >>opa.zone
signal boot ns2.opb. >>opb.zone
signal bootbogus ns3.opc. >>opc.zone

# -- reg. and the root
keys_for reg.
reg_zone()
{
	soa reg.
	printf '@ NS ns.reg.\nns A 127.54.0.2\n'
	for c in $CHILDREN; do
		ns2=ns2.opb.
		[ $c != bootbogus ] || ns2=ns3.opc.
		printf '%s NS ns1.opa.\n%s NS %s\n' $c $c $ns2
	done
	cat reg.ds
}
keys_for .
root_ksk=$ksk
{
	printf '$TTL 60\n@ SOA a.root. hostmaster.root. 1 60 60 3600 60\n'
	printf '@ NS a.root.\na.root. A 127.54.0.1\n'
	for t in reg opa opb opc; do
		printf '%s. NS ns.%s.\nns.%s. A 127.54.0.2\n' $t $t $t
	done
	for t in reg opa opb; do
		ls keys/K$t.+013+*.key | while read -r k; do
			grep -q '257 3 13' "$k" && dnssec-dsfromkey -2 "$k"
		done
	done
	# opc.: a DS for no key of it (the digest of another zone's key): opc. is bogus
	dnssec-dsfromkey -2 "keys/$root_ksk" | sed 's/^\. /opc. /'
} >root.zone
reg_zone >reg.zone
sign_zone . root.zone
for z in reg opa opb opc; do
	sign_zone $z. $z.zone
done
dnssec-dsfromkey -2 "keys/$root_ksk" >root.anchor
printf '.\t3600000\tNS\ta.root.\na.root.\t3600000\tA\t127.54.0.1\n' >hints

# -- servers
nsd_conf_live() # NAME ADDRESS ZONE=FILE...: a server with its state in $L/NAME
{
	nl_n=$1 nl_a=$2
	shift 2
	mkdir -p "$L/$nl_n"
	WORK=$L/$nl_n nsd_server "$port" "$nl_a"
	for zf in "$@"; do
		printf 'zone:\n  name: "%s"\n  zonefile: "%s/%s"\n' "${zf%%=*}" "$L" "${zf#*=}"
	done
}
live_pids=""
stop_live()
{
	for sp in $live_pids; do
		kill "$sp" 2>/dev/null
	done
	for sp in $live_pids; do
		wait "$sp" 2>/dev/null
	done
	live_pids=""
}
trap stop_live EXIT
start_nsd() # NAME
{
	nsd -d -c "$L/$1.conf" >"$L/$1.out" 2>&1 &
	live_pids="$live_pids $!"
	eval "pid_$1=$!"
}
unbound_conf_live()
{
	WORK=$L unbound_server 127.54.0.10 "$port"
	printf '  trust-anchor-file: "%s"\n  local-zone: "reg." nodefault\n  val-override-date: "0"\nremote-control:\n  control-enable: no\n' "$L/root.anchor"
	printf 'stub-zone:\n  name: "."\n  stub-addr: 127.54.0.1@%s\n' "$port"
	for z in reg opa opb opc; do
		printf 'stub-zone:\n  name: "%s."\n  stub-addr: 127.54.0.2@%s\n' $z "$port"
	done
	for c in $CHILDREN; do
		printf 'stub-zone:\n  name: "%s.reg."\n  stub-addr: 127.54.0.3@%s\n  stub-addr: 127.54.0.4@%s\n' $c "$port" "$port"
	done
}
start_unbound()
{
	unbound_conf_live >"$L/unbound.conf"
	unbound -d -c "$L/unbound.conf" >"$L/unbound.out" 2>&1 &
	live_pids="$live_pids $!"
	ub_pid=$!
	wait_for_dns 127.54.0.10 "$port" reg.
}
restart_unbound()
{
	kill "$ub_pid" 2>/dev/null
	wait "$ub_pid" 2>/dev/null
	start_unbound
}
CZ=""
CZB=""
for c in $CHILDREN; do
	CZ="$CZ $c.reg.=$c.zone.signed"
	f=$c.zone.signed
	[ $c != half ] || f=half-b.zone.signed
	CZB="$CZB $c.reg.=$f"
done
started=0
attempt=0
while [ $attempt -lt 5 ] && [ $started -eq 0 ]; do
	attempt=$((attempt + 1))
	port=$((20000 + ($$ * 13 + attempt * 7919) % 40000))
	nsd_conf_live root 127.54.0.1 .=root.zone.signed >root.conf
	nsd_conf_live tld 127.54.0.2 reg.=reg.zone.signed opa.=opa.zone.signed opb.=opb.zone.signed opc.=opc.zone.signed >tld.conf
	# shellcheck disable=SC2086
	nsd_conf_live ns1 127.54.0.3 $CZ >ns1.conf
	# shellcheck disable=SC2086
	nsd_conf_live ns2 127.54.0.4 $CZB >ns2.conf
	for n in root tld ns1 ns2; do
		start_nsd $n
	done
	if wait_for_dns 127.54.0.1 "$port" . && wait_for_dns 127.54.0.2 "$port" reg. &&
		wait_for_dns 127.54.0.3 "$port" good.reg. && wait_for_dns 127.54.0.4 "$port" good.reg. &&
		start_unbound; then
		started=1
	else
		stop_live
	fi
done
if [ $started -eq 0 ]; then
	not_ok "live: NSD and Unbound start on 127.54.0.x"
	for f in root.out tld.out ns1.out ns1.log unbound.out unbound.log; do
		diag "$L/$f" "$f:"
	done
	return 0 2>/dev/null || exit 1
fi
ok "live: four NSD instances and Unbound on 127.54.0.x port $port"

LIVE="--live --hints $L/hints --port $port --timeout 1000 --anchor $L/root.anchor"
# live_case CHILD VERDICT CODE -- ARGS: sigil's verdict and a finding with CODE
live_case()
{
	lv_c=$1 lv_v=$2 lv_code=$3
	[ "$lv_code" != - ] || lv_code=""
	shift 4
	newlog
	# shellcheck disable=SC2086
	"$SIGIL" ds check $lv_c.reg. $LIVE "$@" --json >"$LOG" 2>"$LOG.err"
	lv_rc=$?
	lv_got=$(sed -n 's/^  "verdict": "\([^"]*\)".*/\1/p' "$LOG")
	lv_want_rc=0
	[ "$lv_v" != refuse ] || lv_want_rc=1
	if [ "$lv_got" = "$lv_v" ] && [ $lv_rc -eq $lv_want_rc ] &&
		{ [ -z "$lv_code" ] || grep -q "\"code\": \"$lv_code\"" "$LOG"; }; then
		ok "live: $lv_c.reg. is $lv_v${lv_code:+ ($lv_code)}"
	else
		not_ok "live: $lv_c.reg. is $lv_v $lv_code (got $lv_got, exit $lv_rc)"
		diag "$LOG"
		diag "$LOG.err"
	fi
	# shellcheck disable=SC2086
	"$SIGIL" ds check $lv_c.reg. $LIVE "$@" --format nsupdate >"$L/$lv_c.nsupdate" 2>/dev/null
}
grep " $(echo "$ksk_good" | sed 's/.*+0*//') 13 2 " reg.ds >/dev/null 2>&1 && echo "# (good already has a DS?)"
ds_of "$ksk_good" >good.ds
ds_of "$zsk_zsk" >zsk.ds
ds_of "$ksk_digest" | sed -E 's/([0-9A-F])$/\1X/; s/AX$/B/; s/[0-9B-F]X$/A/' >digest.ds
dnssec-dsfromkey -2 "$rsa" | sed 's/ IN DS / 60 IN DS /' >alg.ds
ds_of "$ksk_del" >del.cur
ds_of "$ksk_roll" >roll.cur
ds_of "$ksk_half" >half.cur

live_case good accept - -- --ds good.ds
live_case zsk refuse ds-key-not-signing -- --ds zsk.ds
live_case digest refuse ds-matches-no-key -- --ds digest.ds
live_case alg refuse ds-algorithm-not-signing -- --ds alg.ds
live_case del accept ds-delete -- --cds --current-ds del.cur
live_case roll accept - -- --cds --current-ds roll.cur
live_case half refuse servers-disagree -- --cds --current-ds half.cur
live_case boot accept - -- --bootstrap
live_case bootmiss refuse bootstrap-signal-missing -- --bootstrap
live_case bootbogus refuse bootstrap-signal-insecure -- --bootstrap

# the same bootstraps offline: the child's zone file, the signal chains from the zone files
# (--signals DIR), the NS hosts from the child's apex NS RRset: the same verdicts
mkdir -p "$L/signals"
cp root.zone.signed opa.zone.signed opb.zone.signed opc.zone.signed "$L/signals/"
for cv in boot:accept: bootmiss:refuse:bootstrap-signal-missing bootbogus:refuse:bootstrap-signal-insecure; do
	c=${cv%%:*} rest=${cv#*:}
	want=${rest%%:*} code=${rest#*:}
	newlog
	"$SIGIL" ds check $c.reg. --bootstrap --zone $c.zone.signed --signals "$L/signals" \
		--anchor "$L/root.anchor" --json >"$LOG" 2>"$LOG.err"
	got=$(sed -n 's/^  "verdict": "\([^"]*\)".*/\1/p' "$LOG")
	if [ "$got" = "$want" ] && { [ -z "$code" ] || grep -q "\"code\": \"$code\"" "$LOG"; }; then
		ok "offline: $c.reg. with --zone and --signals DIR is $want${code:+ ($code)}, as live"
	else
		not_ok "offline: $c.reg. with --zone and --signals DIR is $want $code (got $got)"
		diag "$LOG"
		diag "$LOG.err"
	fi
done

# ask_unbound NAME: "secure", "insecure", "servfail" or "other: ..."
ask_unbound()
{
	dig @127.54.0.10 -p "$port" +dnssec +time=3 +tries=2 "$1" A >"$L/dig.out" 2>&1
	if grep -q 'status: SERVFAIL' "$L/dig.out"; then
		echo servfail
	elif grep -q 'status: NOERROR' "$L/dig.out" && grep -q 'flags:.* ad' "$L/dig.out"; then
		echo secure
	elif grep -q 'status: NOERROR' "$L/dig.out"; then
		echo insecure
	else
		echo "other: $(grep -m1 status "$L/dig.out")"
	fi
}
# apply_nsupdate SCRIPT ZONEFILE: the script's "update delete/add" lines applied to the file
apply_nsupdate()
{
	awk '
		FNR == NR {
			if ($1 != "update") next
			rd = ""; for (i = 3; i <= NF; i++) if ($i == "DS") break
			for (j = i + 1; j <= NF; j++) rd = rd " " toupper($j)
			key = tolower($3) rd
			if ($2 ~ /^del/) del[key] = 1
			else { $1 = ""; $2 = ""; add[++n] = substr($0, 3) }
			next
		}
		{
			for (i = 2; i <= NF; i++) if ($i == "DS") break
			if (i <= NF) {
				rd = ""; for (j = i + 1; j <= NF; j++) rd = rd " " toupper($j)
				o = tolower($1); if (o !~ /\.$/) o = o ".reg."
				if ((o rd) in del) next
			}
			print
		}
		END { for (k = 1; k <= n; k++) print add[k] }' "$1" "$2" >"$2.new" && mv "$2.new" "$2"
}
reload_reg()
{
	sign_zone reg. reg.zone
	kill "$pid_tld" 2>/dev/null
	wait "$pid_tld" 2>/dev/null
	start_nsd tld
	wait_for_dns 127.54.0.2 "$port" reg.
	restart_unbound
}

# before: the delegations as they are
for c in good boot; do
	got=$(ask_unbound www.$c.reg.)
	[ "$got" = insecure ] && ok "unbound: www.$c.reg. is insecure before its DS is published" ||
		not_ok "unbound: www.$c.reg. is insecure before its DS is published (got $got)"
done
# accepted: apply each nsupdate script to reg.'s zone file, re-sign, serve, resolve
for c in good del roll boot; do
	apply_nsupdate "$L/$c.nsupdate" reg.zone
done
reload_reg
for cv in good:secure del:insecure roll:secure boot:secure; do
	c=${cv%%:*} want=${cv#*:}
	got=$(ask_unbound www.$c.reg.)
	if [ "$got" = "$want" ]; then
		ok "unbound: after the accepted change, www.$c.reg. resolves ($want)"
	else
		not_ok "unbound: after the accepted change, www.$c.reg. resolves ($want; got $got)"
		diag "$L/$c.nsupdate" "the script:"
		diag "$L/dig.out"
	fi
done
# refused: apply the proposals anyway; Unbound fails them, and the others stay as they were
for c in zsk digest alg; do
	sed 's/^[^ ]* /'"$c"'.reg. /' $c.ds >>reg.zone
done
reload_reg
for c in zsk digest alg; do
	got=$(ask_unbound www.$c.reg.)
	if [ "$got" = servfail ]; then
		ok "unbound: the refused DS of $c.reg., published anyway, makes it SERVFAIL"
	else
		not_ok "unbound: the refused DS of $c.reg., published anyway, makes it SERVFAIL (got $got)"
		diag "$L/dig.out"
	fi
done
got=$(ask_unbound www.good.reg.)
[ "$got" = secure ] && ok "unbound: www.good.reg. is still secure" || not_ok "unbound: www.good.reg. is still secure (got $got)"
stop_live
trap - EXIT
cd "$WORK" || exit 1
