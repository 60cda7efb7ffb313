/*
 * spec: cluster specs, libconfig files at CLUSTERS_DIR/KIND/NAME.conf that say
 * what a Spark cluster is made of (image, flavors, number of workers, network,
 * security group, keypair, Spark ports and sizes, cloud-init user data).
 *
 * A ref "KIND/NAME" (spark/ld14) names CLUSTERS_DIR/spark/ld14.conf; KIND and
 * NAME are each [a-z0-9][a-z0-9._-]* (at most 64, no ".."). The cluster's
 * resources are named and tagged after KIND-NAME.
 *
 * Contract: spec_load() fills a caller-owned struct spec (it is overwritten;
 * on error it is left zeroed) that the caller releases with spec_dispose();
 * every string in it is owned by the struct. Errors: ERR_INVALID for a
 * malformed ref or no clusters directory; ERR_NOTFOUND when the file does not
 * exist (the message names the expected path and the specs of that kind that
 * do exist); ERR_PARSE for libconfig syntax; ERR_CONFIG for unknown keys,
 * wrong types, out-of-range numbers, bad CIDRs, addresses or memory sizes,
 * missing required keys, an unusable public key (RSA included) and missing
 * user data files, all as "FILE:LINE: what is wrong; what is allowed";
 * ERR_TOOBIG for user data over Nova's limit; ERR_IO for unreadable files.
 * spec_check_unique() (spec_clash.c) lists the specs like spec_list_refs()
 * and fails with ERR_CONFIG when another one would name its resources (and
 * its keypair, where '.' is '_') like ref's.
 * Only the public key file is read: the private key never is.
 * spec_list_refs() returns a new sorted array of new strings (NULL when
 * empty), released with spec_free_refs(). spec_pick_clusters_dir() returns a
 * borrowed pointer. None of these keep state between calls.
 */
#ifndef SD_CORE_SPEC_H
#define SD_CORE_SPEC_H

#include <stddef.h>

struct config;

/* Largest user data kept per role: its base64 form must fit Nova's 65535-byte limit. */
#define SPEC_USER_DATA_MAX 49149
/* Largest public key file read, in bytes. */
#define SPEC_PUBLIC_KEY_MAX 16384
#define SPEC_WORKERS_MAX 100
#define SPEC_CIDR_DEFAULT "10.42.0.0/24"

struct spec {
	char *path;              /* the file read: CLUSTERS_DIR/KIND/NAME.conf */
	char *ref;               /* "spark/ld14" */
	char *kind;              /* "spark" */
	char *name;              /* "ld14" */
	char *cluster_name;      /* "spark-ld14": what resources are named and tagged after */
	char *image;             /* a recipe ref "NAME/VERSION" or an image name or id */
	int image_is_recipe;     /* 1 when image is a recipe ref (it holds a '/') */
	char *master_flavor;     /* flavor name or id */
	char *worker_flavor;     /* flavor name or id */
	int workers;             /* 0..SPEC_WORKERS_MAX; default 2 */
	/* network */
	char *cidr;              /* IPv4 CIDR of the private subnet; default SPEC_CIDR_DEFAULT */
	char *external_network;  /* network the router and floating IPs come from; default "public" */
	char **dns;              /* IPv4 addresses of name servers, in file order (none by default) */
	size_t n_dns;
	/* security */
	char **ssh_cidrs;        /* CIDRs allowed to port 22; default "0.0.0.0/0" */
	size_t n_ssh_cidrs;
	char **ui_cidrs;         /* CIDRs allowed to the Spark UI ports; none by default */
	size_t n_ui_cidrs;
	/* keypair */
	char *public_key_path;   /* the .pub file read */
	char *public_key;        /* its key line "TYPE BASE64 [COMMENT]" (no newline) */
	char *public_key_type;   /* "ssh-ed25519" or "ecdsa-sha2-nistp256|384|521" */
	int floating_ip;         /* 1: give the master a floating IP (default) */
	char *ssh_user;          /* login user on the nodes; default "debian" */
	/* spark */
	int master_port;         /* 1024..65535; default 7077 */
	int ui_port;             /* 1024..65535; default 8080 */
	int worker_cores;        /* 1..256; default 1 */
	char *worker_memory;     /* "1g", "512m", ...; NULL: Spark's default */
	long long worker_memory_mb; /* worker_memory in MiB, or 0 */
	/* user_data */
	char *master_user_data_path; /* cloud-init file of the master, or NULL */
	char *master_user_data;  /* its text (<= SPEC_USER_DATA_MAX), or NULL */
	char *worker_user_data_path;
	char *worker_user_data;
};

/* Load the spec named ref ("KIND/NAME") from clusters_dir into out. */
int spec_load(struct spec *out, const char *clusters_dir, const char *ref);
/* Free everything in s and zero it. */
void spec_dispose(struct spec *s);
/* Check that ref is "KIND/NAME" with valid parts; 0 or ERR_INVALID with a message. */
int spec_check_ref(const char *ref);
/* Check that no other spec under clusters_dir claims ref's cluster name (spark-x/ld14 vs spark/x-ld14); 0 or ERR_CONFIG naming both files. */
int spec_check_unique(const char *clusters_dir, const char *ref);
/* List every spec ref under clusters_dir, sorted by kind then name (a missing directory gives none). */
int spec_list_refs(char ***refs, size_t *count, const char *clusters_dir);
/* Free an array returned by spec_list_refs(). */
void spec_free_refs(char **refs, size_t count);
/* The clusters directory to use: explicit_dir if set, else $SPARKDECK_CLUSTERS_DIR, else c->clusters_dir (c may be NULL). */
const char *spec_pick_clusters_dir(const char *explicit_dir, const struct config *c);
/* Check that text is an IPv4 CIDR "A.B.C.D/N" with no host bits set; 1 or 0. */
int spec_valid_ipv4_cidr(const char *text);
/* Parse a Spark memory size ("512m", "1g", "2t"; 128m..64t) into MiB; -1 if it is not one. */
long long spec_parse_memory(const char *text);

#endif
