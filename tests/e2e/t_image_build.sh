# `sparkdeck image build` and `image cleanup` against the sandbox, checked with the openstack CLI:
# the shipped recipe builds an image a second project can boot; failures, Ctrl-C and kill -9
# leave nothing behind (or, after kill -9, `image cleanup` removes it); bad recipes create nothing.
. "$(dirname "$0")/lib.sh"

sd() { OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" "$SPARKDECK" "$@"; }
py() { /usr/bin/python3 "$@"; }
export XDG_STATE_HOME=$E2E_TMP/state

images=$E2E_TMP/images
mkdir -p "$images"
cp -r "$E2E_TOP/examples/images/hail-base" "$images/"
# variant NAME SED-SCRIPT: a copy of the shipped recipe as NAME/1.0 with the edit applied.
variant() {
	mkdir -p "$images/$1"
	cp "$images/hail-base/user-data.yaml" "$images/$1/"
	sed -e "s|^name = .*|name = \"$1\";|" -e 's|^version = .*|version = "1.0";|' -e "$2" \
		"$images/hail-base/1.0.0.conf" >"$images/$1/1.0.conf"
}
variant e2e-never 's|^ssh_check = .*|ssh_check = "test -f /nonexistent";|; s|^build_timeout = .*|build_timeout = 60;|'
variant e2e-error 's|^build_timeout = .*|build_timeout = 120;|'
echo "sparkdeck-sandbox: fail-spawn" >>"$images/e2e-error/user-data.yaml"
variant e2e-slow 's|^ssh_check = .*|ssh_check = "sleep 300";|; s|^build_timeout = .*|build_timeout = 600;|'
variant e2e-badflavor 's|^flavor = .*|flavor = "m1.no-such-flavor";|'
variant e2e-badbase 's|^base_image = .*|base_image = "no-such-base-image";|'

# leftovers CLOUD: what sparkdeck builds left in the project, as the openstack CLI lists it (empty: none).
leftovers() {
	{
		osc "$1" server list -f value -c Name
		osc "$1" keypair list -f value -c Name
		osc "$1" security group list -f value -c Name
		osc "$1" network list -f value -c Name
		osc "$1" router list -f value -c Name
		osc "$1" floating ip list --long -f value -c Description
	} | grep -E 'sparkdeck-build|sparkdeck image build' || true
}
# halfmade: images of a build that are not active.
halfmade() {
	osc sandbox-builders image list --long -f json |
		py -c 'import json,sys; [print(i["Name"], i["Status"]) for i in json.load(sys.stdin) if i["Name"].startswith("e2e-") and i["Status"] != "active"]'
}
delete_images() {
	local id
	for id in $(osc sandbox-builders image list -f value -c ID -c Name | awk '$2 ~ /^(hail-base-1.0.0|e2e-)/ {print $1}'); do
		osc sandbox-builders image delete "$id" 2>/dev/null
	done
}
delete_images
trap 'delete_images; rm -rf "$E2E_TMP"' EXIT
check "no builder leftovers before the test" test -z "$(leftovers sandbox-builders)"

# Bad input: refused before anything is created.
refused() {
	local n=$1 pat=$2 rc; shift 2
	"$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err" </dev/null
	rc=$?
	if [ "$rc" != 0 ] && grep -q -- "$pat" "$E2E_TMP/err"; then
		ok "$n (exit $rc)"
	else
		not_ok "$n (exit $rc)"; diag <"$E2E_TMP/err"
	fi
}
refused "a recipe naming a flavor that does not exist is refused, naming it" "flavor 'm1.no-such-flavor'" \
	sd --os-cloud sandbox-builders image build e2e-badflavor/1.0 --yes --images-dir "$images"
refused "a recipe naming a base image that does not exist is refused, naming it" "no-such-base-image" \
	sd --os-cloud sandbox-builders image build e2e-badbase/1.0 --yes --images-dir "$images"
refused "a recipe that does not exist names the path looked at" "$images/nope/1.0.conf" \
	sd --os-cloud sandbox-builders image build nope/1.0 --yes --images-dir "$images"
refused "without --yes and without a terminal: refused, saying to pass --yes" "pass --yes" \
	sd --os-cloud sandbox-builders image build hail-base/1.0.0 --images-dir "$images"
check "... and nothing was created" test -z "$(leftovers sandbox-builders)"

# The shipped recipe, end to end.
start=$(date +%s)
if sd --os-cloud sandbox-builders image build hail-base/1.0.0 --yes --images-dir "$images" -o json \
	>"$E2E_TMP/build.json" 2>"$E2E_TMP/build.err"; then
	ok "image build hail-base/1.0.0 succeeds ($(($(date +%s) - start)) s)"
else
	not_ok "image build hail-base/1.0.0 succeeds"; diag <"$E2E_TMP/build.err"
fi
image=$(py -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$E2E_TMP/build.json" 2>/dev/null)
osc sandbox-builders image show "$image" -f json >"$E2E_TMP/image.json" 2>/dev/null
prop() { py -c 'import json,sys; i=json.load(open(sys.argv[1])); p=i.get("properties") or {}; print(i.get(sys.argv[2], p.get(sys.argv[2], "")))' "$E2E_TMP/image.json" "$1"; }
check "the image is active and named hail-base-1.0.0" test "$(prop status)/$(prop name)" = "active/hail-base-1.0.0"
check "it carries the recipe, version, base image and build properties" \
	test "$(prop sparkdeck_recipe)|$(prop sparkdeck_recipe_version)|$(prop spark_version)" = "hail-base/1.0.0|1.0.0|3.5.1" -a \
	-n "$(prop sparkdeck_base_image)" -a -n "$(prop sparkdeck_build_time)" -a -n "$(prop sparkdeck_version)"
check "the console log was streamed, host key block included" grep -q "BEGIN SSH HOST KEY FINGERPRINTS" "$E2E_TMP/build.err"
check "the readiness check ran over SSH" grep -q "readiness check passed" "$E2E_TMP/build.err"
check "the builder, its keypair, security group, network, router and floating IP are gone" \
	test -z "$(leftovers sandbox-builders)"
refused "building the same version again is refused without --force" "already exists" \
	sd --os-cloud sandbox-builders image build hail-base/1.0.0 --yes --images-dir "$images"

# Share it with training, accept there, boot a server from it there.
training=$(osc sandbox-admin project show training -f value -c id)
check "image share hail-base/1.0.0 --with training" \
	sd --os-cloud sandbox-builders image share hail-base/1.0.0 --with "$training" --yes -o json
check "image accept hail-base/1.0.0 as training" sd --os-cloud sandbox-training image accept hail-base/1.0.0 --yes
osc sandbox-training --os-compute-api-version 2.37 server create --image "$image" --flavor m1.small --nic none --wait e2e-from-build \
	-f value -c status >"$E2E_TMP/boot" 2>&1
# (m1.small: a snapshot's min_disk is its builder's disk.)
if grep -qx ACTIVE "$E2E_TMP/boot"; then ok "training boots a server from the built image"
else not_ok "training boots a server from the built image"; diag <"$E2E_TMP/boot"; fi
osc sandbox-training server delete --wait e2e-from-build >/dev/null 2>&1

# Failures: each leaves nothing behind.
refused "a builder Nova puts in ERROR fails the build with Nova's fault text" "refused to boot this guest" \
	sd --os-cloud sandbox-builders image build e2e-error/1.0 --yes --images-dir "$images"
check "... and leaves nothing behind" test -z "$(leftovers sandbox-builders)$(halfmade)"
refused "a readiness check that never passes times out, saying what failed" "not ready within 60 s.*exited 1" \
	sd --os-cloud sandbox-builders image build e2e-never/1.0 --yes --images-dir "$images"
check "... and leaves nothing behind" test -z "$(leftovers sandbox-builders)$(halfmade)"

# wait_for FILE PATTERN SECONDS: until PATTERN shows in FILE.
wait_for() {
	local i
	for i in $(seq $(($3 * 10))); do grep -q "$2" "$1" && return 0; sleep 0.1; done
	return 1
}
# Started without the sd function, so that $! is sparkdeck itself.
OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" "$SPARKDECK" --os-cloud sandbox-builders image build e2e-slow/1.0 --yes \
	--images-dir "$images" >/dev/null 2>"$E2E_TMP/int.err" &
pid=$!
if wait_for "$E2E_TMP/int.err" "readiness check\|SSH to" 60 && sleep 2 && kill -INT $pid; then
	wait $pid; rc=$?
	check "Ctrl-C mid-build stops it (exit $rc) after cleaning up" \
		grep -q "interrupted: stopping the build.*deleted keypair" <(tr '\n' ' ' <"$E2E_TMP/int.err")
else
	not_ok "Ctrl-C mid-build: the build never reached readiness"; diag <"$E2E_TMP/int.err"; kill $pid
fi
check "... and leaves nothing behind" test -z "$(leftovers sandbox-builders)$(halfmade)"

OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" "$SPARKDECK" --os-cloud sandbox-builders image build e2e-slow/1.0 --yes \
	--images-dir "$images" >/dev/null 2>"$E2E_TMP/kill.err" &
pid=$!
wait_for "$E2E_TMP/kill.err" "readiness check\|SSH to" 60 && sleep 2
kill -9 $pid; wait $pid 2>/dev/null
build=$(sed -n 's/.*(build \([0-9a-f]\{8\}\)).*/\1/p' "$E2E_TMP/kill.err" | head -1)
check "kill -9 mid-build leaves the builder behind (build $build)" test -n "$(leftovers sandbox-builders)"
sd --os-cloud sandbox-builders image build e2e-badflavor/1.0 --yes --images-dir "$images" >/dev/null 2>"$E2E_TMP/offer.err"
check "the next build offers the cleanup of build $build" grep -q "build $build" "$E2E_TMP/offer.err"
if sd --os-cloud sandbox-builders image cleanup --yes -o json >"$E2E_TMP/clean.json" 2>"$E2E_TMP/clean.err"; then
	ok "image cleanup deletes what the killed build left"
else
	not_ok "image cleanup deletes what the killed build left"; diag <"$E2E_TMP/clean.err"
fi
check "... it reports build $build deleted" py -c 'import json,sys; assert any(b["build"] == sys.argv[2] and b["result"] == "deleted" for b in json.load(open(sys.argv[1])))' "$E2E_TMP/clean.json" "$build"
check "... and nothing is left behind" test -z "$(leftovers sandbox-builders)$(halfmade)"
check "image cleanup with nothing left is fine" sd --os-cloud sandbox-builders image cleanup --yes

e2e_finish
