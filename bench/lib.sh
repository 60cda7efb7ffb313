# Helpers for the benchmarks: timing with medians and peak RSS; sourced.

BENCH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_CLOUDS=${BENCH_CLOUDS:-$BENCH_TOP/tests/sandbox/clouds.yaml}
SPARKDECK=${SPARKDECK:-$BENCH_TOP/build/sparkdeck}
RUNS=${RUNS:-5}

# The peer: Debian's openstack CLI with a clean environment (a command, so `measure` can run it).
osc() { "${OSC[@]}" "$@"; }
osc_init() {
	OSC=(env -u PYTHONPATH -u VIRTUAL_ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin
		OS_CLIENT_CONFIG_FILE="$BENCH_CLOUDS" /usr/bin/openstack)
}
osc_init

# measure CMD...: run CMD $RUNS times; prints "median_seconds max_rss_kb" (output discarded;
# wall time from the shell's microsecond clock, peak RSS from GNU time).
measure() {
	local i t=() rss=0 line f
	f=$(mktemp)
	for i in $(seq "$RUNS"); do
		local t0=$EPOCHREALTIME
		/usr/bin/time -o "$f" -f '%M' "$@" >/dev/null 2>&1
		t+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')")
		line="x $(tail -n1 "$f")"
		[ "${line#* }" -gt "$rss" ] && rss=${line#* }
	done
	rm -f "$f"
	printf '%s %s\n' "$(printf '%s\n' "${t[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")" "$rss"
}

# ratio A B: B / A with one decimal.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }'; }
