# The Neutron operations (src/cloud/ops.h) against the sandbox: tests/unit/test_ops_neutron_live
# builds a network, subnet, router, security group and floating IP, checks them and deletes them;
# then the openstack CLI must find nothing named, described or tagged with the test's prefix.
. "$(dirname "$0")/lib.sh"

prefix=sdtest-neutron
live_program test_ops_neutron_live

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

run_live "$live"

after=$(leftovers)
if [ -z "$after" ]; then
	ok "the openstack CLI finds no network, subnet, router, security group or floating IP left by the test"
else
	not_ok "resources named, described or tagged $prefix* remain"
	echo "$after" | diag
fi

e2e_finish
