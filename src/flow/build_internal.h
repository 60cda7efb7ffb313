/*
 * build_internal: the state an image build shares between image_build.c
 * (resolve, create, stop, snapshot, finish) and build_ready.c (boot, console,
 * floating IP, readiness over SSH). Only those two files include it.
 */
#ifndef SD_FLOW_BUILD_INTERNAL_H
#define SD_FLOW_BUILD_INTERNAL_H

#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/build.h"
#include "flow/image_build.h"
#include "ssh/key.h"

struct event;
struct ssh_session;
struct ssh_exec;
struct flow_cleanup;

struct flow_build {
	struct event_base *base;
	struct cloud *c;
	const struct recipe *r;
	struct flow_build_opts opts;
	struct flow_build_ops ops;
	void *arg;
	char id[BUILD_ID_LEN + 1];
	enum flow_build_step step;
	int outstanding;             /* cloud calls not called back yet */
	int main_busy;               /* the chain's own cloud call is in flight */
	int stopped;                 /* freed by the caller: free when outstanding is 0 */
	struct cloud_hook *hook;     /* ... or when the cloud goes first */
	int stopping;                /* flow_build_stop() asked: clean up at the next chance */
	int rc;                      /* first failure */
	char *msg;
	/* resolve */
	char *base_id, *base_label, *flavor_id, *flavor_label, *net_id, *net_label, *ext_id, *ext_label;
	struct build_net_pick pick;
	int resolve_left;
	/* create */
	struct ssh_keypair key;
	char *tmp_name;
	char *secgroup_id, *network_id, *subnet_id, *router_id;
	struct build_set set;        /* everything created so far */
	char *server_id;
	time_t deadline;             /* wall clock: the recipe's build_timeout from the server's creation */
	/* boot + ready */
	struct event *timer;         /* the chain's next poll */
	void (*later_fn)(struct flow_build *f);
	struct event *console_timer;
	int console_busy;
	struct buf console;          /* the last console text seen */
	char **host_fps;             /* host key fingerprints from the console */
	size_t n_host_fps;
	int marker_seen;
	time_t active_at;
	char *address;               /* where the builder answers SSH */
	char *known_hosts_dir;       /* temporary, when its keys never showed on the console */
	struct ssh_session *ssh;
	struct ssh_exec *exec;
	int ssh_ok;
	char *ssh_last;              /* the last SSH failure, for the timeout message */
	struct buf check_out;        /* the check's output (capped) */
	/* stop + snapshot */
	int polls;
	char *image_id;
	struct flow_cleanup *cleanup;
};

/* Record the first failure and start the cleanup (when nothing of the chain is in flight). */
void build_fail(struct flow_build *f, int rc, const char *msg);
/* Tell the caller a new step starts. */
void build_set_step(struct flow_build *f, enum flow_build_step s);
/* One progress line (printf-style). */
void build_line(struct flow_build *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A cloud callback arrived: 1 if the flow is gone or finished (the callback must return at once). */
int build_returned(struct flow_build *f, int main_chain);
/* Run fn from the loop after seconds on the chain's timer. */
void build_later(struct flow_build *f, double seconds, void (*fn)(struct flow_build *));
/* The builder is ACTIVE: poll its console, find its address, wait for readiness (build_ready.c). */
void build_ready_start(struct flow_build *f);
/* Boot: wait for ACTIVE (build_ready.c). */
void build_boot_start(struct flow_build *f);
/* Ready: stop the server and snapshot it (image_build.c). */
void build_stop_start(struct flow_build *f);
/* Free what the readiness part holds (SSH, timers, temporary known_hosts). */
void build_ready_dispose(struct flow_build *f);

#endif
