/*
 * cli: the non-interactive commands, each the twin of a console workflow.
 *
 * Contract: each cli_*() runs its operation on the given loop to completion
 * and returns the process exit status (CLI_EXIT_*), having printed results on
 * stdout and one-line errors on stderr.
 */
#ifndef SD_CLI_CLI_H
#define SD_CLI_CLI_H

struct event_base;
struct cloud;
struct model;

enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1,     /* the operation failed (cloud error, network) */
	CLI_EXIT_USAGE = 2,    /* bad arguments */
	CLI_EXIT_CONFIG = 3,   /* bad or missing configuration or credentials */
	CLI_EXIT_AUTH = 4      /* credentials refused */
};

enum cli_format { CLI_TABLE, CLI_JSON };

struct cli_image_opts {
	enum cli_format format;
	const char *with;      /* --with P1,P2 (share, unshare), or NULL */
	int yes;               /* --yes: no confirmation asked */
	int force;             /* --force (image build): build a version that exists */
	const char *images_dir;/* image build: where recipes live */
};

struct cli_cluster_opts {
	enum cli_format format;
	int yes;                  /* --yes (up, update, down): no confirmation asked */
	const char *to;           /* --to up|update|destroy (cluster plan), or NULL: up */
	const char *out;          /* --out FILE (cluster plan), or NULL: the default saved-plan file */
	const char *plan;         /* --plan FILE (cluster update, down), or NULL: the default saved-plan file */
	const char *clusters_dir; /* where cluster specs live, or NULL */
};

/* The exit status for a negative ERR_* code. */
int cli_exit_status(int rc);
/* `sparkdeck list projects|images|servers|clusters`. */
int cli_list(struct event_base *base, struct cloud *c, struct model *m, const char *what,
	     enum cli_format fmt);
/* `sparkdeck image recipes`: list and check the recipes under images_dir (no cloud). */
int cli_image_recipes(const char *images_dir, enum cli_format fmt);
/* `sparkdeck cluster specs`: list and check the cluster specs under clusters_dir (no cloud). */
int cli_cluster_specs(const char *clusters_dir, enum cli_format fmt);
/* `sparkdeck cluster show KIND/NAME`: what the cloud holds of the cluster (resources, quotas). */
int cli_cluster_show(struct event_base *base, struct cloud *c, const char *ref, enum cli_format fmt);
/* Check the arguments of `sparkdeck cluster ...` (no I/O but isatty); 0, or the usage exit status after saying why. */
int cli_cluster_usage(char **args, int n, const struct cli_cluster_opts *o);
/* `sparkdeck cluster show|plan|up|update|down KIND/NAME` (after cli_cluster_usage()). */
int cli_cluster(struct event_base *base, struct cloud *c, char **args, int n, const struct cli_cluster_opts *o);
/* Check the arguments of `sparkdeck image ...` (no I/O); 0, or the usage exit status after saying why. */
int cli_image_usage(char **args, int n, const struct cli_image_opts *o);
/* `sparkdeck image build REF`: bake the image of a recipe, cleaning up on failure or Ctrl-C. */
int cli_image_build(struct event_base *base, struct cloud *c, const char *images_dir, const char *ref,
		    const struct cli_image_opts *o);
/* `sparkdeck image cleanup [BUILD-ID...]`: delete what builds left behind (abandoned ones, or those named). */
int cli_image_cleanup(struct event_base *base, struct cloud *c, char **ids, int n_ids,
		      const struct cli_image_opts *o);
/* `sparkdeck image share|unshare|members|accept|reject REF`, `image build|cleanup` and `image invitations`. */
int cli_image(struct event_base *base, struct cloud *c, struct model *m, char **args, int n,
	      const struct cli_image_opts *o);

#endif
