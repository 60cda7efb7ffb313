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

# live_program NAME: set $live to the live test program tests/unit/NAME next to $SPARKDECK; bail out if not built.
live_program() {
	live=$(dirname "$SPARKDECK")/tests/unit/$1
	if [ ! -x "$live" ]; then
		echo "Bail out! $live is not built: run 'make check' in the build directory of $SPARKDECK"
		exit 1
	fi
}

# run_live PROGRAM [VAR=VALUE...]: run a live test program against the sandbox and pass its TAP
# through, renumbered into this script's plan; then one result for its exit status and count.
# Its stderr is left in $E2E_TMP/live.err (shown when it failed).
run_live() {
	local prog=$1 line rc results=0 plan= start
	shift
	start=$(date +%s)
	env "$@" SPARKDECK_LIVE_CLOUDS="$E2E_CLOUDS" CMOCKA_MESSAGE_OUTPUT=TAP "$prog" \
		>"$E2E_TMP/live.tap" 2>"$E2E_TMP/live.err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) results=$((results + 1)); ok "${line#ok * - }" ;;
		"not ok "*) results=$((results + 1)); not_ok "${line#not ok * - }" ;;
		"1..0"*) not_ok "the live test skipped itself: ${line#1..0}" ;;
		"1.."*) plan=${line#1..} ;;
		"#"*) echo "$line" ;;
		esac
	done <"$E2E_TMP/live.tap"
	[ "$rc" = 0 ] || diag <"$E2E_TMP/live.err"
	check "$(basename "$prog") exited 0 (exit $rc) after ${plan:-no} planned, $results reported results in $(($(date +%s) - start)) s" \
		test "$rc" = 0 -a "${plan:-x}" = "$results"
}
