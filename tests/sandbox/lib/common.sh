# Shared settings and helpers for the sandbox scripts; sourced, never run.
# Everything the sandbox writes lives under $SB_STATE (apart from apt/pip installs).

SB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SB_STATE=${SPARKDECK_SANDBOX_STATE:-/var/lib/sparkdeck-sandbox}
SB_LOG=$SB_STATE/log
SB_RUN=$SB_STATE/run
# Debian's interpreter, never pyenv or a virtualenv: the OpenStack packages live there.
SB_PY=/usr/bin/python3
SB_HOST=127.0.0.1

# Service ports on loopback; `up` refuses to start when one is taken by a stranger.
SB_PORT_KEYSTONE=5000
SB_PORT_GLANCE=9292
SB_PORT_PLACEMENT=8778
SB_PORT_NOVA=8774
SB_PORT_NEUTRON=9696
SB_PORT_MARIADB=3306
SB_PORT_RABBIT=5672

# The external (provider) network: a bridge in the root namespace holds the gateway.
SB_EXT_CIDR=172.24.4.0/24
SB_EXT_GW=172.24.4.1
SB_EXT_BRIDGE=sdk-ex

sb_clean_env() {
	# Keep pyenv/venv Python out of the services' and CLI's way.
	unset PYTHONPATH PYTHONHOME VIRTUAL_ENV PYENV_VERSION
	export PATH=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
}

sb_log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
sb_die() { printf 'sandbox: %s\n' "$*" >&2; exit 1; }

sb_apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
		install -y -qq --no-install-recommends "$@"
}

# sb_pid_alive NAME: true when $SB_RUN/NAME.pid names a live process.
sb_pid_alive() {
	local f=$SB_RUN/$1.pid
	[ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# sb_port_owner PORT: prints the command listening on 127.0.0.1:PORT, if any.
sb_port_owner() {
	ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(("\([^"]*\)".*/\1/p' | head -n1
}

# sb_wait_http URL SECONDS: wait until URL answers anything over HTTP.
sb_wait_http() {
	local url=$1 t=$2 i=0
	while [ "$i" -lt $((t * 10)) ]; do
		curl -s -o /dev/null --max-time 2 "$url" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
