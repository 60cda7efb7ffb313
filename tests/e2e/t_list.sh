# `sparkdeck list ... -o json` returns exactly what the openstack CLI returns (ids compared).
. "$(dirname "$0")/lib.sh"

sd() { OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" "$SPARKDECK" "$@"; }

# Two servers tagged as a cluster and one untagged, made with the reference CLI.
net=e2e-list-net
osc sandbox-builders network create "$net" -f value -c id >/dev/null || diag <<<"network create failed"
osc sandbox-builders subnet create --network "$net" --subnet-range 10.77.0.0/24 e2e-list-sub >/dev/null
for n in master worker-1; do
	osc sandbox-builders server create --flavor m1.small --image debian-12-base --network "$net" \
		--property sparkdeck-cluster=e2e/list --property "sparkdeck-role=${n%-1}" "e2e-list-$n" >/dev/null
done
osc sandbox-builders server create --flavor m1.small --image debian-12-base --network "$net" \
	e2e-list-plain --wait >/dev/null
cleanup() {
	osc sandbox-builders server delete --wait e2e-list-master e2e-list-worker-1 e2e-list-plain 2>/dev/null
	osc sandbox-builders subnet delete e2e-list-sub 2>/dev/null
	osc sandbox-builders network delete "$net" 2>/dev/null
}
trap 'cleanup; rm -rf "$E2E_TMP"' EXIT

# same_ids NAME MIN CLOUD SD-ARGS -- OSC-ARGS: both succeed, list the same ids, at least MIN of them.
same_ids() {
	local name=$1 min=$2 cloud=$3 sd_args=() n; shift 3
	while [ "$1" != -- ]; do sd_args+=("$1"); shift; done; shift
	if ! sd --os-cloud "$cloud" "${sd_args[@]}" -o json >"$E2E_TMP/a.json" 2>"$E2E_TMP/a.err"; then
		not_ok "$name: sparkdeck failed"; diag <"$E2E_TMP/a.err"; return
	fi
	if ! osc "$cloud" "$@" -f json >"$E2E_TMP/b.json" 2>"$E2E_TMP/b.err"; then
		not_ok "$name: the openstack CLI failed"; diag <"$E2E_TMP/b.err"; return
	fi
	ids <"$E2E_TMP/a.json" >"$E2E_TMP/a"
	ids <"$E2E_TMP/b.json" >"$E2E_TMP/b"
	n=$(grep -c . "$E2E_TMP/a")
	if [ "$n" -ge "$min" ] && cmp -s "$E2E_TMP/a" "$E2E_TMP/b"; then
		ok "$name ($n ids)"
	else
		not_ok "$name ($n ids, at least $min wanted)"; diff "$E2E_TMP/a" "$E2E_TMP/b" | diag
	fi
}

for cloud in sandbox-builders sandbox-training; do
	same_ids "$cloud: list projects = openstack project list --my-projects" 1 "$cloud" \
		list projects -- project list --my-projects
	same_ids "$cloud: list images = openstack image list --member-status all" 1 "$cloud" \
		list images -- image list --member-status all
done
same_ids "sandbox-builders: list servers = openstack server list" 3 sandbox-builders \
	list servers -- server list
same_ids "sandbox-training: list servers = openstack server list" 0 sandbox-training \
	list servers -- server list

sd --os-cloud sandbox-builders list clusters -o json >"$E2E_TMP/clusters.json"
check "list clusters groups the tagged servers, master first" /usr/bin/python3 - "$E2E_TMP/clusters.json" <<'PY'
import json, sys
cs = {c["name"]: c for c in json.load(open(sys.argv[1]))}
c = cs["e2e/list"]
names = [s["name"] for s in c["servers"]]
assert names == ["e2e-list-master", "e2e-list-worker-1"], names
assert c["workers"] == 1
assert "e2e-list-plain" in [s["name"] for s in cs[""]["servers"]]
PY

sd --os-cloud sandbox-builders list servers >"$E2E_TMP/table"
check "list servers prints a table with a header and the servers" \
	grep -q '^ID  *NAME  *STATUS' "$E2E_TMP/table"
check "the table shows each server's network address" grep -q "e2e-list-plain .*$net=10.77.0." "$E2E_TMP/table"

e2e_finish
