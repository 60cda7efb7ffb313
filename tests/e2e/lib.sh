# Helpers for the end-to-end tests: TAP output and the reference openstack CLI; sourced.

E2E_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_CLOUDS=$E2E_TOP/tests/sandbox/clouds.yaml
E2E_N=0
E2E_FAILED=0
E2E_TMP=$(mktemp -d /tmp/sparkdeck-e2e.XXXXXX)
trap 'rm -rf "$E2E_TMP"' EXIT

ok() { E2E_N=$((E2E_N + 1)); echo "ok $E2E_N - $*"; }
not_ok() { E2E_N=$((E2E_N + 1)); E2E_FAILED=$((E2E_FAILED + 1)); echo "not ok $E2E_N - $*"; }
# check NAME CMD...: one TAP line for whether CMD succeeds.
check() { local n=$1; shift; if "$@"; then ok "$n"; else not_ok "$n"; fi; }
diag() { sed 's/^/# /' >&2; }

# osc CLOUD ARGS...: Debian's openstack CLI, kept away from pyenv and virtualenvs.
osc() {
	local cloud=$1; shift
	env -u PYTHONPATH -u VIRTUAL_ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" OS_CLOUD="$cloud" /usr/bin/openstack "$@"
}

# ids: the sorted "id"/"ID" values of a JSON array on stdin.
ids() {
	/usr/bin/python3 -c 'import json,sys; print("\n".join(sorted(o.get("id") or o.get("ID") for o in json.load(sys.stdin))))'
}

e2e_finish() {
	echo "1..$E2E_N"
	[ "$E2E_FAILED" = 0 ]
}
