/*
 * auth: Keystone v3 token requests and tokens (pure: no I/O).
 *
 * Contract: auth_build_request() turns credentials into the JSON body of
 * POST /v3/auth/tokens (password, by user name + domain or user id, scoped to
 * a project by id or name + domain; or an application credential by id, or
 * name + user). The body holds a secret: free it with auth_free_secret(),
 * never log it. auth_parse_token() fills a caller-owned struct from the
 * X-Subject-Token header and the response body; release it with
 * auth_token_dispose(), which wipes the token. Both return 0, ERR_CONFIG
 * (credentials incomplete, with what to set) or ERR_PARSE.
 */
#ifndef SD_CLOUD_AUTH_H
#define SD_CLOUD_AUTH_H

#include <stddef.h>
#include <time.h>

#include "cloud/catalog.h"

struct clouds_config;

/* Re-authenticate this long before a token expires (less for short-lived tokens). */
#define AUTH_RENEW_MARGIN_S 300

struct auth_token {
	char *id;                /* the token itself: secret */
	time_t issued_at;
	time_t expires_at;
	char *user_id;
	char *user_name;
	char *project_id;        /* NULL for an unscoped token */
	char *project_name;
	struct catalog catalog;  /* empty for an unscoped token */
};

/* Build the token request body for creds, scoped to project_id when not NULL (else the configured project). */
int auth_build_request(char **body, const struct clouds_config *creds, const char *project_id);
/* Wipe and free a string that holds a secret. */
void auth_free_secret(char *s);
/* Parse a token response: subject_token from the X-Subject-Token header, body of len bytes. */
int auth_parse_token(struct auth_token *t, const char *subject_token, const char *body, size_t len);
/* Free and wipe everything in t. */
void auth_token_dispose(struct auth_token *t);
/* 1 if t is still good at now with the renewal margin, else 0. */
int auth_token_fresh(const struct auth_token *t, time_t now);
/* Parse an ISO 8601 UTC time ("2026-01-02T03:04:05.000000Z", "+00:00" offsets too). */
int auth_parse_time(const char *iso, time_t *out);
/* Who the credentials are, for messages: "user NAME", "user id ID", "application credential X" (new string). */
char *auth_describe_user(const struct clouds_config *creds);

#endif
