/*
 * errbody: the human-readable message inside an OpenStack error response.
 *
 * Understands Nova's {"itemNotFound": {"message": ...}} (any fault name),
 * Keystone's {"error": {"message": ...}}, Neutron's {"NeutronError":
 * {"message": ...}}, the API-SIG {"errors": [{"detail": ...}]}, a top-level
 * "message" / "detail", and Glance's or a proxy's HTML-ish text (tags
 * dropped, whitespace collapsed).
 *
 * Contract: pure; the result is a new sanitized one-line string of at most
 * max_bytes that the caller frees, or NULL when the body says nothing useful.
 */
#ifndef SD_CLOUD_ERRBODY_H
#define SD_CLOUD_ERRBODY_H

#include <stddef.h>

#define ERRBODY_MAX_MESSAGE 300

/* Extract the message of an error body of len bytes (sanitized, capped), or NULL. */
char *errbody_extract_message(const char *body, size_t len, size_t max_bytes);

#endif
