/* image_build: resolve, confirm, create, stop, snapshot and clean up (readiness is in build_ready.c). */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cloud/cloud.h"
#include "cloud/image_members.h"
#include "cloud/ops.h"
#include "core/buildlock.h"
#include "core/consolekeys.h"
#include "core/error.h"
#include "core/model.h"
#include "core/recipe.h"
#include "core/xmalloc.h"
#include "flow/build_cleanup.h"
#include "flow/build_internal.h"

#define BUILD_STOP_WAIT_S 300
#define BUILD_MAX_MATCHES 8

static void build_finish(struct flow_build *f);

const char *flow_build_step_name(enum flow_build_step s)
{
	static const char *const names[FLOW_BUILD_NSTEPS] = {
		"resolve", "confirm", "create", "boot", "ready", "stop", "snapshot", "cleanup", "done"
	};

	return s < FLOW_BUILD_NSTEPS ? names[s] : "?";
}

const char *flow_build_id(const struct flow_build *f)
{
	return f->id;
}

static void build_really_free(struct flow_build *f)
{
	cloud_hook_remove(f->hook);
	build_ready_dispose(f);
	if (f->timer)
		event_free(f->timer);
	flow_cleanup_free(f->cleanup);
	buf_dispose(&f->console);
	buf_dispose(&f->check_out);
	consolekeys_free(f->host_fps, f->n_host_fps);
	free(f->ssh_last);
	free(f->address);
	ssh_keypair_dispose(&f->key);
	build_set_dispose(&f->set);
	free(f->msg);
	free(f->base_id);
	free(f->base_label);
	free(f->flavor_id);
	free(f->flavor_label);
	free(f->net_id);
	free(f->net_label);
	free(f->ext_label);
	free(f->ext_id);
	free(f->tmp_name);
	free(f->secgroup_id);
	free(f->network_id);
	free(f->subnet_id);
	free(f->router_id);
	free(f->server_id);
	free(f->image_id);
	free(f);
}

void build_set_step(struct flow_build *f, enum flow_build_step s)
{
	f->step = s;
	if (f->ops.step)
		f->ops.step(f->arg, s);
}

void build_line(struct flow_build *f, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (f->ops.line == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	f->ops.line(f->arg, line);
}

int build_returned(struct flow_build *f, int main_chain)
{
	f->outstanding--;
	if (main_chain)
		f->main_busy = 0;
	if (f->stopped) {
		if (f->outstanding == 0)
			build_really_free(f);
		return 1;
	}
	return f->step >= FLOW_BUILD_CLEANUP;
}

static void build_on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct flow_build *f = arg;
	void (*fn)(struct flow_build *) = f->later_fn;

	(void)fd;
	(void)what;
	f->later_fn = NULL;
	if (fn)
		fn(f);
}

void build_later(struct flow_build *f, double seconds, void (*fn)(struct flow_build *))
{
	struct timeval tv;

	tv.tv_sec = (time_t)seconds;
	tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
	f->later_fn = fn;
	evtimer_add(f->timer, &tv);
}

/* After a chain callback recorded its result: 1 if the flow must stop here (cleanup started). */
static int build_after(struct flow_build *f, int rc, const char *msg)
{
	if (rc < 0 || f->rc < 0) {
		build_fail(f, rc < 0 ? rc : f->rc, msg);
		return 1;
	}
	if (f->stopping) {
		build_fail(f, ERR_CANCELLED, "stopped by the user");
		return 1;
	}
	if (f->deadline != 0 && time(NULL) > f->deadline && f->step < FLOW_BUILD_STOP) {
		build_fail(f, ERR_TIMEOUT, "the build ran out of time (build_timeout in the recipe)");
		return 1;
	}
	return 0;
}

/* Count a chain call in flight; when it could not start, fail with its error. */
#define BUILD_CALL(f, expr)                                  \
	do {                                                 \
		(f)->outstanding++;                          \
		(f)->main_busy = 1;                          \
		if ((expr) < 0) {                            \
			(f)->outstanding--;                  \
			(f)->main_busy = 0;                  \
			build_fail((f), ERR_INVALID, err_last()); \
		}                                            \
	} while (0)

/* ---- cleanup and the end ---- */

static void build_on_cleaned(void *arg, int rc, const char *msg)
{
	struct flow_build *f = arg;

	/* Everything is gone: nothing left to find later. Else the lock marks the leftovers as abandoned. */
	if (rc == 0)
		buildlock_remove(f->id);

	if (rc < 0 && f->rc == 0) {
		f->rc = rc;
		f->msg = xasprintf("the image was made, but the cleanup failed: %s", msg);
	} else if (rc < 0) {
		char *m = xasprintf("%s; and the cleanup failed: %s", f->msg, msg);
		free(f->msg);
		f->msg = m;
	}
	build_finish(f);
}

static void build_on_cleanup_line(void *arg, const char *line)
{
	build_line(arg, "%s", line);
}

static void build_start_cleanup(struct flow_build *f)
{
	static const struct flow_cleanup_ops ops = { build_on_cleanup_line, build_on_cleaned };

	build_ready_dispose(f);
	evtimer_del(f->timer);
	build_set_step(f, FLOW_BUILD_CLEANUP);
	if (f->set.n_res == 0) {
		buildlock_remove(f->id);
		build_finish(f);
		return;
	}
	if (flow_cleanup_start(&f->cleanup, f->base, f->c, &f->set, &ops, f) < 0) {
		if (f->rc == 0) {
			f->rc = ERR_INVALID;
			f->msg = xstrdup(err_last());
		}
		build_finish(f);
	}
}

void build_fail(struct flow_build *f, int rc, const char *msg)
{
	if (f->rc == 0) {
		f->rc = rc;
		f->msg = xstrdup(msg && *msg ? msg : err_name(rc));
	}
	if (f->step >= FLOW_BUILD_CLEANUP || f->main_busy)
		return; /* the call in flight comes back first (its resource must be recorded) */
	build_start_cleanup(f);
}

static void build_finish(struct flow_build *f)
{
	build_set_step(f, FLOW_BUILD_DONE);
	f->ops.done(f->arg, f->rc, f->rc ? f->msg : "", f->rc ? NULL : f->image_id, f->r->image_name);
}

/* ---- resolve ---- */

static char *build_image_label(const struct image *im)
{
	return xasprintf("%s (%.8s)", im->name && *im->name ? im->name : "(unnamed)", im->id);
}

/* Pick the base image and check the version does not exist yet; 0 or an error in err_last(). */
static int build_check_images(struct flow_build *f, const struct image *v, size_t n)
{
	const char *me = cloud_project_id(f->c);
	size_t idx[BUILD_MAX_MATCHES], k, i;

	k = image_find_by_ref(idx, BUILD_MAX_MATCHES, v, n, f->r->base_image);
	if (k == 0)
		return err_set(ERR_NOTFOUND, "base image '%s' of recipe %s not found: check base_image in %s "
			       "('sparkdeck list images' shows what there is)", f->r->base_image, f->r->ref, f->r->path);
	if (k > 1)
		return err_set(ERR_CONFIG, "%zu images match base image '%s': give its id as base_image in %s", k,
			       f->r->base_image, f->r->path);
	if (v[idx[0]].status == NULL || strcmp(v[idx[0]].status, "active") != 0)
		return err_set(ERR_CONFIG, "base image '%s' is %s, not active: pick another in %s", f->r->base_image,
			       v[idx[0]].status ? v[idx[0]].status : "of unknown status", f->r->path);
	f->base_id = xstrdup(v[idx[0]].id);
	f->base_label = build_image_label(&v[idx[0]]);
	for (i = 0; i < n && !f->opts.force; i++) {
		const struct image *im = &v[i];
		enum image_ref_match m = image_match_ref(im, f->r->ref);

		if ((m == IMAGE_REF_RECIPE || m == IMAGE_REF_NAME) && me && im->owner && strcmp(im->owner, me) == 0 &&
		    im->status && strcmp(im->status, "killed") != 0 && strcmp(im->status, "deleted") != 0)
			return err_set(ERR_CONFIG, "image %s of %s already exists (%s, %s): build it again with --force "
				       "(image build), or delete it first",
				       f->r->image_name, f->r->ref, im->id, im->status);
	}
	return 0;
}

static void build_resolved(struct flow_build *f)
{
	char **plan;

	if (f->rc < 0) {
		build_finish(f);
		return;
	}
	if (f->stopping) {
		build_fail(f, ERR_CANCELLED, "stopped by the user");
		return;
	}
	plan = build_plan_lines(f->r, f->id, f->base_label, f->flavor_label, &f->pick, f->net_label,
				f->ext_label);
	build_set_step(f, FLOW_BUILD_CONFIRM);
	if (f->ops.confirm)
		f->ops.confirm(f->arg, plan);
	else
		flow_build_confirm(f, 1);
	build_strv_free(plan);
}

static void build_resolve_one_done(struct flow_build *f, int rc, const char *msg)
{
	if (rc < 0 && f->rc == 0) {
		f->rc = rc;
		f->msg = xstrdup(msg);
	}
	if (--f->resolve_left == 0)
		build_resolved(f);
}

static void build_on_images(void *arg, int rc, const char *msg, struct image *v, size_t n)
{
	struct flow_build *f = arg;
	size_t i;

	if (!build_returned(f, 0)) {
		if (rc == 0 && build_check_images(f, v, n) < 0) {
			rc = ERR_CONFIG;
			msg = err_last();
		}
		build_resolve_one_done(f, rc, msg);
	}
	for (i = 0; i < n; i++)
		model_image_dispose(&v[i]);
	free(v);
}

static void build_on_flavor(void *arg, int rc, const char *msg, const struct cloud_flavor *fl)
{
	struct flow_build *f = arg;
	char *m = NULL;

	if (build_returned(f, 0))
		return;
	if (rc == 0) {
		f->flavor_id = xstrdup(fl->id);
		f->flavor_label = xasprintf("%s (%d vCPU, %d MB)", fl->name, fl->vcpus, fl->ram_mb);
	} else
		msg = m = xasprintf("%s: check flavor in %s", msg, f->r->path);
	build_resolve_one_done(f, rc, msg);
	free(m);
}

static void build_on_networks(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct flow_build *f = arg;
	const char *me;
	struct build_net *nets;
	size_t i;

	if (build_returned(f, 0))
		return;
	if (rc == 0) {
		me = cloud_project_id(f->c);
		nets = xcalloc(n + 1, sizeof *nets);
		for (i = 0; i < n; i++) {
			nets[i].id = v[i].id;
			nets[i].name = v[i].name;
			nets[i].external = v[i].external;
			nets[i].shared = v[i].shared;
			nets[i].own = me && v[i].project_id && strcmp(v[i].project_id, me) == 0;
		}
		if ((rc = build_pick_network(&f->pick, f->r->network, nets, n)) < 0)
			msg = err_last();
		else {
			/* Keep copies: the list goes away after this callback. */
			for (i = 0; i < n; i++) {
				if (f->pick.id == nets[i].id) {
					f->net_id = xstrdup(v[i].id);
					f->net_label = xstrdup(v[i].name && *v[i].name ? v[i].name : v[i].id);
				}
				if (f->pick.ext_id == nets[i].id) {
					f->ext_id = xstrdup(v[i].id);
					f->ext_label = xstrdup(v[i].name && *v[i].name ? v[i].name : v[i].id);
				}
			}
			f->pick.id = f->net_id;
			f->pick.ext_id = f->ext_id;
			if (f->pick.choice == BUILD_NET_TEMP && f->ext_id == NULL && f->r->ssh_check) {
				rc = err_set(ERR_CONFIG, "the project has no network and no external network to reach a "
					     "builder over SSH: set network in %s", f->r->path);
				msg = err_last();
			}
			if (f->net_label == NULL)
				f->net_label = xstrdup("none");
			if (f->ext_label == NULL)
				f->ext_label = xstrdup("none");
		}
		free(nets);
	}
	build_resolve_one_done(f, rc, msg);
}

static void build_on_start(struct flow_build *f)
{
	int rc;

	build_set_step(f, FLOW_BUILD_RESOLVE);
	build_line(f, "checking recipe %s against the cloud (build %s)", f->r->ref, f->id);
	f->resolve_left = 3;
	f->outstanding += 3;
	if ((rc = cloud_image_list(f->c, build_on_images, f)) < 0) {
		f->outstanding--;
		build_resolve_one_done(f, rc, err_last());
	}
	if ((rc = cloud_flavor_find(f->c, f->r->flavor, build_on_flavor, f)) < 0) {
		f->outstanding--;
		build_resolve_one_done(f, rc, err_last());
	}
	if ((rc = cloud_net_list(f->c, NET_NETWORK, NULL, build_on_networks, f)) < 0) {
		f->outstanding--;
		build_resolve_one_done(f, rc, err_last());
	}
}

/* ---- create ---- */

static void build_create_server(struct flow_build *f);
static void build_create_network(struct flow_build *f);

static void build_on_server(void *arg, int rc, const char *msg, const char *id)
{
	struct flow_build *f = arg;
	char *label;

	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		char *name = build_server_name(f->r, f->id);

		label = xasprintf("server %s", name);
		free(name);
		build_set_add(&f->set, BRES_SERVER, id, NULL, label);
		build_line(f, "created %s (%s)", label, id);
		f->server_id = xstrdup(id);
		free(label);
	}
	if (build_after(f, rc, msg))
		return;
	build_boot_start(f);
}

static void build_create_server(struct flow_build *f)
{
	struct cloud_server_spec spec;
	char **meta;
	char *name = build_server_name(f->r, f->id);

	f->deadline = time(NULL) + f->r->build_timeout;
	meta = build_server_metadata(f->r, f->id, f->deadline);
	memset(&spec, 0, sizeof spec);
	spec.name = name;
	spec.image_id = f->base_id;
	spec.flavor_id = f->flavor_id;
	spec.network_id = f->network_id ? f->network_id : f->net_id;
	spec.key_name = f->tmp_name;
	spec.security_group = f->secgroup_id;
	spec.user_data = f->r->user_data;
	spec.metadata = (const char *const *)meta;
	BUILD_CALL(f, cloud_server_create(f->c, &spec, build_on_server, f));
	build_strv_free(meta);
	free(name);
}

static void build_on_iface(void *arg, int rc, const char *msg, long status)
{
	struct flow_build *f = arg;

	(void)status;
	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		build_set_add(&f->set, BRES_ROUTER_IFACE, f->router_id, f->subnet_id, "router interface");
		build_line(f, "attached the subnet to router %s", f->tmp_name);
	}
	if (!build_after(f, rc, msg))
		build_create_server(f);
}

static void build_on_router(void *arg, int rc, const char *msg, const char *id)
{
	struct flow_build *f = arg;

	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		f->router_id = xstrdup(id);
		build_set_add(&f->set, BRES_ROUTER, id, NULL, NULL);
		build_line(f, "created router %s (%s)", f->tmp_name, id);
	}
	if (!build_after(f, rc, msg))
		BUILD_CALL(f, cloud_router_add_subnet(f->c, f->router_id, f->subnet_id, build_on_iface, f));
}

static void build_on_subnet(void *arg, int rc, const char *msg, const char *id)
{
	struct flow_build *f = arg;
	char *desc;
	char **tags;

	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		f->subnet_id = xstrdup(id);
		build_set_add(&f->set, BRES_SUBNET, id, NULL, NULL);
		build_line(f, "created subnet %s %s (%s)", f->tmp_name, BUILD_SUBNET_CIDR, id);
	}
	if (build_after(f, rc, msg))
		return;
	if (f->ext_id == NULL) {
		build_create_server(f);
		return;
	}
	desc = build_description(f->r, f->id);
	tags = build_tags(f->id);
	BUILD_CALL(f, cloud_router_create(f->c, f->tmp_name, f->ext_id, desc, (const char *const *)tags,
					  build_on_router, f));
	free(desc);
	build_strv_free(tags);
}

static void build_on_network(void *arg, int rc, const char *msg, const char *id)
{
	struct flow_build *f = arg;
	char *desc;
	char **tags;

	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		f->network_id = xstrdup(id);
		build_set_add(&f->set, BRES_NETWORK, id, NULL, NULL);
		build_line(f, "created network %s (%s)", f->tmp_name, id);
	}
	if (build_after(f, rc, msg))
		return;
	desc = build_description(f->r, f->id);
	tags = build_tags(f->id);
	BUILD_CALL(f, cloud_subnet_create(f->c, f->network_id, f->tmp_name, BUILD_SUBNET_CIDR, NULL, desc,
					  (const char *const *)tags, build_on_subnet, f));
	free(desc);
	build_strv_free(tags);
}

static void build_create_network(struct flow_build *f)
{
	char *desc;
	char **tags;

	if (f->pick.choice != BUILD_NET_TEMP) {
		build_create_server(f);
		return;
	}
	desc = build_description(f->r, f->id);
	tags = build_tags(f->id);
	BUILD_CALL(f, cloud_network_create(f->c, f->tmp_name, desc, (const char *const *)tags, build_on_network, f));
	free(desc);
	build_strv_free(tags);
}

static void build_on_rule(void *arg, int rc, const char *msg, long status)
{
	struct flow_build *f = arg;

	(void)status;
	if (build_returned(f, 1))
		return;
	if (!build_after(f, rc, msg))
		build_create_network(f);
}

static void build_on_secgroup(void *arg, int rc, const char *msg, const char *id)
{
	struct flow_build *f = arg;

	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		f->secgroup_id = xstrdup(id);
		build_set_add(&f->set, BRES_SECGROUP, id, NULL, NULL);
		build_line(f, "created security group %s (%s) allowing SSH", f->tmp_name, id);
	}
	if (!build_after(f, rc, msg))
		BUILD_CALL(f, cloud_secgroup_add_rule(f->c, f->secgroup_id, "tcp", 22, 22, "0.0.0.0/0", build_on_rule,
						      f));
}

static void build_on_keypair(void *arg, int rc, const char *msg, long status)
{
	struct flow_build *f = arg;
	char *desc;
	char **tags;

	(void)status;
	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		build_set_add(&f->set, BRES_KEYPAIR, f->tmp_name, NULL, NULL);
		build_line(f, "created keypair %s (%s)", f->tmp_name, f->key.fingerprint);
	}
	if (build_after(f, rc, msg))
		return;
	desc = build_description(f->r, f->id);
	tags = build_tags(f->id);
	BUILD_CALL(f, cloud_secgroup_create(f->c, f->tmp_name, desc, (const char *const *)tags, build_on_secgroup, f));
	free(desc);
	build_strv_free(tags);
}

static void build_create(struct flow_build *f)
{
	build_set_step(f, FLOW_BUILD_CREATE);
	if (buildlock_create(f->id) < 0 || ssh_keypair_generate(&f->key, f->tmp_name) < 0) {
		build_fail(f, ERR_INVALID, err_last());
		return;
	}
	BUILD_CALL(f, cloud_keypair_create(f->c, f->tmp_name, f->key.public_line, build_on_keypair, f));
}

void flow_build_confirm(struct flow_build *f, int yes)
{
	if (f->step != FLOW_BUILD_CONFIRM)
		return;
	if (!yes || f->stopping) {
		f->rc = ERR_CANCELLED;
		f->msg = xstrdup("not confirmed: nothing was created");
		build_finish(f);
		return;
	}
	build_create(f);
}

/* ---- stop, snapshot ---- */

static void build_poll_image(struct flow_build *f);

static void build_on_image(void *arg, int rc, const char *msg, const struct image *im)
{
	struct flow_build *f = arg;
	char *m;

	if (build_returned(f, 1))
		return;
	if (build_after(f, rc, msg))
		return;
	if (strcmp(im->status, "active") == 0) {
		/* Complete: the image is the result now, not a half-made thing to delete. */
		build_set_remove(&f->set, BRES_IMAGE, f->image_id);
		build_line(f, "image %s (%s) is active", f->r->image_name, f->image_id);
		build_start_cleanup(f);
		return;
	}
	if (strcmp(im->status, "killed") == 0 || strcmp(im->status, "deleted") == 0 ||
	    strcmp(im->status, "pending_delete") == 0) {
		m = xasprintf("the snapshot %s ended %s: Glance or Nova failed to save it (see the cloud's logs)",
			      f->image_id, im->status);
		build_fail(f, ERR_HTTP, m);
		free(m);
		return;
	}
	if (++f->polls * f->opts.poll_s > (double)f->r->build_timeout) {
		build_fail(f, ERR_TIMEOUT, "the snapshot did not become active within build_timeout");
		return;
	}
	build_later(f, f->opts.poll_s, build_poll_image);
}

static void build_poll_image(struct flow_build *f)
{
	if (!build_after(f, 0, ""))
		BUILD_CALL(f, cloud_image_get(f->c, f->image_id, build_on_image, f));
}

static void build_on_snapshot(void *arg, int rc, const char *msg, const char *id)
{
	struct flow_build *f = arg;

	if (build_returned(f, 1))
		return;
	if (rc == 0) {
		f->image_id = xstrdup(id);
		build_set_add(&f->set, BRES_IMAGE, id, NULL, NULL);
		build_line(f, "snapshot %s started (image %s)", f->r->image_name, id);
	}
	if (build_after(f, rc, msg))
		return;
	f->polls = 0;
	build_later(f, f->opts.poll_s, build_poll_image);
}

static void build_snapshot(struct flow_build *f)
{
	char **props = build_image_properties(f->r, f->id, f->base_id, time(NULL), f->opts.version);

	build_set_step(f, FLOW_BUILD_SNAPSHOT);
	BUILD_CALL(f, cloud_server_snapshot(f->c, f->server_id, f->r->image_name, (const char *const *)props,
					    build_on_snapshot, f));
	build_strv_free(props);
}

static void build_poll_stopped(struct flow_build *f);

static void build_on_stopped_poll(void *arg, int rc, const char *msg, const struct server *s)
{
	struct flow_build *f = arg;

	if (build_returned(f, 1))
		return;
	if (build_after(f, rc, msg))
		return;
	if (s->status && strcmp(s->status, "SHUTOFF") == 0) {
		build_line(f, "the builder is stopped");
		build_snapshot(f);
		return;
	}
	if (s->status && strcmp(s->status, "ERROR") == 0) {
		char *m = xasprintf("the builder went to ERROR while stopping: %s", s->fault ? s->fault : "no fault given");

		build_fail(f, ERR_HTTP, m);
		free(m);
		return;
	}
	if (++f->polls * f->opts.poll_s > BUILD_STOP_WAIT_S) {
		build_fail(f, ERR_TIMEOUT, "the builder did not stop within 5 minutes");
		return;
	}
	build_later(f, f->opts.poll_s, build_poll_stopped);
}

static void build_poll_stopped(struct flow_build *f)
{
	if (!build_after(f, 0, ""))
		BUILD_CALL(f, cloud_server_get(f->c, f->server_id, build_on_stopped_poll, f));
}

static void build_on_stop(void *arg, int rc, const char *msg, long status)
{
	struct flow_build *f = arg;

	(void)status;
	if (build_returned(f, 1))
		return;
	if (build_after(f, rc, msg))
		return;
	f->polls = 0;
	build_later(f, f->opts.poll_s, build_poll_stopped);
}

void build_stop_start(struct flow_build *f)
{
	build_ready_dispose(f);
	build_set_step(f, FLOW_BUILD_STOP);
	build_line(f, "ready: stopping the builder");
	BUILD_CALL(f, cloud_server_stop(f->c, f->server_id, build_on_stop, f));
}

/* ---- the public calls ---- */

int flow_build_start(struct flow_build **out, struct event_base *base, struct cloud *c, const struct recipe *r,
		     const struct flow_build_opts *opts, const struct flow_build_ops *ops, void *arg)
{
	struct flow_build *f = xcalloc(1, sizeof *f);
	unsigned rnd = 0;
	FILE *fp;

	*out = NULL;
	f->base = base;
	f->c = c;
	f->r = r;
	if (opts)
		f->opts = *opts;
	if (f->opts.poll_s <= 0)
		f->opts.poll_s = 2;
	if (f->opts.ssh_timeout_s <= 0)
		f->opts.ssh_timeout_s = 20;
	if (f->opts.keys_wait_s <= 0)
		f->opts.keys_wait_s = 60;
	if (f->opts.version == NULL)
		f->opts.version = PACKAGE_VERSION;
	f->ops = *ops;
	f->arg = arg;
	if ((fp = fopen("/dev/urandom", "rb")) == NULL || fread(&rnd, sizeof rnd, 1, fp) != 1) {
		if (fp)
			fclose(fp);
		free(f);
		return err_set(ERR_IO, "cannot read /dev/urandom for a build id");
	}
	fclose(fp);
	build_make_id(f->id, rnd);
	snprintf(f->set.build_id, sizeof f->set.build_id, "%s", f->id);
	f->set.recipe = xstrdup(r->ref);
	f->tmp_name = build_temp_name(f->id);
	buf_init(&f->console, 256 * 1024);
	buf_init(&f->check_out, 4096);
	if ((f->timer = evtimer_new(base, build_on_timer, f)) == NULL) {
		build_really_free(f);
		return err_set(ERR_INVALID, "cannot make a timer for the build");
	}
	build_later(f, 0, build_on_start);
	*out = f;
	return 0;
}

void flow_build_stop(struct flow_build *f)
{
	if (f->step >= FLOW_BUILD_CLEANUP || f->stopping)
		return;
	f->stopping = 1;
	if (f->step == FLOW_BUILD_CONFIRM) {
		flow_build_confirm(f, 0);
		return;
	}
	if (f->step == FLOW_BUILD_RESOLVE && f->resolve_left == 0 && f->outstanding == 0) {
		/* Not started yet. */
		evtimer_del(f->timer);
		f->rc = ERR_CANCELLED;
		f->msg = xstrdup("stopped by the user: nothing was created");
		build_finish(f);
		return;
	}
	if (f->step == FLOW_BUILD_RESOLVE)
		return; /* build_resolved() sees stopping */
	build_fail(f, ERR_CANCELLED, "stopped by the user");
}

/* The cloud is freed with our requests unanswered: nothing will call back. */
static void build_on_cloud_free(void *arg)
{
	struct flow_build *f = arg;

	f->hook = NULL;
	build_really_free(f);
}

void flow_build_free(struct flow_build *f)
{
	if (f == NULL)
		return;
	build_ready_dispose(f);
	if (f->timer)
		evtimer_del(f->timer);
	if (f->cleanup) {
		flow_cleanup_free(f->cleanup);
		f->cleanup = NULL;
	}
	if (f->outstanding > 0) {
		f->stopped = 1;
		f->hook = cloud_hook_add(f->c, build_on_cloud_free, f);
		return;
	}
	build_really_free(f);
}
