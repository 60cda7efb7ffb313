# The Nova and Glance operations (src/cloud/ops.h) against the sandbox: tests/unit/test_ops_nova_live
# finds flavors, cycles a keypair, boots a server (network NULL: "auto", then "none"), reads its
# console, stops it, snapshots it, deletes image and server twice; then the openstack CLI must find
# no server, keypair or image named with the test's prefix, in builders or training.
. "$(dirname "$0")/lib.sh"

prefix=sparkdeck-live-nova-
live_program test_ops_nova_live

# leftovers: "KIND ID NAME" for each server, keypair or image of builders / training named with the prefix.
leftovers() {
	local cloud kind
	for cloud in sandbox-builders sandbox-training; do
		for kind in server keypair image; do
			osc $cloud $kind list -f json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for r in json.load(sys.stdin):
    name = r.get("Name") or ""
    if name.startswith(sys.argv[1]):
        print(sys.argv[2], r.get("ID") or r.get("Fingerprint") or "", name)
' "$prefix" "$cloud/$kind"
		done
	done
}

before=$(leftovers)
[ -z "$before" ] || { echo "# left over before the test ran (an earlier run was killed?):"; echo "$before" | diag; }

run_live "$live"

osc sandbox-builders server list -f json >"$E2E_TMP/servers.json" 2>"$E2E_TMP/err"
check "openstack server list -f json (sandbox-builders) answers" test -s "$E2E_TMP/servers.json"
after=$(leftovers)
if [ -z "$after" ]; then
	ok "the openstack CLI finds no server, keypair or image named $prefix* (builders, training)"
else
	not_ok "resources named $prefix* remain"
	echo "$after" | diag
fi

e2e_finish
