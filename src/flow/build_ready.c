/* build_ready: wait for the builder to boot, stream its console, reach it, and check readiness. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "cloud/cloud.h"
#include "cloud/ops.h"
#include "core/consolekeys.h"
#include "core/error.h"
#include "core/model.h"
#include "core/recipe.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/build_internal.h"
#include "ssh/exec.h"
#include "ssh/session.h"

#define READY_CONSOLE_LINES 1000
#define READY_CHECK_TIMEOUT_S 60

static void ready_tick(struct flow_build *f);

/* ---- console ---- */

static void ready_console_poll(evutil_socket_t fd, short what, void *arg);

static void ready_console_again(struct flow_build *f)
{
	struct timeval tv = { (time_t)f->opts.poll_s, 0 };

	if (f->console_timer && f->step <= FLOW_BUILD_READY)
		evtimer_add(f->console_timer, &tv);
}

static void ready_on_console(void *arg, int rc, const char *msg, const char *text, size_t len)
{
	struct flow_build *f = arg;
	size_t off;
	char **fps;
	size_t n;

	(void)msg;
	f->console_busy = 0;
	if (build_returned(f, 0))
		return;
	if (rc == 0 && len > 0) {
		off = build_console_delta(f->console.data, f->console.len, text, len);
		if (off < len && f->ops.console)
			f->ops.console(f->arg, text + off, len - off);
		buf_reset(&f->console);
		/* Keep the end of it only: that is what the next delta compares. */
		if (len > f->console.max)
			off = len - f->console.max;
		else
			off = 0;
		buf_append(&f->console, text + off, len - off);
		if (f->r->console_marker && memmem(text, len, f->r->console_marker, strlen(f->r->console_marker)))
			f->marker_seen = 1;
		if (consolekeys_parse(&fps, &n, text, len) == 0 && n > 0) {
			consolekeys_free(f->host_fps, f->n_host_fps);
			f->host_fps = fps;
			f->n_host_fps = n;
		}
	}
	/* A console that cannot be read (not yet, or not offered) is not an error: SSH may still answer. */
	ready_console_again(f);
}

static void ready_console_poll(evutil_socket_t fd, short what, void *arg)
{
	struct flow_build *f = arg;

	(void)fd;
	(void)what;
	if (f->console_busy || f->step > FLOW_BUILD_READY)
		return;
	f->console_busy = 1;
	f->outstanding++;
	if (cloud_server_console(f->c, f->server_id, READY_CONSOLE_LINES, ready_on_console, f) < 0) {
		f->outstanding--;
		f->console_busy = 0;
		ready_console_again(f);
	}
}

/* ---- boot ---- */

static void ready_poll_server(struct flow_build *f);

/* The address to reach the builder at: a floating IP, else the first fixed IPv4 (new string or NULL). */
static char *ready_pick_address(const struct server *s)
{
	size_t i;

	for (i = 0; i < s->n_addrs; i++)
		if (s->addrs[i].type && strcmp(s->addrs[i].type, "floating") == 0)
			return xstrdup(s->addrs[i].addr);
	for (i = 0; i < s->n_addrs; i++)
		if (s->addrs[i].version == 4)
			return xstrdup(s->addrs[i].addr);
	return NULL;
}

static void ready_on_fip(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct flow_build *f = arg;

	if (build_returned(f, 1))
		return;
	if (rc == 0 && n == 1) {
		build_set_add(&f->set, BRES_FIP, v[0].id, NULL, NULL);
		build_line(f, "created floating IP %s", v[0].address ? v[0].address : v[0].id);
		free(f->address);
		f->address = v[0].address ? xstrdup(v[0].address) : NULL;
	}
	if (rc < 0) {
		build_fail(f, rc, msg);
		return;
	}
	build_ready_start(f);
}

static void ready_on_ports(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct flow_build *f = arg;
	char *desc;
	char **tags;

	if (build_returned(f, 1))
		return;
	if (rc == 0 && n == 0)
		rc = err_set(ERR_NOTFOUND, "the builder has no port to put a floating IP on"), msg = err_last();
	if (rc < 0 || f->stopping || f->rc < 0) {
		build_fail(f, rc < 0 ? rc : ERR_CANCELLED, rc < 0 ? msg : "stopped by the user");
		return;
	}
	desc = build_description(f->r, f->id);
	tags = build_tags(f->id);
	f->outstanding++;
	f->main_busy = 1;
	if (cloud_fip_create(f->c, f->ext_id, v[0].id, desc, (const char *const *)tags, ready_on_fip, f) < 0) {
		f->outstanding--;
		f->main_busy = 0;
		build_fail(f, ERR_INVALID, err_last());
	}
	free(desc);
	build_strv_free(tags);
}

static void ready_add_fip(struct flow_build *f)
{
	char *q = xasprintf("device_id=%s", f->server_id);

	f->outstanding++;
	f->main_busy = 1;
	if (cloud_net_list(f->c, NET_PORT, q, ready_on_ports, f) < 0) {
		f->outstanding--;
		f->main_busy = 0;
		build_fail(f, ERR_INVALID, err_last());
	}
	free(q);
}

static void ready_on_server(void *arg, int rc, const char *msg, const struct server *s)
{
	struct flow_build *f = arg;
	char *m;

	if (build_returned(f, 1))
		return;
	if (rc < 0 || f->stopping || f->rc < 0) {
		build_fail(f, rc < 0 ? rc : ERR_CANCELLED, rc < 0 ? msg : "stopped by the user");
		return;
	}
	if (s->status && strcmp(s->status, "ERROR") == 0) {
		m = xasprintf("Nova put the builder in ERROR: %s", s->fault && *s->fault ? s->fault : "no fault given");
		build_fail(f, ERR_HTTP, m);
		free(m);
		return;
	}
	if (time(NULL) > f->deadline) {
		build_fail(f, ERR_TIMEOUT, "the builder did not become ACTIVE within build_timeout");
		return;
	}
	if (s->status == NULL || strcmp(s->status, "ACTIVE") != 0) {
		build_later(f, f->opts.poll_s, ready_poll_server);
		return;
	}
	f->active_at = time(NULL);
	f->address = ready_pick_address(s);
	build_line(f, "the builder is ACTIVE%s%s", f->address ? " at " : "", f->address ? f->address : "");
	if (f->ext_id) {
		ready_add_fip(f);
		return;
	}
	build_ready_start(f);
}

static void ready_poll_server(struct flow_build *f)
{
	f->outstanding++;
	f->main_busy = 1;
	if (cloud_server_get(f->c, f->server_id, ready_on_server, f) < 0) {
		f->outstanding--;
		f->main_busy = 0;
		build_fail(f, ERR_INVALID, err_last());
	}
}

void build_boot_start(struct flow_build *f)
{
	struct timeval tv = { 1, 0 };

	build_set_step(f, FLOW_BUILD_BOOT);
	build_line(f, "waiting for the builder to boot");
	f->console_timer = evtimer_new(f->base, ready_console_poll, f);
	if (f->console_timer)
		evtimer_add(f->console_timer, &tv);
	build_later(f, f->opts.poll_s, ready_poll_server);
}

/* ---- readiness over SSH ---- */

static void ready_close_ssh(struct flow_build *f)
{
	ssh_exec_free(f->exec);
	f->exec = NULL;
	ssh_session_free(f->ssh);
	f->ssh = NULL;
}

static void ready_ssh_failed(struct flow_build *f, const char *what)
{
	free(f->ssh_last);
	f->ssh_last = sanitize_line(what, 300);
	ready_close_ssh(f);
	build_later(f, f->opts.poll_s, ready_tick);
}

static void ready_on_check_output(struct ssh_exec *e, int stream, const char *data, size_t len, void *arg)
{
	struct flow_build *f = arg;

	(void)e;
	(void)stream;
	if (f->check_out.len + len < f->check_out.max)
		buf_append(&f->check_out, data, len);
}

static void ready_on_check_done(struct ssh_exec *e, int rc, int exit_status, void *arg)
{
	struct flow_build *f = arg;
	char *what;

	(void)e;
	if (rc == 0 && exit_status == 0) {
		f->ssh_ok = 1;
		build_line(f, "readiness check passed on %s", f->address);
		ready_close_ssh(f);
		build_later(f, 0, ready_tick);
		return;
	}
	if (rc < 0)
		what = xasprintf("the readiness check failed: %s", ssh_exec_error(e));
	else
		what = xasprintf("the readiness check exited %d%s%.*s", exit_status, f->check_out.len ? ": " : "",
				 (int)(f->check_out.len > 200 ? 200 : f->check_out.len), f->check_out.data);
	ready_ssh_failed(f, what);
	free(what);
}

static void ready_on_session(struct ssh_session *s, int rc, void *arg)
{
	struct flow_build *f = arg;
	struct ssh_exec_opts eo;
	char *what;

	if (rc < 0) {
		what = xasprintf("SSH to %s: %s", f->address, ssh_session_error(s));
		ready_ssh_failed(f, what);
		free(what);
		return;
	}
	memset(&eo, 0, sizeof eo);
	eo.command = f->r->ssh_check;
	eo.timeout_s = READY_CHECK_TIMEOUT_S;
	eo.on_output = ready_on_check_output;
	eo.on_done = ready_on_check_done;
	eo.arg = f;
	buf_reset(&f->check_out);
	if (ssh_exec_start(&f->exec, f->ssh, &eo) < 0) {
		what = xasprintf("SSH to %s: %s", f->address, err_last());
		ready_ssh_failed(f, what);
		free(what);
	}
}

/* A throwaway known_hosts for a builder whose console never showed its keys (path inside a 0700 dir). */
static char *ready_known_hosts(struct flow_build *f)
{
	char tmpl[] = "/tmp/sparkdeck-build-XXXXXX";
	const char *dir = getenv("TMPDIR");
	char *t;

	if (f->known_hosts_dir == NULL) {
		t = dir && *dir ? xasprintf("%s/sparkdeck-build-XXXXXX", dir) : xstrdup(tmpl);
		if (mkdtemp(t) == NULL) {
			free(t);
			return NULL;
		}
		f->known_hosts_dir = t;
	}
	return xasprintf("%s/known_hosts", f->known_hosts_dir);
}

static void ready_try_ssh(struct flow_build *f)
{
	struct ssh_session_opts o;
	char *kh = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	o.host = f->address;
	o.user = f->r->ssh_user;
	o.key_pem = f->key.private_pem;
	o.key_pem_len = f->key.private_len;
	o.timeout_s = f->opts.ssh_timeout_s;
	o.on_ready = ready_on_session;
	o.arg = f;
	if (f->n_host_fps > 0) {
		o.pinned_fps = (const char *const *)f->host_fps;
		o.n_pinned = f->n_host_fps;
	} else {
		/* No keys on the console after a minute: trust the first key, for this build only. */
		if ((kh = ready_known_hosts(f)) == NULL) {
			build_fail(f, ERR_IO, "cannot make a temporary known_hosts directory");
			return;
		}
		o.known_hosts = kh;
		o.policy = SSH_HOSTKEY_ACCEPT_NEW;
		if (f->ssh_last == NULL)
			build_line(f, "the console shows no host keys: trusting the builder's first key for this build");
	}
	rc = ssh_session_open(&f->ssh, f->base, &o);
	free(kh);
	if (rc < 0)
		ready_ssh_failed(f, err_last());
}

/* One look at the readiness conditions; go on, try again later, or give up. */
static void ready_tick(struct flow_build *f)
{
	int want_ssh = f->r->ssh_check != NULL;
	int want_marker = f->r->console_marker != NULL;
	char *m;

	if (f->rc < 0 || f->stopping) {
		build_fail(f, f->rc < 0 ? f->rc : ERR_CANCELLED, f->rc < 0 ? f->msg : "stopped by the user");
		return;
	}
	if ((!want_ssh || f->ssh_ok) && (!want_marker || f->marker_seen)) {
		build_stop_start(f);
		return;
	}
	if (time(NULL) > f->deadline) {
		if (want_marker && !f->marker_seen)
			m = xasprintf("the builder was not ready within %d s: the console never showed '%s'",
				      f->r->build_timeout, f->r->console_marker);
		else
			m = xasprintf("the builder was not ready within %d s: %s", f->r->build_timeout,
				      f->ssh_last ? f->ssh_last : "SSH never answered");
		build_fail(f, ERR_TIMEOUT, m);
		free(m);
		return;
	}
	if (want_ssh && !f->ssh_ok && f->ssh == NULL && f->address &&
	    (f->n_host_fps > 0 || time(NULL) - f->active_at >= (time_t)f->opts.keys_wait_s)) {
		ready_try_ssh(f);
		return;
	}
	build_later(f, f->opts.poll_s, ready_tick);
}

void build_ready_start(struct flow_build *f)
{
	build_set_step(f, FLOW_BUILD_READY);
	if (f->r->ssh_check && f->address == NULL) {
		build_fail(f, ERR_NOTFOUND, "the builder has no IPv4 address to reach it over SSH");
		return;
	}
	build_line(f, "waiting until the builder is ready%s%s", f->r->ssh_check ? " (SSH to " : "",
		   f->r->ssh_check ? f->address : "");
	if (f->r->ssh_check)
		build_line(f, "  then: %s", f->r->ssh_check);
	ready_tick(f);
}

void build_ready_dispose(struct flow_build *f)
{
	char *kh;

	ready_close_ssh(f);
	if (f->console_timer) {
		event_free(f->console_timer);
		f->console_timer = NULL;
	}
	if (f->known_hosts_dir) {
		kh = xasprintf("%s/known_hosts", f->known_hosts_dir);
		unlink(kh);
		free(kh);
		rmdir(f->known_hosts_dir);
		free(f->known_hosts_dir);
		f->known_hosts_dir = NULL;
	}
}
