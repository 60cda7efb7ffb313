# `sparkdeck image share|members|unshare|accept|reject|invitations` against the sandbox,
# each result compared with what the openstack CLI sees; bad input refused, nothing changed.
. "$(dirname "$0")/lib.sh"

sd() { OS_CLIENT_CONFIG_FILE="$E2E_CLOUDS" "$SPARKDECK" "$@"; }
py() { /usr/bin/python3 "$@"; }

ref=e2e-share/1.0
name=e2e-share-1.0
cleanup() {
	local id
	for id in $(osc sandbox-builders image list --name "$name" -f value -c ID 2>/dev/null); do
		osc sandbox-builders image delete "$id" 2>/dev/null
	done
}
cleanup
trap 'cleanup; rm -rf "$E2E_TMP"' EXIT

training=$(osc sandbox-admin project show training -f value -c id)
builders=$(osc sandbox-admin project show builders -f value -c id)
head -c 4096 /dev/zero >"$E2E_TMP/disk.raw"
image=$(osc sandbox-builders image create --private --property sparkdeck_recipe=$ref --disk-format raw \
	--container-format bare --file "$E2E_TMP/disk.raw" "$name" -f value -c id)
vis0=$(osc sandbox-builders image show "$image" -f value -c visibility)
if [ -z "$image" ] || [ -z "$training" ] || [ -z "$builders" ]; then
	echo "Bail out! cannot create the test image or find the projects"; exit 1
fi

# members_osc: "member status" lines of the image as the owner sees them with the openstack CLI.
# (Glance refuses to list the members of a private image: none.)
members_osc() {
	{ osc sandbox-builders image member list "$image" -f json 2>/dev/null || echo '[]'; } |
		py -c 'import json,sys; [print(m["Member ID"], m["Status"]) for m in json.load(sys.stdin)]'
}
# members_sd FILE: the same lines from sparkdeck's JSON.
members_sd() {
	py -c 'import json,sys; [print(m["member_id"], m["status"]) for m in json.load(open(sys.argv[1]))]' "$1"
}
# refused NAME PATTERN CMD...: CMD exits non-zero with one line on stderr matching PATTERN.
refused() {
	local n=$1 pat=$2 rc; shift 2
	"$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err" </dev/null
	rc=$?
	if [ "$rc" != 0 ] && [ "$(wc -l <"$E2E_TMP/err")" = 1 ] && grep -q -- "$pat" "$E2E_TMP/err"; then
		ok "$n (exit $rc)"
	else
		not_ok "$n (exit $rc)"; diag <"$E2E_TMP/err"
	fi
}

# Bad input first: nothing may be created by any of it.
refused "share without --yes and without a terminal is refused, saying to pass --yes" "pass --yes" \
	sd --os-cloud sandbox-builders image share $ref --with "$training"
refused "share with a project that cannot be found names it" "project 'e2e-no-such-project'" \
	sd --os-cloud sandbox-builders image share $ref --with "$training,e2e-no-such-project" --yes
refused "share of an image that does not exist says what was looked for" "sparkdeck_recipe=e2e-share/9.9" \
	sd --os-cloud sandbox-builders image share e2e-share/9.9 --with "$training" --yes
refused "accept of an image never shared: nothing to accept" "nothing to accept" \
	sd --os-cloud sandbox-training image accept $ref --yes
check "... and the image has no members, its visibility unchanged ($vis0)" \
	test "$(osc sandbox-builders image show "$image" -f value -c visibility)-$(members_osc | wc -l)" = "$vis0-0"

# Share: visibility shared, training pending, as the openstack CLI sees it.
if sd --os-cloud sandbox-builders image share $ref --with "$training" --yes -o json >"$E2E_TMP/share.json" \
	2>"$E2E_TMP/err"; then
	ok "image share $ref --with training --yes"
else
	not_ok "image share $ref --with training --yes"; diag <"$E2E_TMP/err"
fi
check "the openstack CLI shows training as a pending member" test "$(members_osc)" = "$training pending"
check "... and sparkdeck printed the same member list" test "$(members_sd "$E2E_TMP/share.json")" = "$training pending"
check "the image is now shared (was $vis0)" test "$(osc sandbox-builders image show "$image" -f value -c visibility)" = shared
sd --os-cloud sandbox-builders image share $ref --with "$training" --yes >/dev/null 2>&1
check "sharing again is fine and changes nothing" test "$(members_osc)" = "$training pending"

# Invitations as training = openstack image list --member-status pending.
sd --os-cloud sandbox-training image invitations -o json >"$E2E_TMP/inv.json" 2>"$E2E_TMP/err"
osc sandbox-training image list --shared --member-status pending -f value -c ID | sort >"$E2E_TMP/inv.osc"
py -c 'import json,sys; print("\n".join(sorted(i["id"] for i in json.load(open(sys.argv[1])))))' \
	"$E2E_TMP/inv.json" >"$E2E_TMP/inv.sd" 2>/dev/null
check "image invitations as training lists the image, like the openstack CLI's pending list" \
	sh -c "grep -qx '$image' '$E2E_TMP/inv.sd' && cmp -s '$E2E_TMP/inv.sd' '$E2E_TMP/inv.osc'"
check "... and not in the CLI's default image list before accepting" \
	sh -c "! osc_out=\$(env -u PYTHONPATH -u VIRTUAL_ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin OS_CLIENT_CONFIG_FILE='$E2E_CLOUDS' OS_CLOUD=sandbox-training /usr/bin/openstack image list -f value -c ID) || ! echo \"\$osc_out\" | grep -qx '$image'"

# The non-owner cannot share it on.
refused "training sharing builders' image is refused: only the owning project can share it" \
	"only the owning project can share it" \
	sd --os-cloud sandbox-training image share $ref --with "$builders" --yes
check "... and the members are unchanged" test "$(members_osc)" = "$training pending"

# Accept as training.
if sd --os-cloud sandbox-training image accept $ref --yes -o json >"$E2E_TMP/acc.json" 2>"$E2E_TMP/err"; then
	ok "image accept $ref --yes as training"
else
	not_ok "image accept $ref --yes as training"; diag <"$E2E_TMP/err"
fi
check "the openstack CLI shows training as accepted" test "$(members_osc)" = "$training accepted"
check "training now sees the image in openstack image list" \
	sh -c "env -u PYTHONPATH -u VIRTUAL_ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin OS_CLIENT_CONFIG_FILE='$E2E_CLOUDS' OS_CLOUD=sandbox-training /usr/bin/openstack image list -f value -c ID | grep -qx '$image'"
sd --os-cloud sandbox-training image invitations -o json >"$E2E_TMP/inv2.json" 2>/dev/null
check "... and it is no longer an invitation" sh -c "test -s '$E2E_TMP/inv2.json' && ! grep -q '$image' '$E2E_TMP/inv2.json'"

# Members as JSON = the openstack CLI's member list.
sd --os-cloud sandbox-builders image members $ref -o json >"$E2E_TMP/mem.json" 2>"$E2E_TMP/err"
check "image members -o json = openstack image member list" \
	test "$(members_sd "$E2E_TMP/mem.json")" = "$(members_osc)"
refused "image members as a non-owner is refused" "only the owning project" \
	sd --os-cloud sandbox-training image members $ref

# Reject, then unshare.
sd --os-cloud sandbox-training image reject $ref --yes >/dev/null 2>"$E2E_TMP/err"
check "image reject as training: the openstack CLI shows rejected" test "$(members_osc)" = "$training rejected"
if sd --os-cloud sandbox-builders image unshare $ref --with "$training" --yes -o json >"$E2E_TMP/un.json" \
	2>"$E2E_TMP/err"; then
	ok "image unshare $ref --with training --yes"
else
	not_ok "image unshare $ref --with training --yes"; diag <"$E2E_TMP/err"
fi
check "the openstack CLI shows no members any more" test "$(members_osc | wc -l)" = 0
check "... and sparkdeck printed an empty member list" test "$(cat "$E2E_TMP/un.json" | tr -d ' \n')" = "[]"
refused "accept after unshare: nothing to accept" "nothing to accept" \
	sd --os-cloud sandbox-training image accept $ref --yes

e2e_finish
