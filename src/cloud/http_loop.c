/* http_loop: the curl multi socket API on libevent (curl's hiperfifo pattern). */
#include "autoconfig.h"

#include <stdlib.h>
#include <sys/time.h>

#include "cloud/http_impl.h"
#include "core/xmalloc.h"

static void http_loop_check_done(struct http *h)
{
	struct http_request *r;
	CURLMsg *msg;
	char *priv;
	int left;
	long sent;

	while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		r = (struct http_request *)(void *)priv;
		r->result = msg->data.result;
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status);
		sent = 0;
		curl_easy_getinfo(r->easy, CURLINFO_REQUEST_SIZE, &sent);
		curl_multi_remove_handle(h->multi, r->easy);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
		if (r->result != CURLE_OK)
			r->status = 0;
		http_end_attempt(r, sent);
	}
	http_pump_queue(h);
}

static void http_on_socket_event(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	int action = ((what & EV_READ) ? CURL_CSELECT_IN : 0) | ((what & EV_WRITE) ? CURL_CSELECT_OUT : 0);
	int running;

	curl_multi_socket_action(h->multi, fd, action, &running);
	http_loop_check_done(h);
	if (running <= 0 && evtimer_pending(&h->timer_ev, NULL))
		evtimer_del(&h->timer_ev);
}

static void http_on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	int running;

	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	http_loop_check_done(h);
}

static int http_curl_timer(CURLM *multi, long timeout_ms, void *arg)
{
	struct http *h = arg;
	struct timeval tv;

	if (timeout_ms < 0) {
		evtimer_del(&h->timer_ev);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(&h->timer_ev, &tv);
	return 0;
}

static int http_curl_socket(CURL *e, curl_socket_t fd, int what, void *arg, void *sockp)
{
	struct http *h = arg;
	struct http_sock *s = sockp;
	short kind;

	if (what == CURL_POLL_REMOVE) {
		if (s) {
			if (s->evset)
				event_del(&s->ev);
			LIST_REMOVE(s, entry);
			free(s);
			curl_multi_assign(h->multi, fd, NULL);
		}
		return 0;
	}
	if (s == NULL) {
		s = xcalloc(1, sizeof *s);
		s->h = h;
		s->fd = fd;
		LIST_INSERT_HEAD(&h->socks, s, entry);
		curl_multi_assign(h->multi, fd, s);
	}
	kind = ((what & CURL_POLL_IN) ? EV_READ : 0) | ((what & CURL_POLL_OUT) ? EV_WRITE : 0) | EV_PERSIST;
	if (s->evset)
		event_del(&s->ev);
	event_assign(&s->ev, h->base, fd, kind, http_on_socket_event, h);
	s->evset = 1;
	event_add(&s->ev, NULL);
	return 0;
}

void http_loop_attach(struct http *h)
{
	h->multi = curl_multi_init();
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, http_curl_socket);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, http_curl_timer);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	evtimer_assign(&h->timer_ev, h->base, http_on_timer, h);
}

void http_loop_detach(struct http *h)
{
	struct http_sock *s;

	curl_multi_cleanup(h->multi);
	h->multi = NULL;
	while ((s = LIST_FIRST(&h->socks)) != NULL) {
		if (s->evset)
			event_del(&s->ev);
		LIST_REMOVE(s, entry);
		free(s);
	}
	event_del(&h->timer_ev);
}
