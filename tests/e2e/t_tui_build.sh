# The console's image build (b) and cleanup (B) against the sandbox, driven by key scripts and
# checked with the openstack CLI: a build shows its plan, runs to the end with the builder's console
# streamed, and leaves only the image; q and Ctrl-C (SIGINT) mid-build stop it and quit once
# everything it made is deleted; a second Ctrl-C quits at once, leaving what the build made, and
# the next console offers B, which deletes it.
. "$(dirname "$0")/lib.sh"

py() { /usr/bin/python3 "$@"; }
export XDG_STATE_HOME=$E2E_TMP/state

# Recipes of our own (tui-*), so that nothing clashes with the CLI's test (hail-base, e2e-*).
images=$E2E_TMP/images
mkdir -p "$images"
# variant NAME SED-SCRIPT: a copy of the shipped recipe as NAME/1.0 with the edit applied.
variant() {
	mkdir -p "$images/$1"
	cp "$E2E_TOP/examples/images/hail-base/user-data.yaml" "$images/$1/"
	sed -e "s|^name = .*|name = \"$1\";|" -e 's|^version = .*|version = "1.0";|' -e "$2" \
		"$E2E_TOP/examples/images/hail-base/1.0.0.conf" >"$images/$1/1.0.conf"
}
# The builders go on a routed network of our own, named in the recipes: the project may hold
# other tests' networks, and a recipe must then name one.
net=tui-build-net
variant tui-build "s|^# network = .*|network = \"$net\";|; s|^build_timeout = .*|build_timeout = 900;|"
variant tui-slow "s|^# network = .*|network = \"$net\";|; s|^ssh_check = .*|ssh_check = \"sleep 300\";|; s|^build_timeout = .*|build_timeout = 600;|"

# console KEYS ERR: the console on a key script, no display, as the builders project (status: its exit).
console() {
	OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" SPARKDECK_IMAGES_DIR="$images" LC_ALL=C.UTF-8 timeout 1500 \
		"$SPARKDECK" --os-cloud sandbox-builders --view images --script "$1" --no-display 2>"$2"
}
# leftovers_of ID: what build ID left in the project, as the openstack CLI lists it (empty: nothing).
leftovers_of() {
	[ -n "$1" ] || { echo "no build id"; return; }
	{
		osc sandbox-builders server list -f value -c Name
		osc sandbox-builders keypair list -f value -c Name
		osc sandbox-builders security group list -f value -c Name
		osc sandbox-builders network list -f value -c Name
		osc sandbox-builders router list -f value -c Name
		osc sandbox-builders floating ip list --long -f value -c Description
		osc sandbox-builders image list --long -f json |
			py -c 'import json,sys; [print("half-made image", i["Name"], i["Status"]) for i in json.load(sys.stdin) if i["Name"].startswith("tui-") and i["Status"] != "active"]'
	} | grep -e "$1" -e "^half-made image" || true
}
# build_id FILE: the build id a dump's title shows.
build_id() { sed -n 's/.*(build \([0-9a-f]\{8\}\)).*/\1/p' "$1" 2>/dev/null | head -1; }
# has FILE PATTERN...: the dump shows every pattern (fixed strings).
has() { local f=$1 p; shift; for p in "$@"; do grep -qF -- "$p" "$f" 2>/dev/null || return 1; done; }
# wait_file FILE SECONDS: until FILE exists.
wait_file() { local i; for i in $(seq $(($2 * 10))); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1; }
delete_images() {
	local id
	for id in $(osc sandbox-builders image list -f value -c ID -c Name | awk '$2 ~ /^tui-/ {print $1}'); do
		osc sandbox-builders image delete "$id" 2>/dev/null
	done
}
delete_net() {
	osc sandbox-builders router remove subnet tui-build-router tui-build-sub 2>/dev/null
	osc sandbox-builders router delete tui-build-router 2>/dev/null
	osc sandbox-builders subnet delete tui-build-sub 2>/dev/null
	osc sandbox-builders network delete "$net" 2>/dev/null
}
delete_images
delete_net
trap 'delete_images; delete_net; rm -rf "$E2E_TMP"' EXIT
osc sandbox-builders network create "$net" >/dev/null &&
	osc sandbox-builders subnet create --network "$net" --subnet-range 10.79.0.0/24 tui-build-sub >/dev/null &&
	osc sandbox-builders router create tui-build-router >/dev/null &&
	osc sandbox-builders router set --external-gateway public tui-build-router >/dev/null &&
	osc sandbox-builders router add subnet tui-build-router tui-build-sub >/dev/null
check "a routed network for the builders ($net)" test $? = 0

# 1. b, the plan, y, the build to its end, back to the images view.
cat >"$E2E_TMP/build.keys" <<KEYS
:wait 60
b<C-u>tui-build/1.0<Enter>
:wait 120
:dump-screen $E2E_TMP/plan.txt
y
:wait 1200
:dump-screen $E2E_TMP/built.txt
<Enter>
:wait 60
:dump-screen $E2E_TMP/images.txt
:q
KEYS
start=$(date +%s)
console "$E2E_TMP/build.keys" "$E2E_TMP/build.err"
check "the console built tui-build/1.0 from a key script and quit (exit $?, $(($(date +%s) - start)) s)" test $? = 0
id=$(build_id "$E2E_TMP/plan.txt")
check "the plan screen names the build ($id) and shows what it creates and deletes" \
	has "$E2E_TMP/plan.txt" "Build tui-build/1.0 (build $id)" "+ keypair sparkdeck-build-$id" \
	"+ server sparkdeck-build-tui-build-1.0-$id" "- server sparkdeck-build-tui-build-1.0-$id" "Build it? [y/N]"
check "the progress screen marks every step done" \
	test "$(grep -cE '^ \[done\]  (resolve|create|boot|ready|stop|snapshot|cleanup)( |$)' "$E2E_TMP/built.txt")" = 7
check "... says the image is active" grep -qE '^image tui-build-1\.0 \([0-9a-f-]{36}\) is active' "$E2E_TMP/built.txt"
check "... shows the progress lines (the snapshot, the cleanup)" \
	has "$E2E_TMP/built.txt" "is active" "deleted keypair sparkdeck-build-$id"
check "... and the builder's console, to its last line" has "$E2E_TMP/built.txt" "Cloud-init v. sandbox finished"
check "no dump holds an escape or control byte" \
	test -z "$(cat "$E2E_TMP"/plan.txt "$E2E_TMP"/built.txt "$E2E_TMP"/images.txt | tr -d '\n' | LC_ALL=C grep -P '[\x00-\x1f\x7f]' || true)"
check "back in the images view, reloaded, the image is listed" grep -q "^.tui-build-1.0 .* active" "$E2E_TMP/images.txt"
check "... and the message line says it is active" grep -q "^image tui-build-1.0 .* is active" "$E2E_TMP/images.txt"
check "the openstack CLI sees the image active" \
	test "$(osc sandbox-builders image show tui-build-1.0 -f value -c status 2>/dev/null)" = active
left=$(leftovers_of "$id")
check "nothing of build $id is left (server, keypair, security group, network, router, floating IP)" test -z "$left"
[ "$E2E_FAILED" = 0 ] || { diag <"$E2E_TMP/build.err"; echo "$left" | diag; sed 's/^/| /' "$E2E_TMP/built.txt" | diag; }

# 2. q while the readiness check runs: the build is stopped, cleaned up, then the console quits.
cat >"$E2E_TMP/q.keys" <<KEYS
:wait 60
b<C-u>tui-slow/1.0<Enter>
:wait 120
y
:wait 25
:dump-screen $E2E_TMP/q-running.txt
q
:dump-screen $E2E_TMP/q-stopping.txt
KEYS
console "$E2E_TMP/q.keys" "$E2E_TMP/q.err"
check "q mid-build: the console quits once the build has cleaned up (exit $?)" test $? = 0
id=$(build_id "$E2E_TMP/q-running.txt")
check "... it was building ($id): boot done, ready running" \
	has "$E2E_TMP/q-running.txt" " [done]  boot" " [ .. ]  ready"
check "... q showed the build stopping" has "$E2E_TMP/q-stopping.txt" "stopping: deleting what the build made"
check "... and said on stderr how it ended" grep -q "image build tui-slow/1.0 stopped" "$E2E_TMP/q.err"
left=$(leftovers_of "$id")
check "... and nothing of build $id is left" test -z "$left"
[ -z "$left" ] || echo "$left" | diag

# 3. Ctrl-C (SIGINT) mid-build: the same. Started without a wrapper, so that $! is sparkdeck itself.
cat >"$E2E_TMP/int.keys" <<KEYS
:wait 60
b<C-u>tui-slow/1.0<Enter>
:wait 120
y
:wait 25
:dump-screen $E2E_TMP/int-running.txt
:wait 900
KEYS
OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" SPARKDECK_IMAGES_DIR="$images" LC_ALL=C.UTF-8 "$SPARKDECK" \
	--os-cloud sandbox-builders --view images --script "$E2E_TMP/int.keys" --no-display 2>"$E2E_TMP/int.err" &
pid=$!
if wait_file "$E2E_TMP/int-running.txt" 240; then
	id=$(build_id "$E2E_TMP/int-running.txt")
	kill -INT $pid
	wait $pid
	check "Ctrl-C mid-build ($id): the console quits once the build has cleaned up (exit $?)" test $? = 0
	check "... and said on stderr how it ended" grep -q "image build tui-slow/1.0 stopped" "$E2E_TMP/int.err"
	left=$(leftovers_of "$id")
	check "... and nothing of build $id is left" test -z "$left"
	[ -z "$left" ] || echo "$left" | diag
else
	not_ok "Ctrl-C mid-build: the build never got going"; diag <"$E2E_TMP/int.err"; kill $pid
fi

# 4. Ctrl-C twice: the console leaves at once, the builder stays; the next console offers B.
cat >"$E2E_TMP/int2.keys" <<KEYS
:wait 60
b<C-u>tui-slow/1.0<Enter>
:wait 120
y
:wait 25
:dump-screen $E2E_TMP/int2-running.txt
:wait 900
KEYS
OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" SPARKDECK_IMAGES_DIR="$images" LC_ALL=C.UTF-8 "$SPARKDECK" \
	--os-cloud sandbox-builders --view images --script "$E2E_TMP/int2.keys" --no-display 2>"$E2E_TMP/int2.err" &
pid=$!
id=
if wait_file "$E2E_TMP/int2-running.txt" 240; then
	id=$(build_id "$E2E_TMP/int2-running.txt")
	kill -INT $pid
	sleep 1
	kill -INT $pid
	wait $pid
	check "Ctrl-C twice ($id): the console leaves at once (exit $?)" test $? = 0
	check "... saying on stderr that 'sparkdeck image cleanup' deletes what is left" \
		grep -q "build $id .*left resources behind; 'sparkdeck image cleanup' deletes them" "$E2E_TMP/int2.err"
	check "... and what the build made is still there" test -n "$(leftovers_of "$id")"
else
	not_ok "Ctrl-C twice: the build never got going"; diag <"$E2E_TMP/int2.err"; kill $pid
fi
cat >"$E2E_TMP/clean.keys" <<KEYS
:wait 60
:dump-screen $E2E_TMP/offer.txt
B
:wait 120
:dump-screen $E2E_TMP/left.txt
y
:wait 600
:dump-screen $E2E_TMP/cleaned.txt
<Enter>
:q
KEYS
console "$E2E_TMP/clean.keys" "$E2E_TMP/clean.err"
check "a new console ran B and quit (exit $?)" test $? = 0
check "... it said at start that an earlier build left resources behind" \
	grep -qE "^[0-9]+ earlier builds? left resources behind: press B to delete them" "$E2E_TMP/offer.txt"
# (The first Ctrl-C had started the cleanup, which deletes the server first: the rest is left.)
check "... B listed build $id with what it left and asked y/N" \
	has "$E2E_TMP/left.txt" "build $id (" "- keypair sparkdeck-build-$id" "- security group sparkdeck-build-$id" \
	"Delete what "
has "$E2E_TMP/left.txt" "build $id (" || sed 's/^/| /' "$E2E_TMP/left.txt" | diag
check "... y deleted it" grep -qE "^ \[done\]  build $id " "$E2E_TMP/cleaned.txt"
check "... and said so" grep -q "^deleted what [0-9]* earlier builds\? left behind" "$E2E_TMP/cleaned.txt"
left=$(leftovers_of "$id")
check "... and nothing of build $id is left" test -z "$left"
[ -z "$left" ] || { echo "$left" | diag; sed 's/^/| /' "$E2E_TMP/cleaned.txt" | diag; }
check "... its lock file is gone" test ! -e "$XDG_STATE_HOME/sparkdeck/builds/$id"

e2e_finish
