#!/bin/sh
# TUI tests: run sparkdeck on a key script against tests/fakecloud, compare its screen
# dumps with the expected text, print TAP. See tests/tui/README.md.
#
#   tests/tui/run.sh [NAME...]       run all tests (or the named ones)
#
# Environment: SPARKDECK (the binary; default ./sparkdeck, else ../../sparkdeck from
# here), PYTHON (default python3), TUI_KEEP=1 keeps each test's directory,
# TUI_UPDATE=1 rewrites the .expected files from the actual dumps (review the diff!).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
fakecloud=$top/tests/fakecloud/fakecloud.py
python=${PYTHON:-python3}
if [ -z "${SPARKDECK:-}" ]; then
	SPARKDECK=./sparkdeck
	[ -x "$SPARKDECK" ] || SPARKDECK=$top/sparkdeck
fi
case $SPARKDECK in /*) ;; *) SPARKDECK=$(pwd)/$SPARKDECK ;; esac

if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(cd "$here" && ls *.keys | sed 's/\.keys$//')
fi
n=0
for name in $names; do n=$((n + 1)); done
echo "1..$n"
if [ ! -x "$SPARKDECK" ]; then
	i=0
	for name in $names; do i=$((i + 1)); echo "not ok $i - $name # sparkdeck binary not found: $SPARKDECK"; done
	exit 1
fi

# writes DIR: the requests that change something the fake received (not GET, not logins), sorted.
writes() {
	port=$(sed -n 's/^PORT //p' "$1/fakecloud.out")
	"$python" -c '
import json, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
stats = json.load(opener.open("http://127.0.0.1:%s/_fake/stats" % sys.argv[1], timeout=10))
lines = sorted(p for p in stats["paths"] if not p.startswith(("GET ", "HEAD ", "POST /v3/auth/tokens")))
print("\n".join(lines) if lines else "(none)")' "$port"
}

# header KEYS FIELD: the value of a "# FIELD: value" line of the key script.
header() {
	sed -n "s/^# $2: *//p" "$1" | head -n 1
}

# mask: hide what differs from run to run (data age, the fake's port, request ids, build ids).
mask() {
	sed -e 's/[0-9][0-9]*[smhd] ago/Ns ago/g' \
	    -e 's/127\.0\.0\.1:[0-9][0-9]*/127.0.0.1:PORT/g' \
	    -e 's/req-[0-9a-f][0-9a-f-]*/req-ID/g' \
	    -e 's/(build [0-9a-f]\{8\})/(build ID)/g'
}

# run_one NAME DIR: run test NAME in DIR; writes DIR/actual; returns non-zero on failure.
run_one() {
	keys=$here/$1.keys dir=$2
	fcargs=$(header "$keys" fakecloud)
	cloud=$(header "$keys" cloud)
	args=$(header "$keys" args)
	want_exit=$(header "$keys" exit)
	want_writes=$(header "$keys" writes)
	: "${cloud:=fake}" "${want_exit:=0}"

	# shellcheck disable=SC2086 # fcargs and args are word lists on purpose
	"$python" "$fakecloud" --write-clouds-yaml "$dir/clouds.yaml" $fcargs >"$dir/fakecloud.out" 2>"$dir/fakecloud.log" &
	fcpid=$!
	tries=0
	while ! grep -q '^PORT' "$dir/fakecloud.out" 2>/dev/null; do
		tries=$((tries + 1))
		if [ $tries -gt 100 ] || ! kill -0 $fcpid 2>/dev/null; then
			echo "fakecloud did not start:" >"$dir/why"
			cat "$dir/fakecloud.log" >>"$dir/why"
			kill $fcpid 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	printf 'refresh_seconds = 0;\n' >"$dir/sparkdeck.conf"
	mkdir -p "$dir/home"
	# Image recipes for b: relative, so that messages naming their files read the same everywhere.
	ln -s "$here/recipes" "$dir/recipes"
	# Nothing of the caller's OpenStack or locale settings leaks into the test.
	for v in $(env | sed -n 's/^\(OS_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
	# shellcheck disable=SC2086
	(cd "$dir" && HOME=$dir/home XDG_CONFIG_HOME=$dir/home/.config LC_ALL=C.UTF-8 LANG=C.UTF-8 \
		OS_CLIENT_CONFIG_FILE=$dir/clouds.yaml OS_CLOUD=$cloud SPARKDECK_CONFIG=$dir/sparkdeck.conf \
		SPARKDECK_IMAGES_DIR=recipes XDG_STATE_HOME=$dir/home/.local/state \
		timeout 120 "$SPARKDECK" --script "$keys" --no-display $args >"$dir/stdout" 2>"$dir/stderr")
	rc=$?
	if [ "$want_writes" = yes ]; then
		writes "$dir" >"$dir/writes" 2>&1
	fi
	kill $fcpid 2>/dev/null
	wait $fcpid 2>/dev/null
	: >"$dir/actual"
	for f in $(sed -n 's/^[ 	]*:dump-screen[ 	]*//p' "$keys"); do
		echo "=== $f" >>"$dir/actual"
		if [ -f "$dir/$f" ]; then
			mask <"$dir/$f" >>"$dir/actual"
		else
			echo "(no dump written)" >>"$dir/actual"
		fi
	done
	if [ "$want_writes" = yes ]; then
		echo "=== writes to the fake" >>"$dir/actual"
		cat "$dir/writes" >>"$dir/actual"
	fi
	if [ "$rc" != "$want_exit" ]; then
		{ echo "sparkdeck exited with $rc, expected $want_exit; stderr:"; cat "$dir/stderr"; } >"$dir/why"
		return 1
	fi
	if [ "${TUI_UPDATE:-}" = 1 ]; then
		cp "$dir/actual" "$here/$1.expected"
	fi
	if ! diff -u "$here/$1.expected" "$dir/actual" >"$dir/why" 2>&1; then
		return 1
	fi
	return 0
}

i=0 failed=0
for name in $names; do
	i=$((i + 1))
	dir=$(mktemp -d "${TMPDIR:-/tmp}/sparkdeck-tui.XXXXXX")
	if [ ! -f "$here/$name.keys" ]; then
		echo "not ok $i - $name # no such test"
		failed=$((failed + 1))
	elif run_one "$name" "$dir"; then
		echo "ok $i - $name"
	else
		echo "not ok $i - $name"
		sed 's/^/# /' "$dir/why"
		failed=$((failed + 1))
	fi
	if [ "${TUI_KEEP:-}" = 1 ]; then
		echo "# kept $dir"
	else
		rm -rf "$dir"
	fi
done
[ $failed -eq 0 ]
