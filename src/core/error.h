/*
 * error: negative return codes plus the last error message, like libgit2's
 * git_error_last().
 *
 * Contract: a failing function calls err_set() (which returns the code, so
 * `return err_set(ERR_IO, "...")` reads naturally) and returns that negative
 * code; the caller reads err_last() before calling anything else that may fail.
 * Messages are one line, say what went wrong and what to do, and never hold a
 * secret. The program is single-threaded: there is one message slot.
 */
#ifndef SD_CORE_ERROR_H
#define SD_CORE_ERROR_H

enum err_code {
	ERR_OK = 0,
	ERR_INVALID = -1,   /* bad argument or input */
	ERR_IO = -2,        /* file system */
	ERR_PARSE = -3,     /* malformed YAML, JSON, config */
	ERR_CONFIG = -4,    /* well-formed but wrong configuration */
	ERR_NOTFOUND = -5,  /* named thing does not exist */
	ERR_AUTH = -6,      /* credentials refused, token revoked */
	ERR_NET = -7,       /* connection failed, reset, DNS */
	ERR_TIMEOUT = -8,   /* a wait ran out */
	ERR_HTTP = -9,      /* the server answered with an error status */
	ERR_TOOBIG = -10,   /* a size or depth cap was hit */
	ERR_CANCELLED = -11,/* the user or a signal stopped it */
	ERR_TLS = -12       /* the peer's certificate is not trusted */
};

/* Record a formatted message for code and return code. */
int err_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefix the current message with "what: " and return code (adds context on the way up). */
int err_wrap(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The last message recorded, or "" if none. */
const char *err_last(void);
/* Forget the last message. */
void err_clear(void);
/* A short name for a code ("auth", "network", ...). */
const char *err_name(int code);

#endif
