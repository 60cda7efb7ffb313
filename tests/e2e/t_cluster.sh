# `sparkdeck cluster plan|up|update|down` against the sandbox, checked with the openstack CLI: bad specs are
# refused before anything is made; up 1+3 with the marks and a floating IP on the master; up again changes
# nothing; update to 5 workers, then to 2 (the highest indexes go); a changed spec and a stale plan are
# refused; a foreign server named like a worker is never touched; kill -9 during an up, then up again, makes
# no duplicates; down (without the spec, too) leaves nothing named or tagged for the clusters.
# Only the clusters e2e/c1 and e2e/c2 are used: other tests may run in the same project meanwhile.
. "$(dirname "$0")/lib.sh"

cloud=sandbox-builders
foreign=e2e-c1-worker-9
export XDG_STATE_HOME=$E2E_TMP/state
clusters=$E2E_TMP/clusters
plans=$XDG_STATE_HOME/sparkdeck/plans
t0=$(date +%s)
py() { /usr/bin/python3 "$@"; }
sdbin() { OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" "$SPARKDECK" --os-cloud "$cloud" "$@"; }
# sd ARGS...: sparkdeck on the sandbox with the test's specs ($CLUSTERS overrides them).
sd() { sdbin "$@" --clusters-dir "${CLUSTERS:-$clusters}"; }
# run NAME ARGS...: sd ARGS with stdout in $E2E_TMP/NAME.out, stderr in .err; sets $rc.
run() { local n=$1; shift; sd "$@" >"$E2E_TMP/$n.out" 2>"$E2E_TMP/$n.err" </dev/null; rc=$?; }
elapsed() { echo "$(($(date +%s) - t0)) s"; }

# spec DIR NAME WORKERS CIDR: the shipped example adapted to the sandbox, as DIR/e2e/NAME.conf.
ssh-keygen -q -t ed25519 -N '' -C sparkdeck-e2e -f "$E2E_TMP/id_e2e" || { echo "Bail out! ssh-keygen failed"; exit 1; }
spec() {
	mkdir -p "$1/e2e"
	sed -e 's|^image = .*|image = "debian-12-base";|' -e 's|^master_flavor = .*|master_flavor = "m1.tiny";|' \
		-e 's|^worker_flavor = .*|worker_flavor = "m1.tiny";|' -e "s|^workers = .*|workers = $3;|" \
		-e "s|cidr = \"10.42.0.0/24\"|cidr = \"$4\"|" -e "s|public_key = \"ld14.pub\"|public_key = \"$E2E_TMP/id_e2e.pub\"|" \
		-e 's|worker_cores = 2;|worker_cores = 1;|' -e 's|worker_memory = "3g";|worker_memory = "256m";|' \
		"$E2E_TOP/examples/clusters/spark/ld14.conf" >"$1/e2e/$2.conf"
}
# workers NAME N: set the number of workers of e2e/NAME.
workers() { sed -i "s|^workers = .*|workers = $2;|" "$clusters/e2e/$1.conf"; }

# servers NAME: "NAME STATUS CLUSTER ROLE INDEX" of every server named e2e-NAME-*, sorted ("-": no such metadata).
servers() {
	osc $cloud server list --long -f json --name "^e2e-$1-" | py -c '
import json, sys
for s in sorted(json.load(sys.stdin), key=lambda s: s["Name"]):
    p = s.get("Properties") or {}
    p = p if isinstance(p, dict) else {}
    print(s["Name"], s["Status"], p.get("sparkdeck-cluster", "-"), p.get("sparkdeck-role", "-"), p.get("sparkdeck-index", "-"))'
}
# ours NAME: the names of the servers of e2e/NAME (by metadata), one a line, sorted.
ours() { servers "$1" | awk -v c="e2e/$1" '$3 == c {print $1}'; }

# leftovers [KIND...]: "KIND ID NAME" of each resource whose name, description or tags hold e2e-c1, e2e/c1,
# e2e-c2 or e2e/c2 -- the foreign server aside (default kinds: all sparkdeck makes).
leftovers() {
	local kind
	[ $# -gt 0 ] || set -- server network subnet router "security group" "floating ip" keypair
	for kind in "$@"; do
		# shellcheck disable=SC2086
		{ osc $cloud $kind list --long -f json 2>/dev/null || osc $cloud $kind list -f json 2>/dev/null ||
			echo '[{"Name": "cannot list: the openstack CLI failed", "Description": "e2e-c1"}]'; } | py -c '
import json, re, sys
pat = re.compile(r"e2e[-/]c[12]\b")
for r in json.load(sys.stdin):
    tags = r.get("Tags") or []
    fields = [r.get("Name") or "", r.get("Description") or ""] + (tags if isinstance(tags, list) else [str(tags)])
    name = r.get("Name") or r.get("Floating IP Address") or ""
    if name != sys.argv[2] and any(pat.search(str(f)) for f in fields):
        print(sys.argv[1].replace(" ", "-"), r.get("ID") or r.get("Name"), name)
' "$kind" "$foreign"
	done
}

# sweep: what the openstack CLI can delete of the two clusters (by their names and tags), and the foreign server.
sweep() {
	local c id r s
	for id in $(osc $cloud server list -f value -c ID --name '^e2e-c[12]-'); do osc $cloud server delete --wait "$id"; done
	for c in e2e/c1 e2e/c2; do
		for id in $(osc $cloud floating ip list --tags "sparkdeck-cluster=$c" -f value -c ID); do
			osc $cloud floating ip delete "$id"
		done
		for r in $(osc $cloud router list --tags "sparkdeck-cluster=$c" -f value -c ID); do
			for s in $(osc $cloud subnet list --tags "sparkdeck-cluster=$c" -f value -c ID); do
				osc $cloud router remove subnet "$r" "$s" 2>/dev/null
			done
			osc $cloud router delete "$r"
		done
		for id in $(osc $cloud network list --tags "sparkdeck-cluster=$c" -f value -c ID); do osc $cloud network delete "$id"; done
		for id in $(osc $cloud security group list --tags "sparkdeck-cluster=$c" -f value -c ID); do
			osc $cloud security group delete "$id"
		done
		osc $cloud keypair delete "sparkdeck-${c/\//-}" 2>/dev/null
	done
} >/dev/null 2>&1

# On any exit: take the clusters down with sparkdeck, then sweep with the openstack CLI unless all was clean.
clean=0
cleanup() {
	local c
	if [ "$clean" != 1 ]; then
		for c in c1 c2; do
			sd cluster plan "e2e/$c" --to destroy >/dev/null 2>&1 && sd cluster down "e2e/$c" --yes >/dev/null 2>&1
		done
		sweep
	fi
	osc $cloud server delete --wait "$foreign" >/dev/null 2>&1
	rm -rf "$E2E_TMP"
}
trap cleanup EXIT

before=$(leftovers)
if [ -n "$before" ]; then
	echo "# left over before the test ran (swept):"; echo "$before" | diag
	sweep
	osc $cloud server delete --wait "$foreign" >/dev/null 2>&1
fi

# ---- bad input: refused before anything is created ----
bad=$E2E_TMP/bad
# refused NAME RC PATTERN ARGS...: sd ARGS exits RC with PATTERN on stderr.
refused() {
	local n=$1 want=$2 pat=$3; shift 3
	run refused "$@"
	if [ "$rc" = "$want" ] && grep -q -- "$pat" "$E2E_TMP/refused.err"; then
		ok "$n (exit $rc)"
	else
		not_ok "$n (exit $rc, want $want)"; diag <"$E2E_TMP/refused.err"
	fi
}
export CLUSTERS=$bad
spec "$bad" c1 3 10.93.0.0/24
sed -i 's|^image = .*|image = "no-such-image";|' "$bad/e2e/c1.conf"
refused "a spec naming an image that does not exist is refused, naming it" 3 "image: no image named 'no-such-image'" \
	cluster up e2e/c1 --yes
spec "$bad" c1 3 10.93.0.0/24
sed -i 's|^image = .*|image = "e2e-none/1.0";|' "$bad/e2e/c1.conf"
refused "a recipe ref not built yet says to build it first" 3 "build it first: sparkdeck image build e2e-none/1.0" \
	cluster plan e2e/c1
spec "$bad" c1 3 10.93.0.0/24
sed -i 's|^worker_flavor = .*|worker_flavor = "m1.no-such-flavor";|' "$bad/e2e/c1.conf"
refused "a spec naming a flavor that does not exist is refused, naming it" 3 \
	"worker_flavor: flavor 'm1.no-such-flavor' not found" cluster up e2e/c1 --yes
spec "$bad" c1 3 10.93.0.0/24
sed -i 's|external_network = "public"|external_network = "no-such-net"|' "$bad/e2e/c1.conf"
refused "a spec naming an external network that does not exist is refused, naming it" 3 \
	"no network named 'no-such-net'.*external networks: public" cluster up e2e/c1 --yes
spec "$bad" c1 100 10.93.0.0/24
refused "100 workers exceed the instances quota: refused with the numbers" 3 \
	"would exceed its project's quota: the plan needs 101 more instances but the project has [0-9]* of [0-9]* left" \
	cluster up e2e/c1 --yes
spec "$bad" c1 3 10.93.0.0/24
spec "$bad" c1-x 1 10.93.0.0/24
mkdir -p "$bad/e2e-c1" && cp "$bad/e2e/c1-x.conf" "$bad/e2e-c1/x.conf"
refused "two specs claiming one cluster name (e2e/c1-x, e2e-c1/x) are refused, naming both files" 3 \
	"e2e/c1-x.conf and .*e2e-c1/x.conf claim the same cluster name" \
	cluster up e2e/c1-x --yes
refused "a spec that does not exist: the path looked at" 3 "$bad/e2e/c9.conf" cluster up e2e/c9 --yes
refused "a malformed ref: exit 2" 2 "KIND/NAME" cluster up E2E/C1 --yes
unset CLUSTERS
check "... and nothing was created" test -z "$(leftovers server network)"

# ---- a foreign server named like a worker of e2e/c1, without sparkdeck's metadata ----
osc $cloud --os-compute-api-version 2.37 server create --image debian-12-base --flavor m1.tiny --nic none --wait \
	"$foreign" -f value -c status >"$E2E_TMP/foreign" 2>&1
if grep -qx ACTIVE "$E2E_TMP/foreign"; then ok "a foreign server $foreign is ACTIVE"
else not_ok "a foreign server $foreign is ACTIVE"; diag <"$E2E_TMP/foreign"; fi
foreign_id=$(osc $cloud server show "$foreign" -f value -c id 2>/dev/null)

# ---- up 1+3 ----
spec "$clusters" c1 3 10.93.0.0/24
run up cluster up e2e/c1 --yes -o json
check "cluster up e2e/c1 --yes succeeds ($(elapsed))" test "$rc" = 0
[ "$rc" = 0 ] || diag <"$E2E_TMP/up.err"
check "... with a progress line per action on stderr ([N/15] + server e2e-c1-worker-2 ... done)" \
	grep -qE '^\[[0-9]+/15\] \+ server e2e-c1-worker-2 \.\.\. done$' "$E2E_TMP/up.err"
jget() { py -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"j": j}))' "$@" 2>/dev/null; }
fixed=$(jget "$E2E_TMP/up.out" 'j["master"]["fixed"]')
floating=$(jget "$E2E_TMP/up.out" 'j["master"]["floating"]')
check "... and prints the master's addresses as JSON ($fixed, $floating; 15 actions)" \
	test -n "$fixed" -a -n "$floating" -a "$(jget "$E2E_TMP/up.out" 'j["actions"]')" = 15 \
	-a "$(jget "$E2E_TMP/up.out" 'j["cluster"]')" = e2e/c1
servers c1 >"$E2E_TMP/servers"
want="e2e-c1-master ACTIVE e2e/c1 master -
e2e-c1-worker-1 ACTIVE e2e/c1 worker 1
e2e-c1-worker-2 ACTIVE e2e/c1 worker 2
e2e-c1-worker-3 ACTIVE e2e/c1 worker 3
$foreign ACTIVE - - -"
if [ "$(cat "$E2E_TMP/servers")" = "$want" ]; then
	ok "the openstack CLI shows 4 servers ACTIVE with their cluster, role and index metadata (and the foreign one)"
else
	not_ok "the openstack CLI shows 4 servers ACTIVE with their metadata"; diag <"$E2E_TMP/servers"
fi
osc $cloud floating ip list --long -f json --tags sparkdeck-cluster=e2e/c1 >"$E2E_TMP/fips"
check "the master has the cluster's one floating IP ($floating on $fixed)" test "$(py -c '
import json, sys
v = json.load(open(sys.argv[1]))
print(len(v), v[0]["Floating IP Address"], v[0]["Fixed IP Address"])' "$E2E_TMP/fips" 2>/dev/null)" = "1 $floating $fixed"
check "network, subnet, router, security group and keypair exist as the openstack CLI sees them" test "$(
	leftovers network subnet router "security group" keypair | awk '{print $1, $3}' | sort | tr '\n' ' ')" = \
	"keypair sparkdeck-e2e-c1 network sparkdeck-e2e-c1 router sparkdeck-e2e-c1 security-group sparkdeck-e2e-c1 subnet sparkdeck-e2e-c1 "

run again cluster up e2e/c1 --yes
check "cluster up again: 'No changes.', exit 0, the master's addresses" \
	eval 'test "$rc" = 0 && grep -qx "No changes." "$E2E_TMP/again.err" && grep -q "e2e-c1-master  *$fixed  *$floating  *0$" "$E2E_TMP/again.out"'

# ---- update to 5, then to 2 ----
workers c1 5
run plan5 cluster plan e2e/c1 --to update
check "cluster plan --to update (5 workers): 2 to add, saved to the default file" \
	eval 'test "$rc" = 0 && grep -qx "Plan: 2 to add, 0 to change, 0 to destroy." "$E2E_TMP/plan5.out" &&
	grep -q "saved to $plans/e2e-c1.json" "$E2E_TMP/plan5.err"'
check "... the file is 0600 in a 0700 directory" \
	test "$(stat -c %a "$plans/e2e-c1.json" 2>/dev/null) $(stat -c %a "$plans" 2>/dev/null)" = "600 700"
check "... and holds no private key or token" eval '! grep -qiE "PRIVATE KEY|token|password" "$plans/e2e-c1.json"'
refused "cluster down with an update plan saved: exit 3, what it is" 3 "a plan to update, not to destroy" \
	cluster down e2e/c1 --yes
run update5 cluster update e2e/c1 --yes
check "cluster update --yes applies it ($(elapsed))" test "$rc" = 0
[ "$rc" = 0 ] || diag <"$E2E_TMP/update5.err"
check "... 6 servers of e2e/c1 now" test "$(ours c1 | wc -l)" = 6
check "... and the saved plan is gone" test ! -e "$plans/e2e-c1.json"
refused "cluster update again: no saved plan, exit 3 naming the file" 3 "no saved plan at $plans/e2e-c1.json" \
	cluster update e2e/c1 --yes

workers c1 2
run plan2 cluster plan e2e/c1 --to update
check "cluster plan --to update (2 workers): workers 5, 4, 3 to destroy" \
	eval 'test "$rc" = 0 && grep -qx "Plan: 0 to add, 0 to change, 3 to destroy." "$E2E_TMP/plan2.out"'
run update2 cluster update e2e/c1 --yes
check "cluster update --yes: the master and workers 1 and 2 are left (the highest indexes went)" \
	test "$rc/$(ours c1 | tr '\n' ' ')" = "0/e2e-c1-master e2e-c1-worker-1 e2e-c1-worker-2 "

# ---- a changed spec, a stale plan ----
workers c1 3
run plan3 cluster plan e2e/c1 --to update
workers c1 4
refused "a spec changed since the plan: refused, exit 3" 3 "changed since the plan" cluster update e2e/c1 --yes
workers c1 3
osc $cloud server delete --wait e2e-c1-worker-2 >/dev/null 2>&1
refused "a worker deleted behind sparkdeck's back: the saved plan is stale, exit 3, what changed" 3 \
	"the cloud changed since it was made: server e2e-c1-worker-2 is gone" cluster update e2e/c1 --yes
check "... and nothing was applied (master and worker 1)" \
	test "$(ours c1 | tr '\n' ' ')" = "e2e-c1-master e2e-c1-worker-1 "
run replan cluster plan e2e/c1 --to update
run update3 cluster update e2e/c1 --yes
check "planned again, the update puts worker 2 back and adds worker 3" \
	test "$rc/$(ours c1 | tr '\n' ' ')" = "0/e2e-c1-master e2e-c1-worker-1 e2e-c1-worker-2 e2e-c1-worker-3 "

# ---- kill -9 during an up of e2e/c2, then up again ----
spec "$clusters" c2 2 10.94.0.0/24
sdbin cluster up e2e/c2 --yes --clusters-dir "$clusters" >"$E2E_TMP/c2.out" 2>"$E2E_TMP/c2.err" </dev/null &
pid=$!
for _ in $(seq 600); do grep -qE '^\[[0-9]+/[0-9]+\] \+ server ' "$E2E_TMP/c2.err" && break; sleep 0.1; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
killed=$?
check "cluster up e2e/c2 killed with -9 once a server was being made (exit $killed)" \
	grep -qE '^\[[0-9]+/[0-9]+\] \+ server ' "$E2E_TMP/c2.err"
# A boot request Nova was reading when the process died still makes its server: let it land first.
sleep 3
run c2 cluster up e2e/c2 --yes -o json
check "cluster up e2e/c2 again completes ($(elapsed))" test "$rc" = 0
[ "$rc" = 0 ] || diag <"$E2E_TMP/c2.err"
check "... with only what was left planned (fewer than the 14 actions of a fresh up)" \
	py -c 'import json,sys; sys.exit(0 if 0 < json.load(open(sys.argv[1]))["actions"] < 14 else 1)' "$E2E_TMP/c2.out"
names=$(osc $cloud server list -f value -c Name --name '^e2e-c2-' | sort)
check "... and no duplicate: one server of each name ($(echo "$names" | tr '\n' ' '))" \
	test "$(echo "$names" | tr '\n' ' ')" = "e2e-c2-master e2e-c2-worker-1 e2e-c2-worker-2 "
check "... one network, subnet, router and security group" test "$(
	leftovers network subnet router "security group" | awk '$3 == "sparkdeck-e2e-c2" {print $1}' | sort | tr '\n' ' ')" = \
	"network router security-group subnet "

# ---- down ----
run destroy1 cluster plan e2e/c1 --to destroy
mv "$clusters/e2e/c1.conf" "$E2E_TMP/c1.conf.away"
run down1 cluster down e2e/c1 --yes
check "cluster down e2e/c1 without its spec file: exit 0 (plan: $(tail -1 "$E2E_TMP/destroy1.out"))" test "$rc" = 0
[ "$rc" = 0 ] || diag <"$E2E_TMP/down1.err"
run destroy2 cluster plan e2e/c2 --to destroy
run down2 cluster down e2e/c2 --yes
check "cluster plan e2e/c2 --to destroy, then cluster down --yes: exit 0" test "$rc" = 0
[ "$rc" = 0 ] || diag <"$E2E_TMP/down2.err"
check "the foreign server $foreign was never touched" \
	test "$(osc $cloud server show "$foreign" -f value -c id -c status 2>/dev/null | tr '\n' ' ')" = "$foreign_id ACTIVE "
after=$(leftovers)
if [ -z "$after" ]; then
	clean=1
	ok "nothing named or tagged e2e-c1, e2e/c1, e2e-c2 or e2e/c2 is left (servers, networks, subnets, routers, security groups, floating IPs, keypairs)"
else
	not_ok "resources of e2e/c1 or e2e/c2 remain"; echo "$after" | diag
fi
echo "# t_cluster.sh ran in $(elapsed)"
e2e_finish
