# Cluster discovery against the sandbox. tests/unit/test_observe_live makes a small cluster e2e/obs by
# hand (keypair, network, subnet, router + interface, security group + 2 rules, master, floating IP)
# next to look-alikes that are not its own (a server named like a worker without metadata, a network
# named like ours tagged for e2e/obs-other), checks what discovery sees, and -- told so by
# SPARKDECK_OBSERVE_KEEP -- leaves them, listed in a file. Then `sparkdeck cluster show e2e/obs` must
# list exactly what the openstack CLI finds with the cluster's marks; then this script deletes all
# of it (also on failure) and the openstack CLI must find nothing of the test left.
. "$(dirname "$0")/lib.sh"

ref=e2e/obs
cloud=sandbox-builders
live=$(dirname "$SPARKDECK")/tests/unit/test_observe_live
made=$E2E_TMP/made
if [ ! -x "$live" ]; then
	echo "Bail out! $live is not built: run 'make check' in the build directory of $SPARKDECK"
	exit 1
fi

sd() { OS_CLIENT_CONFIG_FILE=$E2E_CLOUDS "$SPARKDECK" --os-cloud "$cloud" "$@"; }

# clean_up: delete what the live test made (listed in $made as "KIND ID [SUBNET]"), in dependency order.
clean_up() {
	local kind id extra
	[ -s "$made" ] || return 0
	for kind in fip server iface router subnet network secgroup keypair; do
		while read -r k id extra; do
			[ "$k" = "$kind" ] || continue
			case $kind in
			fip) osc $cloud floating ip delete "$id" ;;
			server) osc $cloud server delete --wait "$id" ;;
			iface) osc $cloud router remove subnet "$id" "$extra" ;;
			router) osc $cloud router delete "$id" ;;
			subnet) osc $cloud subnet delete "$id" ;;
			network) osc $cloud network delete "$id" ;;
			secgroup) osc $cloud security group delete "$id" ;;
			keypair) osc $cloud keypair delete "$id" ;;
			esac >/dev/null 2>&1
		done <"$made"
	done
	: >"$made"
}
trap 'clean_up; rm -rf "$E2E_TMP"' EXIT

# leftovers: one line per resource of the project named, or tagged for, e2e-obs / e2e/obs*.
leftovers() {
	local kind
	for kind in server network subnet router "security group" "floating ip" keypair; do
		# shellcheck disable=SC2086
		osc $cloud $kind list --long -f json 2>/dev/null || osc $cloud $kind list -f json
	done | /usr/bin/python3 -c '
import json, sys
dec = json.JSONDecoder()
text = sys.stdin.read()
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    rows, i = dec.raw_decode(text, i)
    for r in rows:
        tags = r.get("Tags") or []
        tags = tags if isinstance(tags, list) else [str(tags)]
        name = r.get("Name") or ""
        if "e2e-obs" in name or any("e2e/obs" in t for t in tags):
            print(r.get("ID") or r.get("id") or name, name or r.get("Floating IP Address") or "")
'
}

before=$(leftovers)
[ -z "$before" ] || { echo "# left over before the test ran (the live test deletes what is marked):"; echo "$before" | diag; }

run_live "$live" SPARKDECK_OBSERVE_KEEP=$made

# What the openstack CLI finds with the cluster's marks, as JSON {kind: sorted ids}, the way
# `sparkdeck cluster show -o json` names kinds (interfaces as ROUTER+SUBNET, FIPs as ID>SERVER).
reference() {
	local tags=sparkdeck,sparkdeck-cluster=$ref kind sg router fip
	{
		for kind in network subnet router "security group"; do
			echo "== $kind"
			# shellcheck disable=SC2086
			osc $cloud $kind list --tags "$tags" -f json
		done
		echo "== keypair"
		osc $cloud keypair list -f json
		echo "== server"
		for id in $(osc $cloud server list --name '^e2e-obs-' -f value -c ID); do
			osc $cloud server show "$id" -f json
		done
		for sg in $(osc $cloud security group list --tags "$tags" -f value -c ID); do
			echo "== rule"
			osc $cloud security group rule list "$sg" --ingress --ethertype IPv4 -f json
		done
		for router in $(osc $cloud router list --tags "$tags" -f value -c ID); do
			echo "== iface $router"
			osc $cloud port list --router "$router" --device-owner network:router_interface -f json
		done
		for fip in $(osc $cloud floating ip list --tags "$tags" -f value -c ID); do
			echo "== fip"
			osc $cloud floating ip show "$fip" -f json
			port=$(osc $cloud floating ip show "$fip" -f value -c port_id)
			[ -n "$port" ] && osc $cloud port show "$port" -f json
		done
	} | /usr/bin/python3 -c '
import json, sys
ref = sys.argv[1]
kinds = {"network": "network", "subnet": "subnet", "router": "router", "security group": "security_group",
         "floating ip": "floating_ip", "keypair": "keypair", "server": "server", "rule": "security_group_rule"}
out = {k: [] for k in kinds.values()}
out["router_interface"] = []
dec = json.JSONDecoder()
text = sys.stdin.read()
blocks = text.split("\n== ")
blocks[0] = blocks[0][3:]
for b in blocks:
    head, _, body = b.partition("\n")
    objs, i = [], 0
    while i < len(body):
        while i < len(body) and body[i].isspace():
            i += 1
        if i >= len(body):
            break
        o, i = dec.raw_decode(body, i)
        objs.append(o)
    if head.startswith("iface "):
        for p in objs[0]:
            for ip in p["Fixed IP Addresses"]:
                out["router_interface"].append(head[6:] + "+" + ip["subnet_id"])
    elif head == "fip":
        fip = objs[0]
        server = objs[1]["device_id"] if len(objs) > 1 else ""
        out["floating_ip"].append(fip["id"] + ">" + server)
    elif head == "server":
        for s in objs:
            if (s.get("properties") or {}).get("sparkdeck-cluster") == ref:
                out["server"].append(s["id"])
    elif head == "keypair":
        out["keypair"] += [k["Name"] for k in objs[0] if k["Name"] == "sparkdeck-" + ref.replace("/", "-")]
    else:
        out[kinds[head]] += [r["ID"] for r in objs[0]]
print(json.dumps({k: sorted(v) for k, v in out.items()}, sort_keys=True))
' "$ref"
}

# The same from `sparkdeck cluster show -o json` on stdin.
shown() {
	/usr/bin/python3 -c '
import json, sys
out = {k: [] for k in ("network", "subnet", "router", "security_group", "floating_ip", "keypair", "server",
                       "security_group_rule", "router_interface")}
for r in json.load(sys.stdin)["resources"]:
    k = r["kind"]
    if k == "router_interface":
        out[k].append(r["id"] + "+" + r["subnet_id"])
    elif k == "floating_ip":
        out[k].append(r["id"] + ">" + r.get("server_id", ""))
    else:
        out[k].append(r["id"])
print(json.dumps({k: sorted(v) for k, v in out.items()}, sort_keys=True))
'
}

if sd cluster show "$ref" -o json >"$E2E_TMP/show.json" 2>"$E2E_TMP/show.err"; then
	ok "sparkdeck cluster show $ref -o json exits 0"
else
	not_ok "sparkdeck cluster show $ref -o json exits 0"
	diag <"$E2E_TMP/show.err"
fi
want=$(reference)
got=$(shown <"$E2E_TMP/show.json")
if [ -n "$want" ] && [ "$want" = "$got" ]; then
	ok "cluster show lists exactly what the openstack CLI finds marked for $ref, kind by kind"
else
	not_ok "cluster show lists exactly what the openstack CLI finds marked for $ref, kind by kind"
	{ echo "openstack: $want"; echo "sparkdeck: $got"; } | diag
fi
check "every kind is there: 1 of each, 2 rules, the floating IP on the master" /usr/bin/python3 -c '
import json, sys
d = json.loads(sys.argv[1])
n = {k: len(v) for k, v in d.items()}
want = dict.fromkeys(d, 1)
want["security_group_rule"] = 2
fip = d["floating_ip"][0].split(">") if d["floating_ip"] else ["", ""]
sys.exit(0 if n == want and fip[1] in d["server"] else 1)
' "$got"

foreign=$(osc $cloud server list --name '^e2e-obs-worker-1$' -f value -c ID)
foreign_net=$(osc $cloud network list --tags sparkdeck-cluster=e2e/obs-other -f value -c ID)
sd cluster show "$ref" >"$E2E_TMP/show.txt" 2>&1
check "the table has a header and the 10 resources" test "$(wc -l <"$E2E_TMP/show.txt")" = 11
check "the foreign server ($foreign) and network ($foreign_net) are in neither output" \
	test -n "$foreign" -a -n "$foreign_net" -a -z "$(grep -h -e "$foreign" -e "$foreign_net" "$E2E_TMP/show.txt" "$E2E_TMP/show.json")"
check "the master row says role master" grep -q "^server .* master " "$E2E_TMP/show.txt"

sd cluster show Bad/Ref >/dev/null 2>"$E2E_TMP/bad.err"
check "cluster show of a malformed ref is a usage error (exit 2)" test $? = 2
sd cluster show >/dev/null 2>&1
check "cluster show without a ref is a usage error (exit 2)" test $? = 2

clean_up
after=$(leftovers)
if [ -z "$after" ]; then
	ok "the openstack CLI finds nothing named e2e-obs* or tagged e2e/obs* left"
else
	not_ok "resources of the test remain"
	echo "$after" | diag
fi
sd cluster show "$ref" -o json >"$E2E_TMP/empty.json" 2>/dev/null
check "cluster show after the delete: exit 0, no resources" /usr/bin/python3 -c '
import json, sys
sys.exit(0 if json.load(open(sys.argv[1]))["resources"] == [] else 1)' "$E2E_TMP/empty.json"
sd cluster show "$ref" 2>"$E2E_TMP/empty.err" >/dev/null
check "and says so on stderr" grep -q "nothing of cluster $ref in project builders" "$E2E_TMP/empty.err"

e2e_finish
