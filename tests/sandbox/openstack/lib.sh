# sb_step TITLE CMD...: runs CMD and prints one line with the title and its duration.
sb_step() {
	local title=$1 t0 rc=0
	shift
	t0=$(date +%s.%N)
	"$@" || rc=$?
	printf '%s %-28s %6.1fs%s\n' "$(date +%H:%M:%S)" "$title" \
		"$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" \
		"$([ "$rc" -eq 0 ] || echo "  FAILED (rc $rc)")" >&2
	return "$rc"
}
