/* `sparkdeck image build REF` and `image cleanup [ID...]`: the CLI twins of the build and cleanup flows. */
#include "autoconfig.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cloud/cloud.h"
#include "core/buf.h"
#include "core/build.h"
#include "core/buildlock.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/build_cleanup.h"
#include "flow/build_leftovers.h"
#include "flow/image_build.h"

struct build_run {
	struct event_base *base;
	int confirm_pending;
	char **plan;
	int done;
	int rc;
	char *msg;
	char *image_id;
	int interrupts;
	struct buf console;        /* a partial console line */
	struct build_leftover *left;
	size_t n_left;
};

static void build_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void build_say(const char *fmt, ...)
{
	va_list ap;

	fputs("sparkdeck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int build_loop(struct build_run *r)
{
	if (event_base_dispatch(r->base) < 0) {
		fputs("sparkdeck: the event loop failed\n", stderr);
		return -1;
	}
	return 0;
}

/* Ask on the terminal; 1 for yes. */
static int build_ask(const char *question)
{
	char line[64];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* ---- leftovers ---- */

static void build_on_leftovers(void *arg, int rc, const char *msg, struct build_leftover *v, size_t n)
{
	struct build_run *r = arg;

	r->done = 1;
	r->rc = rc;
	r->msg = xstrdup(msg);
	r->left = v;
	r->n_left = n;
	event_base_loopbreak(r->base);
}

/* List the builds left behind into r (r->left); 0 or an exit status. */
static int build_find_leftovers(struct build_run *r, struct cloud *c)
{
	struct flow_leftovers *l;
	int rc;

	r->done = 0;
	if ((rc = flow_leftovers_find(&l, c, NULL, 0, build_on_leftovers, r)) < 0) {
		build_say("%s", err_last());
		return cli_exit_status(rc);
	}
	while (!r->done)
		if (build_loop(r) < 0)
			return CLI_EXIT_FAIL;
	if (r->rc < 0) {
		build_say("looking for builds left behind: %s", r->msg);
		return cli_exit_status(r->rc);
	}
	return 0;
}

static void build_print_set(const struct build_leftover *b)
{
	char *recipe = sanitize_line(b->set.recipe ? b->set.recipe : "unknown recipe", 80);

	fprintf(stderr, "  build %s (%s)%s:\n", b->set.build_id, recipe,
		b->abandoned ? "" : " -- may still be running (here or on another machine)");
	for (size_t i = 0; i < b->set.n_res; i++) {
		char *label = sanitize_line(b->set.res[i].label, 160);

		fprintf(stderr, "    - %s\n", label);
		free(label);
	}
	free(recipe);
}

/* ---- build ---- */

static void build_on_step(void *arg, enum flow_build_step step)
{
	(void)arg;
	if (step != FLOW_BUILD_DONE && step != FLOW_BUILD_CONFIRM)
		build_say("[%s]", flow_build_step_name(step));
}

static void build_on_line(void *arg, const char *line)
{
	char *s = sanitize_line(line, 1000);

	(void)arg;
	build_say("%s", s);
	free(s);
}

/* Console text: whole lines, sanitized, indented; a partial line waits for its end. */
static void build_on_console(void *arg, const char *text, size_t len)
{
	struct build_run *r = arg;
	const char *nl;
	char *line;

	buf_append(&r->console, text, len);
	while ((nl = memchr(r->console.data, '\n', r->console.len)) != NULL) {
		line = sanitize_text(r->console.data, (size_t)(nl - r->console.data), 1000);
		fprintf(stderr, "  | %s\n", line);
		free(line);
		memmove(r->console.data, nl + 1, r->console.len - (size_t)(nl + 1 - r->console.data));
		r->console.len -= (size_t)(nl + 1 - r->console.data);
		r->console.data[r->console.len] = '\0';
	}
	if (r->console.len >= r->console.max - 1)
		buf_reset(&r->console);
}

static void build_on_confirm(void *arg, char *const *plan)
{
	struct build_run *r = arg;
	size_t n = 0;

	while (plan[n])
		n++;
	r->plan = xcalloc(n + 1, sizeof *r->plan);
	for (size_t i = 0; i < n; i++)
		r->plan[i] = sanitize_line(plan[i], 1000);
	r->confirm_pending = 1;
	event_base_loopbreak(r->base);
}

static void build_on_done(void *arg, int rc, const char *msg, const char *image_id, const char *image_name)
{
	struct build_run *r = arg;

	(void)image_name;
	r->done = 1;
	r->rc = rc;
	r->msg = xstrdup(msg);
	r->image_id = image_id ? xstrdup(image_id) : NULL;
	event_base_loopbreak(r->base);
}

static void build_on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct flow_build *f = arg;
	static int count;

	(void)what;
	if (++count == 1) {
		build_say("%s: stopping the build and deleting what it made (press Ctrl-C again to leave at once)",
			  sig == SIGINT ? "interrupted" : "terminated");
		flow_build_stop(f);
		return;
	}
	build_say("left at once: build %s left resources behind; 'sparkdeck image cleanup' deletes them",
		  flow_build_id(f));
	_exit(CLI_EXIT_FAIL);
}

static int build_print_result(const struct recipe *rec, const char *image_id, const char *build_id,
			      enum cli_format fmt)
{
	static const char *const hdr[] = { "ID", "NAME", "RECIPE", "BUILD" };
	const char *row[] = { image_id, rec->image_name, rec->ref, build_id };
	struct out_table t;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", image_id);
	cJSON_AddStringToObject(o, "name", rec->image_name);
	cJSON_AddStringToObject(o, "recipe", rec->ref);
	cJSON_AddStringToObject(o, "build", build_id);
	out_table_init(&t, hdr, 4);
	out_table_row(&t, row);
	out_emit(&t, o, fmt == CLI_JSON);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

int cli_image_build(struct event_base *base, struct cloud *c, const char *images_dir, const char *ref,
		    const struct cli_image_opts *o)
{
	static const struct flow_build_ops ops = { build_on_step, build_on_line, build_on_console, build_on_confirm,
						   build_on_done };
	struct flow_build_opts fo;
	struct build_run r;
	struct recipe rec;
	struct flow_build *f = NULL;
	struct event *sigint = NULL, *sigterm = NULL;
	size_t i, abandoned = 0;
	int rc, status;

	memset(&r, 0, sizeof r);
	r.base = base;
	buf_init(&r.console, 4096);
	if ((rc = recipe_load(&rec, images_dir, ref)) < 0) {
		build_say("%s", err_last());
		buf_dispose(&r.console);
		return cli_exit_status(rc);
	}
	/* Builds a killed run left behind are offered first. */
	if ((status = build_find_leftovers(&r, c)) != 0)
		goto out;
	for (i = 0; i < r.n_left; i++)
		abandoned += r.left[i].abandoned;
	if (abandoned > 0) {
		build_say("%zu earlier build%s left resources behind:", abandoned, abandoned == 1 ? "" : "s");
		for (i = 0; i < r.n_left; i++)
			if (r.left[i].abandoned)
				build_print_set(&r.left[i]);
		build_say("'sparkdeck image cleanup' deletes them");
	}
	free(r.msg);
	r.msg = NULL;
	memset(&fo, 0, sizeof fo);
	fo.force = o->force;
	r.done = 0;
	if ((rc = flow_build_start(&f, base, c, &rec, &fo, &ops, &r)) < 0) {
		build_say("%s", err_last());
		status = cli_exit_status(rc);
		goto out;
	}
	sigint = evsignal_new(base, SIGINT, build_on_signal, f);
	sigterm = evsignal_new(base, SIGTERM, build_on_signal, f);
	if (sigint)
		evsignal_add(sigint, NULL);
	if (sigterm)
		evsignal_add(sigterm, NULL);
	while (!r.done) {
		if (r.confirm_pending) {
			r.confirm_pending = 0;
			fprintf(stderr, "Plan for image build %s (build %s):\n", rec.ref, flow_build_id(f));
			for (i = 0; r.plan[i]; i++)
				fprintf(stderr, "  %s\n", r.plan[i]);
			build_strv_free(r.plan);
			r.plan = NULL;
			flow_build_confirm(f, o->yes || build_ask("Build it?"));
			continue;
		}
		if (build_loop(&r) < 0) {
			status = CLI_EXIT_FAIL;
			goto out;
		}
	}
	if (r.rc < 0) {
		build_say("image build %s failed: %s", rec.ref, r.msg);
		status = r.rc == ERR_CANCELLED ? CLI_EXIT_FAIL : cli_exit_status(r.rc);
		goto out;
	}
	status = build_print_result(&rec, r.image_id, flow_build_id(f), o->format);
out:
	if (sigint)
		event_free(sigint);
	if (sigterm)
		event_free(sigterm);
	flow_build_free(f);
	flow_leftovers_free_results(r.left, r.n_left);
	build_strv_free(r.plan);
	buf_dispose(&r.console);
	free(r.msg);
	free(r.image_id);
	recipe_dispose(&rec);
	return status;
}

/* ---- cleanup ---- */

struct cleanup_run {
	struct event_base *base;
	int done;
	int rc;
	char *msg;
};

static void cleanup_on_line(void *arg, const char *line)
{
	build_on_line(arg, line);
}

static void cleanup_on_done(void *arg, int rc, const char *msg)
{
	struct cleanup_run *k = arg;

	k->done = 1;
	k->rc = rc;
	k->msg = xstrdup(msg);
	event_base_loopbreak(k->base);
}

/* Delete one build's resources; 0 or the error code. */
static int cleanup_one(struct event_base *base, struct cloud *c, struct build_leftover *b)
{
	static const struct flow_cleanup_ops ops = { cleanup_on_line, cleanup_on_done };
	struct cleanup_run k = { base, 0, 0, NULL };
	struct flow_cleanup *fc;
	char id[BUILD_ID_LEN + 1];
	int rc;

	snprintf(id, sizeof id, "%s", b->set.build_id);
	if ((rc = flow_cleanup_start(&fc, base, c, &b->set, &ops, &k)) < 0) {
		build_say("%s", err_last());
		return rc;
	}
	while (!k.done)
		if (event_base_dispatch(base) < 0)
			break;
	flow_cleanup_free(fc);
	if (k.rc < 0)
		build_say("build %s: %s", id, k.msg);
	else
		buildlock_remove(id);
	free(k.msg);
	return k.done ? k.rc : ERR_INVALID;
}

int cli_image_cleanup(struct event_base *base, struct cloud *c, char **ids, int n_ids,
		      const struct cli_image_opts *o)
{
	static const char *const hdr[] = { "BUILD", "RECIPE", "RESOURCES", "RESULT" };
	struct build_run r;
	struct out_table t;
	cJSON *a;
	size_t i, chosen = 0;
	int k, status, failed = 0;
	char count[16];
	char *pick;

	memset(&r, 0, sizeof r);
	r.base = base;
	if ((status = build_find_leftovers(&r, c)) != 0)
		goto out;
	pick = xcalloc(r.n_left + 1, 1);
	for (k = 0; k < n_ids; k++) {
		for (i = 0; i < r.n_left; i++)
			if (strcmp(r.left[i].set.build_id, ids[k]) == 0)
				break;
		if (i == r.n_left) {
			build_say("no build %s left anything behind in this project", ids[k]);
			free(pick);
			status = CLI_EXIT_CONFIG;
			goto out;
		}
		pick[i] = 1;
	}
	for (i = 0; i < r.n_left; i++) {
		if (n_ids == 0)
			pick[i] = r.left[i].abandoned;
		chosen += pick[i];
	}
	for (i = 0; i < r.n_left; i++)
		if (!pick[i]) {
			build_say("not touching build %s: it may still be running; name it to clean it up anyway:",
				  r.left[i].set.build_id);
			build_print_set(&r.left[i]);
		}
	if (chosen > 0) {
		build_say("will delete:");
		for (i = 0; i < r.n_left; i++)
			if (pick[i])
				build_print_set(&r.left[i]);
	}
	if (chosen > 0 && !o->yes && !build_ask("Delete these?")) {
		build_say("nothing deleted");
		free(pick);
		status = CLI_EXIT_FAIL;
		goto out;
	}
	a = cJSON_CreateArray();
	out_table_init(&t, hdr, 4);
	for (i = 0; i < r.n_left; i++) {
		char id[BUILD_ID_LEN + 1], *recipe;
		size_t n_res = r.left[i].set.n_res;
		const char *result;

		if (!pick[i])
			continue;
		snprintf(id, sizeof id, "%s", r.left[i].set.build_id);
		recipe = xstrdup(r.left[i].set.recipe ? r.left[i].set.recipe : "");
		result = cleanup_one(base, c, &r.left[i]) == 0 ? "deleted" : (failed++, "failed");
		snprintf(count, sizeof count, "%zu", n_res);
		const char *row[] = { id, recipe, count, result };
		cJSON *obj = cJSON_CreateObject();

		cJSON_AddStringToObject(obj, "build", id);
		cJSON_AddStringToObject(obj, "recipe", recipe);
		cJSON_AddNumberToObject(obj, "resources", (double)n_res);
		cJSON_AddStringToObject(obj, "result", result);
		cJSON_AddItemToArray(a, obj);
		out_table_row(&t, row);
		free(recipe);
	}
	free(pick);
	out_emit(&t, a, o->format == CLI_JSON);
	status = failed ? CLI_EXIT_FAIL : (fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL);
out:
	flow_leftovers_free_results(r.left, r.n_left);
	free(r.msg);
	return status;
}
