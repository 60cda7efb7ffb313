/* share: image sharing in the console: whom (pick.c asks), y/N on the prompt line, flow/image_share drives it. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/cloud.h"
#include "cloud/image_members.h"
#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "flow/image_share.h"
#include "ui/app.h"

#define SHARE_MAX_PROJECTS 64

/* Keep f, which called done, in slot and free the one kept before: a flow is never freed inside its own callback. */
static void share_retire(struct flow_share **slot, struct flow_share *f)
{
	if (*slot && *slot != f)
		flow_share_free(*slot);
	*slot = f;
}

/* Replace a copied string. */
static void share_set(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

/* A name for an image in messages: its name, else its id. */
static const char *share_image_name(const struct image *im)
{
	return im->name && *im->name ? im->name : im->id ? im->id : "?";
}

/* A name for a project id: the project's name when the model knows it, else the id. */
static const char *share_project_name(const struct app *app, const char *id)
{
	const struct project *p = id ? model_find_project(app->model, id) : NULL;

	if (p && p->name && *p->name)
		return p->name;
	return id ? id : "?";
}

int app_share_owns(const struct app *app, const struct image *im)
{
	const char *me = cloud_project_id(app->cloud);

	return me && im->owner && strcmp(me, im->owner) == 0;
}

size_t app_share_invitations(const struct app *app)
{
	size_t i, n = 0;

	for (i = 0; i < app->model->n_images; i++)
		if (app->model->images[i].member_status && strcmp(app->model->images[i].member_status, "pending") == 0 &&
		    !app_share_owns(app, &app->model->images[i]))
			n++;
	return n;
}

/* Redraw, spinner and script after a flow event. */
static void share_kick(struct app *app)
{
	app_dirty(app);
	app_spinner_update(app);
	script_kick(app);
}

/* Reload the images (after a change), or once more when a load is in flight. */
static void share_reload_images(struct app *app)
{
	if (app->loading[MODEL_IMAGES])
		app->again[MODEL_IMAGES] = 1;
	else
		app_load(app, MODEL_IMAGES);
}

/* Keep a copy of the members of image_id for the detail pane. */
static void share_keep_members(struct app *app, const char *image_id, const struct image_member *v, size_t n)
{
	struct app_share *s = &app->share;
	size_t i;

	image_members_free(s->members, s->n_members);
	s->members = NULL;
	s->n_members = 0;
	share_set(&s->members_error, NULL);
	share_set(&s->members_id, image_id);
	if (n == 0)
		return;
	s->members = xcalloc(n, sizeof *s->members);
	for (i = 0; i < n; i++) {
		s->members[i].image_id = v[i].image_id ? xstrdup(v[i].image_id) : NULL;
		s->members[i].member_id = v[i].member_id ? xstrdup(v[i].member_id) : NULL;
		s->members[i].status = v[i].status ? xstrdup(v[i].status) : NULL;
		s->members[i].created_at = v[i].created_at ? xstrdup(v[i].created_at) : NULL;
		s->members[i].updated_at = v[i].updated_at ? xstrdup(v[i].updated_at) : NULL;
	}
	s->n_members = n;
}

/* ---- the change: share, unshare, accept, reject ---- */

static void share_on_progress(void *arg, const char *line)
{
	struct app *app = arg;

	app_message(app, 0, "%s...", line);
}

static void share_on_confirm(void *arg, const struct image *im, const char *const *projects, size_t n)
{
	struct app *app = arg;
	struct app_share *s = &app->share;
	size_t i, len;
	char *q = app->ask_label;

	switch ((enum flow_share_op)s->op) {
	case FLOW_SHARE_ACCEPT:
	case FLOW_SHARE_REJECT:
		snprintf(q, sizeof app->ask_label, "%s %s from project %s? [y/N] ",
			 s->op == FLOW_SHARE_ACCEPT ? "Accept" : "Reject", share_image_name(im),
			 share_project_name(app, im->owner));
		break;
	default:
		len = (size_t)snprintf(q, sizeof app->ask_label, "%s %s with ",
				       s->op == FLOW_SHARE_ADD ? "Share" : "Stop sharing", share_image_name(im));
		for (i = 0; i < n && len < sizeof app->ask_label; i++)
			len += (size_t)snprintf(q + len, sizeof app->ask_label - len, "%s%s", i ? ", " : "", projects[i]);
		if (len < sizeof app->ask_label)
			snprintf(q + len, sizeof app->ask_label - len, "? [y/N] ");
		break;
	}
	app_message_clear(app);
	s->asking = 1;
	/* A prompt being typed is left alone: the question comes when it ends. */
	if (app->mode == MODE_NORMAL)
		app->mode = MODE_CONFIRM;
	share_kick(app);
}

static void share_on_done(void *arg, int rc, const char *msg, const struct image *im,
			  const struct image_member *v, size_t n)
{
	struct app *app = arg;
	struct app_share *s = &app->share;
	enum flow_share_op op = (enum flow_share_op)s->op;
	const char *name = im ? share_image_name(im) : s->image_name ? s->image_name : "?";

	s->asking = 0;
	if (app->mode == MODE_CONFIRM)
		app->mode = MODE_NORMAL;
	if (rc == ERR_CANCELLED)
		app_message(app, 0, "%s %s: not confirmed, nothing changed", flow_share_verb(op), name);
	else if (rc < 0)
		app_message(app, 1, "%s", msg && *msg ? msg : err_name(rc));
	else if (op == FLOW_SHARE_ACCEPT)
		app_message(app, 0, "accepted %s from project %s: it is usable now", name,
			    share_project_name(app, im ? im->owner : NULL));
	else if (op == FLOW_SHARE_REJECT)
		app_message(app, 0, "rejected %s from project %s (a accepts it again)", name,
			    share_project_name(app, im ? im->owner : NULL));
	else
		app_message(app, 0, "%s %s: %zu member%s now (pending until they accept)",
			    op == FLOW_SHARE_ADD ? "shared" : "unshared", name, n, n == 1 ? "" : "s");
	if (rc == 0 && im && (op == FLOW_SHARE_ADD || op == FLOW_SHARE_REMOVE)) {
		/* Show the member list: the detail pane of the images view, on this image. */
		share_keep_members(app, im->id, v, n);
		app->views[VIEW_IMAGES].detail = 1;
		app_show(app, VIEW_IMAGES);
	}
	share_retire(&app->share.spent_change, s->flow);
	s->flow = NULL;
	if (rc != ERR_CANCELLED)
		share_reload_images(app);
	share_kick(app);
}

static const struct flow_share_ops share_change_ops = { share_on_progress, share_on_confirm, share_on_done };

/* Start a change of image im; 0 or negative (the message line says why). */
static int share_start(struct app *app, enum flow_share_op op, const struct image *im, const char *const *projects,
		       size_t n)
{
	struct app_share *s = &app->share;
	struct flow_share *f;
	int rc;

	s->op = op;
	share_set(&s->image_id, im->id);
	share_set(&s->image_name, share_image_name(im));
	app_message_clear(app);
	if ((rc = flow_share_start(&f, app->cloud, op, im->id, projects, n, &share_change_ops, app)) < 0) {
		app_message(app, 1, "%s %s: %s", flow_share_verb(op), share_image_name(im), err_last());
		return rc;
	}
	s->flow = f;
	share_kick(app);
	return 0;
}

/* The image id in the model, or NULL with a message; and not while another change runs. */
static const struct image *share_image(struct app *app, const char *image_id)
{
	const struct image *im = image_id ? model_find_image(app->model, image_id) : NULL;

	if (app->share.flow) {
		app_message(app, 1, "wait: %s %s is still running", flow_share_verb((enum flow_share_op)app->share.op),
			    app->share.image_name ? app->share.image_name : "?");
		return NULL;
	}
	if (app->build.screen != BSCREEN_NONE) {
		app_message(app, 1, "not while the build screen is open: let it end, then share");
		return NULL;
	}
	if (im == NULL)
		app_message(app, 1, "no image selected: pick one in the images view (2)");
	return im;
}

void app_share_answer(struct app *app, int op, const char *image_id)
{
	const struct image *im = share_image(app, image_id);
	const char *verb = flow_share_verb((enum flow_share_op)op), *st;
	const char *project = cloud_project_name(app->cloud) ? cloud_project_name(app->cloud) : "?";

	if (im == NULL)
		return;
	st = im->member_status;
	if (app_share_owns(app, im))
		app_message(app, 1, "cannot %s %s: it belongs to project %s itself (+ shares it with others)", verb,
			    share_image_name(im), project);
	else if (st == NULL)
		app_message(app, 1, "cannot %s %s: it is not shared with project %s (it is %s)", verb,
			    share_image_name(im), project, im->visibility ? im->visibility : "visible");
	else if (op == FLOW_SHARE_ACCEPT && strcmp(st, "accepted") == 0)
		app_message(app, 1, "%s is accepted already: nothing to accept (x rejects it)", share_image_name(im));
	else if (op == FLOW_SHARE_REJECT && strcmp(st, "rejected") == 0)
		app_message(app, 1, "%s is rejected already: nothing to reject (a accepts it)", share_image_name(im));
	else
		share_start(app, (enum flow_share_op)op, im, NULL, 0);
}

/* Split "a, b,,c" into words (pointers into buf); ERR_INVALID when there are too many. */
static int share_split(char *buf, const char **v, size_t max, size_t *n)
{
	char *p, *save = NULL, *w, *end;

	*n = 0;
	for (p = buf; (w = strtok_r(p, ",", &save)) != NULL; p = NULL) {
		while (*w == ' ')
			w++;
		end = w + strlen(w);
		while (end > w && end[-1] == ' ')
			*--end = '\0';
		if (*w == '\0')
			continue;
		if (*n == max)
			return err_set(ERR_INVALID, "more than %zu projects", max);
		v[(*n)++] = w;
	}
	return 0;
}

void app_share_with(struct app *app, int op, const char *image_id, const char *list)
{
	const struct image *im = share_image(app, image_id);
	const char *v[SHARE_MAX_PROJECTS], *verb = flow_share_verb((enum flow_share_op)op);
	char *buf;
	size_t n;

	if (im == NULL)
		return;
	if (!app_share_owns(app, im)) {
		app_message(app, 1, "cannot %s %s: only its owner, project %s, can %s it", verb, share_image_name(im),
			    share_project_name(app, im->owner), verb);
		return;
	}
	if (list == NULL || list[strspn(list, ", ")] == '\0') {
		app_pick_ask(app, op, im);
		return;
	}
	buf = xstrdup(list);
	if (share_split(buf, v, SHARE_MAX_PROJECTS, &n) < 0)
		app_message(app, 1, "%s %s: %s", verb, share_image_name(im), err_last());
	else
		share_start(app, (enum flow_share_op)op, im, v, n);
	free(buf);
}

void app_share_confirm(struct app *app, int yes)
{
	app->mode = MODE_NORMAL;
	app->share.asking = 0;
	if (app->share.flow)
		flow_share_confirm(app->share.flow, yes);
	share_kick(app);
}

/* ---- the member list of the detail pane ---- */

static void share_on_members(void *arg, int rc, const char *msg, const struct image *im,
			     const struct image_member *v, size_t n)
{
	struct app *app = arg;
	struct app_share *s = &app->share;
	char *id = s->members_id ? xstrdup(s->members_id) : NULL;

	if (rc < 0) {
		share_keep_members(app, id, NULL, 0);
		share_set(&s->members_error, msg && *msg ? msg : err_name(rc));
	} else
		share_keep_members(app, id, v, n);
	free(id);
	share_retire(&app->share.spent_members, s->members_flow);
	s->members_flow = NULL;
	share_kick(app);
}

static const struct flow_share_ops share_members_ops = { NULL, NULL, share_on_members };

void app_share_load_members(struct app *app, const char *image_id, int reload)
{
	struct app_share *s = &app->share;
	int rc;

	if (!reload && s->members_id && strcmp(s->members_id, image_id) == 0)
		return;
	if (s->members_flow) {
		flow_share_free(s->members_flow);
		s->members_flow = NULL;
	}
	share_keep_members(app, image_id, NULL, 0);
	rc = flow_share_start(&s->members_flow, app->cloud, FLOW_SHARE_MEMBERS, image_id, NULL, 0, &share_members_ops,
			      app);
	if (rc < 0)
		share_set(&s->members_error, err_last());
	share_kick(app);
}

void app_share_follow(struct app *app, int reload)
{
	struct view *v = &app->views[VIEW_IMAGES];
	const struct image *im;
	size_t row;

	if (app->current != VIEW_IMAGES || !v->detail)
		return;
	view_sync(v, app);
	if (!view_selected(v, &row))
		return;
	im = &app->model->images[row];
	if (im->id && app_share_owns(app, im))
		app_share_load_members(app, im->id, reload);
}

void app_share_forget(struct app *app)
{
	struct app_share *s = &app->share;

	if (s->members_flow) {
		flow_share_free(s->members_flow);
		s->members_flow = NULL;
	}
	share_keep_members(app, NULL, NULL, 0);
	share_kick(app);
}

void app_share_dispose(struct app *app)
{
	struct app_share *s = &app->share;

	flow_share_free(s->flow);
	flow_share_free(s->members_flow);
	share_retire(&app->share.spent_change, NULL);
	share_retire(&app->share.spent_members, NULL);
	free(s->image_id);
	free(s->image_name);
	free(s->members_id);
	free(s->members_error);
	image_members_free(s->members, s->n_members);
	memset(s, 0, sizeof *s);
}
