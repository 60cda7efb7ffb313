/* Tests of src/ssh against a real OpenSSH sshd on 127.0.0.1 (see tests/ssh/sshd_fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "ssh/exec.h"
#include "ssh/fp.h"
#include "ssh/session.h"
#include "../ssh/sshd_fixture.h"
#include "tmptree.h"

static struct sshd_fixture fx;
static struct event_base *base;

struct conn {
	struct ssh_session *s;
	int done, rc, asked, answer;
	char *fp, *msg;
};

struct run {
	struct buf out, err;
	int done, rc, status, chunks;
	size_t max_chunk;
};

static void on_ready(struct ssh_session *s, int rc, void *arg)
{
	struct conn *c = arg;

	(void)s;
	c->done = 1;
	c->rc = rc;
	c->msg = xstrdup(err_last());
}

static void answer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;

	(void)fd;
	(void)what;
	ssh_session_answer_hostkey(c->s, c->answer);
}

static void on_ask(struct ssh_session *s, const char *host, int port, const char *fp, void *arg)
{
	struct conn *c = arg;
	struct timeval tv = { 0, 10000 };

	(void)s;
	(void)host;
	(void)port;
	c->asked++;
	c->fp = xstrdup(fp);
	/* Answer later, as a person would. */
	event_base_once(base, -1, EV_TIMEOUT, answer_cb, c, &tv);
}

/* Connect with the given policy, key and known_hosts; waits for on_ready. */
static void conn_open(struct conn *c, enum ssh_hostkey_policy policy, const char *key, const char *kh,
    int port, double timeout)
{
	struct ssh_session_opts o;

	memset(c, 0, sizeof(*c));
	memset(&o, 0, sizeof(o));
	o.host = "127.0.0.1";
	o.port = port ? port : fx.port;
	o.user = fx.user;
	o.key_path = key;
	o.known_hosts = kh;
	o.policy = policy;
	o.timeout_s = timeout ? timeout : 10;
	o.on_ready = on_ready;
	o.on_ask = on_ask;
	o.arg = c;
	assert_int_equal(ssh_session_open(&c->s, base, &o), 0);
	sshd_fixture_loop_until(base, &c->done, 15);
	assert_true(c->done);
}

static void conn_close(struct conn *c)
{
	ssh_session_free(c->s);
	free(c->fp);
	free(c->msg);
}

static char *kh_path(const char *name)
{
	return xasprintf("%s/%s", fx.dir, name);
}

static void on_output(struct ssh_exec *e, int stream, const char *data, size_t len, void *arg)
{
	struct run *r = arg;

	(void)e;
	assert_int_equal(buf_append(stream == SSH_EXEC_STDOUT ? &r->out : &r->err, data, len), 0);
	r->chunks++;
	if (len > r->max_chunk)
		r->max_chunk = len;
}

static void on_done(struct ssh_exec *e, int rc, int status, void *arg)
{
	struct run *r = arg;

	(void)e;
	r->done = 1;
	r->rc = rc;
	r->status = status;
}

/* Run a command on a ready session and wait for it. */
static void run_cmd(struct ssh_session *s, struct run *r, const char *cmd, double timeout, size_t chunk,
    struct ssh_exec **keep)
{
	struct ssh_exec_opts o;
	struct ssh_exec *e;

	memset(r, 0, sizeof(*r));
	buf_init(&r->out, 1 << 20);
	buf_init(&r->err, 1 << 20);
	memset(&o, 0, sizeof(o));
	o.command = cmd;
	o.timeout_s = timeout;
	o.chunk_max = chunk;
	o.on_output = on_output;
	o.on_done = on_done;
	o.arg = r;
	assert_int_equal(ssh_exec_start(&e, s, &o), 0);
	if (keep) {
		*keep = e;
		return;
	}
	sshd_fixture_loop_until(base, &r->done, 20);
	assert_true(r->done);
	ssh_exec_free(e);
}

static void run_dispose(struct run *r)
{
	buf_dispose(&r->out);
	buf_dispose(&r->err);
}

static void test_fp_sha256(void **state)
{
	unsigned char d[32];
	char *fp;

	(void)state;
	ssh_fp_sha256("abc", 3, d);
	fp = ssh_fp_format_digest(d);
	/* base64 of SHA-256("abc") = ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0= */
	assert_string_equal(fp, "SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0");
	free(fp);
	ssh_fp_sha256("", 0, d);
	fp = ssh_fp_format_digest(d);
	assert_string_equal(fp, "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
	free(fp);
}

/* accept-new records the key; exec streams stdout, stderr and the status. */
static void test_exec_accept_new(void **state)
{
	char *kh = kh_path("kh_accept"), *text, *want;
	struct conn c;
	struct run r;

	(void)state;
	unlink(kh);
	conn_open(&c, SSH_HOSTKEY_ACCEPT_NEW, fx.client_key, kh, 0, 0);
	assert_int_equal(c.rc, 0);
	run_cmd(c.s, &r, "echo hello; echo err >&2; exit 3", 10, 0, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out.data ? r.out.data : "", "hello\n");
	assert_string_equal(r.err.data ? r.err.data : "", "err\n");
	run_dispose(&r);
	text = sshd_fixture_read(kh);
	want = xasprintf("[127.0.0.1]:%d ssh-ed25519 ", fx.port);
	assert_non_null(text);
	assert_non_null(strstr(text, want));
	free(text);
	free(want);
	conn_close(&c);

	/* The recorded key now passes strict checking. */
	conn_open(&c, SSH_HOSTKEY_YES, fx.client_key, kh, 0, 0);
	assert_int_equal(c.rc, 0);
	conn_close(&c);
	free(kh);
}

/* Big output comes in bounded chunks; two commands share one session. */
static void test_exec_stream_parallel(void **state)
{
	char *kh = kh_path("kh_par");
	struct ssh_exec *e1, *e2;
	struct run r1, r2;
	struct conn c;

	(void)state;
	unlink(kh);
	conn_open(&c, SSH_HOSTKEY_ACCEPT_NEW, fx.client_key, kh, 0, 0);
	assert_int_equal(c.rc, 0);
	run_cmd(c.s, &r1, "head -c 300000 /dev/zero | tr '\\0' x", 20, 4096, &e1);
	run_cmd(c.s, &r2, "sleep 0.2; echo two; head -c 100000 /dev/zero | tr '\\0' y >&2", 20, 0, &e2);
	sshd_fixture_loop_until(base, &r1.done, 20);
	sshd_fixture_loop_until(base, &r2.done, 20);
	assert_int_equal(r1.rc, 0);
	assert_int_equal(r1.status, 0);
	assert_int_equal(r1.out.len, 300000);
	assert_true(r1.max_chunk <= 4096);
	assert_int_equal(r2.rc, 0);
	assert_string_equal(r2.out.data, "two\n");
	assert_int_equal(r2.err.len, 100000);
	ssh_exec_free(e1);
	ssh_exec_free(e2);
	run_dispose(&r1);
	run_dispose(&r2);
	conn_close(&c);
	free(kh);
}

/* Strict checking refuses a host that is not in known_hosts. */
static void test_yes_unknown(void **state)
{
	char *kh = kh_path("kh_none");
	struct conn c;

	(void)state;
	unlink(kh);
	conn_open(&c, SSH_HOSTKEY_YES, fx.client_key, kh, 0, 0);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_non_null(strstr(c.msg, "not in"));
	assert_non_null(strstr(c.msg, fx.host_fp));
	assert_int_equal(access(kh, F_OK), -1);
	conn_close(&c);
	free(kh);
}

/* A changed key is refused under every policy, with both fingerprints and file:line. */
static void test_changed_key(void **state)
{
	char *kh = kh_path("kh_changed"), *pubpath, *pub, *text, *where;
	enum ssh_hostkey_policy p;
	struct conn c;

	(void)state;
	pubpath = xasprintf("%s.pub", fx.other_host_key);
	pub = sshd_fixture_read(pubpath);
	text = xasprintf("# a comment\n[127.0.0.1]:%d %s", fx.port, pub);
	free(tmptree_write(fx.dir, "kh_changed", text, 0600));
	where = xasprintf("%s:2", kh);
	for (p = SSH_HOSTKEY_ASK; p <= SSH_HOSTKEY_YES; p++) {
		conn_open(&c, p, fx.client_key, kh, 0, 0);
		assert_int_equal(c.rc, ERR_AUTH);
		assert_int_equal(c.asked, 0);
		assert_non_null(strstr(c.msg, "CHANGED"));
		assert_non_null(strstr(c.msg, fx.host_fp));
		assert_non_null(strstr(c.msg, fx.other_host_fp));
		assert_non_null(strstr(c.msg, where));
		conn_close(&c);
	}
	free(where);
	free(text);
	free(pub);
	free(pubpath);
	free(kh);
}

/* ask passes the fingerprint to the caller, who answers later. */
static void test_ask(void **state)
{
	char *kh = kh_path("kh_ask"), *text;
	struct conn c;

	(void)state;
	unlink(kh);
	memset(&c, 0, sizeof(c));
	{
		struct ssh_session_opts o;

		memset(&o, 0, sizeof(o));
		o.host = "127.0.0.1";
		o.port = fx.port;
		o.user = fx.user;
		o.key_path = fx.client_key;
		o.known_hosts = kh;
		o.policy = SSH_HOSTKEY_ASK;
		o.on_ready = on_ready;
		o.on_ask = on_ask;
		o.arg = &c;
		c.answer = 0;
		assert_int_equal(ssh_session_open(&c.s, base, &o), 0);
		sshd_fixture_loop_until(base, &c.done, 15);
		assert_int_equal(c.asked, 1);
		assert_string_equal(c.fp, fx.host_fp);
		assert_int_equal(c.rc, ERR_AUTH);
		assert_non_null(strstr(c.msg, "refused by the user"));
		conn_close(&c);

		memset(&c, 0, sizeof(c));
		c.answer = 1;
		o.arg = &c;
		assert_int_equal(ssh_session_open(&c.s, base, &o), 0);
		sshd_fixture_loop_until(base, &c.done, 15);
		assert_int_equal(c.asked, 1);
		assert_int_equal(c.rc, 0);
		conn_close(&c);
	}
	text = sshd_fixture_read(kh);
	assert_non_null(text);
	assert_non_null(strstr(text, "ssh-ed25519"));
	free(text);
	free(kh);
}

/* A key the server does not know is refused with what was tried. */
static void test_wrong_key(void **state)
{
	char *kh = kh_path("kh_accept");
	struct conn c;

	(void)state;
	conn_open(&c, SSH_HOSTKEY_ACCEPT_NEW, fx.wrong_key, kh, 0, 0);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_non_null(strstr(c.msg, "refused every key"));
	assert_non_null(strstr(c.msg, fx.wrong_key));
	conn_close(&c);
	free(kh);
}

/* An RSA key (authorized on the server) gets the libssh2 RSA-SHA2 explanation. */
static void test_rsa_key(void **state)
{
	char *kh = kh_path("kh_accept");
	struct conn c;

	(void)state;
	conn_open(&c, SSH_HOSTKEY_ACCEPT_NEW, fx.rsa_key, kh, 0, 0);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_non_null(strstr(c.msg, "RSA-SHA2"));
	assert_non_null(strstr(c.msg, "ed25519"));
	conn_close(&c);
	free(kh);
}

/* Nothing listening: refused at once. */
static void test_refused(void **state)
{
	char *kh = kh_path("kh_accept");
	double t0 = sshd_fixture_now();
	struct conn c;

	(void)state;
	conn_open(&c, SSH_HOSTKEY_ACCEPT_NEW, fx.client_key, kh, sshd_fixture_free_port(), 5);
	assert_int_equal(c.rc, ERR_NET);
	assert_true(sshd_fixture_now() - t0 < 2);
	assert_non_null(strstr(c.msg, "refused"));
	conn_close(&c);
	free(kh);
}

/* A listener that never speaks: the deadline fires. */
static void test_connect_timeout(void **state)
{
	char *kh = kh_path("kh_accept");
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	double t0 = sshd_fixture_now();
	struct conn c;
	int fd;

	(void)state;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	conn_open(&c, SSH_HOSTKEY_ACCEPT_NEW, fx.client_key, kh, ntohs(a.sin_port), 0.5);
	assert_int_equal(c.rc, ERR_TIMEOUT);
	assert_true(sshd_fixture_now() - t0 < 3);
	conn_close(&c);
	close(fd);
	free(kh);
}

/* A command that runs too long is stopped; a cancelled one reports ERR_CANCELLED. */
static void test_exec_timeout_cancel(void **state)
{
	char *kh = kh_path("kh_accept");
	struct ssh_exec *e;
	double t0;
	struct conn c;
	struct run r;

	(void)state;
	conn_open(&c, SSH_HOSTKEY_ACCEPT_NEW, fx.client_key, kh, 0, 0);
	assert_int_equal(c.rc, 0);
	t0 = sshd_fixture_now();
	run_cmd(c.s, &r, "echo started; sleep 20", 0.5, 0, NULL);
	assert_int_equal(r.rc, ERR_TIMEOUT);
	assert_true(sshd_fixture_now() - t0 < 3);
	run_dispose(&r);

	t0 = sshd_fixture_now();
	run_cmd(c.s, &r, "sleep 20", 30, 0, &e);
	ssh_exec_cancel(e);
	sshd_fixture_loop_until(base, &r.done, 5);
	assert_int_equal(r.rc, ERR_CANCELLED);
	assert_true(sshd_fixture_now() - t0 < 3);
	ssh_exec_free(e);
	run_dispose(&r);

	/* The session still works after both. */
	run_cmd(c.s, &r, "echo ok", 10, 0, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out.data, "ok\n");
	run_dispose(&r);
	conn_close(&c);
	free(kh);
}

/* A name is resolved on the loop; ::1 (if tried first) is refused and 127.0.0.1 follows. */
static void test_hostname(void **state)
{
	char *kh = kh_path("kh_name");
	struct ssh_session_opts o;
	struct conn c;
	struct run r;

	(void)state;
	unlink(kh);
	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	o.host = "localhost";
	o.port = fx.port;
	o.user = fx.user;
	o.key_path = fx.client_key;
	o.known_hosts = kh;
	o.policy = SSH_HOSTKEY_ACCEPT_NEW;
	o.on_ready = on_ready;
	o.arg = &c;
	assert_int_equal(ssh_session_open(&c.s, base, &o), 0);
	sshd_fixture_loop_until(base, &c.done, 15);
	assert_int_equal(c.rc, 0);
	run_cmd(c.s, &r, "echo via-name", 10, 0, NULL);
	assert_string_equal(r.out.data, "via-name\n");
	run_dispose(&r);
	conn_close(&c);
	free(kh);
}

/* ssh-agent is tried first: it logs in although the key file is not authorized. */
static void test_agent(void **state)
{
	char *kh = kh_path("kh_accept"), *sock = kh_path("agent.sock"), *cmd, line[256];
	struct ssh_session_opts o;
	struct conn c;
	FILE *p;
	int pid = -1;

	(void)state;
	cmd = xasprintf("ssh-agent -a '%s' 2>/dev/null", sock);
	p = popen(cmd, "r");
	free(cmd);
	while (p && fgets(line, sizeof(line), p))
		if (strncmp(line, "SSH_AGENT_PID=", 14) == 0)
			pid = atoi(line + 14);
	if (p)
		pclose(p);
	if (pid <= 0) {
		free(kh);
		free(sock);
		skip();
	}
	cmd = xasprintf("SSH_AUTH_SOCK='%s' ssh-add '%s' 2>/dev/null", sock, fx.client_key);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	setenv("SSH_AUTH_SOCK", sock, 1);
	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	o.host = "127.0.0.1";
	o.port = fx.port;
	o.user = fx.user;
	o.key_path = fx.wrong_key;
	o.known_hosts = kh;
	o.policy = SSH_HOSTKEY_ACCEPT_NEW;
	o.use_agent = 1;
	o.on_ready = on_ready;
	o.arg = &c;
	assert_int_equal(ssh_session_open(&c.s, base, &o), 0);
	sshd_fixture_loop_until(base, &c.done, 15);
	unsetenv("SSH_AUTH_SOCK");
	kill(pid, SIGTERM);
	assert_int_equal(c.rc, 0);
	conn_close(&c);
	free(kh);
	free(sock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fp_sha256),
		cmocka_unit_test(test_exec_accept_new),
		cmocka_unit_test(test_exec_stream_parallel),
		cmocka_unit_test(test_yes_unknown),
		cmocka_unit_test(test_changed_key),
		cmocka_unit_test(test_ask),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_rsa_key),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_connect_timeout),
		cmocka_unit_test(test_exec_timeout_cancel),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_agent),
	};
	int rc;

	unsetenv("SSH_AUTH_SOCK");
	rc = sshd_fixture_start(&fx);
	if (rc == 1) {
		printf("1..0 # SKIP /usr/sbin/sshd or ssh-keygen not installed\n");
		return 0;
	}
	if (rc < 0) {
		sshd_fixture_stop(&fx);
		printf("1..1\nnot ok 1 - sshd fixture did not start\n");
		return 1;
	}
	base = event_base_new();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	event_base_free(base);
	sshd_fixture_stop(&fx);
	return rc;
}
