/*
 * planfile: saved cluster plans on disk (`sparkdeck cluster plan` writes
 * one, `cluster update` and `cluster down` read it and delete it once
 * applied). The text is plan_to_json() (core/plan.h): actions and a
 * fingerprint of what was observed, no secrets.
 *
 * The default file of cluster KIND/NAME is
 * $XDG_STATE_HOME/sparkdeck/plans/KIND-NAME.json (default
 * ~/.local/state/sparkdeck/plans/KIND-NAME.json); "spark-x/ld14" and
 * "spark/x-ld14" would share it, which is why a saved plan names its cluster
 * and readers check it.
 *
 * Contract: planfile_default_path() returns new memory (free()).
 * planfile_write() creates the missing directories of the default location
 * with mode 0700 (only those: a FILE given by the user must be in a directory
 * that exists), writes a temporary file with mode 0600 next to path and
 * renames it over path, so a reader never sees half a plan; 0 or ERR_IO with
 * the path. planfile_read() fills a caller-owned struct plan (plan_dispose()
 * it whatever the result): ERR_NOTFOUND when path does not exist, ERR_TOOBIG
 * over PLANFILE_MAX bytes, ERR_IO when unreadable, ERR_PARSE from
 * plan_from_json(), each naming the path. planfile_remove() deletes path (a
 * missing file is fine); 0 or ERR_IO. Nothing is kept between calls.
 */
#ifndef SD_CORE_PLANFILE_H
#define SD_CORE_PLANFILE_H

struct plan;

/* Largest saved plan read, in bytes. */
#define PLANFILE_MAX (8 * 1024 * 1024)

/* The default saved-plan file of cluster ("spark/ld14" -> .../plans/spark-ld14.json). */
char *planfile_default_path(const char *cluster);
/* Write p as JSON to path atomically, mode 0600 (see the contract for directories). */
int planfile_write(const char *path, const struct plan *p);
/* Read the saved plan at path into out. */
int planfile_read(struct plan *out, const char *path);
/* Delete the saved plan at path (missing: fine). */
int planfile_remove(const char *path);

#endif
