# Helpers for the benchmarks: timing with medians and peak RSS; sourced.

BENCH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_CLOUDS=${BENCH_CLOUDS:-$BENCH_TOP/tests/sandbox/clouds.yaml}
SPARKDECK=${SPARKDECK:-$BENCH_TOP/build/sparkdeck}
RUNS=${RUNS:-5}

# osc ARGS...: Debian's openstack CLI with a clean environment (the peer).
osc() {
	env -u PYTHONPATH -u VIRTUAL_ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		OS_CLIENT_CONFIG_FILE="$BENCH_CLOUDS" /usr/bin/openstack "$@"
}

# measure CMD...: run CMD $RUNS times; prints "median_seconds max_rss_kb" (output discarded).
measure() {
	local i t=() rss=0 line
	for i in $(seq "$RUNS"); do
		line=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -n1)
		t+=("${line% *}")
		[ "${line#* }" -gt "$rss" ] && rss=${line#* }
	done
	printf '%s %s\n' "$(printf '%s\n' "${t[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")" "$rss"
}

# ratio A B: B / A with one decimal.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }'; }
