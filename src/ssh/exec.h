/*
 * exec: run one command on a ready SSH session over an exec channel,
 * streaming its output as it arrives.
 *
 * Contract:
 * - ssh_exec_start() needs ssh_session_is_ready(); it returns at once and the
 *   work happens on the session's event loop. stdin gets EOF at once.
 * - on_output gets chunks of at most opts->chunk_max bytes, in arrival order
 *   per stream (SSH_EXEC_STDOUT, SSH_EXEC_STDERR); data is raw bytes from the
 *   network (not NUL-terminated, sanitize before showing), valid during the
 *   call only.
 * - on_done is called exactly once from the loop: rc 0 and the exit status
 *   (-1 if the command died by a signal, see ssh_exec_signal()), or a
 *   negative ERR_* code (ERR_TIMEOUT, ERR_CANCELLED, ERR_TOOBIG, ERR_NET)
 *   with the message in ssh_exec_error() and err_last().
 * - The caller owns the exec and frees it with ssh_exec_free() (allowed from
 *   the callbacks, before or after on_done; before on_done it cancels without
 *   calling on_done). Free it before its session: ssh_session_free() frees
 *   any exec left, after which those pointers are invalid.
 */
#ifndef SD_SSH_EXEC_H
#define SD_SSH_EXEC_H

#include <stddef.h>

struct ssh_session;
struct ssh_exec;

enum { SSH_EXEC_STDOUT = 0, SSH_EXEC_STDERR = 1 };

struct ssh_exec_opts {
	const char *command;     /* run by the user's login shell on the server */
	double timeout_s;        /* whole run; 0: 300 s; < 0: none (cancel it yourself) */
	size_t chunk_max;        /* bytes per on_output call; 0: 16 KiB */
	size_t output_max;       /* bytes per stream before ERR_TOOBIG; 0: no cap */
	/* A chunk of the command's stdout or stderr. */
	void (*on_output)(struct ssh_exec *e, int stream, const char *data, size_t len, void *arg);
	/* The end: rc 0 with the exit status, or a negative ERR_* code. */
	void (*on_done)(struct ssh_exec *e, int rc, int exit_status, void *arg);
	void *arg;
};

/* Start running opts->command on s; 0 and *out set, or a negative ERR_* code. */
int ssh_exec_start(struct ssh_exec **out, struct ssh_session *s, const struct ssh_exec_opts *opts);
/* Stop the command: on_done follows from the loop with ERR_CANCELLED (no-op once done). */
void ssh_exec_cancel(struct ssh_exec *e);
/* The signal name ("KILL", ...) that ended the command, or NULL. */
const char *ssh_exec_signal(const struct ssh_exec *e);
/* The message of the failure passed to on_done, or "" if none. */
const char *ssh_exec_error(const struct ssh_exec *e);
/* Free the exec, closing its channel in the background; NULL is ignored. */
void ssh_exec_free(struct ssh_exec *e);

#endif
