/*
 * config: sparkdeck's own settings file, sparkdeck.conf (libconfig syntax).
 *
 * Looked up at $SPARKDECK_CONFIG, else $XDG_CONFIG_HOME/sparkdeck/sparkdeck.conf
 * (XDG_CONFIG_HOME defaults to ~/.config). A missing file is not an error: the
 * defaults apply. Unknown keys, wrong types and out-of-range numbers are
 * ERR_CONFIG with "file:line: what is wrong".
 *
 * An explicit path (the argument or $SPARKDECK_CONFIG) that cannot be read is
 * ERR_IO; libconfig syntax errors are ERR_PARSE with "file:line: what".
 *
 * Contract: config_defaults() fills a caller-owned struct; config_load() then
 * overlays the file on it (on error c is left exactly as it was); release it
 * with config_dispose(). Relative paths in the file are taken relative to the
 * file's directory and "~/" is expanded.
 */
#ifndef SD_CORE_CONFIG_H
#define SD_CORE_CONFIG_H

struct config {
	char *path;              /* the file read, or NULL when defaults only */
	char *cloud;             /* default cloud name (OS_CLOUD still wins), or NULL */
	int refresh_seconds;     /* auto-refresh interval of the console, 0 = off; default 30 */
	int max_requests;        /* in-flight HTTP requests, 1..64; default 10 */
	int request_timeout;     /* seconds per request, 1..3600; default 30 */
	int color;               /* 1 = colours when the terminal has them (NO_COLOR still wins) */
	char *ssh_user;          /* default login user, NULL: from the spec */
	char *ssh_key;           /* private key path, NULL: agent / defaults */
	char *known_hosts;       /* "ask", "accept-new" or "yes"; default "ask" */
	char *jump_host;         /* NULL or user@host[:port] */
	char *images_dir;        /* image recipes; default $XDG_CONFIG_HOME/sparkdeck/images */
	char *clusters_dir;      /* cluster specs; default $XDG_CONFIG_HOME/sparkdeck/clusters */
};

/* Fill c with the defaults. */
void config_defaults(struct config *c);
/* Load path (NULL: the default location; missing is fine) over the defaults. */
int config_load(struct config *c, const char *path);
/* Free everything in c. */
void config_dispose(struct config *c);

#endif
