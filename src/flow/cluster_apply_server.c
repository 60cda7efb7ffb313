/* cluster_apply_server: create a server and wait for ACTIVE, delete one and wait until Nova has let it go. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/ops.h"
#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/sanitize.h"
#include "core/spec.h"
#include "core/xmalloc.h"
#include "flow/cluster_apply_internal.h"

#define SRV_FAULT_MAX 400

int apply_is_ip_exhausted(const char *msg)
{
	if (msg == NULL || strstr(msg, "uota") != NULL)   /* "Quota exceeded", "quota": never retried */
		return 0;
	return strstr(msg, "IpAddressGenerationFailure") != NULL || strstr(msg, "No more IP addresses") != NULL ||
	       strstr(msg, "No fixed IP addresses available") != NULL;
}

/* The first fixed IPv4 address of s, or NULL. */
static const char *srv_fixed_v4(const struct server *s)
{
	for (size_t i = 0; i < s->n_addrs; i++)
		if (s->addrs[i].addr && s->addrs[i].version == 4 &&
		    (s->addrs[i].type == NULL || strcmp(s->addrs[i].type, "fixed") == 0))
			return s->addrs[i].addr;
	return NULL;
}

/* Begin polling a's server from poll_s on (what: for the stop message). */
static void srv_wait(struct apply_act *a, enum apply_phase phase, const char *what)
{
	a->phase = phase;
	a->since = apply_now();
	a->wait_s = a->f->o.poll_s;
	apply_set(&a->last, NULL);
	apply_later(a, a->f->o.poll_s, what);
}

/* Poll again after the next backoff, unless the server timeout is over (then end a with ERR_TIMEOUT). */
static void srv_poll_later(struct apply_act *a, const char *status, const char *goal)
{
	double waited = apply_now() - a->since;
	char *label = apply_label(a), *what;

	if (waited > a->f->o.server_timeout_s) {
		char *m = xasprintf("still %s after %.0f s, not %s (the server timeout is %.0f s)%s%s", status, waited,
				    goal, a->f->o.server_timeout_s, a->last ? "; last poll: " : "", a->last ? a->last : "");

		free(label);
		apply_end(a, ERR_TIMEOUT, m);
		free(m);
		return;
	}
	apply_running(a, "%s, %.0f s", status, waited);
	what = xasprintf("waiting for %s to be %s", label, goal);
	apply_later(a, apply_backoff(a), what);
	free(what);
	free(label);
}

/* ---- create ---- */

static void srv_on_created(void *arg, int rc, const char *msg, const char *id);

static void srv_send_create(struct apply_act *a)
{
	struct flow_apply *f = a->f;
	const struct plan_action *pa = apply_pa(a);
	struct cloud_server_spec spec;
	char **meta = plan_server_metadata(f->p->cluster, pa->role, pa->index);

	memset(&spec, 0, sizeof spec);
	spec.name = pa->name;
	spec.image_id = pa->image_id;
	spec.flavor_id = pa->flavor_id;
	spec.network_id = apply_ref(f, &pa->network);
	spec.key_name = pa->key_name;
	spec.security_group = apply_ref(f, &pa->secgroup);
	if (f->s)
		spec.user_data = pa->role == PLAN_ROLE_MASTER ? f->s->master_user_data : f->s->worker_user_data;
	spec.metadata = (const char *const *)meta;
	a->phase = APPLY_PH_CALL;
	apply_call(a, cloud_server_create(f->c, &spec, srv_on_created, a));
	plan_strv_free(meta);
}

void apply_server_create(struct apply_act *a)
{
	a->ip_tries = 0;
	srv_send_create(a);
}

/* The server could not get an address: try again (1) unless the tries are used up (0). */
static int srv_retry_ip(struct apply_act *a, const char *why, int drop)
{
	char *label;

	if (++a->ip_tries >= APPLY_IP_TRIES)
		return 0;
	label = apply_label(a);
	apply_line(a->f, "%s could not get an address (%s): %s, try %d of %d", label, why,
		   drop ? "deleting it to create it again" : "creating it again", a->ip_tries + 1, APPLY_IP_TRIES);
	free(label);
	apply_running(a, "no address, try %d of %d", a->ip_tries + 1, APPLY_IP_TRIES);
	a->wait_s = a->f->o.poll_s;
	if (drop) {
		a->phase = APPLY_PH_DROP;
		apply_later(a, 0, "deleting a server that got no address");
	} else {
		a->phase = APPLY_PH_CALL;
		apply_later(a, apply_backoff(a), "waiting to create the server again");
	}
	return 1;
}

static void srv_on_created(void *arg, int rc, const char *msg, const char *id)
{
	struct apply_act *a = arg;
	char *label, *what;

	if (apply_returned(a))
		return;
	if (rc < 0) {
		if (!(apply_is_ip_exhausted(msg) && srv_retry_ip(a, msg, 0)))
			apply_end(a, rc, msg);
		return;
	}
	apply_set(&a->id, id);
	label = apply_label(a);
	apply_line(a->f, "created %s: %s, waiting for ACTIVE", label, id);
	apply_running(a, "BUILD");
	what = xasprintf("waiting for %s to be ACTIVE", label);
	srv_wait(a, APPLY_PH_WAIT, what);
	free(what);
	free(label);
}

/* A server this apply made is ACTIVE. */
static void srv_active(struct apply_act *a, const struct server *s)
{
	const char *ip = srv_fixed_v4(s);
	char *label = apply_label(a), *detail;

	apply_set(&a->address, ip);
	if (apply_pa(a)->role == PLAN_ROLE_MASTER && ip)
		apply_set(&a->f->master_fixed, ip);
	detail = xasprintf("ACTIVE after %.0f s%s%s", apply_now() - a->since, ip ? ", " : "", ip ? ip : "");
	apply_line(a->f, "%s is %s", label, detail);
	free(label);
	apply_end(a, 0, detail);
	free(detail);
}

static void srv_on_build_poll(void *arg, int rc, const char *msg, const struct server *s)
{
	struct apply_act *a = arg;
	char *fault, *m;

	if (apply_returned(a))
		return;
	if (rc == ERR_NOTFOUND) {
		m = xasprintf("server %s vanished while it was building (deleted by someone else?)", a->id);
		apply_end(a, rc, m);
		free(m);
		return;
	}
	if (rc == ERR_AUTH || rc == ERR_INVALID) {
		apply_end(a, rc, msg);   /* polling again cannot help */
		return;
	}
	if (rc < 0) {
		apply_set(&a->last, msg);
		srv_poll_later(a, "unknown", "ACTIVE");
		return;
	}
	if (s->status && strcmp(s->status, "ACTIVE") == 0) {
		srv_active(a, s);
		return;
	}
	if (s->status && strcmp(s->status, "ERROR") == 0) {
		fault = sanitize_line(s->fault && *s->fault ? s->fault : "Nova gave no fault message", SRV_FAULT_MAX);
		if (!(apply_is_ip_exhausted(fault) && srv_retry_ip(a, fault, 1))) {
			m = xasprintf("server %s went to ERROR: %s", a->id, fault);
			apply_end(a, ERR_HTTP, m);
			free(m);
		}
		free(fault);
		return;
	}
	m = sanitize_line(s->status ? s->status : "unknown", 40);
	srv_poll_later(a, m, "ACTIVE");
	free(m);
}

/* ---- delete ---- */

static void srv_on_gone_poll(void *arg, int rc, const char *msg, const struct server *s)
{
	struct apply_act *a = arg;
	char *label, *st;

	if (apply_returned(a))
		return;
	if (rc == ERR_NOTFOUND || (rc == 0 && s->status && strcmp(s->status, "DELETED") == 0)) {
		label = apply_label(a);
		if (a->phase == APPLY_PH_DROP_WAIT) {
			/* The server without an address is gone: create it again. */
			apply_line(a->f, "the failed %s is gone", label);
			apply_set(&a->id, NULL);
			a->phase = APPLY_PH_CALL;
			apply_later(a, apply_backoff(a), "waiting to create the server again");
		} else {
			apply_line(a->f, "deleted %s (gone after %.0f s)", label, apply_now() - a->since);
			apply_end(a, 0, "deleted");
		}
		free(label);
		return;
	}
	if (rc == ERR_AUTH || rc == ERR_INVALID) {
		apply_end(a, rc, msg);
		return;
	}
	if (rc < 0)
		apply_set(&a->last, msg);
	st = sanitize_line(rc < 0 ? "unknown" : s->status ? s->status : "unknown", 40);
	srv_poll_later(a, st, "gone");
	free(st);
}

static void srv_on_deleted(void *arg, int rc, const char *msg, long status)
{
	struct apply_act *a = arg;
	char *label, *what;

	(void)status;
	if (apply_returned(a))
		return;
	if (rc < 0) {
		apply_end(a, rc, msg);
		return;
	}
	/* Deleted is not gone: its ports hold the network and the security group until Nova lets go. */
	label = apply_label(a);
	what = xasprintf("waiting for %s to be gone", label);
	apply_running(a, "deleting");
	srv_wait(a, a->phase == APPLY_PH_DROP ? APPLY_PH_DROP_WAIT : APPLY_PH_WAIT, what);
	free(what);
	free(label);
}

void apply_server_delete(struct apply_act *a)
{
	a->phase = APPLY_PH_CALL;
	apply_call(a, cloud_server_delete(a->f->c, a->id, srv_on_deleted, a));
}

void apply_server_resume(struct apply_act *a)
{
	const struct plan_action *pa = apply_pa(a);

	switch (a->phase) {
	case APPLY_PH_CALL:
		if (pa->op == PLAN_CREATE)
			srv_send_create(a);
		else
			apply_server_delete(a);
		break;
	case APPLY_PH_WAIT:
		apply_call(a, cloud_server_get(a->f->c, a->id, pa->op == PLAN_CREATE ? srv_on_build_poll
					       : srv_on_gone_poll, a));
		break;
	case APPLY_PH_DROP:
		apply_call(a, cloud_server_delete(a->f->c, a->id, srv_on_deleted, a));
		break;
	case APPLY_PH_DROP_WAIT:
		apply_call(a, cloud_server_get(a->f->c, a->id, srv_on_gone_poll, a));
		break;
	default:
		apply_end(a, ERR_INVALID, "lost track of the server's step");
		break;
	}
}
