#!/bin/sh
# CLI tests: `sparkdeck list` against tests/fakecloud's bad cases; prints TAP.
# Each case: a one-line error that says what to do, the right exit status, no hang,
# and nothing a terminal could act on in the output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
if [ -z "${SPARKDECK:-}" ]; then
	SPARKDECK=./sparkdeck
	[ -x "$SPARKDECK" ] || SPARKDECK=$top/sparkdeck
fi
case $SPARKDECK in /*) ;; *) SPARKDECK=$(pwd)/$SPARKDECK ;; esac
tmp=$(mktemp -d /tmp/sparkdeck-cli.XXXXXX)
fcpid=
cleanup() { [ -n "$fcpid" ] && kill "$fcpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
n=0 failed=0
echo "1..42"

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err" "$tmp/out" 2>/dev/null | head -20; }

# fake ARGS...: (re)start the fake cloud with ARGS; writes $tmp/clouds.yaml.
fake() {
	[ -n "$fcpid" ] && kill "$fcpid" 2>/dev/null && wait "$fcpid" 2>/dev/null
	rm -f "$tmp/fc.out"
	"$python" "$top/tests/fakecloud/fakecloud.py" --write-clouds-yaml "$tmp/clouds.yaml" "$@" \
		>"$tmp/fc.out" 2>"$tmp/fc.log" &
	fcpid=$!
	i=0
	until grep -q '^PORT' "$tmp/fc.out" 2>/dev/null; do
		i=$((i + 1)); [ "$i" -gt 100 ] && { echo "Bail out! fakecloud did not start"; exit 1; }
		sleep 0.1
	done
}

# run CLOUD ARGS...: run sparkdeck (bounded in time); sets $rc, output in $tmp/out, $tmp/err.
run() {
	cloud=$1; shift
	OS_CLIENT_CONFIG_FILE=$tmp/clouds.yaml timeout 60 "$SPARKDECK" --os-cloud "$cloud" "$@" \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# expect NAME RC PATTERN: the last run exited RC with one line on stderr matching PATTERN.
expect() {
	if [ "$rc" = "$2" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$3" "$tmp/err"; then
		ok "$1"
	else
		not_ok "$1 (exit $rc, want $2)"; sed "s/^/# /" "$tmp/err"
	fi
}

# clean FILE: no ESC, no C1 (as UTF-8), no bidi override in FILE.
clean() {
	! LC_ALL=C grep -q "$(printf '\033')" "$1" &&
	! LC_ALL=C grep -q "$(printf '\302\233')" "$1" &&
	! LC_ALL=C grep -q "$(printf '\342\200\256')" "$1"
}

fake --evil-name
run fake list servers
if [ "$rc" = 0 ] && grep -q 'evil' "$tmp/out" && clean "$tmp/out"; then
	ok "a server name full of escape sequences prints as harmless text"
else not_ok "a server name full of escape sequences prints as harmless text"; fi
run fake list servers -o json
if [ "$rc" = 0 ] && clean "$tmp/out" && "$python" -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"; then
	ok "... and as valid JSON with those characters escaped"
else not_ok "... and as valid JSON with those characters escaped"; fi
run fake list images
if [ "$rc" = 0 ] && clean "$tmp/out"; then ok "an image name full of escape sequences too"
else not_ok "an image name full of escape sequences too"; fi

fake --huge
run fake list servers
expect "a 20 MB response is refused with the cap named" 1 "larger than 16 MB"

fake --fail500 99
run fake list servers
expect "500 from Nova: one line naming the failure" 1 "500"
if clean "$tmp/err"; then ok "... with nothing a terminal could act on"; else not_ok "... with nothing a terminal could act on"; fi

fake --fail503 2 --retry-after 1
run fake list servers
if [ "$rc" = 0 ] && grep -q ACTIVE "$tmp/out"; then ok "503 with Retry-After is retried and succeeds"
else not_ok "503 with Retry-After is retried and succeeds"; fi

fake --fail503 99 --retry-after 1
run fake list servers
expect "503 that never ends gives up with one line" 1 "503"

fake --revoke-after 1
run fake list servers
if [ "$rc" = 0 ]; then ok "a token revoked mid-session is renewed once and the list succeeds"
else not_ok "a token revoked mid-session is renewed once and the list succeeds"; fi

fake --revoke-all
run fake list servers
expect "a token revoked for good: exit 4 and what to do" 4 "re-authentication"

run fake-wrong list projects
expect "wrong password: exit 4" 4 "refused the credentials"

fake --redirect
run fake list servers
expect "a redirect is not followed" 1 "redirect"

# A private CA and a certificate for 127.0.0.1, made for this run only.
(cd "$tmp" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj /CN=sparkdeck-test-ca -keyout ca.key -out ca.pem &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
		-keyout srv.key -out srv.csr &&
	printf 'subjectAltName=IP:127.0.0.1\n' >ext &&
	openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
		-extfile ext -out srv.pem) >/dev/null 2>&1 || { echo "Bail out! openssl failed"; exit 1; }

fake --tls "$tmp/srv.pem" "$tmp/srv.key" --cacert "$tmp/ca.pem"
run fake list servers
if [ "$rc" = 0 ] && grep -q ACTIVE "$tmp/out"; then ok "https with the cloud's cacert verifies and lists"
else not_ok "https with the cloud's cacert verifies and lists"; fi

fake --tls "$tmp/srv.pem" "$tmp/srv.key"
run fake list servers
expect "https with a certificate nobody vouches for: exit 3, set cacert" 3 "set cacert"

sed 's/^    interface: public$/    interface: public\n    verify: false/' "$tmp/clouds.yaml" >"$tmp/c2" && mv "$tmp/c2" "$tmp/clouds.yaml" && chmod 600 "$tmp/clouds.yaml"
run fake list servers
if [ "$rc" = 0 ]; then ok "verify: false turns the check off"; else not_ok "verify: false turns the check off"; fi


# `image ...` usage mistakes: exit 2 before any request, one line saying what to do.
run fake image share hail-image
expect "image share of a plain name without --with: exit 2" 2 "needs --with"
mkdir -p "$tmp/rimages/hail"
printf 'base_image = "b";\nflavor = "f";\nssh_check = "true";\n' >"$tmp/rimages/hail/1.0.conf"
SPARKDECK_IMAGES_DIR=$tmp/rimages run fake image share hail/1.0 --yes
expect "image share NAME/VERSION without --with, recipe without share_with: exit 2, give --with" 2 \
	"has no share_with"
SPARKDECK_IMAGES_DIR=$tmp/rimages run fake image share nohail/1.0 --yes
expect "image share NAME/VERSION without --with and without a recipe: exit 3, the path looked at" 3 \
	"rimages/nohail/1.0.conf"
run fake image share hail/1.0 --with p1
expect "image share without a terminal and without --yes: exit 2, pass --yes" 2 "pass --yes"
run fake image share hail/1.0 --with , --yes
expect "image share --with naming no project: exit 2" 2 "names no project"
run fake image members
expect "image members without an image: exit 2" 2 "needs one image"
run fake image members hail/1.0 --yes
expect "image members takes no --yes: exit 2" 2 "takes no --yes"
run fake image frobnicate x
expect "an unknown image command: exit 2, the commands named" 2 "use share, unshare"
run fake list images --yes
expect "--yes outside the image and cluster commands: exit 2" 2 "for the image and cluster commands"

# Recipes are local files: no cloud, no credentials (none are set here).
OS_CLIENT_CONFIG_FILE=/nonexistent "$SPARKDECK" image recipes --images-dir "$top/examples/images" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && grep -q '^hail-base/1.0.0  *hail-base-1.0.0  *debian-12-base  *m1.small  *ok$' "$tmp/out"; then
	ok "image recipes lists and checks the shipped recipe without a cloud"
else not_ok "image recipes lists and checks the shipped recipe without a cloud"; fi
mkdir -p "$tmp/images/broken"
printf 'base_image = "debian-12-base";\nflavor = "m1.small";\nbuild_timeout = 5;\n' >"$tmp/images/broken/1.0.conf"
SPARKDECK_IMAGES_DIR=$tmp/images "$SPARKDECK" image recipes -o json >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 3 ] && grep -q '1.0.conf:3: build_timeout' "$tmp/out"; then
	ok "a broken recipe: exit 3, its file:line in the report"
else not_ok "a broken recipe: exit 3, its file:line in the report"; fi
run fake image recipes extra
expect "image recipes takes no other argument: exit 2" 2 "usage: sparkdeck image recipes"

# Cluster specs are local files too.
OS_CLIENT_CONFIG_FILE=/nonexistent "$SPARKDECK" cluster specs --clusters-dir "$top/examples/clusters" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && grep -q '^spark/ld14  *hail-base/1.0.0  *3  *m1.small  *m1.medium  *ok$' "$tmp/out"; then
	ok "cluster specs lists and checks the shipped spec without a cloud"
else not_ok "cluster specs lists and checks the shipped spec without a cloud"; fi
mkdir -p "$tmp/clusters/spark"
cp "$top/examples/clusters/spark/ld14.pub" "$tmp/clusters/spark/"
printf 'image = "debian-12";\nmaster_flavor = "m1.small";\nworker_flavor = "m1.small";\nkeypair = { public_key = "ld14.pub"; };\nnetwork = { cidr = "10.42.0.1/24"; };\n' \
	>"$tmp/clusters/spark/broken.conf"
SPARKDECK_CLUSTERS_DIR=$tmp/clusters "$SPARKDECK" cluster specs -o json >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 3 ] && grep -q 'broken.conf:5: network.cidr' "$tmp/out"; then
	ok "a broken cluster spec: exit 3, its file:line in the report"
else not_ok "a broken cluster spec: exit 3, its file:line in the report"; fi
run fake cluster specs extra
expect "cluster specs takes no other argument: exit 2" 2 "usage: sparkdeck cluster specs"

# cluster show needs the cloud; a bad ref is refused before anything is asked of it.
run fake cluster show Spark/LD14
expect "cluster show of a malformed ref: exit 2, what a ref looks like" 2 "expected KIND/NAME (spark/ld14)"
run fake cluster show spark/ld14 extra
expect "cluster show takes one ref: exit 2" 2 "cluster show KIND/NAME"
# Every list fails at once: one line naming the cluster.
run fake-wrong cluster show spark/ld14
expect "cluster show with a wrong password: exit 4, one line naming the cluster" 4 "^sparkdeck: cluster spark/ld14: "

# cluster plan/up/update/down: mistakes refused before the cloud is asked anything; one line saying what to do.
run fake cluster up
expect "cluster up without a cluster: exit 2, what a ref looks like" 2 "cluster up needs the cluster, KIND/NAME"
run fake cluster plan spark/ld14 --to bogus
expect "cluster plan --to bogus: exit 2, the goals named" 2 "--to takes up, update or destroy, not 'bogus'"
run fake cluster up spark/ld14 --plan "$tmp/p.json" --yes
expect "cluster up --plan FILE: exit 2, --plan is for update and down" 2 "--plan is for cluster update and down"
run fake cluster plan spark/ld14 --yes
expect "cluster plan --yes: exit 2, plan asks nothing" 2 "--yes is for cluster up, update and down"
run fake cluster down spark/ld14
expect "cluster down without a terminal and without --yes: exit 2, pass --yes" 2 "pass --yes"
run fake list images --out x
expect "--out outside the cluster commands: exit 2" 2 "for the cluster commands"
XDG_STATE_HOME=$tmp/state run fake cluster update spark/ld14 --yes
expect "cluster update without a saved plan: exit 3, the path looked at and the command that makes one" 3 \
	"no saved plan at $tmp/state/sparkdeck/plans/spark-ld14.json: make one with 'sparkdeck cluster plan spark/ld14 --to update'"
run fake cluster down spark/ld14 --plan "$tmp/nope.json" --yes
expect "cluster down --plan FILE that does not exist: exit 3, naming it" 3 "no saved plan at $tmp/nope.json"
SPARKDECK_CLUSTERS_DIR=$top/examples/clusters run fake cluster up spark/nope --yes
expect "cluster up of a spec that does not exist: exit 3, the path looked at" 3 "examples/clusters/spark/nope.conf"

[ "$failed" = 0 ]
