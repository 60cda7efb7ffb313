# How each sandbox service is set up once and started; sourced by `up` after lib.sh.
# sb_os_start_NAME starts NAME (sb_os_ensure calls it only when NAME is not running).

SB_EXT_POOL_START=${SB_EXT_POOL_START:-172.24.4.10}
SB_EXT_POOL_END=${SB_EXT_POOL_END:-172.24.4.250}

# sb_os_once NAME CMD...: runs a one-time setup step unless it already succeeded.
sb_os_once() {
	local name=$1
	shift
	[ -e "$SB_OS_DONE/$name" ] && return 0
	"$@" >>"$SB_LOG/setup-$name.log" 2>&1 ||
		{ tail -n 5 "$SB_LOG/setup-$name.log" >&2; sb_die "$name failed, see $SB_LOG/setup-$name.log"; }
	touch "$SB_OS_DONE/$name"
}

sb_os_write_configs() {
	local f
	mkdir -p "$SB_OS_DONE" "$SB_OS_DATA"/{home,cache,images,lock} "$SB_OS_DATA/nova/instances" \
		"$SB_OS_DATA/glance"/{images,staging} "$SB_OS_DATA/neutron" "$SB_OS_DATA/rabbitmq" \
		"$SB_LOG/rabbitmq"
	sb_os_render "$SB_OS/etc/my.cnf" "$SB_ETC/mariadb/my.cnf"
	sb_os_render "$SB_OS/etc/rabbitmq.conf" "$SB_ETC/rabbitmq/rabbitmq.conf"
	sb_os_render "$SB_OS/etc/rabbitmq-enabled_plugins" "$SB_ETC/rabbitmq/enabled_plugins"
	sb_os_render "$SB_OS/etc/keystone.conf" "$SB_ETC/keystone/keystone.conf"
	sb_os_render "$SB_OS/etc/glance-api.conf" "$SB_ETC/glance/glance-api.conf"
	sb_os_render "$SB_OS/etc/placement.conf" "$SB_ETC/placement/placement.conf"
	for f in nova.conf nova-db.conf; do sb_os_render "$SB_OS/etc/$f" "$SB_ETC/nova/$f"; done
	# nova-api-wsgi takes its paste pipeline from the first of its config files.
	cp /etc/nova/api-paste.ini "$SB_ETC/nova/api-paste.ini"
	sb_os_render "$SB_OS/etc/neutron.conf" "$SB_ETC/neutron/neutron.conf"
	# The configs hold the service password: keep them to root.
	chmod -R go-rwx "$SB_ETC"/{mariadb,rabbitmq,keystone,glance,placement,nova,neutron}
}

# --- MariaDB -------------------------------------------------------------------------

sb_os_start_mariadb() {
	if [ ! -d "$SB_OS_DATA/mariadb/mysql" ]; then
		mariadb-install-db --defaults-file="$SB_ETC/mariadb/my.cnf" --user=root \
			--auth-root-authentication-method=socket --skip-test-db \
			>>"$SB_LOG/mariadb.log" 2>&1 || sb_die "mariadb-install-db failed, see $SB_LOG/mariadb.log"
	fi
	sb_os_spawn mariadb /usr/sbin/mariadbd --defaults-file="$SB_ETC/mariadb/my.cnf" --user=root
}

sb_os_create_databases() {
	local db sql=
	for db in keystone glance placement nova_api nova nova_cell0 neutron; do
		sql+="CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8;"
	done
	sql+="CREATE USER IF NOT EXISTS 'sandbox'@'$SB_HOST' IDENTIFIED BY '$SB_OS_DB_PASSWORD';"
	sql+="GRANT ALL PRIVILEGES ON *.* TO 'sandbox'@'$SB_HOST';"
	sb_os_mysql -e "$sql"
}

# --- RabbitMQ ------------------------------------------------------------------------

# Erlang's port mapper, started by us so that it is bound to loopback and stoppable.
sb_os_start_epmd() {
	sb_os_spawn epmd /usr/bin/epmd -address "$SB_HOST" -port 4369
}

sb_os_start_rabbitmq() {
	local r=$SB_OS_DATA/rabbitmq
	sb_os_spawn rabbitmq env HOME="$r" \
		RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS="$SB_HOST" \
		RABBITMQ_NODE_PORT="$SB_PORT_RABBIT" RABBITMQ_DIST_PORT=25672 \
		RABBITMQ_CONFIG_FILE="$SB_ETC/rabbitmq/rabbitmq.conf" \
		RABBITMQ_ENABLED_PLUGINS_FILE="$SB_ETC/rabbitmq/enabled_plugins" \
		RABBITMQ_CONF_ENV_FILE=/dev/null \
		RABBITMQ_MNESIA_BASE="$r/mnesia" RABBITMQ_LOG_BASE="$SB_LOG/rabbitmq" \
		RABBITMQ_PID_FILE="$r/rabbitmq.pid" \
		ERL_EPMD_ADDRESS="$SB_HOST" \
		RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
		/usr/lib/rabbitmq/bin/rabbitmq-server
}

# --- API services under uwsgi ----------------------------------------------------------

# sb_os_uwsgi NAME PORT SCRIPT THREADS [VAR=VALUE...]: one uwsgi worker (plus its
# master) serving SCRIPT on loopback.
sb_os_uwsgi() {
	local name=$1 port=$2 script=$3 threads=$4
	shift 4
	sb_os_spawn "$name" env "$@" /usr/bin/uwsgi --plugins python3 --master \
		--processes 1 --threads "$threads" --enable-threads --lazy-apps --need-app \
		--die-on-term --no-orphans --http-socket "$SB_HOST:$port" \
		--add-header 'Connection: close' --buffer-size 65535 \
		--procname-prefix-spaced "sandbox-$name" --wsgi-file "$script"
}

sb_os_sync_keystone() {
	local conf=$SB_ETC/keystone/keystone.conf url=http://$SB_HOST:$SB_PORT_KEYSTONE/v3
	# (&& chains: sb_os_once runs this where errexit does not apply)
	mkdir -p "$SB_OS_DATA/keystone" &&
	keystone-manage --config-file "$conf" fernet_setup --keystone-user root --keystone-group root &&
	keystone-manage --config-file "$conf" credential_setup --keystone-user root --keystone-group root &&
	keystone-manage --config-file "$conf" db_sync &&
	keystone-manage --config-file "$conf" bootstrap --bootstrap-password "$SB_OS_PASSWORD" \
		--bootstrap-username admin --bootstrap-project-name admin \
		--bootstrap-role-name admin --bootstrap-service-name keystone \
		--bootstrap-region-id "$SB_OS_REGION" --bootstrap-admin-url "$url" \
		--bootstrap-internal-url "$url" --bootstrap-public-url "$url"
}

sb_os_start_keystone() {
	# Threads, not processes: the dogpile memory cache lives in the one process.
	sb_os_uwsgi keystone "$SB_PORT_KEYSTONE" /usr/bin/keystone-wsgi-public 4 \
		OS_KEYSTONE_CONFIG_FILES="$SB_ETC/keystone/keystone.conf"
}

sb_os_start_placement() {
	sb_os_uwsgi placement "$SB_PORT_PLACEMENT" /usr/bin/placement-api 4 \
		OS_PLACEMENT_CONFIG_DIR="$SB_ETC/placement"
}

sb_os_start_nova_api() {
	# One thread: nova-api monkey-patches with eventlet.
	sb_os_uwsgi nova-api "$SB_PORT_NOVA" /usr/bin/nova-api-wsgi 1 \
		OS_NOVA_CONFIG_DIR="$SB_ETC/nova" OS_NOVA_CONFIG_FILES='api-paste.ini;nova.conf;nova-db.conf'
}

# --- plain processes ---------------------------------------------------------------------

sb_os_start_glance() {
	sb_os_spawn glance /usr/bin/glance-api --config-file "$SB_ETC/glance/glance-api.conf"
}

sb_os_nova_conf() { echo --config-file "$SB_ETC/nova/nova.conf" --config-file "$SB_ETC/nova/nova-db.conf"; }

sb_os_start_nova_conductor() {
	# shellcheck disable=SC2046
	sb_os_spawn nova-conductor /usr/bin/nova-conductor $(sb_os_nova_conf)
}

sb_os_start_nova_scheduler() {
	# shellcheck disable=SC2046
	sb_os_spawn nova-scheduler /usr/bin/nova-scheduler $(sb_os_nova_conf)
}

sb_os_start_nova_compute() {
	sb_os_spawn nova-compute "$SB_PY" "$SB_OS/nova-compute" --config-file "$SB_ETC/nova/nova.conf"
}

sb_os_start_neutron() {
	# pylib holds the test bed's ML2 mechanism driver and its entry point.
	sb_os_spawn neutron env PYTHONPATH="$SB_OS/pylib" \
		/usr/bin/neutron-server --config-file "$SB_ETC/neutron/neutron.conf"
}

# --- database schemas (first start only) ----------------------------------------------

sb_os_sync_glance() { glance-manage --config-file "$SB_ETC/glance/glance-api.conf" db_sync; }
sb_os_sync_placement() { placement-manage --config-file "$SB_ETC/placement/placement.conf" db sync; }
sb_os_sync_neutron() {
	PYTHONPATH="$SB_OS/pylib" neutron-db-manage --config-file "$SB_ETC/neutron/neutron.conf" upgrade heads
}

sb_os_sync_nova() {
	local m
	m="nova-manage $(sb_os_nova_conf)"
	$m api_db sync &&
	$m cell_v2 map_cell0 &&
	{ $m cell_v2 list_cells | grep -q ' cell1 ' || $m cell_v2 create_cell --name cell1; } &&
	$m db sync
}

# sb_os_sync_all: the schema steps not done yet, in parallel (they are independent).
sb_os_sync_all() {
	local s pids=() rc=0
	for s in keystone glance placement nova neutron; do
		sb_os_once "db-$s" "sb_os_sync_$s" &
		pids+=($!)
	done
	for s in "${pids[@]}"; do wait "$s" || rc=1; done
	return "$rc"
}

# --- nova cells ----------------------------------------------------------------------------

# sb_os_wait_compute_report SINCE: waits until nova-compute has reported itself up
# (services.updated_at, UTC) at or after SINCE, so the scheduler counts it as up.
sb_os_wait_compute_report() {
	local i n
	for i in $(seq 300); do
		n=$(sb_os_mysql -N -e "SELECT COUNT(*) FROM nova.services WHERE deleted = 0
			AND \`binary\` = 'nova-compute' AND updated_at >= '$1'")
		[ "$n" -gt 0 ] && return 0
		sb_os_alive nova-compute || sb_die "nova-compute died, see $SB_LOG/nova-compute.log"
		sleep 0.2
	done
	sb_die "nova-compute did not report in 60 s, see $SB_LOG/nova-compute.log"
}

# sb_os_discover_hosts: maps the compute host into cell1 once it has registered.
sb_os_discover_hosts() {
	local i unmapped mapped
	for i in $(seq 150); do
		unmapped=$(sb_os_mysql -N -e "SELECT COUNT(*) FROM nova.compute_nodes
			WHERE deleted = 0 AND host NOT IN (SELECT host FROM nova_api.host_mappings)")
		mapped=$(sb_os_mysql -N -e "SELECT COUNT(*) FROM nova_api.host_mappings")
		if [ "$unmapped" -gt 0 ]; then
			# shellcheck disable=SC2046
			nova-manage $(sb_os_nova_conf) cell_v2 discover_hosts >>"$SB_LOG/setup-discover.log" 2>&1
		elif [ "$mapped" -gt 0 ]; then
			return 0
		else
			sb_os_alive nova-compute || sb_die "nova-compute died, see $SB_LOG/nova-compute.log"
			sleep 0.2
		fi
	done
	sb_die "nova-compute did not register in time, see $SB_LOG/nova-compute.log"
}

# --- seed and credentials --------------------------------------------------------------------

sb_os_seed() {
	env OS_CLIENT_CONFIG_FILE="$SB_DIR/clouds.yaml" HOME="$SB_OS_DATA/home" \
		XDG_CACHE_HOME="$SB_OS_DATA/cache" SB_HOST="$SB_HOST" SB_OS_REGION="$SB_OS_REGION" \
		SB_OS_PASSWORD="$SB_OS_PASSWORD" SB_OS_DATA="$SB_OS_DATA" \
		SB_PORT_GLANCE="$SB_PORT_GLANCE" SB_PORT_PLACEMENT="$SB_PORT_PLACEMENT" \
		SB_PORT_NOVA="$SB_PORT_NOVA" SB_PORT_NEUTRON="$SB_PORT_NEUTRON" \
		SB_EXT_CIDR="$SB_EXT_CIDR" SB_EXT_GW="$SB_EXT_GW" \
		SB_EXT_POOL_START="$SB_EXT_POOL_START" SB_EXT_POOL_END="$SB_EXT_POOL_END" \
		"$SB_PY" "$SB_OS/seed.py" "$1"
}

# sb_os_cloud NAME USER PROJECT: one clouds.yaml entry.
sb_os_cloud() {
	cat <<EOF
  $1:
    auth_type: password
    auth:
      auth_url: http://$SB_HOST:$SB_PORT_KEYSTONE/v3
      username: $2
      password: $SB_OS_PASSWORD
      project_name: $3
      user_domain_name: Default
      project_domain_name: Default
    region_name: $SB_OS_REGION
    interface: public
    identity_api_version: 3
EOF
}

# sb_os_openrc USER PROJECT: the same credentials as OS_* variables.
sb_os_openrc() {
	cat <<EOF
# sparkdeck sandbox: $1 in project $2 (source this file)
unset OS_CLOUD OS_TOKEN OS_PROJECT_ID OS_TENANT_NAME OS_TENANT_ID
export OS_AUTH_TYPE=password
export OS_AUTH_URL=http://$SB_HOST:$SB_PORT_KEYSTONE/v3
export OS_USERNAME=$1
export OS_PASSWORD=$SB_OS_PASSWORD
export OS_PROJECT_NAME=$2
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=$SB_OS_REGION
export OS_INTERFACE=public
export OS_IDENTITY_API_VERSION=3
EOF
}

sb_os_write_credentials() {
	(
		umask 077
		{
			echo "# sparkdeck sandbox clouds (written by tests/sandbox/up)"
			echo "clouds:"
			sb_os_cloud sandbox-admin admin admin
			sb_os_cloud sandbox-builders builders-user builders
			sb_os_cloud sandbox-training training-user training
		} >"$SB_DIR/clouds.yaml.tmp"
		mv "$SB_DIR/clouds.yaml.tmp" "$SB_DIR/clouds.yaml"
		sb_os_openrc admin admin >"$SB_DIR/admin.openrc"
		sb_os_openrc builders-user builders >"$SB_DIR/builders.openrc"
		sb_os_openrc training-user training >"$SB_DIR/training.openrc"
		chmod 600 "$SB_DIR/clouds.yaml" "$SB_DIR"/{admin,builders,training}.openrc
	)
}
