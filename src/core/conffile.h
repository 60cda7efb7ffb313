/*
 * conffile: the pieces shared by sparkdeck's libconfig readers (sparkdeck.conf,
 * image recipes, cluster specs): reading a file with a size cap, reading a file
 * a setting names, locating a setting, and
 * checking one value (file and line as given by conffile_locate_setting()) with
 * the same "FILE:LINE: what is wrong; what is allowed"
 * messages everywhere.
 *
 * Contract: conffile_read_file() initialises cfg and, on success, leaves it
 * for the caller to release with config_destroy(); on failure cfg is already
 * released. The conffile_get_*() functions check one setting and either store
 * its value (strings are borrowed from libconfig, valid until config_destroy)
 * and return 0, or call err_set(ERR_CONFIG, ...) and return ERR_CONFIG.
 * The returned strings of conffile_expand_path() and conffile_home_dir() are
 * new / borrowed as said there. conffile_read_text() stores a new string or
 * NULL: ERR_CONFIG for a missing, non-regular, empty or binary file, ERR_TOOBIG
 * over the cap, ERR_IO otherwise.
 */
#ifndef SD_CORE_CONFFILE_H
#define SD_CORE_CONFFILE_H

#include <stddef.h>

#include <libconfig.h>

/* Largest settings or recipe file read, in bytes. */
#define CONFFILE_MAX_BYTES (1024 * 1024)

/* Read file into cfg: ERR_IO if it is not a readable regular file within the cap, ERR_PARSE with FILE:LINE on syntax errors. */
int conffile_read_file(config_t *cfg, const char *file);
/* Applies one top-level setting s, written at file:line, to obj; 0 or a negative ERR_* code. */
typedef int (*conffile_apply_fn)(void *obj, const config_setting_t *s, const char *file, int line);
/* Read path (as conffile_read_file()) and hand each top-level setting to apply, stopping at the first error. */
int conffile_load(const char *path, conffile_apply_fn apply, void *obj);
/* Set *file and *line to where s was written (fallback: the file that was read). */
void conffile_locate_setting(const config_setting_t *s, const char *fallback, const char **file, int *line);
/* Check that s holds a non-empty string without control characters of at most max bytes (0: any) and borrow it into *out. */
int conffile_get_string(const config_setting_t *s, const char *file, int line, const char *what,
			size_t max, const char **out);
/* Check that s holds a whole number from min to max and store it into *out. */
int conffile_get_int(const config_setting_t *s, const char *file, int line, const char *what,
		     long long min, long long max, int *out);
/* Check that s holds true or false and store 1 or 0 into *out. */
int conffile_get_bool(const config_setting_t *s, const char *file, int line, const char *what, int *out);
/* Return 1 if s is a plausible login name (letters, digits, '.', '_', '-', not starting with '-', at most 64). */
int conffile_is_user_name(const char *s);
/* Return 1 if s holds a C0 control character or DEL. */
int conffile_has_control(const char *s);
/* The home directory ($HOME, else the password database, else "/"); borrowed. */
const char *conffile_home_dir(void);
/* Expand "~/" to the home directory and make a relative value relative to file's directory (new string). */
char *conffile_expand_path(const char *value, const char *file);
/* Read the non-empty, NUL-free text file path (at most max bytes) named by setting what at file:line into *out (new string); why explains max in the ERR_TOOBIG message (may be NULL). */
int conffile_read_text(char **out, const char *path, size_t max, const char *file, int line,
		       const char *what, const char *why);

#endif
