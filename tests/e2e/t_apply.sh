# Applying cluster plans (src/flow/cluster_apply.h) on the sandbox: tests/unit/test_apply_live brings
# e2e/apply up (1 master + 2 workers), checks every resource and its marks, destroys it; stops an up
# half-way and resumes it; makes a master fail (no such flavor) and a worker run out of addresses.
# Afterwards the openstack CLI must find nothing named, described or tagged *e2e-apply* in the project.
. "$(dirname "$0")/lib.sh"

pattern=e2e-apply
live_program test_apply_live

# leftovers: one line per server, network, subnet, router, security group, floating IP or keypair of the
# sandbox-builders project whose name, description or tags hold the pattern (e2e-apply or e2e/apply).
leftovers() {
	local kind
	for kind in server network subnet router "security group" "floating ip" keypair; do
		# shellcheck disable=SC2086
		osc sandbox-builders $kind list --long -f json 2>/dev/null || osc sandbox-builders $kind list -f json
	done | /usr/bin/python3 -c '
import json, sys
pats = [sys.argv[1], sys.argv[1].replace("-", "/", 1)]
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
        if any(p in str(f) for f in fields for p in pats):
            print(r.get("ID") or r.get("id") or r.get("Name"), r.get("Name") or r.get("Floating IP Address") or "")
' "$pattern"
}

before=$(leftovers)
[ -z "$before" ] || { echo "# left over before the test ran (the test sweeps what carries its marks):"; echo "$before" | diag; }

run_live "$live"
# The applies' summaries (times, parallelism) and messages.
grep -E '^# (apply of|up 1\+2|destroy|stopp|creating|swept|teardown)' "$E2E_TMP/live.err"

after=$(leftovers)
if [ -z "$after" ]; then
	ok "the openstack CLI finds no server, network, subnet, router, security group, floating IP or keypair named, described or tagged *$pattern*"
else
	not_ok "resources named, described or tagged *$pattern* remain"
	echo "$after" | diag
fi

e2e_finish
