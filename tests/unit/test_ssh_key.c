/* Tests of ssh/key.h (throwaway key pairs) and of in-memory keys and pinned host keys
 * in ssh/session.h, against a real OpenSSH sshd on 127.0.0.1 (see tests/ssh/sshd_fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/consolekeys.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "ssh/exec.h"
#include "ssh/key.h"
#include "ssh/session.h"
#include "../ssh/sshd_fixture.h"
#include "tmptree.h"

static struct sshd_fixture fx;
static struct event_base *base;

struct conn {
	struct ssh_session *s;
	int done, rc;
	char *msg;
};

struct run {
	struct buf out;
	int done, rc, status;
};

static void on_ready(struct ssh_session *s, int rc, void *arg)
{
	struct conn *c = arg;

	(void)s;
	c->done = 1;
	c->rc = rc;
	c->msg = xstrdup(err_last());
}

/* Options for the fixture with nothing chosen yet: no key, no known_hosts, no pins. */
static void opts_base(struct ssh_session_opts *o, struct conn *c)
{
	memset(c, 0, sizeof(*c));
	memset(o, 0, sizeof(*o));
	o->host = "127.0.0.1";
	o->port = fx.port;
	o->user = fx.user;
	o->policy = SSH_HOSTKEY_ACCEPT_NEW;
	o->timeout_s = 10;
	o->on_ready = on_ready;
	o->arg = c;
}

static void conn_wait(struct conn *c, const struct ssh_session_opts *o)
{
	assert_int_equal(ssh_session_open(&c->s, base, o), 0);
	sshd_fixture_loop_until(base, &c->done, 15);
	assert_true(c->done);
}

static void conn_close(struct conn *c)
{
	ssh_session_free(c->s);
	free(c->msg);
}

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", fx.dir, name);
}

static void on_output(struct ssh_exec *e, int stream, const char *data, size_t len, void *arg)
{
	struct run *r = arg;

	(void)e;
	if (stream == SSH_EXEC_STDOUT)
		assert_int_equal(buf_append(&r->out, data, len), 0);
}

static void on_done(struct ssh_exec *e, int rc, int status, void *arg)
{
	struct run *r = arg;

	(void)e;
	r->done = 1;
	r->rc = rc;
	r->status = status;
}

/* Run cmd on a ready session; the caller disposes r->out. */
static void run_cmd(struct ssh_session *s, struct run *r, const char *cmd)
{
	struct ssh_exec_opts o;
	struct ssh_exec *e;

	memset(r, 0, sizeof(*r));
	buf_init(&r->out, 1 << 16);
	memset(&o, 0, sizeof(o));
	o.command = cmd;
	o.timeout_s = 10;
	o.on_output = on_output;
	o.on_done = on_done;
	o.arg = r;
	assert_int_equal(ssh_exec_start(&e, s, &o), 0);
	sshd_fixture_loop_until(base, &r->done, 15);
	assert_true(r->done);
	ssh_exec_free(e);
}

/* The first line ssh-keygen prints for `ssh-keygen -l -E sha256 -f path` (caller frees). */
static char *keygen_list(const char *path)
{
	char *cmd = xasprintf("ssh-keygen -l -E sha256 -f '%s' 2>&1", path), line[512];
	FILE *p = popen(cmd, "r");
	char *out = NULL;

	if (p && fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		out = xstrdup(line);
	}
	if (p)
		pclose(p);
	free(cmd);
	return out;
}

static void test_keypair_shape(void **state)
{
	struct ssh_keypair k, k2;

	(void)state;
	assert_int_equal(ssh_keypair_generate(&k, "builder-42"), 0);
	assert_non_null(k.private_pem);
	assert_int_equal(k.private_len, strlen(k.private_pem));
	assert_int_equal(strncmp(k.private_pem, "-----BEGIN PRIVATE KEY-----\n", 28), 0);
	assert_non_null(strstr(k.private_pem, "-----END PRIVATE KEY-----"));
	/* "ssh-ed25519" + 32-byte key: the blob always starts with these 37 base64 chars. */
	assert_int_equal(strncmp(k.public_line, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", 37), 0);
	assert_int_equal(strlen(k.public_line), strlen("ssh-ed25519 ") + 68 + strlen(" builder-42"));
	assert_string_equal(k.public_line + strlen(k.public_line) - 11, " builder-42");
	assert_null(strchr(k.public_line, '\n'));
	assert_int_equal(strncmp(k.fingerprint, "SHA256:", 7), 0);
	assert_int_equal(strlen(k.fingerprint), 7 + 43);

	/* Every call makes a new key; NULL comment means "sparkdeck". */
	assert_int_equal(ssh_keypair_generate(&k2, NULL), 0);
	assert_string_not_equal(k.private_pem, k2.private_pem);
	assert_string_not_equal(k.fingerprint, k2.fingerprint);
	assert_string_equal(k2.public_line + strlen(k2.public_line) - 10, " sparkdeck");
	ssh_keypair_dispose(&k);
	ssh_keypair_dispose(&k2);
	assert_null(k.private_pem);
	assert_int_equal(k.private_len, 0);
	assert_null(k.public_line);
	assert_null(k.fingerprint);
	ssh_keypair_dispose(&k);
	ssh_keypair_dispose(NULL);
}

/* The fingerprint is what ssh-keygen -lf prints for the public line. */
static void test_keypair_matches_ssh_keygen(void **state)
{
	char *path, *text, *line, *want;
	struct ssh_keypair k;

	(void)state;
	assert_int_equal(ssh_keypair_generate(&k, "sparkdeck-builder@test"), 0);
	text = xasprintf("%s\n", k.public_line);
	path = tmptree_write(fx.dir, "gen.pub", text, 0600);
	line = keygen_list(path);
	want = xasprintf("256 %s sparkdeck-builder@test (ED25519)", k.fingerprint);
	assert_non_null(line);
	assert_string_equal(line, want);
	free(want);
	free(line);
	free(path);
	free(text);
	ssh_keypair_dispose(&k);
}

static void test_keypair_bad_comment(void **state)
{
	struct ssh_keypair k;
	char long_comment[300];

	(void)state;
	assert_int_equal(ssh_keypair_generate(&k, "two\nlines"), ERR_INVALID);
	assert_null(k.private_pem);
	assert_int_equal(ssh_keypair_generate(&k, ""), ERR_INVALID);
	assert_int_equal(ssh_keypair_generate(&k, " lead"), ERR_INVALID);
	assert_int_equal(ssh_keypair_generate(&k, "esc\033[2J"), ERR_INVALID);
	memset(long_comment, 'a', sizeof(long_comment) - 1);
	long_comment[sizeof(long_comment) - 1] = '\0';
	assert_int_equal(ssh_keypair_generate(&k, long_comment), ERR_INVALID);
	ssh_keypair_dispose(&k);
	assert_int_equal(ssh_keypair_generate(&k, "with inner spaces"), 0);
	ssh_keypair_dispose(&k);
}

/* A generated key logs in from memory (no agent, no key file) and runs a command. */
static void test_memory_login(void **state)
{
	char *kh = path_in("kh_mem");
	struct ssh_session_opts o;
	struct ssh_keypair k;
	struct conn c;
	struct run r;

	(void)state;
	assert_null(getenv("SSH_AUTH_SOCK"));
	assert_int_equal(ssh_keypair_generate(&k, "mem-login"), 0);
	assert_int_equal(sshd_fixture_authorize(&fx, k.public_line), 0);
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_pem = k.private_pem;
	o.key_pem_len = k.private_len;
	o.use_agent = 1;
	assert_int_equal(ssh_session_open(&c.s, base, &o), 0);
	/* The session has its own copy: the caller's may go at once. */
	ssh_keypair_dispose(&k);
	sshd_fixture_loop_until(base, &c.done, 15);
	assert_int_equal(c.rc, 0);
	run_cmd(c.s, &r, "echo ok");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out.data, "ok\n");
	buf_dispose(&r.out);
	conn_close(&c);
	free(kh);
}

/* OpenSSH's own private key format works from memory too (ssh-keygen's default). */
static void test_memory_openssh_format(void **state)
{
	char *kh = path_in("kh_mem"), *pem = sshd_fixture_read(fx.client_key);
	struct ssh_session_opts o;
	struct conn c;

	(void)state;
	assert_non_null(pem);
	assert_non_null(strstr(pem, "BEGIN OPENSSH PRIVATE KEY"));
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_pem = pem;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, 0);
	conn_close(&c);
	free(pem);
	free(kh);
}

/* With a key in memory, key files are not tried: an authorized key_path does not help. */
static void test_memory_only(void **state)
{
	char *kh = path_in("kh_mem");
	struct ssh_session_opts o;
	struct ssh_keypair k;
	struct conn c;

	(void)state;
	assert_int_equal(ssh_keypair_generate(&k, "not-authorized"), 0);
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_pem = k.private_pem;
	o.key_path = fx.client_key;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_non_null(strstr(c.msg, "refused the key given in memory"));
	assert_null(strstr(c.msg, fx.client_key));
	conn_close(&c);

	/* Garbage is not a key. */
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_pem = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
	conn_wait(&c, &o);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_non_null(strstr(c.msg, "in memory"));
	conn_close(&c);
	ssh_keypair_dispose(&k);
	free(kh);
}

/* The real host key passes when pinned (among others); known_hosts is not created. */
static void test_pinned_match(void **state)
{
	char *kh = path_in("kh_pinned_none");
	const char *pins[2];
	struct ssh_session_opts o;
	struct conn c;

	(void)state;
	unlink(kh);
	pins[0] = fx.other_host_fp;
	pins[1] = fx.host_fp;
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_path = fx.client_key;
	/* ask without on_ask is fine: the policy does not apply to pinned keys. */
	o.policy = SSH_HOSTKEY_ASK;
	o.pinned_fps = pins;
	o.n_pinned = 2;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, 0);
	conn_close(&c);
	assert_int_equal(access(kh, F_OK), -1);
	free(kh);
}

/* Another key is refused with both fingerprints, even one known_hosts trusts. */
static void test_pinned_mismatch(void **state)
{
	char *kh = path_in("kh_pinned_ok"), *pub, *pubpath, *text, *after;
	const char *pins[1];
	struct ssh_session_opts o;
	struct conn c;

	(void)state;
	unlink(kh);
	pins[0] = fx.other_host_fp;
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_path = fx.client_key;
	o.pinned_fps = pins;
	o.n_pinned = 1;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_non_null(strstr(c.msg, "HOST KEY MISMATCH"));
	assert_non_null(strstr(c.msg, fx.host_fp));
	assert_non_null(strstr(c.msg, fx.other_host_fp));
	assert_non_null(strstr(c.msg, "console"));
	assert_non_null(strstr(c.msg, "man in the middle"));
	assert_string_equal(ssh_session_error(c.s), c.msg);
	conn_close(&c);
	assert_int_equal(access(kh, F_OK), -1);

	/* known_hosts holds the real key: pinned mode does not read it. */
	pubpath = xasprintf("%s.pub", fx.host_key);
	pub = sshd_fixture_read(pubpath);
	text = xasprintf("[127.0.0.1]:%d %s", fx.port, pub);
	free(tmptree_write(fx.dir, "kh_pinned_ok", text, 0600));
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_path = fx.client_key;
	o.policy = SSH_HOSTKEY_YES;
	o.pinned_fps = pins;
	o.n_pinned = 1;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_non_null(strstr(c.msg, "HOST KEY MISMATCH"));
	conn_close(&c);
	after = sshd_fixture_read(kh);
	assert_string_equal(after, text);
	free(after);
	free(text);
	free(pub);
	free(pubpath);
	free(kh);
}

/* known_hosts with a changed key would refuse; pinned to the real key it is not consulted. */
static void test_pinned_ignores_known_hosts(void **state)
{
	char *kh = path_in("kh_pinned_changed"), *pub, *pubpath, *text, *after;
	const char *pins[1];
	struct ssh_session_opts o;
	struct conn c;

	(void)state;
	pubpath = xasprintf("%s.pub", fx.other_host_key);
	pub = sshd_fixture_read(pubpath);
	text = xasprintf("[127.0.0.1]:%d %s", fx.port, pub);
	free(tmptree_write(fx.dir, "kh_pinned_changed", text, 0600));
	pins[0] = fx.host_fp;
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_path = fx.client_key;
	o.pinned_fps = pins;
	o.n_pinned = 1;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, 0);
	conn_close(&c);
	after = sshd_fixture_read(kh);
	assert_string_equal(after, text);
	free(after);
	free(text);
	free(pub);
	free(pubpath);
	free(kh);
}

/* Pins are checked when the session is opened; a padded pin is accepted. */
static void test_pinned_invalid(void **state)
{
	const char *bad[] = {
		"MD5:3b:ad:f0:0d:3b:ad:f0:0d:3b:ad:f0:0d:3b:ad:f0:0d",
		"SHA256:short",
		"sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
		"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU trailing",
		"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUx",
	};
	char *padded = xasprintf("%s=", fx.host_fp);
	const char *pins[1];
	struct ssh_session_opts o;
	struct ssh_session *s;
	struct conn c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		opts_base(&o, &c);
		o.key_path = fx.client_key;
		pins[0] = bad[i];
		o.pinned_fps = pins;
		o.n_pinned = 1;
		assert_int_equal(ssh_session_open(&s, base, &o), ERR_INVALID);
		assert_null(s);
		assert_non_null(strstr(err_last(), "pinned"));
	}
	opts_base(&o, &c);
	o.n_pinned = 1;
	assert_int_equal(ssh_session_open(&s, base, &o), ERR_INVALID);

	opts_base(&o, &c);
	o.key_path = fx.client_key;
	o.known_hosts = "/nonexistent/dir/known_hosts";
	pins[0] = padded;
	o.pinned_fps = pins;
	o.n_pinned = 1;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, 0);
	conn_close(&c);
	free(padded);
}

/* Both together, as image build uses them: a fresh key in memory, pins from the console log. */
static void test_memory_and_pinned(void **state)
{
	char *kh = path_in("kh_both"), *console, **fps;
	struct ssh_session_opts o;
	struct ssh_keypair k;
	struct conn c;
	struct run r;
	size_t nfps;

	(void)state;
	unlink(kh);
	assert_int_equal(ssh_keypair_generate(&k, "builder"), 0);
	assert_int_equal(sshd_fixture_authorize(&fx, k.public_line), 0);
	console = xasprintf("[  9.1] cloud-init[600]: ...\r\n<14>Mar  4 10:12:01 ec2: "
	    "-----BEGIN SSH HOST KEY FINGERPRINTS-----\r\n<14>Mar  4 10:12:01 ec2: 256 %s "
	    "root@builder (ED25519)\r\n<14>Mar  4 10:12:01 ec2: "
	    "-----END SSH HOST KEY FINGERPRINTS-----\r\n", fx.host_fp);
	assert_int_equal(consolekeys_parse(&fps, &nfps, console, strlen(console)), 0);
	assert_int_equal(nfps, 1);
	opts_base(&o, &c);
	o.known_hosts = kh;
	o.key_pem = k.private_pem;
	o.key_pem_len = k.private_len;
	o.pinned_fps = (const char *const *)fps;
	o.n_pinned = nfps;
	conn_wait(&c, &o);
	assert_int_equal(c.rc, 0);
	run_cmd(c.s, &r, "echo ok");
	assert_string_equal(r.out.data, "ok\n");
	buf_dispose(&r.out);
	conn_close(&c);
	assert_int_equal(access(kh, F_OK), -1);
	consolekeys_free(fps, nfps);
	free(console);
	ssh_keypair_dispose(&k);
	free(kh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keypair_shape),
		cmocka_unit_test(test_keypair_matches_ssh_keygen),
		cmocka_unit_test(test_keypair_bad_comment),
		cmocka_unit_test(test_memory_login),
		cmocka_unit_test(test_memory_openssh_format),
		cmocka_unit_test(test_memory_only),
		cmocka_unit_test(test_pinned_match),
		cmocka_unit_test(test_pinned_mismatch),
		cmocka_unit_test(test_pinned_ignores_known_hosts),
		cmocka_unit_test(test_pinned_invalid),
		cmocka_unit_test(test_memory_and_pinned),
	};
	int rc;

	/* No agent: the in-memory key must do the login on its own. */
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
