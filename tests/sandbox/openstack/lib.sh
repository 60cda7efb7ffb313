# The sandbox OpenStack: what runs, where it keeps its state, how to start and check it.
# Sourced by up, down and status after lib/common.sh.

SB_OS=$SB_DIR/openstack
SB_ETC=$SB_STATE/etc
SB_OS_DATA=$SB_STATE/openstack          # DBs, queues, keys, images: all removed by `down --purge`
SB_OS_DONE=$SB_OS_DATA/done             # one marker per one-time setup step that succeeded
SB_OS_REGION=RegionOne
# Fixed test-bed passwords: a throwaway cloud on loopback only.
SB_OS_PASSWORD=sandbox-secret           # every keystone user: admin, builders-user, training-user, services
SB_OS_DB_PASSWORD=sandbox-db            # MariaDB user `sandbox` (root: unix socket only)
SB_OS_DB_URL=mysql+pymysql://sandbox:$SB_OS_DB_PASSWORD@$SB_HOST:$SB_PORT_MARIADB
SB_OS_RABBIT_URL=rabbit://guest:guest@$SB_HOST:$SB_PORT_RABBIT/
SB_OS_COMPUTE_HOST=sandbox-compute      # nova's host (and hypervisor) name

# Start order; down stops them in reverse.
SB_OS_SERVICES=(mariadb epmd rabbitmq keystone glance placement nova-api
	nova-conductor nova-scheduler nova-compute neutron)

# sb_os_port NAME: the loopback port NAME listens on (empty for none).
sb_os_port() {
	case $1 in
	mariadb) echo "$SB_PORT_MARIADB" ;;
	epmd) echo 4369 ;;
	rabbitmq) echo "$SB_PORT_RABBIT" ;;
	keystone) echo "$SB_PORT_KEYSTONE" ;;
	glance) echo "$SB_PORT_GLANCE" ;;
	placement) echo "$SB_PORT_PLACEMENT" ;;
	nova-api) echo "$SB_PORT_NOVA" ;;
	neutron) echo "$SB_PORT_NEUTRON" ;;
	esac
}

# sb_os_url NAME: the HTTP endpoint of an API service (empty for the others).
sb_os_url() {
	case $1 in
	keystone) echo "http://$SB_HOST:$SB_PORT_KEYSTONE/v3" ;;
	glance) echo "http://$SB_HOST:$SB_PORT_GLANCE/" ;;
	placement) echo "http://$SB_HOST:$SB_PORT_PLACEMENT/" ;;
	nova-api) echo "http://$SB_HOST:$SB_PORT_NOVA/" ;;
	neutron) echo "http://$SB_HOST:$SB_PORT_NEUTRON/" ;;
	esac
}

# sb_step TITLE CMD...: runs CMD (under the caller's errexit) and prints one line with
# the title and its duration; sb_step_trap reports the step that failed.
sb_step() {
	local t0
	SB_STEP=$1
	shift
	t0=$(date +%s.%N)
	"$@"
	printf '%s %-34s %5.1fs\n' "$(date +%H:%M:%S)" "$SB_STEP" \
		"$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" >&2
	SB_STEP=
}

# For `trap sb_step_trap EXIT`: names the step that was running when the script failed.
sb_step_trap() {
	local rc=$?
	if [ "$rc" -ne 0 ] && [ -n "${SB_STEP:-}" ]; then
		printf '%s %-34s FAILED (rc %s)\n' "$(date +%H:%M:%S)" "$SB_STEP" "$rc" >&2
	fi
}

# sb_os_listening PORT: true when something listens on TCP PORT.
sb_os_listening() {
	[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# sb_os_port_holder PORT: "command (pid N)" of whoever listens on PORT.
sb_os_port_holder() {
	ss -Hltnp "sport = :$1" 2>/dev/null |
		sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n1
}

# sb_os_alive NAME: true when $SB_RUN/NAME.pid names a live process. Unlike a bare
# kill -0 it does not count a zombie: init may take a while to reap our dead services.
sb_os_alive() {
	local pid state
	pid=$(cat "$SB_RUN/$1.pid" 2>/dev/null) && [ -n "$pid" ] || return 1
	state=$(ps -o stat= -p "$pid" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# sb_os_pid NAME: the recorded pid of NAME, if its process is alive.
sb_os_pid() {
	sb_os_alive "$1" && cat "$SB_RUN/$1.pid"
}

# sb_os_spawn NAME CMD...: runs CMD in a session of its own (so `down` can stop it and
# all its children as one process group), output to $SB_LOG/NAME.log, pid recorded.
sb_os_spawn() {
	local name=$1 pidf=$SB_RUN/$1.pid i
	shift
	rm -f "$pidf"
	printf '\n==== %s start: %s\n' "$(date '+%F %T')" "$*" >>"$SB_LOG/$name.log"
	# The forked child writes its own pid, then execs CMD: the pid stays the service's.
	# No bytecode written: it would land in the source tree (openstack/pylib, virt).
	setsid -f bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pidf" \
		env HOME="$SB_OS_DATA/home" XDG_CACHE_HOME="$SB_OS_DATA/cache" PYTHONDONTWRITEBYTECODE=1 "$@" \
		</dev/null >>"$SB_LOG/$name.log" 2>&1
	for i in $(seq 50); do [ -s "$pidf" ] && return 0; sleep 0.05; done
	sb_die "$name did not start, see $SB_LOG/$name.log"
}

# sb_os_check_port NAME: unless NAME runs, fails when another process holds its port.
sb_os_check_port() {
	local name=$1 port holder
	sb_os_alive "$name" && return 0
	port=$(sb_os_port "$name")
	if [ -n "$port" ] && sb_os_listening "$port"; then
		holder=$(sb_os_port_holder "$port")
		sb_die "port $port (for $name) is in use by ${holder:-another process}, not by the sandbox"
	fi
}

# sb_os_ensure NAME: starts NAME unless its recorded process is alive.
sb_os_ensure() {
	sb_os_alive "$1" && return 0
	sb_os_check_port "$1"
	"sb_os_start_${1//-/_}"
}

# sb_os_wait_ready NAME SECONDS: waits until NAME's port/endpoint answers; fails (with
# the end of its log) when the process dies or time runs out.
sb_os_wait_ready() {
	local name=$1 t=$2 port url i
	port=$(sb_os_port "$name")
	url=$(sb_os_url "$name")
	for i in $(seq $((t * 5))); do
		sb_os_alive "$name" || { tail -n 5 "$SB_LOG/$name.log" >&2; sb_die "$name died, see $SB_LOG/$name.log"; }
		if [ -n "$url" ]; then
			curl -s -o /dev/null --max-time 2 "$url" && return 0
		elif [ -n "$port" ]; then
			sb_os_listening "$port" && return 0
		else
			return 0
		fi
		sleep 0.2
	done
	sb_die "$name not ready after ${t}s, see $SB_LOG/$name.log"
}

# sb_os_stop_begin NAME: TERM to NAME's process group (sb_os_stop_finish then waits).
sb_os_stop_begin() {
	local pid
	pid=$(sb_os_pid "$1") || return 0
	# Only signal a group we made: the pid must still lead its own session.
	if [ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ]; then
		kill -TERM -- "-$pid" 2>/dev/null || true
	else
		kill -TERM "$pid" 2>/dev/null || true
	fi
}

# sb_os_stop_finish NAME DEADLINE: waits for NAME's group to go until DEADLINE (epoch
# seconds), then kills what is left and forgets the pid.
sb_os_stop_finish() {
	local name=$1 deadline=$2 pid
	pid=$(cat "$SB_RUN/$name.pid" 2>/dev/null) || return 0
	while [ "$(date +%s)" -lt "$deadline" ]; do
		sb_os_group_alive "$pid" || break
		sleep 0.1
	done
	if sb_os_group_alive "$pid"; then
		sb_log "$name did not stop on TERM in time: killing it"
		kill -KILL -- "-$pid" 2>/dev/null || true
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$SB_RUN/$name.pid"
}

# sb_os_group_alive PID: true while any (non-zombie) member of process group PID lives.
sb_os_group_alive() {
	[ -n "$(ps -Ao pgid=,stat= | awk -v g="$1" '$1==g && $2 !~ /^Z/')" ]
}

# sb_os_mysql ARGS...: the mariadb client as root on the sandbox's socket.
sb_os_mysql() { mariadb --defaults-file="$SB_ETC/mariadb/my.cnf" "$@"; }

# sb_os_render TEMPLATE OUT: writes a config template with its @NAME@ placeholders filled.
sb_os_render() {
	mkdir -p "$(dirname "$2")"
	sed -e "s|@STATE@|$SB_OS_DATA|g" -e "s|@ETC@|$SB_ETC|g" -e "s|@LOG@|$SB_LOG|g" \
		-e "s|@RUN@|$SB_RUN|g" -e "s|@HOST@|$SB_HOST|g" -e "s|@PASSWORD@|$SB_OS_PASSWORD|g" \
		-e "s|@DB@|$SB_OS_DB_URL|g" -e "s|@RABBIT@|$SB_OS_RABBIT_URL|g" \
		-e "s|@REGION@|$SB_OS_REGION|g" -e "s|@COMPUTE_HOST@|$SB_OS_COMPUTE_HOST|g" \
		-e "s|@P_MARIADB@|$SB_PORT_MARIADB|g" -e "s|@P_RABBIT@|$SB_PORT_RABBIT|g" \
		-e "s|@P_KEYSTONE@|$SB_PORT_KEYSTONE|g" -e "s|@P_GLANCE@|$SB_PORT_GLANCE|g" \
		-e "s|@P_PLACEMENT@|$SB_PORT_PLACEMENT|g" -e "s|@P_NOVA@|$SB_PORT_NOVA|g" \
		-e "s|@P_NEUTRON@|$SB_PORT_NEUTRON|g" "$1" >"$2.tmp"
	mv "$2.tmp" "$2"
}
