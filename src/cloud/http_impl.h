/*
 * http_impl: the insides of the http engine, shared by http.c (requests,
 * queue, retries, delivery) and http_loop.c (the curl multi socket API on
 * libevent). Only those two files include it; everyone else uses http.h.
 *
 * Contract: a request is on exactly one of h->lists (by its state) except
 * while its done callback runs (REQ_DELIVERING). Completed transfers go
 * through http_end_attempt(), which retries or queues them for delivery.
 */
#ifndef SD_CLOUD_HTTP_IMPL_H
#define SD_CLOUD_HTTP_IMPL_H

#include <stdint.h>
#include <sys/queue.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <event2/event_struct.h>

#include "cloud/http.h"
#include "core/buf.h"

/* The first four index http.lists; a request being delivered is on no list. */
enum http_state { REQ_QUEUED, REQ_ACTIVE, REQ_WAITING, REQ_FINISHED, REQ_DELIVERING };

struct http_request {
	TAILQ_ENTRY(http_request) entry;
	struct http *h;
	enum http_state state;
	CURL *easy;
	char *method, *url, *body;
	size_t body_len;
	struct curl_slist *headers;
	int idempotent;
	unsigned attempts;
	struct buf resp;
	struct event retry_ev;
	CURLcode result;
	long status;
	char *request_id, *subject_token, *retry_after, *location;
	int too_big;
	char errbuf[CURL_ERROR_SIZE];
	http_done_fn done;
	void *arg;
};

TAILQ_HEAD(http_list, http_request);

struct http_sock {
	LIST_ENTRY(http_sock) entry;
	struct http *h;
	curl_socket_t fd;
	struct event ev;
	int evset;
};

struct http {
	struct event_base *base;
	CURLM *multi;
	struct event timer_ev;
	struct event finish_ev;
	struct http_list lists[4];       /* indexed by enum http_state */
	size_t counts[4];
	LIST_HEAD(, http_sock) socks;
	struct http_options opt;
	char *cacert;
	uint64_t rng;
	int delivering;
	int dying;
};

/* Record the end of one attempt of r (bytes sent so far): schedule a retry or the delivery. */
void http_end_attempt(struct http_request *r, long sent);
/* Start queued requests while there is room. */
void http_pump_queue(struct http *h);
/* Create h->multi and wire it to h->base. */
void http_loop_attach(struct http *h);
/* Free h->multi and the socket events it still has. */
void http_loop_detach(struct http *h);

#endif
