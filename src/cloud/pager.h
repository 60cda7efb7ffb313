/*
 * pager: follow the pages of an OpenStack list to the end.
 *
 * The next page comes from the page itself: Nova's "<things>_links" list
 * (rel "next"), Glance's "next" string, Keystone's "links": {"next": ...}.
 * Only the query of that link is used, grafted onto the collection path
 * below our own endpoint, so a link naming another host or path prefix never
 * receives the token. A page link or marker seen before aborts with ERR_HTTP
 * "pagination loop", more than max_pages pages with ERR_TOOBIG.
 *
 * Contract: struct pager is caller-owned (pager_init / pager_dispose) and
 * pure. pager_run_start() fetches page after page through a session, calls
 * page() for each (a negative return stops the run with that error), then
 * done() exactly once from the loop; dispose the run after done, or at any
 * time after the session was freed (nothing is called back then).
 */
#ifndef SD_CLOUD_PAGER_H
#define SD_CLOUD_PAGER_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct session;

#define PAGER_MAX_PAGES 1000

struct pager {
	char *path;          /* collection path below the endpoint, without query */
	char *links_key;     /* "servers_links", "next", "links" */
	char **seen;         /* page paths and markers fetched so far */
	size_t n_seen;
	size_t pages;
	size_t max_pages;
};

/* Start following the list whose first page is first_path (with its query). */
void pager_init(struct pager *p, const char *first_path, const char *links_key, size_t max_pages);
/* Free everything in p. */
void pager_dispose(struct pager *p);
/* The href of the next page named in page, or NULL at the end. */
const char *pager_find_next(const cJSON *page, const char *links_key);
/* Record the page just fetched and give the path of the next one (*next NULL at the end; caller frees). */
int pager_next_path(struct pager *p, const char *fetched_path, const cJSON *page, char **next);

typedef int (*pager_page_fn)(void *arg, const cJSON *page);
typedef void (*pager_done_fn)(void *arg, int rc, const char *msg);

struct pager_run {
	struct pager pager;
	struct session *session;
	char *service;
	char **headers;      /* NULL-terminated */
	char *current;       /* path being fetched */
	pager_page_fn page;
	pager_done_fn done;
	void *arg;
};

/* Fetch every page of first_path from service; see the contract above. */
int pager_run_start(struct pager_run *run, struct session *s, const char *service, const char *first_path,
		    const char *links_key, const char *const *headers, pager_page_fn page, pager_done_fn done,
		    void *arg);
/* Free what the run holds (not run itself). */
void pager_run_dispose(struct pager_run *run);

#endif
