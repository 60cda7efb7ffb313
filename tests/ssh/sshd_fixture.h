/*
 * sshd_fixture: a real OpenSSH sshd for tests, on 127.0.0.1 at a free port,
 * with its own host keys and client keys made by ssh-keygen in a temp dir.
 *
 * Contract: sshd_fixture_start() returns 0, 1 when /usr/sbin/sshd or
 * ssh-keygen is missing (skip), or -1; paths in struct sshd_fixture are heap
 * strings freed by sshd_fixture_stop(), which also kills the daemon and
 * removes the directory. Must run as root or as the user it logs in as.
 */
#ifndef SD_TESTS_SSHD_FIXTURE_H
#define SD_TESTS_SSHD_FIXTURE_H

#include <sys/types.h>

struct sshd_fixture {
	pid_t pid;
	int port;
	char *dir;
	char *user;
	char *host_key, *other_host_key;   /* private key paths (.pub next to them) */
	char *client_key, *wrong_key, *rsa_key;
	char *host_fp, *other_host_fp;     /* "SHA256:..." from ssh-keygen -l */
};

/* Make keys, write the config and start sshd; 0, 1 to skip, -1 on failure. */
int sshd_fixture_start(struct sshd_fixture *f);
/* Stop sshd and remove its directory. */
void sshd_fixture_stop(struct sshd_fixture *f);
/* A port on 127.0.0.1 where nothing listens (best effort). */
int sshd_fixture_free_port(void);
/* Append one public key line to the server's authorized_keys; 0 or -1. */
int sshd_fixture_authorize(struct sshd_fixture *f, const char *public_line);
/* The text of dir/rel (caller frees), or NULL. */
char *sshd_fixture_read(const char *path);

struct event_base;

/* Seconds on the monotonic clock. */
double sshd_fixture_now(void);
/* Run base until *flag is set or seconds pass (20 ms turns, no busy wait). */
void sshd_fixture_loop_until(struct event_base *base, const int *flag, double seconds);

#endif
