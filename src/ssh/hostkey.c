/* hostkey: check the host key against pins or known_hosts, record new keys (see session.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "ssh/fp.h"
#include "ssh/ssh_internal.h"

/* The knownhost key bits and OpenSSH name of a libssh2 host key type. */
static int hostkey_kind(int type, const char **name)
{
	switch (type) {
	case LIBSSH2_HOSTKEY_TYPE_RSA: *name = "ssh-rsa"; return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
	case LIBSSH2_HOSTKEY_TYPE_DSS: *name = "ssh-dss"; return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
	case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: *name = "ecdsa-sha2-nistp256"; return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
	case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: *name = "ecdsa-sha2-nistp384"; return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
	case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: *name = "ecdsa-sha2-nistp521"; return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
	case LIBSSH2_HOSTKEY_TYPE_ED25519: *name = "ssh-ed25519"; return LIBSSH2_KNOWNHOST_KEY_ED25519;
	default: *name = "unknown"; return 0;
	}
}

/* Load known_hosts line by line (a line libssh2 cannot parse is skipped, not fatal).
 * With only_line > 0, load just that line. Returns the number of lines read, or ERR_IO. */
static int hostkey_load(LIBSSH2_KNOWNHOSTS *kh, const char *path, int only_line)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int no = 0;

	if (!f)
		return errno == ENOENT ? 0 : err_set(ERR_IO, "ssh: cannot read %s: %s", path, strerror(errno));
	while ((n = getline(&line, &cap, f)) >= 0) {
		no++;
		if (only_line > 0 && no != only_line)
			continue;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[strspn(line, " \t")] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		libssh2_knownhost_readline(kh, line, (size_t)n, LIBSSH2_KNOWNHOST_FILE_OPENSSH);
	}
	free(line);
	fclose(f);
	return no;
}

static int hostkey_checkp(struct ssh_session *s, LIBSSH2_KNOWNHOSTS *kh, const char *key, size_t len,
    int bits, struct libssh2_knownhost **entry)
{
	return libssh2_knownhost_checkp(kh, s->host, s->port, key, len,
	    LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | bits, entry);
}

/* The key changed: find the known_hosts line and refuse with both fingerprints. */
static int hostkey_changed(struct ssh_session *s, const char *key, size_t len, int bits, int nlines)
{
	struct libssh2_knownhost *entry = NULL;
	LIBSSH2_KNOWNHOSTS *one;
	unsigned char *blob;
	char *known = NULL, *spec;
	size_t blen;
	int line, rc = -1;

	for (line = 1; line <= nlines && rc != LIBSSH2_KNOWNHOST_CHECK_MISMATCH; line++) {
		one = libssh2_knownhost_init(s->ssh);
		hostkey_load(one, s->known_hosts, line);
		rc = hostkey_checkp(s, one, key, len, bits, &entry);
		if (rc == LIBSSH2_KNOWNHOST_CHECK_MISMATCH && entry && entry->key &&
		    (blob = ssh_fp_base64_decode(entry->key, &blen))) {
			known = ssh_fp_format_blob(blob, blen);
			free(blob);
		}
		libssh2_knownhost_free(one);
	}
	line--;
	spec = s->port == 22 ? xstrdup(s->host) : xasprintf("[%s]:%d", s->host, s->port);
	err_set(ERR_AUTH, "ssh %s:%d: HOST KEY CHANGED, refusing to connect (someone may be "
	    "intercepting the connection): the server offers %s but %s:%d has %s; if the server was "
	    "rebuilt, remove that line (ssh-keygen -R '%s' -f %s) and connect again",
	    s->host, s->port, s->offered_fp, s->known_hosts, line, known ? known : "another key",
	    spec, s->known_hosts);
	free(spec);
	free(known);
	return ERR_AUTH;
}

/* Pinned mode: the offered key must be one of the pins; known_hosts is not touched. */
static int hostkey_check_pinned(struct ssh_session *s)
{
	struct buf list;
	size_t i;
	int rc;

	for (i = 0; i < s->n_pinned; i++)
		if (strcmp(s->offered_fp, s->pinned[i]) == 0)
			return 0;
	buf_init(&list, 64 * 64);
	for (i = 0; i < s->n_pinned; i++)
		if (buf_puts(&list, i ? ", " : "") < 0 || buf_puts(&list, s->pinned[i]) < 0)
			break;
	rc = err_set(ERR_AUTH, "ssh %s:%d: HOST KEY MISMATCH, refusing to connect: the server offers "
	    "%s but its console log reported other keys (%s); someone may be intercepting the "
	    "connection (man in the middle), or the address now belongs to another server",
	    s->host, s->port, s->offered_fp, list.data ? list.data : "");
	buf_dispose(&list);
	return rc;
}

int ssh_hostkey_check(struct ssh_session *s)
{
	struct libssh2_knownhost *entry = NULL;
	LIBSSH2_KNOWNHOSTS *kh = NULL;
	const char *key, *hash, *name;
	size_t len;
	int type, bits, rc, nlines;

	key = libssh2_session_hostkey(s->ssh, &len, &type);
	if (!key)
		return err_set(ERR_NET, "ssh %s:%d: the server sent no host key", s->host, s->port);
	hash = libssh2_hostkey_hash(s->ssh, LIBSSH2_HOSTKEY_HASH_SHA256);
	free(s->offered_fp);
	s->offered_fp = hash ? ssh_fp_format_digest((const unsigned char *)hash)
	    : ssh_fp_format_blob(key, len);
	bits = hostkey_kind(type, &name);
	if (!bits)
		return err_set(ERR_AUTH, "ssh %s:%d: unsupported host key type", s->host, s->port);
	if (s->n_pinned > 0)
		return hostkey_check_pinned(s);
	kh = libssh2_knownhost_init(s->ssh);
	nlines = hostkey_load(kh, s->known_hosts, 0);
	if (nlines < 0) {
		rc = nlines;
		goto out;
	}
	switch (hostkey_checkp(s, kh, key, len, bits, &entry)) {
	case LIBSSH2_KNOWNHOST_CHECK_MATCH:
		rc = 0;
		break;
	case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
		rc = hostkey_changed(s, key, len, bits, nlines);
		break;
	case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
		if (s->policy == SSH_HOSTKEY_YES)
			rc = err_set(ERR_AUTH, "ssh %s:%d: host key %s (%s) is not in %s and strict host "
			    "key checking is on; check the fingerprint and add it, or use the accept-new "
			    "policy", s->host, s->port, s->offered_fp, name, s->known_hosts);
		else if (s->policy == SSH_HOSTKEY_ACCEPT_NEW)
			rc = ssh_hostkey_record(s);
		else
			rc = 1;
		break;
	default:
		rc = err_set(ERR_AUTH, "ssh %s:%d: cannot check the host key against %s",
		    s->host, s->port, s->known_hosts);
		break;
	}
out:
	libssh2_knownhost_free(kh);
	return rc;
}

/* Make the directory holding path (one level, mode 0700) if it is missing. */
static void hostkey_mkdir_parent(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0700);
	}
	free(dir);
}

int ssh_hostkey_record(struct ssh_session *s)
{
	const char *key, *name;
	char *b64 = NULL, *line = NULL, last = '\n';
	size_t len;
	int type, fd = -1, rc = 0;

	key = libssh2_session_hostkey(s->ssh, &len, &type);
	if (!key || !hostkey_kind(type, &name))
		return err_set(ERR_AUTH, "ssh %s:%d: no host key to record", s->host, s->port);
	b64 = ssh_fp_base64_encode((const unsigned char *)key, len, 1);
	hostkey_mkdir_parent(s->known_hosts);
	fd = open(s->known_hosts, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = err_set(ERR_IO, "ssh: cannot add the host key of %s to %s: %s", s->host,
		    s->known_hosts, strerror(errno));
		goto out;
	}
	if (lseek(fd, -1, SEEK_END) >= 0 && read(fd, &last, 1) != 1)
		last = '\n';
	if (s->port == 22)
		line = xasprintf("%s%s %s %s\n", last == '\n' ? "" : "\n", s->host, name, b64);
	else
		line = xasprintf("%s[%s]:%d %s %s\n", last == '\n' ? "" : "\n", s->host, s->port, name, b64);
	if (write(fd, line, strlen(line)) != (ssize_t)strlen(line))
		rc = err_set(ERR_IO, "ssh: cannot add the host key of %s to %s: %s", s->host,
		    s->known_hosts, strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	free(b64);
	free(line);
	return rc;
}
