#!/bin/sh
# Drive the real binary in a real terminal (tmux): first frame, keys, resize, idle
# without wakeups, and the terminal restored after q, Ctrl-C and SIGTERM. Prints TAP.
#
#   tests/tui/tmux.sh
#
# Environment: SPARKDECK (default ./sparkdeck, else the top of the tree), PYTHON.
# Skipped (TAP "# SKIP") when tmux is not installed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
if [ -z "${SPARKDECK:-}" ]; then
	SPARKDECK=./sparkdeck
	[ -x "$SPARKDECK" ] || SPARKDECK=$top/sparkdeck
fi
case $SPARKDECK in /*) ;; *) SPARKDECK=$(pwd)/$SPARKDECK ;; esac

plan=15
echo "1..$plan"
if ! command -v tmux >/dev/null 2>&1; then
	i=0
	while [ $i -lt $plan ]; do i=$((i + 1)); echo "ok $i # SKIP tmux is not installed"; done
	exit 0
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/sparkdeck-tmux.XXXXXX")
runs=0
sock=$dir/tmux-0
tm() { tmux -S "$sock" -f /dev/null "$@"; }
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -f "$dir/screen" ] && sed 's/^/# | /' "$dir/screen"
}
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
cleanup() {
	i=0
	while [ $i -le $runs ]; do tmux -S "$dir/tmux-$i" kill-server 2>/dev/null; i=$((i + 1)); done
	[ -n "${fcpid:-}" ] && kill "$fcpid" 2>/dev/null
	[ "${TUI_KEEP:-}" = 1 ] && echo "# kept $dir" || rm -rf "$dir"
}
trap cleanup EXIT

# screen: capture the pane into $dir/screen.
screen() { tm capture-pane -p -t t >"$dir/screen" 2>/dev/null; }
# wait_for PATTERN [TENTHS]: wait until the pane shows PATTERN (grep -E); 1 if it never does.
wait_for() {
	tries=0
	while [ $tries -lt "${2:-100}" ]; do
		screen
		grep -Eq "$1" "$dir/screen" && return 0
		tries=$((tries + 1))
		sleep 0.1
	done
	return 1
}

"$python" "$top/tests/fakecloud/fakecloud.py" --servers 8 --write-clouds-yaml "$dir/clouds.yaml" \
	>"$dir/fakecloud.out" 2>"$dir/fakecloud.log" &
fcpid=$!
tries=0
while ! grep -q '^PORT' "$dir/fakecloud.out" 2>/dev/null && [ $tries -lt 100 ]; do tries=$((tries + 1)); sleep 0.1; done
printf 'refresh_seconds = 0;\n' >"$dir/sparkdeck.conf"
mkdir -p "$dir/home"

# The shell in the pane: terminal modes before and after, the exit status, then stay.
cat >"$dir/inner.sh" <<INNER
trap : INT
cd "$dir"
[ -f extra.env ] && . ./extra.env
stty -g >stty.before
HOME=$dir/home XDG_CONFIG_HOME=$dir/home/.config LC_ALL=C.UTF-8 LANG=C.UTF-8 \\
OS_CLIENT_CONFIG_FILE=$dir/clouds.yaml OS_CLOUD=fake SPARKDECK_CONFIG=$dir/sparkdeck.conf \\
sh -c 'echo \$\$ >pid; exec "\$0"' "$SPARKDECK" 2>stderr
echo \$? >exit.code
stty -g >stty.after
echo "SHELL-AGAIN exit=\$(cat exit.code)"
exec sleep 600
INNER

# start [ASSIGNMENT]: run sparkdeck in a fresh 100x30 pane (with, e.g., NO_COLOR=1 exported).
start() {
	rm -f "$dir/extra.env"
	[ $# -gt 0 ] && echo "export $1" >"$dir/extra.env"
	rm -f "$dir/exit.code" "$dir/stty.before" "$dir/stty.after" "$dir/pid"
	tm kill-server 2>/dev/null
	runs=$((runs + 1))
	sock=$dir/tmux-$runs
	tm new-session -d -s t -x 100 -y 30 "sh $dir/inner.sh"
}
# restored WHY: sparkdeck ended with status 0 (or the given one) and left the terminal as it found it.
restored() {
	wait_for 'SHELL-AGAIN' 100 || return 1
	[ "$(cat "$dir/exit.code")" = "${1:-0}" ] && cmp -s "$dir/stty.before" "$dir/stty.after" &&
		! grep -q 'sparkdeck  1 projects' "$dir/screen"
}
# wakeups: voluntary context switches of sparkdeck so far.
wakeups() { sed -n 's/^voluntary_ctxt_switches:[^0-9]*//p' "/proc/$(cat "$dir/pid")/status"; }

start
check "first frame: clusters view with the fake's cluster and the status line" \
	"wait_for 'servers loaded [0-9]+s ago' && grep -q '\[3 clusters\]' '$dir/screen' && grep -q 'spark/fake' '$dir/screen' && grep -q 'cloud fake | project builders | region RegionOne' '$dir/screen'"
if [ -f "/proc/$(cat "$dir/pid" 2>/dev/null)/status" ]; then
	# Idle: once the startup work (loads, the look for builds left behind) is over, no spinner.
	wait_for 'servers loaded [0-9]+s ago *$' >/dev/null
	sleep 0.5
	w1=$(wakeups); sleep 2; w2=$(wakeups)
	check "idle: no wakeups in 2 s (got $((w2 - w1)))" "[ $((w2 - w1)) -le 1 ]"
else
	n=$((n + 1)); echo "ok $n # SKIP no /proc"
fi
tm send-keys -t t 2
check "2 shows the images view" "wait_for '\[2 images\]' && wait_for 'debian-12-base'"
tm send-keys -t t j
check "j moves the cursor" "wait_for ' 2/2 *\$' && grep -q '^>vsnap' '$dir/screen'"
tm send-keys -t t '?'
check "? shows the help" "wait_for '\[\? help\]' && grep -q '<BackTab> *previous view' '$dir/screen'"
tm send-keys -t t q
check "q in the help goes back" "wait_for '\[2 images\]'"
tm resize-window -t t -x 80 -y 24
check "resized to 80x24: the frame is laid out again" \
	"wait_for '^ sparkdeck .*2/2 *\$' && [ \$(awk '{ if (length(\$0) > m) m = length(\$0) } END { print m + 0 }' '$dir/screen') -le 80 ] && sed -n 23p '$dir/screen' | grep -q '^ cloud fake'"
tm resize-window -t t -x 70 -y 20
check "below 80x24: terminal too small" "wait_for 'terminal too small: 70x20'"
tm resize-window -t t -x 100 -y 30
tm send-keys -t t q
check "q quits with status 0 and the terminal restored" "restored"

start
wait_for 'servers loaded' >/dev/null
tm send-keys -t t C-c
check "Ctrl-C quits and restores the terminal" "restored"

start
wait_for 'servers loaded' >/dev/null
kill -TERM "$(cat "$dir/pid")"
check "SIGTERM quits and restores the terminal" "restored"

start
tm send-keys -t t 1
wait_for 'projects loaded' >/dev/null
tm send-keys -t t : p r o j e c t ' ' t r a i n i n g Enter
check ":project training switches the scope" "wait_for 'project training .*images|switched to project training'"
tm send-keys -t t : q Enter
check ":q quits and restores the terminal" "restored"

# colours: whether the pane shows a foreground or background colour (SGR 30-37 / 40-47).
esc=$(printf '\033')
colours() {
	tm capture-pane -e -p -t t >"$dir/screen-e" 2>/dev/null
	grep -Eq "$esc\\[([0-9;]*;)?[34][0-7](;[0-9;]*)?m" "$dir/screen-e"
}
start
wait_for 'servers loaded' >/dev/null
check "colours when the terminal has them" "colours"
tm send-keys -t t q
restored >/dev/null
start NO_COLOR=1
wait_for 'servers loaded' >/dev/null
check "NO_COLOR: no colours, the cursor row still in reverse video" \
	"! colours && grep -q '$esc\\[[0-9;]*7[;m]' '$dir/screen-e'"
tm send-keys -t t q
restored >/dev/null

[ $failed -eq 0 ]
