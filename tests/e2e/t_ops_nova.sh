# The Nova and Glance operations (src/cloud/ops.h) against the sandbox: tests/unit/test_ops_nova_live
# finds flavors, cycles a keypair, boots a server (network NULL: "auto", then "none"), reads its
# console, stops it, snapshots it, deletes image and server twice; then the openstack CLI must find
# no server, keypair or image named with the test's prefix, in builders or training.
. "$(dirname "$0")/lib.sh"

prefix=sparkdeck-live-nova-
live=$(dirname "$SPARKDECK")/tests/unit/test_ops_nova_live
if [ ! -x "$live" ]; then
	echo "Bail out! $live is not built: run 'make check' in the build directory of $SPARKDECK"
	exit 1
fi

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

# Pass the live test's TAP through, renumbered into this script's plan.
SPARKDECK_LIVE_CLOUDS=$E2E_CLOUDS CMOCKA_MESSAGE_OUTPUT=TAP "$live" >"$E2E_TMP/live.tap" 2>"$E2E_TMP/live.err"
rc=$?
results=0
while IFS= read -r line; do
	case $line in
	"ok "*) results=$((results + 1)); ok "${line#ok * - }" ;;
	"not ok "*) results=$((results + 1)); not_ok "${line#not ok * - }" ;;
	"1..0"*) not_ok "the live test skipped itself: ${line#1..0}" ;;
	"1.."*) plan=${line#1..} ;;
	"#"*) echo "$line" ;;
	esac
done <"$E2E_TMP/live.tap"
[ -s "$E2E_TMP/live.err" ] && diag <"$E2E_TMP/live.err"
check "test_ops_nova_live exited 0 (exit $rc) after ${plan:-no} planned, $results reported results" \
	test "$rc" = 0 -a "${plan:-x}" = "$results"

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
