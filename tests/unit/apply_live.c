/* apply_live: run applies on the loop, turn their results into an observed cloud, plans by hand. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/event.h>

#include "apply_live.h"
#include "cloud/cloud.h"
#include "cloud/ops.h"
#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "tests/unit/cloud_testlib.h"

#define LIVE_APPLY_WAIT_S 900

/* ---- one apply ---- */

static void on_action(void *arg, size_t i, enum flow_apply_state st, const char *detail)
{
	struct live_outcome *o = arg;

	if (o->done || i >= o->n) {
		o->late++;
		return;
	}
	o->last[i] = st;
	free(o->detail[i]);
	o->detail[i] = xstrdup(detail);
	if (o->stop_at_build && !o->stop_sent && st == FLOW_APPLY_RUNNING && strcmp(detail, "BUILD") == 0) {
		o->stop_sent = 1;
		fprintf(stderr, "# stopping the apply (action %zu is BUILD)\n", i + 1);
		flow_apply_stop(o->flow);
	}
}

static void on_line(void *arg, const char *text)
{
	struct live_outcome *o = arg;

	if (o->done)
		o->late++;
	o->lines++;
	o->retried += strstr(text, "could not get an address") != NULL;
	o->busy += strstr(text, "is still in use") != NULL;
	fprintf(stderr, "#   %s\n", text);
}

static void on_done(void *arg, int rc, const char *msg, const struct flow_apply_result *r)
{
	struct live_outcome *o = arg;

	o->calls++;
	o->done = 1;
	o->rc = rc;
	o->msg = xstrdup(msg);
	assert_int_equal(r->n_actions, o->n);
	for (size_t i = 0; i < o->n; i++) {
		o->end[i] = r->states[i];
		o->ids[i] = r->ids[i] ? xstrdup(r->ids[i]) : NULL;
	}
	o->fixed = r->master_fixed_ip ? xstrdup(r->master_fixed_ip) : NULL;
	o->floating = r->master_floating_ip ? xstrdup(r->master_floating_ip) : NULL;
	o->n_done = r->done;
	o->n_failed = r->failed;
	o->n_skipped = r->skipped;
	o->max_running = r->max_running;
	o->seconds = r->seconds;
}

struct sampler {
	struct live_env *e;
	struct live_outcome *o;
	struct event *ev;
};

/* Every 10 ms: how many requests the cloud has in flight or queued. */
static void on_sample(evutil_socket_t fd, short what, void *arg)
{
	struct sampler *s = arg;
	size_t busy = cloud_busy(s->e->cloud);
	struct timeval tv = { 0, 10000 };

	(void)fd;
	(void)what;
	if (busy > s->o->max_busy)
		s->o->max_busy = busy;
	evtimer_add(s->ev, &tv);
}

void live_apply(struct live_env *e, struct live_outcome *o, const struct plan *p, const struct spec *s,
		const struct flow_apply_opts *opts, int stop_at_build)
{
	static const struct flow_apply_ops ops = { on_action, on_line, on_done };
	static const struct flow_apply_opts defaults = { 10, 1, 300, 0 };
	struct sampler smp = { e, o, NULL };
	struct timeval tv = { 0, 0 };
	int never = 0;

	memset(o, 0, sizeof *o);
	o->n = p->n_actions;
	o->end = xcalloc(o->n + 1, sizeof *o->end);
	o->ids = xcalloc(o->n + 1, sizeof *o->ids);
	o->last = xcalloc(o->n + 1, sizeof *o->last);
	o->detail = xcalloc(o->n + 1, sizeof *o->detail);
	o->stop_at_build = stop_at_build;
	smp.ev = evtimer_new(e->base, on_sample, &smp);
	evtimer_add(smp.ev, &tv);
	assert_int_equal(flow_apply_start(&o->flow, e->base, e->cloud, p, s, opts ? opts : &defaults, &ops, o), 0);
	assert_int_equal(o->done, 0);   /* never from inside start */
	assert_int_equal(loop_until(e->base, &o->done, LIVE_APPLY_WAIT_S), 0);
	loop_until(e->base, &never, 0.05);
	event_free(smp.ev);
	flow_apply_free(o->flow);
	o->flow = NULL;
	assert_int_equal(o->calls, 1);
	assert_int_equal(o->late, 0);
	fprintf(stderr, "# apply of %zu action(s): rc %d in %.1f s; %zu done, %zu failed, %zu skipped; at most %zu "
		"running and %zu requests in flight or queued%s%s\n", o->n, o->rc, o->seconds, o->n_done,
		o->n_failed, o->n_skipped, o->max_running, o->max_busy, o->rc ? ": " : "", o->rc ? o->msg : "");
}

void live_outcome_dispose(struct live_outcome *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->ids[i]);
		free(o->detail[i]);
	}
	free(o->ids);
	free(o->detail);
	free(o->end);
	free(o->last);
	free(o->msg);
	free(o->fixed);
	free(o->floating);
	memset(o, 0, sizeof *o);
}

/* ---- what applies created, as an observed cloud ---- */

static const char *obs_keep(struct live_obs *b, const char *s)
{
	if (s == NULL)
		return NULL;
	assert_true(b->n_own < sizeof b->own / sizeof b->own[0]);
	return b->own[b->n_own++] = xstrdup(s);
}

static const char *obs_ref(const struct live_outcome *o, const struct plan_ref *r)
{
	return r->action >= 0 ? o->ids[r->action] : r->id;
}

void live_obs_add(struct live_obs *b, const struct plan *p, const struct live_outcome *o)
{
	for (size_t i = 0; i < p->n_actions; i++) {
		const struct plan_action *a = &p->actions[i];
		int made = o->end[i] == FLOW_APPLY_DONE;
		struct plan_seen *s;
		char rule_id[32];

		if (a->op != PLAN_CREATE || (!made && !(a->kind == PLAN_SERVER && o->ids[i])))
			continue;
		if (b->tags[0] == NULL) {
			b->tags[0] = xstrdup(MODEL_TAG);
			b->tags[1] = xasprintf(PLAN_TAG_CLUSTER_PREFIX "%s", p->cluster);
		}
		assert_true(b->n < LIVE_OBS_MAX);
		s = &b->v[b->n++];
		memset(s, 0, sizeof *s);
		s->kind = a->kind;
		s->id = obs_keep(b, o->ids[i]);
		s->name = obs_keep(b, a->name);
		if (a->kind != PLAN_KEYPAIR && a->kind != PLAN_SERVER && a->kind != PLAN_IFACE && a->kind != PLAN_RULE) {
			s->tags = (const char *const *)b->tags;
			s->n_tags = 2;
		}
		switch (a->kind) {
		case PLAN_SUBNET:
			s->network_id = obs_keep(b, obs_ref(o, &a->network));
			s->cidr = obs_keep(b, a->cidr);
			break;
		case PLAN_ROUTER:
			s->network_id = obs_keep(b, a->external_network_id);
			break;
		case PLAN_IFACE:
			s->subnet_id = obs_keep(b, obs_ref(o, &a->subnet));
			break;
		case PLAN_RULE:
			snprintf(rule_id, sizeof rule_id, "rule-%zu", i);   /* the apply does not learn rule ids */
			s->id = obs_keep(b, rule_id);
			s->secgroup_id = obs_keep(b, obs_ref(o, &a->secgroup));
			s->protocol = obs_keep(b, a->protocol);
			s->port_min = a->port_min;
			s->port_max = a->port_max;
			s->remote_cidr = obs_keep(b, a->cidr);
			break;
		case PLAN_SERVER:
			s->cluster = obs_keep(b, p->cluster);
			s->role = a->role == PLAN_ROLE_MASTER ? "master" : "worker";
			if (a->role == PLAN_ROLE_WORKER) {
				snprintf(rule_id, sizeof rule_id, "%d", a->index);
				s->index = obs_keep(b, rule_id);
			}
			s->status = made ? "ACTIVE" : "BUILD";
			s->flavor_id = obs_keep(b, a->flavor_id);
			s->image_id = obs_keep(b, a->image_id);
			break;
		case PLAN_FIP:
			s->network_id = obs_keep(b, a->external_network_id);
			s->server_id = obs_keep(b, obs_ref(o, &a->server));
			s->address = obs_keep(b, o->floating);
			break;
		default:
			break;
		}
	}
	b->obs.res = b->v;
	b->obs.n_res = b->n;
}

void live_obs_dispose(struct live_obs *b)
{
	for (size_t i = 0; i < b->n_own; i++)
		free(b->own[i]);
	free(b->tags[0]);
	free(b->tags[1]);
	memset(b, 0, sizeof *b);
}

/* ---- plans by hand ---- */

void live_hand_plan(struct plan *p, const char *cluster, enum plan_op op, enum plan_kind k, const char *name)
{
	struct plan_action *a;

	memset(p, 0, sizeof *p);
	p->goal = op == PLAN_CREATE ? PLAN_UP : PLAN_DESTROY;
	p->cluster = xstrdup(cluster);
	p->cluster_name = xstrdup(cluster);
	p->actions = a = xcalloc(1, sizeof *p->actions);
	p->n_actions = 1;
	a->op = op;
	a->kind = k;
	a->pair = -1;
	a->network.action = a->subnet.action = a->router.action = a->secgroup.action = a->server.action = -1;
	a->name = xstrdup(name);
	if (op == PLAN_DELETE)
		a->id = xstrdup(name);
}

size_t live_find_action(const struct plan *p, enum plan_op op, enum plan_kind k, enum plan_role role, int index)
{
	for (size_t i = 0; i < p->n_actions; i++) {
		const struct plan_action *a = &p->actions[i];

		if (a->op == op && a->kind == k &&
		    (k != PLAN_SERVER || (a->role == role && (role == PLAN_ROLE_MASTER || a->index == index))))
			return i;
	}
	fail_msg("no %s %s in the plan", op == PLAN_CREATE ? "create" : "delete", plan_kind_name(k));
	return 0;
}
