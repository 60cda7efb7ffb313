/*
 * cloud_testlib: helpers for the tests of src/cloud: recorded fixtures,
 * a fakecloud.py child process, and running the event loop until a flag.
 *
 * Contract: fixture_read() returns a heap copy of tests/unit/data/cloud/NAME
 * (found through $top_srcdir, else TOP_SRCDIR) or fails the test. fake_start()
 * spawns tests/fakecloud/fakecloud.py with the given NULL-terminated extra
 * arguments and waits for its port; fake_stop() kills and reaps it.
 */
#ifndef SD_TESTS_CLOUD_TESTLIB_H
#define SD_TESTS_CLOUD_TESTLIB_H

#include <stddef.h>
#include <sys/types.h>

struct event_base;
struct clouds_config;

struct fake {
	pid_t pid;
	int port;
	char auth_url[64];
	char base[64];
};

/* Read a fixture file into a NUL-terminated heap buffer; *len gets its size. */
char *fixture_read(const char *name, size_t *len);
/* Parse a JSON fixture (caller frees with cJSON_Delete). */
void *fixture_json(const char *name);
/* Start fakecloud.py with extra arguments (NULL-terminated); 0 or -1. */
int fake_start(struct fake *f, const char *const *args);
/* Stop the fake. */
void fake_stop(struct fake *f);
/* A counter of the fake's GET /_fake/stats ("auth", "nova", ...), -1 on error. */
int fake_stat(const struct fake *f, const char *key);
/* Credentials for the fake: user demo / password, project builders (strings are static). */
void fake_creds(const struct fake *f, struct clouds_config *c, const char *password);
/* Run base until *flag is set or seconds pass; 0 when the flag was set, -1 on timeout. */
int loop_until(struct event_base *base, const int *flag, double seconds);
/* Seconds since an arbitrary point (monotonic). */
double now_s(void);

#endif
