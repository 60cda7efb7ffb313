/* build_cleanup: delete a build's resources in order, waiting for the server to go. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cloud/cloud.h"
#include "cloud/ops.h"
#include "core/build.h"
#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "flow/build_cleanup.h"

#define CLEANUP_POLL_S 1
#define CLEANUP_SERVER_WAIT_S 180   /* Nova may take a while to release a deleted server's ports */
#define CLEANUP_BUSY_RETRIES 30     /* x 2 s for a network or security group still in use */

struct flow_cleanup {
	struct event_base *base;
	struct cloud *c;
	struct build_set set;
	size_t next;                   /* index of the resource being deleted */
	int tries;                     /* polls or retries of the current one */
	struct event *timer;
	struct flow_cleanup_ops ops;
	void *arg;
	int outstanding;               /* cloud calls not called back yet */
	int stopped;                   /* freed by the caller */
	struct cloud_hook *hook;       /* frees it if the cloud goes first */
	int rc;                        /* first failure */
	char *msg;
	char *left;                    /* what could not be deleted, for the final message */
};

static void cleanup_step(struct flow_cleanup *k);

static void cleanup_really_free(struct flow_cleanup *k)
{
	cloud_hook_remove(k->hook);
	if (k->timer)
		event_free(k->timer);
	build_set_dispose(&k->set);
	free(k->msg);
	free(k->left);
	free(k);
}

/* A cloud callback arrived: 1 if the cleanup was freed meanwhile (and is now gone). */
static int cleanup_returned(struct flow_cleanup *k)
{
	k->outstanding--;
	if (k->stopped) {
		if (k->outstanding == 0)
			cleanup_really_free(k);
		return 1;
	}
	return 0;
}

static void cleanup_progress(struct flow_cleanup *k, const char *line)
{
	if (k->ops.progress)
		k->ops.progress(k->arg, line);
}

static struct build_res *cleanup_current(struct flow_cleanup *k)
{
	return &k->set.res[k->next];
}

/* The current resource is done (deleted or given up); go on with the next. */
static void cleanup_advance(struct flow_cleanup *k, int rc, const char *msg)
{
	struct build_res *r = cleanup_current(k);
	char *line;

	if (rc < 0) {
		line = xasprintf("could not delete %s: %s", r->label, msg);
		if (k->rc == 0) {
			k->rc = rc;
			k->msg = xstrdup(msg);
		}
		char *left = xasprintf("%s%s%s", k->left ? k->left : "", k->left ? ", " : "", r->label);
		free(k->left);
		k->left = left;
	} else
		line = xasprintf("deleted %s", r->label);
	cleanup_progress(k, line);
	free(line);
	k->next++;
	k->tries = 0;
	cleanup_step(k);
}

static void cleanup_on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	cleanup_step(arg);
}

static void cleanup_later(struct flow_cleanup *k, int seconds)
{
	struct timeval tv = { seconds, 0 };

	evtimer_add(k->timer, &tv);
}

static void cleanup_on_server(void *arg, int rc, const char *msg, const struct server *s)
{
	struct flow_cleanup *k = arg;

	(void)s;
	if (cleanup_returned(k))
		return;
	if (rc == ERR_NOTFOUND)
		cleanup_advance(k, 0, "");
	else if (++k->tries * CLEANUP_POLL_S >= CLEANUP_SERVER_WAIT_S)
		cleanup_advance(k, rc < 0 ? rc : ERR_TIMEOUT,
				rc < 0 ? msg : "Nova did not remove the server in time");
	else
		cleanup_later(k, CLEANUP_POLL_S);
}

static void cleanup_on_deleted(void *arg, int rc, const char *msg, long status)
{
	struct flow_cleanup *k = arg;
	struct build_res *r;
	int r_rc;

	if (cleanup_returned(k))
		return;
	r = cleanup_current(k);
	if (rc == 0 && r->kind == BRES_SERVER) {
		/* Deleted is not gone: wait for Nova to remove it. */
		k->outstanding++;
		if ((r_rc = cloud_server_get(k->c, r->id, cleanup_on_server, k)) < 0) {
			k->outstanding--;
			cleanup_advance(k, r_rc, err_last());
		}
		return;
	}
	if (rc < 0 && status == 409 && ++k->tries < CLEANUP_BUSY_RETRIES) {
		cleanup_later(k, 2);
		return;
	}
	cleanup_advance(k, rc, msg);
}

/* Start deleting the current resource; 0 or a negative code (nothing started). */
static int cleanup_delete(struct flow_cleanup *k, struct build_res *r)
{
	switch (r->kind) {
	case BRES_SERVER:
		/* A server already being deleted is polled rather than deleted twice. */
		if (k->tries > 0)
			return cloud_server_get(k->c, r->id, cleanup_on_server, k);
		return cloud_server_delete(k->c, r->id, cleanup_on_deleted, k);
	case BRES_FIP:
		return cloud_net_delete(k->c, NET_FIP, r->id, cleanup_on_deleted, k);
	case BRES_ROUTER_IFACE:
		return cloud_router_remove_subnet(k->c, r->id, r->extra, cleanup_on_deleted, k);
	case BRES_ROUTER:
		return cloud_net_delete(k->c, NET_ROUTER, r->id, cleanup_on_deleted, k);
	case BRES_SUBNET:
		return cloud_net_delete(k->c, NET_SUBNET, r->id, cleanup_on_deleted, k);
	case BRES_NETWORK:
		return cloud_net_delete(k->c, NET_NETWORK, r->id, cleanup_on_deleted, k);
	case BRES_SECGROUP:
		return cloud_net_delete(k->c, NET_SECGROUP, r->id, cleanup_on_deleted, k);
	case BRES_KEYPAIR:
		return cloud_keypair_delete(k->c, r->id, cleanup_on_deleted, k);
	case BRES_IMAGE:
		return cloud_image_delete(k->c, r->id, cleanup_on_deleted, k);
	case BRES_NKINDS:
		break;
	}
	return err_set(ERR_INVALID, "unknown resource kind");
}

static void cleanup_step(struct flow_cleanup *k)
{
	char *msg;
	int rc;

	if (k->next >= k->set.n_res) {
		if (k->rc < 0) {
			msg = xasprintf("%s; left behind: %s (run 'sparkdeck image cleanup %s' to try again)", k->msg,
					k->left, k->set.build_id);
			k->ops.done(k->arg, k->rc, msg);
			free(msg);
		} else
			k->ops.done(k->arg, 0, "");
		return;
	}
	k->outstanding++;
	if ((rc = cleanup_delete(k, cleanup_current(k))) < 0) {
		k->outstanding--;
		cleanup_advance(k, rc, err_last());
	}
}

int flow_cleanup_start(struct flow_cleanup **out, struct event_base *base, struct cloud *c, struct build_set *set,
		       const struct flow_cleanup_ops *ops, void *arg)
{
	struct flow_cleanup *k = xcalloc(1, sizeof *k);

	k->base = base;
	k->c = c;
	k->set = *set;
	memset(set, 0, sizeof *set);
	build_set_sort(&k->set);
	k->ops = *ops;
	k->arg = arg;
	k->timer = evtimer_new(base, cleanup_on_timer, k);
	if (k->timer == NULL) {
		cleanup_really_free(k);
		return err_set(ERR_INVALID, "cannot make a timer for the cleanup");
	}
	/* The first step runs from the loop, so no callback comes from inside this call. */
	cleanup_later(k, 0);
	*out = k;
	return 0;
}

/* The cloud is freed with our requests unanswered: nothing will call back. */
static void cleanup_on_cloud_free(void *arg)
{
	struct flow_cleanup *k = arg;

	k->hook = NULL;
	cleanup_really_free(k);
}

void flow_cleanup_free(struct flow_cleanup *k)
{
	if (k == NULL)
		return;
	evtimer_del(k->timer);
	if (k->outstanding > 0) {
		k->stopped = 1;
		k->hook = cloud_hook_add(k->c, cleanup_on_cloud_free, k);
		return;
	}
	cleanup_really_free(k);
}
