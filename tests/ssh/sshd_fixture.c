/* sshd_fixture: a throw-away OpenSSH server for the ssh tests. */
#include "sshd_fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/xmalloc.h"
#include "../unit/tmptree.h"

#define SSHD "/usr/sbin/sshd"

/* Run a command quietly; 0 if it exited 0. */
static int run(const char *cmd)
{
	char *full = xasprintf("%s >/dev/null 2>&1 </dev/null", cmd);
	int rc = system(full);

	free(full);
	return rc == 0 ? 0 : -1;
}

static char *keygen(const char *dir, const char *name, const char *type)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *cmd = xasprintf("ssh-keygen -q -t %s%s -N '' -C test -f '%s'", type,
	    strcmp(type, "rsa") == 0 ? " -b 2048" : "", path);

	if (run(cmd) < 0) {
		free(path);
		path = NULL;
	}
	free(cmd);
	return path;
}

/* The "SHA256:..." fingerprint of a public key file. */
static char *fingerprint(const char *key)
{
	char *cmd = xasprintf("ssh-keygen -l -E sha256 -f '%s.pub'", key), line[512], *fp = NULL, *sp;
	FILE *p = popen(cmd, "r");

	if (p && fgets(line, sizeof(line), p) && (sp = strchr(line, ' '))) {
		fp = xstrdup(sp + 1);
		fp[strcspn(fp, " ")] = '\0';
	}
	if (p)
		pclose(p);
	free(cmd);
	return fp;
}

int sshd_fixture_free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

char *sshd_fixture_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;

	if (!f)
		return NULL;
	text = xmalloc(65537);
	n = fread(text, 1, 65536, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

int sshd_fixture_authorize(struct sshd_fixture *f, const char *public_line)
{
	char *path = xasprintf("%s/authorized_keys", f->dir);
	FILE *out = fopen(path, "a");
	int rc = -1;

	if (out && fprintf(out, "%s\n", public_line) > 0)
		rc = 0;
	if (out && fclose(out) != 0)
		rc = -1;
	free(path);
	return rc;
}

/* Wait until sshd accepts connections on the port (5 s at most). */
static int wait_port(int port)
{
	struct sockaddr_in a;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int i, fd, ok;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	for (i = 0; i < 100; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
		close(fd);
		if (ok)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

int sshd_fixture_start(struct sshd_fixture *f)
{
	struct passwd *pw = getpwuid(geteuid());
	char *cfg = NULL, *text = NULL, *pub = NULL, *pub2 = NULL, *keys, *log, *auth;
	int rc = -1, fd;

	memset(f, 0, sizeof(*f));
	f->pid = -1;
	if (access(SSHD, X_OK) != 0 || run("command -v ssh-keygen") < 0)
		return 1;
	mkdir("/run/sshd", 0755);
	f->dir = tmptree_new();
	f->user = xstrdup(pw ? pw->pw_name : "root");
	f->host_key = keygen(f->dir, "host_ed25519", "ed25519");
	f->other_host_key = keygen(f->dir, "other_host_ed25519", "ed25519");
	f->client_key = keygen(f->dir, "id_ed25519", "ed25519");
	f->wrong_key = keygen(f->dir, "wrong_ed25519", "ed25519");
	f->rsa_key = keygen(f->dir, "id_rsa", "rsa");
	if (!f->host_key || !f->other_host_key || !f->client_key || !f->wrong_key || !f->rsa_key)
		goto out;
	f->host_fp = fingerprint(f->host_key);
	f->other_host_fp = fingerprint(f->other_host_key);
	keys = xasprintf("%s.pub", f->client_key);
	pub = sshd_fixture_read(keys);
	free(keys);
	keys = xasprintf("%s.pub", f->rsa_key);
	pub2 = sshd_fixture_read(keys);
	free(keys);
	if (!pub || !pub2 || !f->host_fp || !f->other_host_fp)
		goto out;
	keys = xasprintf("%s%s", pub, pub2);
	free(tmptree_write(f->dir, "authorized_keys", keys, 0600));
	free(keys);
	f->port = sshd_fixture_free_port();
	auth = xasprintf("%s/authorized_keys", f->dir);
	text = xasprintf("Port %d\nListenAddress 127.0.0.1\nHostKey %s\nAuthorizedKeysFile %s\n"
	    "StrictModes no\nUsePAM no\nPidFile none\nPasswordAuthentication no\n"
	    "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nAllowUsers %s\n"
	    "PermitRootLogin prohibit-password\nLogLevel ERROR\n",
	    f->port, f->host_key, auth, f->user);
	free(auth);
	cfg = tmptree_write(f->dir, "sshd_config", text, 0600);
	log = xasprintf("%s/sshd.log", f->dir);
	f->pid = fork();
	if (f->pid == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 2);
			dup2(fd, 1);
		}
		execl(SSHD, SSHD, "-D", "-e", "-f", cfg, (char *)NULL);
		_exit(127);
	}
	free(log);
	if (f->pid < 0 || wait_port(f->port) < 0)
		goto out;
	rc = 0;
out:
	free(cfg);
	free(text);
	free(pub);
	free(pub2);
	if (rc < 0)
		fprintf(stderr, "# sshd fixture failed: %s\n", strerror(errno));
	return rc;
}

void sshd_fixture_stop(struct sshd_fixture *f)
{
	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
	}
	if (f->dir)
		tmptree_remove(f->dir);
	free(f->dir);
	free(f->user);
	free(f->host_key);
	free(f->other_host_key);
	free(f->client_key);
	free(f->wrong_key);
	free(f->rsa_key);
	free(f->host_fp);
	free(f->other_host_fp);
	memset(f, 0, sizeof(*f));
}

double sshd_fixture_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sshd_fixture_loop_until(struct event_base *base, const int *flag, double seconds)
{
	double end = sshd_fixture_now() + seconds;
	struct timeval tv = { 0, 20000 };

	while (!*flag && sshd_fixture_now() < end) {
		event_base_loopexit(base, &tv);
		event_base_loop(base, EVLOOP_ONCE);
	}
}
