# Helpers shared by hosts/up, hosts/down and hosts/status; sourced, never run.
# shellcheck shell=bash
# Sources lib/common.sh, so $SB_STATE, $SB_RUN, $SB_LOG, SB_EXT_* are set.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

SB_HOSTS_DIR=$SB_DIR/hosts
SB_HOSTS_STATE=$SB_STATE/hosts
SB_PYSPARK=$SB_STATE/pyspark
# procps: sysctl, pgrep; curl: spark-check reads the master's page; python3-venv: the pyspark venv.
SB_HOSTS_PKGS="openssh-server openssh-client iproute2 openjdk-17-jre-headless python3-venv python3-yaml procps curl"
# Marks a policy-rc.d as ours, so we never remove one somebody else put there.
SB_POLICY_MARK="# sparkdeck-sandbox hosts: temporary, removed after install"

hosts_missing_pkgs() {
	local p
	for p in $SB_HOSTS_PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
	done
}

# Without a policy-rc.d, openssh-server's postinst would start a system sshd on :22.
hosts_install_pkgs() {
	local missing made=0
	missing=$(hosts_missing_pkgs)
	[ -z "$missing" ] && return 0
	sb_log "hosts: installing ${missing//$'\n'/ }"
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\n%s\nexit 101\n' "$SB_POLICY_MARK" >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made=1
	fi
	# shellcheck disable=SC2086
	sb_apt_install $missing || { apt-get -o DPkg::Lock::Timeout=900 update -qq && sb_apt_install $missing; }
	local rc=$?
	if [ "$made" = 1 ] && grep -qF "$SB_POLICY_MARK" /usr/sbin/policy-rc.d 2>/dev/null; then
		rm -f /usr/sbin/policy-rc.d
	fi
	return $rc
}

# pip from PyPI into a venv of Debian's python (Debian's own pip refuses: PEP 668).
hosts_install_pyspark() {
	[ -x "$SB_PYSPARK/bin/python" ] && [ -x "$SB_PYSPARK/bin/spark-submit" ] &&
		[ -e "$SB_PYSPARK/.complete" ] && return 0
	sb_log "hosts: installing pyspark into $SB_PYSPARK"
	rm -rf "$SB_PYSPARK"
	(sb_clean_env; "$SB_PY" -m venv "$SB_PYSPARK") || return 1
	# PIP_FIND_LINKS etc. of the calling shell would only confuse this venv's pip.
	(sb_clean_env; env -u PIP_FIND_LINKS "$SB_PYSPARK/bin/pip" install -q pyspark) || return 1
	chmod -R a+rX "$SB_PYSPARK"
	touch "$SB_PYSPARK/.complete"
}

hosts_ensure_user() {
	id debian >/dev/null 2>&1 || useradd -m -s /bin/bash debian
	# useradd leaves the account locked ('!'), and sshd with UsePAM no refuses locked accounts.
	usermod -p '*' debian
}

# The external network's bridge: every address on it belongs to the sandbox.
hosts_ensure_ext_bridge() {
	ip link show "$SB_EXT_BRIDGE" >/dev/null 2>&1 || ip link add "$SB_EXT_BRIDGE" type bridge
	ip addr show dev "$SB_EXT_BRIDGE" | grep -q "inet $SB_EXT_GW/" ||
		ip addr add "$SB_EXT_GW/${SB_EXT_CIDR#*/}" dev "$SB_EXT_BRIDGE"
	ip link set "$SB_EXT_BRIDGE" up
}

# Mount points the hosts bind their own copies onto, and sshd's shared privsep dir.
hosts_ensure_dirs() {
	mkdir -p "$SB_HOSTS_STATE" "$SB_RUN" "$SB_LOG" /run/sshd /var/lib/cloud/instance
	chmod 755 "$SB_STATE" "$SB_HOSTS_STATE"
}

# Stops the reconciler (hosts stay as they are: a new reconciler adopts them).
hosts_stop_daemon() {
	local pid i
	sb_pid_alive hosts || { rm -f "$SB_RUN/hosts.pid"; return 0; }
	pid=$(cat "$SB_RUN/hosts.pid")
	kill -TERM "$pid"
	for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null || true
	rm -f "$SB_RUN/hosts.pid" "$SB_RUN/hosts.heartbeat"
	sb_log "hosts: reconciler stopped"
}
