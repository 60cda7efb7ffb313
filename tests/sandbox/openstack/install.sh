# Installs Debian's OpenStack Zed packages without prompts and without starting daemons.
# Sourced by `up`; needs lib/common.sh.

SB_OS_PACKAGES=(
	keystone glance-api placement-api
	nova-api nova-conductor nova-scheduler nova-compute
	# nova-compute needs some hypervisor package: the ironic one pulls no libvirt/qemu.
	nova-compute-ironic
	neutron-server rabbitmq-server mariadb-server python3-pymysql
	uwsgi-plugin-python3 python3-openstackclient python3-osc-placement
	curl iproute2 procps
)

# sb_os_missing_packages: prints the packages of SB_OS_PACKAGES not installed yet.
sb_os_missing_packages() {
	local p st
	for p in "${SB_OS_PACKAGES[@]}"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || st=
		[ "$st" = installed ] || echo "$p"
	done
}

# Answer every boolean debconf question of the OpenStack packages with false, so their
# postinst scripts neither configure databases nor register endpoints.
sb_os_preseed() {
	local deb pkg
	for deb in /var/cache/apt/archives/*.deb; do
		pkg=$(basename "$deb"); pkg=${pkg%%_*}
		case $pkg in keystone*|glance*|nova*|neutron*|placement*|python3-keystone*) ;; *) continue ;; esac
		dpkg-deb --ctrl-tarfile "$deb" 2>/dev/null | tar -xO ./templates 2>/dev/null |
			awk -v pkg="$pkg" '/^Template:/{t=$2} /^Type: *boolean/{print pkg, t, "boolean false"}'
	done | debconf-set-selections
}

sb_os_apt_download() {
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
		install -y -qq --no-install-recommends --download-only "$@" >/dev/null
}

sb_os_install() {
	local missing
	mapfile -t missing < <(sb_os_missing_packages)
	[ "${#missing[@]}" -eq 0 ] && return 0
	# Refresh package lists only when they are missing or stale (download fails).
	if ! apt-cache policy keystone 2>/dev/null | grep -q 'Candidate: [0-9]' ||
		! sb_os_apt_download "${missing[@]}"; then
		apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null 2>&1 || true
		sb_os_apt_download "${missing[@]}" || sb_die "apt download of ${missing[*]} failed"
	fi
	sb_os_preseed
	sb_os_apt_without_daemons "${missing[@]}"
}

# Installs with a temporary policy-rc.d that keeps postinst scripts from starting
# daemons; a subshell trap removes it again even on failure or interrupt.
sb_os_apt_without_daemons() (
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
		trap 'exit 130' INT TERM
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
	fi
	sb_apt_install "$@" >"$SB_LOG/apt.log" 2>&1 ||
		sb_die "apt-get install failed, see $SB_LOG/apt.log"
)
