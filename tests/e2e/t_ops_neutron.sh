# The Neutron operations (src/cloud/ops.h) against the sandbox: tests/unit/test_ops_neutron_live
# builds a network, subnet, router, security group and floating IP, checks them and deletes them;
# then the openstack CLI must find nothing named, described or tagged with the test's prefix.
. "$(dirname "$0")/lib.sh"

prefix=sdtest-neutron
live=$(dirname "$SPARKDECK")/tests/unit/test_ops_neutron_live
if [ ! -x "$live" ]; then
	echo "Bail out! $live is not built: run 'make check' in the build directory of $SPARKDECK"
	exit 1
fi

# leftovers: one line per resource of the sandbox-builders project that carries the prefix.
leftovers() {
	local kind
	for kind in network subnet router "security group" "floating ip"; do
		# shellcheck disable=SC2086
		osc sandbox-builders $kind list --long -f json 2>/dev/null || osc sandbox-builders $kind list -f json
	done | /usr/bin/python3 -c '
import json, sys
prefix = sys.argv[1]
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
        fields = [r.get("Name") or "", r.get("Description") or ""] + (tags if isinstance(tags, list) else [str(tags)])
        if any(str(f).startswith(prefix) for f in fields):
            print(r.get("ID") or r.get("id"), r.get("Name") or r.get("Floating IP Address") or "")
' "$prefix"
}

before=$(leftovers)
[ -z "$before" ] || { echo "# left over before the test ran:"; echo "$before" | diag; }

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
check "test_ops_neutron_live exited 0 (exit $rc) after ${plan:-no} planned, $results reported results" \
	test "$rc" = 0 -a "${plan:-x}" = "$results"

after=$(leftovers)
if [ -z "$after" ]; then
	ok "the openstack CLI finds no network, subnet, router, security group or floating IP left by the test"
else
	not_ok "resources named, described or tagged $prefix* remain"
	echo "$after" | diag
fi

e2e_finish
