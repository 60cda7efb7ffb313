/*
 * retry: when to repeat an HTTP request and how long to wait first (pure).
 *
 * Contract: no I/O and no globals. The caller owns the random state given to
 * retry_compute_backoff() (seed it once from the clock; tests use a constant)
 * and the clock value given to retry_parse_after(). Policy: connection
 * failures before anything was sent, 429 and 503 are repeated for every
 * request; a transfer broken after the request went out, 502 and 504 only
 * for idempotent requests; 500 only for GET and HEAD; nothing else.
 */
#ifndef SD_CLOUD_RETRY_H
#define SD_CLOUD_RETRY_H

#include <stdint.h>
#include <time.h>

#define RETRY_MAX_ATTEMPTS 4     /* first try included */
#define RETRY_BASE_MS 500        /* backoff of the first retry, before jitter */
#define RETRY_CAP_MS 30000       /* largest backoff, before jitter */
#define RETRY_AFTER_MAX_S 60     /* longest Retry-After honoured */

/* How a transfer failed below HTTP. */
enum retry_net {
	RETRY_NET_OK,        /* a complete HTTP response arrived */
	RETRY_NET_CONNECT,   /* nothing was sent: DNS, refused, connect timeout */
	RETRY_NET_TRANSFER,  /* broken or timed out after the request went out */
	RETRY_NET_FATAL      /* TLS verification, bad URL, size cap: never repeated */
};

/* Full-jitter backoff in ms: uniform in [0, min(cap_ms, base_ms * 2^attempt)]; attempt 0 is the first retry. */
long retry_compute_backoff(unsigned attempt, long base_ms, long cap_ms, uint64_t *state);
/* Seconds to wait from a Retry-After value (delta-seconds or HTTP-date) at time now, capped at max_s; -1 if unparseable. */
long retry_parse_after(const char *value, time_t now, long max_s);
/* 1 if an attempt that ended with net / status may be repeated, else 0. */
int retry_should_repeat(enum retry_net net, long status, const char *method, int idempotent);
/* 1 for the methods that are idempotent by definition (GET, HEAD, PUT, DELETE, OPTIONS). */
int retry_is_idempotent(const char *method);

#endif
