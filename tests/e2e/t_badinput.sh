# Bad credentials and configuration: a one-line error that says what to do, the right exit status.
. "$(dirname "$0")/lib.sh"

# expect STATUS PATTERN NAME -- CMD...: CMD exits STATUS and its stderr matches PATTERN on one line.
expect() {
	local want=$1 pat=$2 name=$3 got; shift 4
	"$@" >/dev/null 2>"$E2E_TMP/err" </dev/null
	got=$?
	if [ "$got" = "$want" ] && [ "$(wc -l <"$E2E_TMP/err")" -le 2 ] && grep -q -- "$pat" "$E2E_TMP/err"; then
		ok "$name"
	else
		not_ok "$name (exit $got, want $want)"; diag <"$E2E_TMP/err"
	fi
}
sd() { OS_CLIENT_CONFIG_FILE="$E2E_TMP/clouds.yaml" timeout 60 "$SPARKDECK" "$@"; }

cat >"$E2E_TMP/clouds.yaml" <<YAML
clouds:
  good:
    auth: {auth_url: "http://127.0.0.1:5000/v3", username: builders-user, password: wrong-password,
           project_name: builders, user_domain_name: Default, project_domain_name: Default}
  nowhere:
    auth: {auth_url: "http://127.0.0.1:9/v3", username: u, password: p, project_name: p,
           user_domain_name: Default, project_domain_name: Default}
YAML
chmod 600 "$E2E_TMP/clouds.yaml"
expect 3 "cloud 'nope' not found" "unknown cloud name names the known clouds" -- \
	sd --os-cloud nope list servers
expect 4 "builders-user" "wrong password is refused with the user named" -- \
	sd --os-cloud good list servers
if grep -q wrong-password "$E2E_TMP/err"; then not_ok "no password in the error"; else ok "no password in the error"; fi
expect 1 "127.0.0.1:9" "unreachable auth URL names the URL" -- sd --os-cloud nowhere list servers

printf 'clouds:\n  bad:\n    auth: [unclosed\n' >"$E2E_TMP/clouds.yaml"
expect 3 "clouds.yaml:[0-9]" "malformed clouds.yaml gives file:line" -- sd --os-cloud bad list servers

e2e_finish
