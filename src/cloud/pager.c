#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/pager.h"
#include "cloud/session.h"
#include "core/error.h"
#include "core/json.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

void pager_init(struct pager *p, const char *first_path, const char *links_key, size_t max_pages)
{
	memset(p, 0, sizeof *p);
	p->path = xstrndup(first_path, strcspn(first_path, "?"));
	p->links_key = xstrdup(links_key);
	p->max_pages = max_pages ? max_pages : PAGER_MAX_PAGES;
}

void pager_dispose(struct pager *p)
{
	size_t i;

	for (i = 0; i < p->n_seen; i++)
		free(p->seen[i]);
	free(p->seen);
	free(p->path);
	free(p->links_key);
	memset(p, 0, sizeof *p);
}

const char *pager_find_next(const cJSON *page, const char *links_key)
{
	const cJSON *links = cJSON_GetObjectItemCaseSensitive(page, links_key), *l;
	const char *rel;

	if (cJSON_IsString(links))
		return *links->valuestring ? links->valuestring : NULL;
	if (cJSON_IsObject(links)) {
		l = cJSON_GetObjectItemCaseSensitive(links, "next");
		return cJSON_IsString(l) && *l->valuestring ? l->valuestring : NULL;
	}
	cJSON_ArrayForEach(l, links) {
		rel = json_get_str(l, "rel");
		if (rel && strcmp(rel, "next") == 0)
			return json_get_str(l, "href");
	}
	return NULL;
}

/* The value of the marker parameter in a query, as "marker=VALUE" (new string), or NULL. */
static char *pager_marker(const char *query)
{
	const char *p = query;

	while (p && *p) {
		if (strncmp(p, "marker=", 7) == 0)
			return xstrndup(p, strcspn(p, "&#"));
		p = strchr(p, '&');
		if (p)
			p++;
	}
	return NULL;
}

static int pager_seen(const struct pager *p, const char *s)
{
	size_t i;

	for (i = 0; i < p->n_seen; i++)
		if (strcmp(p->seen[i], s) == 0)
			return 1;
	return 0;
}

static void pager_remember(struct pager *p, char *s)
{
	p->seen = xreallocarray(p->seen, p->n_seen + 1, sizeof *p->seen);
	p->seen[p->n_seen++] = s;
}

static int pager_loop_error(const struct pager *p, const char *what)
{
	char *safe = sanitize_line(what, 120);
	int rc = err_set(ERR_HTTP, "pagination loop: listing %s repeated %s after %zu pages; giving up",
			 p->path, safe, p->pages);

	free(safe);
	return rc;
}

int pager_next_path(struct pager *p, const char *fetched_path, const cJSON *page, char **next)
{
	const char *href, *query;
	char *marker;

	*next = NULL;
	if (p->pages == 0) {
		pager_remember(p, xstrdup(fetched_path));
		if ((marker = pager_marker(strchr(fetched_path, '?'))) != NULL)
			pager_remember(p, marker);
	}
	p->pages++;
	if ((href = pager_find_next(page, p->links_key)) == NULL)
		return 0;
	if ((query = strchr(href, '?')) == NULL || query[1] == '\0')
		return pager_loop_error(p, "a next link without a marker");
	if (p->pages >= p->max_pages)
		return err_set(ERR_TOOBIG, "listing %s: more than %zu pages; giving up", p->path, p->max_pages);
	*next = xasprintf("%s%s", p->path, query);
	marker = pager_marker(query + 1);
	if (pager_seen(p, *next) || (marker && pager_seen(p, marker))) {
		free(marker);
		free(*next);
		*next = NULL;
		return pager_loop_error(p, marker ? "a marker" : "a next link");
	}
	pager_remember(p, xstrdup(*next));
	if (marker)
		pager_remember(p, marker);
	return 0;
}

static int pager_run_fetch(struct pager_run *run);

static void pager_run_on_page(void *arg, const struct http_response *r)
{
	struct pager_run *run = arg;
	cJSON *page = NULL;
	char *next = NULL;
	int rc = r->rc;

	if (rc < 0) {
		run->done(run->arg, rc, r->error);
		return;
	}
	if ((rc = json_parse(&page, r->body, r->len, JSON_MAX_DEPTH)) < 0) {
		rc = err_wrap(rc, "listing %s", run->pager.path);
		goto fail;
	}
	if ((rc = run->page(run->arg, page)) < 0 ||
	    (rc = pager_next_path(&run->pager, run->current, page, &next)) < 0)
		goto fail;
	cJSON_Delete(page);
	page = NULL;
	free(run->current);
	run->current = next;
	if (next == NULL) {
		run->done(run->arg, 0, "");
		return;
	}
	if ((rc = pager_run_fetch(run)) < 0)
		goto fail;
	return;
fail:
	cJSON_Delete(page);
	run->done(run->arg, rc, err_last());
}

static int pager_run_fetch(struct pager_run *run)
{
	struct session_req req;

	memset(&req, 0, sizeof req);
	req.service = run->service;
	req.method = "GET";
	req.path = run->current;
	req.headers = (const char *const *)run->headers;
	return session_request(run->session, &req, pager_run_on_page, run);
}

int pager_run_start(struct pager_run *run, struct session *s, const char *service, const char *first_path,
		    const char *links_key, const char *const *headers, pager_page_fn page, pager_done_fn done,
		    void *arg)
{
	size_t n = 0, i;

	memset(run, 0, sizeof *run);
	pager_init(&run->pager, first_path, links_key, 0);
	run->session = s;
	run->service = xstrdup(service);
	while (headers && headers[n])
		n++;
	run->headers = xcalloc(n + 1, sizeof *run->headers);
	for (i = 0; i < n; i++)
		run->headers[i] = xstrdup(headers[i]);
	run->current = xstrdup(first_path);
	run->page = page;
	run->done = done;
	run->arg = arg;
	return pager_run_fetch(run);
}

void pager_run_dispose(struct pager_run *run)
{
	size_t i;

	pager_dispose(&run->pager);
	for (i = 0; run->headers && run->headers[i]; i++)
		free(run->headers[i]);
	free(run->headers);
	free(run->service);
	free(run->current);
	memset(run, 0, sizeof *run);
}
