# The console shows the sandbox's servers and images, and switches project with :project.
. "$(dirname "$0")/lib.sh"

# A user who is a member of both projects, so switching has somewhere to go.
osc sandbox-admin user create --domain Default --password e2e-both-pw --or-show e2e-both >/dev/null
for p in builders training; do
	osc sandbox-admin role add --user e2e-both --user-domain Default --project "$p" \
		--project-domain Default member >/dev/null
done
cat >"$E2E_TMP/clouds.yaml" <<YAML
clouds:
  both:
    auth: {auth_url: "http://127.0.0.1:5000/v3", username: e2e-both, password: e2e-both-pw,
           project_name: builders, user_domain_name: Default, project_domain_name: Default}
    region_name: RegionOne
YAML
chmod 600 "$E2E_TMP/clouds.yaml"
osc sandbox-training network create e2e-tui-net >/dev/null
osc sandbox-training subnet create --network e2e-tui-net --subnet-range 10.78.0.0/24 e2e-tui-sub >/dev/null
osc sandbox-training server create --flavor m1.small --image debian-12-base --network e2e-tui-net \
	e2e-tui-training --wait >/dev/null
cleanup() {
	osc sandbox-training server delete --wait e2e-tui-training
	osc sandbox-training subnet delete e2e-tui-sub
	osc sandbox-training network delete e2e-tui-net
}
trap 'cleanup; rm -rf "$E2E_TMP"' EXIT

cat >"$E2E_TMP/keys" <<KEYS
:wait
:images
:dump-screen $E2E_TMP/images.txt
:project training
:wait
:clusters
:dump-screen $E2E_TMP/training.txt
:projects
:dump-screen $E2E_TMP/projects.txt
:q
KEYS
OS_CLIENT_CONFIG_FILE="$E2E_TMP/clouds.yaml" timeout 60 "$SPARKDECK" --os-cloud both \
	--script "$E2E_TMP/keys" --no-display 2>"$E2E_TMP/err"
check "the console ran the script and quit cleanly" test $? = 0
check "the images view lists debian-12-base" grep -q debian-12-base "$E2E_TMP/images.txt"
check "after :project training the status line names training" grep -q training "$E2E_TMP/training.txt"
check "the training project's server is shown" grep -q e2e-tui-training "$E2E_TMP/training.txt"
check "the projects view lists both projects" grep -q builders "$E2E_TMP/projects.txt"
check "... training too" grep -q training "$E2E_TMP/projects.txt"
[ "$E2E_FAILED" = 0 ] || diag <"$E2E_TMP/err"

e2e_finish
