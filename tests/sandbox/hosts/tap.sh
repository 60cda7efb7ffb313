# Step runner for the sandbox's checks (selftest, spark-check); sourced, never run.
# shellcheck shell=bash
# Each step prints `ok N - name (1.2s)[: note]` or `not ok N - name: reason`;
# tap_finish prints the closing `N passed, N failed` line.
# The caller sets TAP_TMP to a scratch directory of its own.

TAP_N=0 TAP_PASSED=0 TAP_FAILED=0

# note TEXT: a detail for the current step's `ok` line (e.g. a measured time).
note() { printf '%s ' "$*" >>"$TAP_TMP/tap.note"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# step NAME CMD...: runs CMD in this shell (so it may set variables for later steps).
step() {
	local name=$1 t0 rc
	shift
	TAP_N=$((TAP_N + 1))
	: >"$TAP_TMP/tap.note"
	t0=$(now)
	"$@" >"$TAP_TMP/tap.out" 2>&1
	rc=$?
	local dt note
	dt=$(elapsed "$t0")
	note=$(cat "$TAP_TMP/tap.note")
	if [ $rc -eq 0 ]; then
		TAP_PASSED=$((TAP_PASSED + 1))
		echo "ok $TAP_N - $name (${dt}s)${note:+: ${note% }}"
	else
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "not ok $TAP_N - $name: ${note}$(tail -n 3 "$TAP_TMP/tap.out" | tr -s '\n' ' ')"
	fi
	return $rc
}

tap_finish() {
	echo "$TAP_PASSED passed, $TAP_FAILED failed"
	[ "$TAP_FAILED" -eq 0 ]
}
