/* `sparkdeck image share|unshare|members|accept|reject|invitations`: the CLI twin of the share flow. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cloud/cloud.h"
#include "cloud/image_members.h"
#include "core/build.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/image_share.h"

#define IMAGE_MAX_PROJECTS 64

static const struct {
	const char *word;
	enum flow_share_op op;
	int needs_with;         /* 1: --with required, 0: refused */
	int confirms;           /* asks before changing anything */
} image_cmds[] = {
	{ "share", FLOW_SHARE_ADD, 1, 1 },
	{ "unshare", FLOW_SHARE_REMOVE, 1, 1 },
	{ "members", FLOW_SHARE_MEMBERS, 0, 0 },
	{ "accept", FLOW_SHARE_ACCEPT, 0, 1 },
	{ "reject", FLOW_SHARE_REJECT, 0, 1 },
};

struct image_run {
	struct event_base *base;
	const struct cli_image_opts *o;
	int confirm_pending;
	int done;
	int rc;
	char *msg;
	char *image_name;
	char *projects;         /* "P1, P2" for the prompt */
	char *owner;
	cJSON *json;
	struct out_table table;
};

static const char *const image_member_hdr[] = { "PROJECT", "STATUS", "UPDATED" };

/* Split "a,b,,c" into at most max non-empty words (pointers into the copy *buf). */
static int image_split(char **buf, const char **v, size_t max, size_t *n, const char *s)
{
	char *p, *save = NULL, *w;

	*n = 0;
	*buf = xstrdup(s);
	for (p = *buf; (w = strtok_r(p, ",", &save)) != NULL; p = NULL) {
		while (*w == ' ')
			w++;
		if (*w == '\0')
			continue;
		if (*n == max)
			return err_set(ERR_INVALID, "more than %zu projects in --with", max);
		v[(*n)++] = w;
	}
	if (*n == 0)
		return err_set(ERR_INVALID, "--with names no project: give --with P1,P2 (names or ids)");
	return 0;
}

int cli_image_usage(char **args, int n, const struct cli_image_opts *o)
{
	size_t i;

	if (n < 1) {
		fputs("sparkdeck: image needs one of build, cleanup, share, unshare, members, accept, reject, "
		      "invitations, recipes\n", stderr);
		return CLI_EXIT_USAGE;
	}
	if (o->force && strcmp(args[0], "build") != 0) {
		fputs("sparkdeck: --force is for image build\n", stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(args[0], "build") == 0 || strcmp(args[0], "cleanup") == 0) {
		if (strcmp(args[0], "build") == 0 && n != 2) {
			fputs("sparkdeck: usage: sparkdeck image build NAME/VERSION [--force] [--yes] [--images-dir DIR]\n",
			      stderr);
			return CLI_EXIT_USAGE;
		}
		if (o->with) {
			fprintf(stderr, "sparkdeck: image %s takes no --with\n", args[0]);
			return CLI_EXIT_USAGE;
		}
		if (strcmp(args[0], "build") == 0 && recipe_check_ref(args[1]) < 0) {
			fprintf(stderr, "sparkdeck: %s\n", err_last());
			return CLI_EXIT_USAGE;
		}
		for (i = 1; strcmp(args[0], "cleanup") == 0 && i < (size_t)n; i++)
			if (!build_id_valid(args[i])) {
				fprintf(stderr, "sparkdeck: '%s' is not a build id (8 hex digits, as printed by image build)\n",
					args[i]);
				return CLI_EXIT_USAGE;
			}
		if (!o->yes && !isatty(STDIN_FILENO)) {
			fprintf(stderr, "sparkdeck: image %s asks before creating or deleting anything and stdin is not a "
				"terminal to ask on: pass --yes\n", args[0]);
			return CLI_EXIT_USAGE;
		}
		return 0;
	}
	if (strcmp(args[0], "invitations") == 0) {
		if (n != 1 || o->with || o->yes) {
			fputs("sparkdeck: usage: sparkdeck image invitations [-o table|json]\n", stderr);
			return CLI_EXIT_USAGE;
		}
		return 0;
	}
	for (i = 0; i < sizeof image_cmds / sizeof image_cmds[0]; i++) {
		if (strcmp(args[0], image_cmds[i].word) != 0)
			continue;
		if (n != 2) {
			fprintf(stderr, "sparkdeck: image %s needs one image: NAME/VERSION, a name or an id\n",
				args[0]);
			return CLI_EXIT_USAGE;
		}
		/* image share NAME/VERSION without --with: the recipe's share_with list. */
		if (image_cmds[i].needs_with && o->with == NULL && image_cmds[i].op == FLOW_SHARE_ADD &&
		    recipe_check_ref(args[1]) == 0) {
			err_clear();
		} else if (image_cmds[i].needs_with && (o->with == NULL || *o->with == '\0')) {
			fprintf(stderr, "sparkdeck: image %s needs --with P1,P2 (project names or ids)%s\n", args[0],
				image_cmds[i].op == FLOW_SHARE_ADD ? ", or a NAME/VERSION whose recipe has share_with" : "");
			return CLI_EXIT_USAGE;
		}
		if (image_cmds[i].needs_with && o->with && o->with[strspn(o->with, ", ")] == '\0') {
			fputs("sparkdeck: --with names no project: give --with P1,P2 (names or ids)\n", stderr);
			return CLI_EXIT_USAGE;
		}
		if (!image_cmds[i].needs_with && o->with) {
			fprintf(stderr, "sparkdeck: image %s takes no --with\n", args[0]);
			return CLI_EXIT_USAGE;
		}
		if (!image_cmds[i].confirms && o->yes) {
			fprintf(stderr, "sparkdeck: image %s takes no --yes\n", args[0]);
			return CLI_EXIT_USAGE;
		}
		if (image_cmds[i].confirms && !o->yes && !isatty(STDIN_FILENO)) {
			fprintf(stderr, "sparkdeck: image %s changes the image and stdin is not a terminal to "
				"ask on: pass --yes\n", args[0]);
			return CLI_EXIT_USAGE;
		}
		return 0;
	}
	fprintf(stderr, "sparkdeck: unknown image command '%s': use share, unshare, members, accept, reject "
		"build, cleanup or invitations\n", args[0]);
	return CLI_EXIT_USAGE;
}

static void image_on_progress(void *arg, const char *line)
{
	(void)arg;
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "sparkdeck: %s\n", line);
}

static void image_on_confirm(void *arg, const struct image *im, const char *const *projects, size_t n)
{
	struct image_run *r = arg;
	size_t i, len = 1;

	for (i = 0; i < n; i++)
		len += strlen(projects[i]) + 2;
	r->projects = xcalloc(len, 1);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(r->projects, ", ");
		strcat(r->projects, projects[i]);
	}
	r->image_name = sanitize_line(im->name && *im->name ? im->name : im->id, 120);
	r->owner = sanitize_line(im->owner ? im->owner : "?", 80);
	r->confirm_pending = 1;
	event_base_loopbreak(r->base);
}

static void image_on_done(void *arg, int rc, const char *msg, const struct image *im,
			  const struct image_member *v, size_t n)
{
	struct image_run *r = arg;
	size_t i;

	(void)im;
	r->done = 1;
	r->rc = rc;
	r->msg = xstrdup(msg);
	if (rc == 0) {
		r->json = cJSON_CreateArray();
		out_table_init(&r->table, image_member_hdr, 3);
		for (i = 0; i < n; i++) {
			const char *row[] = { v[i].member_id, v[i].status, v[i].updated_at };
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "image_id", v[i].image_id ? v[i].image_id : (im ? im->id : ""));
			cJSON_AddStringToObject(o, "member_id", v[i].member_id);
			cJSON_AddStringToObject(o, "status", v[i].status);
			cJSON_AddStringToObject(o, "created_at", v[i].created_at ? v[i].created_at : "");
			cJSON_AddStringToObject(o, "updated_at", v[i].updated_at ? v[i].updated_at : "");
			cJSON_AddItemToArray(r->json, o);
			out_table_row(&r->table, row);
		}
	}
	event_base_loopbreak(r->base);
}

/* Ask on the terminal; 1 for yes. */
static int image_ask(const struct image_run *r, enum flow_share_op op)
{
	char line[64];

	switch (op) {
	case FLOW_SHARE_ADD:
		fprintf(stderr, "Share %s with %s? [y/N] ", r->image_name, r->projects);
		break;
	case FLOW_SHARE_REMOVE:
		fprintf(stderr, "Stop sharing %s with %s? [y/N] ", r->image_name, r->projects);
		break;
	default:
		fprintf(stderr, "%s image %s from project %s? [y/N] ", op == FLOW_SHARE_ACCEPT ? "Accept" : "Reject",
			r->image_name, r->owner);
		break;
	}
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* Run the flow to its end on the loop, asking when it wants a confirmation. */
static int image_run_flow(struct event_base *base, struct cloud *c, enum flow_share_op op, const char *ref,
			  const char *const *projects, size_t n, const struct cli_image_opts *o)
{
	static const struct flow_share_ops ops = { image_on_progress, image_on_confirm, image_on_done };
	struct image_run r;
	struct flow_share *f = NULL;
	int status, rc;

	memset(&r, 0, sizeof r);
	r.base = base;
	r.o = o;
	if ((rc = flow_share_start(&f, c, op, ref, projects, n, &ops, &r)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		status = cli_exit_status(rc);
		goto out;
	}
	while (!r.done) {
		if (r.confirm_pending) {
			r.confirm_pending = 0;
			flow_share_confirm(f, o->yes || image_ask(&r, op));
			continue;
		}
		if (event_base_dispatch(base) < 0) {
			fputs("sparkdeck: the event loop failed\n", stderr);
			status = CLI_EXIT_FAIL;
			goto out;
		}
	}
	if (r.rc < 0) {
		fprintf(stderr, "sparkdeck: %s\n", r.msg);
		status = r.rc == ERR_CANCELLED ? CLI_EXIT_FAIL : cli_exit_status(r.rc);
		goto out;
	}
	if (o->format == CLI_JSON)
		out_json_print(r.json, stdout);
	else
		out_table_print(&r.table, stdout);
	status = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
out:
	flow_share_free(f);
	if (r.json)
		out_table_dispose(&r.table);
	cJSON_Delete(r.json);
	free(r.msg);
	free(r.image_name);
	free(r.projects);
	free(r.owner);
	return status;
}

struct image_wait {
	struct event_base *base;
	int done, rc;
	char *msg;
};

static void image_on_loaded(void *arg, int rc, const char *msg)
{
	struct image_wait *w = arg;

	w->done = 1;
	w->rc = rc;
	w->msg = xstrdup(msg);
	event_base_loopbreak(w->base);
}

/* `image invitations`: the images shared with this project still pending. */
static int image_invitations(struct event_base *base, struct cloud *c, struct model *m, enum cli_format fmt)
{
	static const char *const hdr[] = { "ID", "NAME", "RECIPE", "OWNER", "CREATED" };
	struct image_wait w = { base, 0, 0, NULL };
	struct out_table t;
	cJSON *a;
	size_t i;
	int rc, status;

	if ((rc = cloud_load_images(c, m, image_on_loaded, &w)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		return cli_exit_status(rc);
	}
	while (!w.done)
		if (event_base_dispatch(base) < 0) {
			free(w.msg);
			fputs("sparkdeck: the event loop failed\n", stderr);
			return CLI_EXIT_FAIL;
		}
	if (w.rc < 0) {
		fprintf(stderr, "sparkdeck: %s\n", w.msg);
		free(w.msg);
		return cli_exit_status(w.rc);
	}
	free(w.msg);
	a = cJSON_CreateArray();
	out_table_init(&t, hdr, 5);
	for (i = 0; i < m->n_images; i++) {
		const struct image *im = &m->images[i];
		const char *row[] = { im->id, im->name, im->recipe, im->owner, im->created_at };
		cJSON *o;

		if (im->member_status == NULL || strcmp(im->member_status, "pending") != 0)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", im->id);
		cJSON_AddStringToObject(o, "name", im->name ? im->name : "");
		cJSON_AddStringToObject(o, "owner", im->owner ? im->owner : "");
		cJSON_AddStringToObject(o, "member_status", im->member_status);
		if (im->recipe)
			cJSON_AddStringToObject(o, "recipe", im->recipe);
		cJSON_AddStringToObject(o, "created_at", im->created_at ? im->created_at : "");
		cJSON_AddItemToArray(a, o);
		out_table_row(&t, row);
	}
	out_emit(&t, a, fmt == CLI_JSON);
	status = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	return status;
}

int cli_image(struct event_base *base, struct cloud *c, struct model *m, char **args, int n,
	      const struct cli_image_opts *o)
{
	const char *projects[IMAGE_MAX_PROJECTS];
	struct recipe rec;
	char *buf = NULL;
	size_t n_projects = 0, i, k;
	int status = CLI_EXIT_USAGE, rc, have_rec = 0;

	if ((status = cli_image_usage(args, n, o)) != 0)
		return status;
	if (strcmp(args[0], "invitations") == 0)
		return image_invitations(base, c, m, o->format);
	if (strcmp(args[0], "build") == 0)
		return cli_image_build(base, c, o->images_dir, args[1], o);
	if (strcmp(args[0], "cleanup") == 0)
		return cli_image_cleanup(base, c, args + 1, n - 1, o);
	for (i = 0; i < sizeof image_cmds / sizeof image_cmds[0]; i++)
		if (strcmp(args[0], image_cmds[i].word) == 0)
			break;
	if (o->with && image_split(&buf, projects, IMAGE_MAX_PROJECTS, &n_projects, o->with) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		status = CLI_EXIT_USAGE;
		goto out;
	}
	if (image_cmds[i].op == FLOW_SHARE_ADD && o->with == NULL) {
		/* The recipe says whom its images are for. */
		if ((rc = recipe_load(&rec, o->images_dir, args[1])) < 0) {
			fprintf(stderr, "sparkdeck: no --with, and the recipe cannot be read: %s\n", err_last());
			status = cli_exit_status(rc);
			goto out;
		}
		have_rec = 1;
		if (rec.n_share_with == 0) {
			fprintf(stderr, "sparkdeck: no --with, and recipe %s has no share_with (%s): give --with P1,P2\n",
				rec.ref, rec.path);
			status = CLI_EXIT_USAGE;
			goto out;
		}
		for (k = 0; k < rec.n_share_with && k < IMAGE_MAX_PROJECTS; k++)
			projects[n_projects++] = rec.share_with[k];
	}
	status = image_run_flow(base, c, image_cmds[i].op, args[1], projects, n_projects, o);
out:
	if (have_rec)
		recipe_dispose(&rec);
	free(buf);
	return status;
}
