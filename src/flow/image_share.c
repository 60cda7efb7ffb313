/* image_share: share / unshare / members / accept / reject as state machines on the loop. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/cloud.h"
#include "cloud/image.h"
#include "cloud/image_members.h"
#include "core/error.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/image_share.h"

#define SHARE_MAX_MATCHES 8

enum share_state { ST_RESOLVE, ST_CONFIRM, ST_VISIBILITY, ST_MEMBERS_CHANGE, ST_LIST, ST_STATUS, ST_DONE };

struct share_proj {
	struct flow_share *f;
	char *given;
	char *id;
	char *name;
	int rc;                         /* resolving failed: rc and msg */
	char *msg;
};

struct flow_share {
	struct cloud *c;
	enum flow_share_op op;
	enum share_state state;
	char *ref;                      /* sanitized, for messages */
	char *raw_ref;
	struct share_proj *projects;
	size_t n_projects;
	struct image *images;           /* the image list; im points into it */
	size_t n_images;
	struct image *im;
	struct flow_share_ops ops;
	void *arg;
	size_t outstanding;             /* cloud calls not yet called back */
	int rc;                         /* first error of a parallel step */
	char *msg;
	int stopped;                    /* freed by the caller: free when outstanding reaches 0 */
	struct cloud_hook *hook;        /* ... or when the cloud goes first */
};

static void share_next(struct flow_share *f);

static void share_really_free(struct flow_share *f)
{
	size_t i;

	cloud_hook_remove(f->hook);
	for (i = 0; i < f->n_projects; i++) {
		free(f->projects[i].given);
		free(f->projects[i].id);
		free(f->projects[i].name);
		free(f->projects[i].msg);
	}
	free(f->projects);
	for (i = 0; i < f->n_images; i++)
		model_image_dispose(&f->images[i]);
	free(f->images);
	free(f->ref);
	free(f->raw_ref);
	free(f->msg);
	free(f);
}

const char *flow_share_verb(enum flow_share_op op)
{
	switch (op) {
	case FLOW_SHARE_ADD: return "share";
	case FLOW_SHARE_REMOVE: return "unshare";
	case FLOW_SHARE_MEMBERS: return "list the members of";
	case FLOW_SHARE_ACCEPT: return "accept";
	case FLOW_SHARE_REJECT: return "reject";
	}
	return "?";
}

static void share_progress(struct flow_share *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void share_progress(struct flow_share *f, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (f->ops.progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	f->ops.progress(f->arg, line);
}

/* Record the first error of a step (the message is copied). */
static void share_fail(struct flow_share *f, int rc, const char *msg)
{
	if (f->rc == 0) {
		f->rc = rc;
		free(f->msg);
		f->msg = xstrdup(msg);
	}
}

/* Call done once and move to ST_DONE. */
static void share_finish(struct flow_share *f, int rc, const char *msg, const struct image_member *v, size_t n)
{
	f->state = ST_DONE;
	if (!f->stopped)
		f->ops.done(f->arg, rc, rc ? msg : "", f->im, v, n);
}

/* A cloud callback arrived: 1 if the flow was freed meanwhile (and is now gone). */
static int share_returned(struct flow_share *f)
{
	f->outstanding--;
	if (f->stopped) {
		if (f->outstanding == 0)
			share_really_free(f);
		return 1;
	}
	return 0;
}

/* ---- resolving ---- */

static void share_on_images(void *arg, int rc, const char *msg, struct image *v, size_t n)
{
	struct flow_share *f = arg;

	if (f->stopped) {
		for (size_t i = 0; i < n; i++)
			model_image_dispose(&v[i]);
		free(v);
	} else {
		f->images = v;
		f->n_images = n;
	}
	if (share_returned(f))
		return;
	if (rc < 0)
		share_fail(f, rc, msg);
	if (f->outstanding == 0)
		share_next(f);
}

static void share_on_project(void *arg, int rc, const char *msg, const char *id, const char *name)
{
	struct share_proj *p = arg;
	struct flow_share *f = p->f;

	if (share_returned(f))
		return;
	if (rc < 0) {
		p->rc = rc;
		p->msg = xstrdup(msg);
	} else {
		p->id = xstrdup(id);
		p->name = xstrdup(name && *name ? name : p->given);
	}
	if (f->outstanding == 0)
		share_next(f);
}

/* Where the ref was looked for, for "not found" messages (new string). */
static char *share_looked_for(const struct flow_share *f)
{
	const char *slash = strrchr(f->ref, '/');

	if (slash && slash != f->ref && slash[1])
		return xasprintf("an image with %s=%s, or named %.*s-%s", IMAGE_RECIPE_PROPERTY, f->ref,
				 (int)(slash - f->ref), f->ref, slash + 1);
	return xasprintf("an image named %s or with that id", f->ref);
}

/* Pick the image among the matches; 0, or an error in err_last(). */
static int share_pick_image(struct flow_share *f)
{
	const char *me = cloud_project_id(f->c);
	const char *me_name = cloud_project_name(f->c) ? cloud_project_name(f->c) : "?";
	int want_own = f->op == FLOW_SHARE_ADD || f->op == FLOW_SHARE_REMOVE || f->op == FLOW_SHARE_MEMBERS;
	size_t idx[SHARE_MAX_MATCHES], n, i, k = 0, other = 0;
	char *looked, *owner;
	int rc = 0;

	n = image_find_by_ref(idx, SHARE_MAX_MATCHES, f->images, f->n_images, f->raw_ref);
	for (i = 0; i < n; i++) {
		const struct image *im = &f->images[idx[i]];
		int own = me && im->owner && strcmp(im->owner, me) == 0;

		if (own == want_own)
			idx[k++] = idx[i];
		else
			other = idx[i] + 1;
	}
	if (k == 1) {
		f->im = &f->images[idx[0]];
		return 0;
	}
	looked = share_looked_for(f);
	if (k > 1)
		rc = err_set(ERR_INVALID, "%zu images match %s: give the image id (one is %s)", k, f->ref,
			     f->images[idx[0]].id);
	else if (other && want_own) {
		owner = sanitize_line(f->images[other - 1].owner ? f->images[other - 1].owner : "?", 80);
		rc = err_set(ERR_HTTP, "cannot %s image %s: only the owning project can share it: the image "
			     "belongs to project %s, not %s", flow_share_verb(f->op), f->ref, owner, me_name);
		free(owner);
	} else if (other)
		rc = err_set(ERR_NOTFOUND, "image %s belongs to project %s itself and is not shared with it: "
			     "nothing to %s", f->ref, me_name, flow_share_verb(f->op));
	else if (!want_own)
		rc = err_set(ERR_NOTFOUND, "no image %s is shared with project %s (looked for %s): nothing to %s; "
			     "ask the owner to share it", f->ref, me_name, looked, flow_share_verb(f->op));
	else
		rc = err_set(ERR_NOTFOUND, "image %s not found (looked for %s in project %s): check with "
			     "'sparkdeck list images'", f->ref, looked, me_name);
	free(looked);
	return rc;
}

/* ---- changing ---- */

static void share_on_status(void *arg, int rc, const char *msg, long http_status)
{
	struct flow_share *f = arg;

	(void)http_status;
	if (share_returned(f))
		return;
	if (rc < 0)
		share_fail(f, rc, msg);
	if (f->outstanding == 0)
		share_next(f);
}

static void share_on_member_status(void *arg, int rc, const char *msg, const struct image_member *v, size_t n)
{
	struct flow_share *f = arg;
	const char *me_name = cloud_project_name(f->c) ? cloud_project_name(f->c) : "?";

	if (share_returned(f))
		return;
	if (rc == ERR_NOTFOUND) {
		err_set(ERR_NOTFOUND, "image %s is not shared with project %s: nothing to %s", f->ref, me_name,
			flow_share_verb(f->op));
		msg = err_last();
	}
	share_finish(f, rc, msg, v, n);
}

static void share_on_members(void *arg, int rc, const char *msg, const struct image_member *v, size_t n)
{
	struct flow_share *f = arg;

	if (share_returned(f))
		return;
	share_finish(f, rc, msg, v, n);
}

/* Start the member list; on failure to start, finish. */
static void share_start_list(struct flow_share *f)
{
	f->state = ST_LIST;
	share_progress(f, "listing the members of %s", f->ref);
	f->outstanding++;
	if (cloud_image_list_members(f->c, f->im->id, share_on_members, f) < 0) {
		f->outstanding--;
		share_finish(f, ERR_INVALID, err_last(), NULL, 0);
	}
}

/* Add or remove every member in parallel (the cloud bounds concurrency). */
static void share_start_member_changes(struct flow_share *f)
{
	size_t i;
	int rc;

	f->state = ST_MEMBERS_CHANGE;
	f->outstanding++;       /* held until every request is started */
	for (i = 0; i < f->n_projects; i++) {
		const struct share_proj *p = &f->projects[i];

		if (f->op == FLOW_SHARE_ADD)
			share_progress(f, "adding project %s as a member of %s", p->name, f->ref);
		else
			share_progress(f, "removing project %s from the members of %s", p->name, f->ref);
		f->outstanding++;
		if (f->op == FLOW_SHARE_ADD)
			rc = cloud_image_add_member(f->c, f->im->id, p->id, share_on_status, f);
		else
			rc = cloud_image_remove_member(f->c, f->im->id, p->id, share_on_status, f);
		if (rc < 0) {
			f->outstanding--;
			share_fail(f, rc, err_last());
			break;
		}
	}
	f->outstanding--;
	if (f->outstanding == 0)
		share_next(f);
}

/* Move on after a step ended (every call of it returned). */
static void share_next(struct flow_share *f)
{
	int rc;

	if (f->rc < 0) {
		share_finish(f, f->rc, f->msg, NULL, 0);
		return;
	}
	switch (f->state) {
	case ST_RESOLVE:
		/* The image first: "not the owner" says more than a project we cannot look up. */
		if ((rc = share_pick_image(f)) < 0) {
			share_finish(f, rc, err_last(), NULL, 0);
			return;
		}
		for (size_t i = 0; i < f->n_projects; i++)
			if (f->projects[i].rc < 0) {
				share_finish(f, f->projects[i].rc, f->projects[i].msg, NULL, 0);
				return;
			}
		if (f->op != FLOW_SHARE_MEMBERS && f->ops.confirm) {
			const char **names = xcalloc(f->n_projects + 1, sizeof *names);

			for (size_t i = 0; i < f->n_projects; i++)
				names[i] = f->projects[i].name;
			f->state = ST_CONFIRM;
			f->ops.confirm(f->arg, f->im, names, f->n_projects);
			free(names);
			return;
		}
		/* fall through */
	case ST_CONFIRM:
		if (f->op == FLOW_SHARE_MEMBERS) {
			share_start_list(f);
		} else if (f->op == FLOW_SHARE_ACCEPT || f->op == FLOW_SHARE_REJECT) {
			f->state = ST_STATUS;
			share_progress(f, "%s image %s", f->op == FLOW_SHARE_ACCEPT ? "accepting" : "rejecting", f->ref);
			f->outstanding++;
			if (cloud_image_set_member_status(f->c, f->im->id, f->op == FLOW_SHARE_ACCEPT ? "accepted" :
							  "rejected", share_on_member_status, f) < 0) {
				f->outstanding--;
				share_finish(f, ERR_INVALID, err_last(), NULL, 0);
			}
		} else if (f->op == FLOW_SHARE_ADD && (f->im->visibility == NULL ||
						       strcmp(f->im->visibility, "shared") != 0)) {
			f->state = ST_VISIBILITY;
			share_progress(f, "making image %s shared (was %s)", f->ref,
				       f->im->visibility ? f->im->visibility : "?");
			f->outstanding++;
			if (cloud_image_set_visibility(f->c, f->im->id, "shared", share_on_status, f) < 0) {
				f->outstanding--;
				share_finish(f, ERR_INVALID, err_last(), NULL, 0);
			}
		} else
			share_start_member_changes(f);
		return;
	case ST_VISIBILITY:
		share_start_member_changes(f);
		return;
	case ST_MEMBERS_CHANGE:
		share_start_list(f);
		return;
	case ST_LIST:
	case ST_STATUS:
	case ST_DONE:
		return;
	}
}

int flow_share_start(struct flow_share **out, struct cloud *c, enum flow_share_op op, const char *ref,
		     const char *const *projects, size_t n_projects, const struct flow_share_ops *ops, void *arg)
{
	struct flow_share *f;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (ref == NULL || *ref == '\0')
		return err_set(ERR_INVALID, "no image given: name it as NAME/VERSION, its name or its id");
	if ((op == FLOW_SHARE_ADD || op == FLOW_SHARE_REMOVE) && n_projects == 0)
		return err_set(ERR_INVALID, "no project given: name them with --with P1,P2");
	f = xcalloc(1, sizeof *f);
	f->c = c;
	f->op = op;
	f->raw_ref = xstrdup(ref);
	f->ref = sanitize_line(ref, 120);
	f->ops = *ops;
	f->arg = arg;
	f->state = ST_RESOLVE;
	f->projects = xcalloc(n_projects + 1, sizeof *f->projects);
	f->n_projects = n_projects;
	for (i = 0; i < n_projects; i++) {
		f->projects[i].f = f;
		f->projects[i].given = sanitize_line(projects[i], 120);
	}
	share_progress(f, "looking for image %s", f->ref);
	f->outstanding++;
	if ((rc = cloud_image_list(c, share_on_images, f)) < 0) {
		f->outstanding--;
		goto out;
	}
	for (i = 0; i < n_projects; i++) {
		f->outstanding++;
		if ((rc = cloud_project_resolve(c, projects[i], share_on_project, &f->projects[i])) < 0) {
			f->outstanding--;
			goto out;
		}
	}
out:
	if (rc < 0) {
		flow_share_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

void flow_share_confirm(struct flow_share *f, int yes)
{
	if (f->state != ST_CONFIRM)
		return;
	if (!yes) {
		err_set(ERR_CANCELLED, "not confirmed: nothing changed");
		share_finish(f, ERR_CANCELLED, err_last(), NULL, 0);
		return;
	}
	share_next(f);
}

/* The cloud is freed with our requests unanswered: nothing will call back. */
static void share_on_cloud_free(void *arg)
{
	struct flow_share *f = arg;

	f->hook = NULL;
	share_really_free(f);
}

void flow_share_free(struct flow_share *f)
{
	if (f == NULL)
		return;
	if (f->outstanding > 0) {
		f->stopped = 1;
		f->hook = cloud_hook_add(f->c, share_on_cloud_free, f);
		return;
	}
	share_really_free(f);
}
