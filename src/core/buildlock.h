/*
 * buildlock: a small file per image build running on this machine, so a
 * later run can tell a build left behind by a killed process (its file
 * names a dead process) from one still running here.
 *
 * Files live in $XDG_STATE_HOME/sparkdeck/builds (default
 * ~/.local/state/sparkdeck/builds), one per build id, holding the pid.
 *
 * Contract: buildlock_create() makes the directories (0700) and the file;
 * buildlock_remove() deletes it (a missing file is fine). buildlock_state()
 * reads it. Errors are ERR_IO with the path in the message.
 */
#ifndef SD_CORE_BUILDLOCK_H
#define SD_CORE_BUILDLOCK_H

enum buildlock_state {
	BUILDLOCK_NONE,      /* no file: not started on this machine (or it finished) */
	BUILDLOCK_RUNNING,   /* a live sparkdeck process holds it */
	BUILDLOCK_DEAD       /* its process is gone: the build was abandoned */
};

/* Record that build_id runs in this process. */
int buildlock_create(const char *build_id);
/* Forget build_id (it finished, or its leftovers were cleaned). */
void buildlock_remove(const char *build_id);
/* Whether build_id runs here, ran here and died, or is unknown here. */
enum buildlock_state buildlock_state(const char *build_id);

#endif
