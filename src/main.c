/* sparkdeck: argument parsing, wiring of config, credentials, loop and cloud, teardown. */
#include "autoconfig.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cloud/cloud.h"
#include "core/clouds.h"
#include "core/config.h"
#include "core/error.h"
#include "core/model.h"
#include "core/recipe.h"
#include "core/spec.h"
#include "ui/ui.h"

static const char usage_text[] =
	"usage: sparkdeck [OPTIONS]                 open the console\n"
	"       sparkdeck [OPTIONS] list projects|images|servers|clusters [-o table|json]\n"
	"       sparkdeck [OPTIONS] image build NAME/VERSION [--force] [--yes] [--images-dir DIR]\n"
	"                                [-o table|json]\n"
	"       sparkdeck [OPTIONS] image cleanup [BUILD-ID...] [--yes] [-o table|json]\n"
	"       sparkdeck [OPTIONS] image share REF [--with P1[,P2...]] [--yes] [-o table|json]\n"
	"       sparkdeck [OPTIONS] image unshare REF --with P1[,P2...] [--yes] [-o table|json]\n"
	"       sparkdeck [OPTIONS] image members REF [-o table|json]\n"
	"       sparkdeck [OPTIONS] image accept|reject REF [--yes] [-o table|json]\n"
	"       sparkdeck [OPTIONS] image invitations [-o table|json]\n"
	"       sparkdeck [OPTIONS] image recipes [--images-dir DIR] [-o table|json]\n"
	"       sparkdeck [OPTIONS] cluster specs [--clusters-dir DIR] [-o table|json]\n"
	"       sparkdeck [OPTIONS] cluster show KIND/NAME [-o table|json]\n"
	"       sparkdeck [OPTIONS] cluster plan KIND/NAME [--to up|update|destroy] [--out FILE]\n"
	"                                [--clusters-dir DIR] [-o table|json]\n"
	"       sparkdeck [OPTIONS] cluster up KIND/NAME [--yes] [--clusters-dir DIR] [-o table|json]\n"
	"       sparkdeck [OPTIONS] cluster update KIND/NAME [--plan FILE] [--yes] [--clusters-dir DIR]\n"
	"                                [-o table|json]\n"
	"       sparkdeck [OPTIONS] cluster down KIND/NAME [--plan FILE] [--yes] [-o table|json]\n"
	"\n"
	"REF is NAME/VERSION (the image whose sparkdeck_recipe property is that, else the\n"
	"image named NAME-VERSION), or an image name or id.\n"
	"\n"
	"options:\n"
	"  --os-cloud NAME     cloud from clouds.yaml (default: $OS_CLOUD, the config's\n"
	"                      cloud, else the OS_* variables of an openrc)\n"
	"  --config FILE       settings file (default: $SPARKDECK_CONFIG, else\n"
	"                      $XDG_CONFIG_HOME/sparkdeck/sparkdeck.conf)\n"
	"  -o, --output FMT    command output: table (default) or json\n"
	"  --with P1,P2        image share/unshare: the projects (names or ids); share of a\n"
	"                      NAME/VERSION without it: the recipe's share_with\n"
	"  --force             image build: build a version whose image exists already\n"
	"  --yes               image and cluster commands that change something: do not\n"
	"                      ask (needed when stdin is not a terminal)\n"
	"  --to GOAL           cluster plan: up (default), update or destroy\n"
	"  --out FILE          cluster plan: where to save the plan (default:\n"
	"                      $XDG_STATE_HOME/sparkdeck/plans/KIND-NAME.json)\n"
	"  --plan FILE         cluster update/down: the saved plan to apply (default: the\n"
	"                      file cluster plan wrote); refused if the cloud changed since\n"
	"  --images-dir DIR    where image recipes live (default: $SPARKDECK_IMAGES_DIR,\n"
	"                      else images_dir of sparkdeck.conf)\n"
	"  --clusters-dir DIR  where cluster specs live (default: $SPARKDECK_CLUSTERS_DIR,\n"
	"                      else clusters_dir of sparkdeck.conf)\n"
	"  --view NAME         first view of the console: projects, images, clusters\n"
	"  --script FILE       read keys and :commands from FILE instead of the keyboard\n"
	"  --no-display        with --script: draw into memory only (tests, automation)\n"
	"  -h, --help          show this help\n"
	"  -V, --version       show the version\n"
	"\n"
	"In the console press ? for the keys. See sparkdeck(1) and sparkdeck.conf(5).\n"
	"exit status: 0 ok, 1 failed, 2 usage, 3 configuration (incl. an untrusted TLS\n"
	"certificate), 4 credentials refused\n";

struct args {
	const char *os_cloud;
	const char *config;
	enum cli_format format;
	const char *with;        /* --with (image share, unshare) */
	const char *images_dir;  /* --images-dir */
	const char *clusters_dir; /* --clusters-dir */
	int yes;                 /* --yes */
	int force;               /* --force */
	const char *to;          /* --to (cluster plan) */
	const char *out;         /* --out (cluster plan) */
	const char *plan;        /* --plan (cluster update, down) */
	struct ui_options ui;
	const char *cmd;         /* the command word ("list"), or NULL for the console */
	char **args;             /* the command's own arguments */
	int n_args;
};

enum { OPT_OS_CLOUD = 256, OPT_CONFIG, OPT_VIEW, OPT_SCRIPT, OPT_NO_DISPLAY, OPT_WITH, OPT_YES, OPT_IMAGES_DIR,
       OPT_CLUSTERS_DIR, OPT_FORCE, OPT_TO, OPT_OUT, OPT_PLAN };

/* Parse argv into a; returns -1 to exit 0 (help, version), or an exit status > 0 on bad usage. */
static int args_parse(struct args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "os-cloud", required_argument, NULL, OPT_OS_CLOUD },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "output", required_argument, NULL, 'o' },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ "script", required_argument, NULL, OPT_SCRIPT },
		{ "no-display", no_argument, NULL, OPT_NO_DISPLAY },
		{ "with", required_argument, NULL, OPT_WITH },
		{ "yes", no_argument, NULL, OPT_YES },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "to", required_argument, NULL, OPT_TO },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "plan", required_argument, NULL, OPT_PLAN },
		{ "images-dir", required_argument, NULL, OPT_IMAGES_DIR },
		{ "clusters-dir", required_argument, NULL, OPT_CLUSTERS_DIR },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(a, 0, sizeof *a);
	while ((ch = getopt_long(argc, argv, "+o:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_OS_CLOUD: a->os_cloud = optarg; break;
		case OPT_CONFIG: a->config = optarg; break;
		case OPT_VIEW: a->ui.view = optarg; break;
		case OPT_SCRIPT: a->ui.script = optarg; break;
		case OPT_NO_DISPLAY: a->ui.no_display = 1; break;
		case OPT_IMAGES_DIR: a->images_dir = optarg; break;
		case OPT_CLUSTERS_DIR: a->clusters_dir = optarg; break;
		case OPT_WITH:
		case OPT_YES:
		case OPT_FORCE:
		case OPT_TO:
		case OPT_OUT:
		case OPT_PLAN:
			fputs("sparkdeck: --with, --yes, --force, --to, --out and --plan go after the command "
			      "(sparkdeck cluster plan KIND/NAME --to update)\n", stderr);
			return CLI_EXIT_USAGE;
		case 'o':
			if (strcmp(optarg, "json") == 0)
				a->format = CLI_JSON;
			else if (strcmp(optarg, "table") == 0)
				a->format = CLI_TABLE;
			else {
				fprintf(stderr, "sparkdeck: unknown output format '%s': use table or json\n", optarg);
				return CLI_EXIT_USAGE;
			}
			break;
		case 'h': fputs(usage_text, stdout); return -1;
		case 'V': printf("sparkdeck %s\n", PACKAGE_VERSION); return -1;
		default:
			fputs("Try 'sparkdeck --help'.\n", stderr);
			return CLI_EXIT_USAGE;
		}
	}
	/* Options may also follow the command (sparkdeck list images -o json); the
	 * command word stands in for argv[0] in the second pass. */
	if (optind < argc) {
		char **rest = argv + optind;
		int n = argc - optind;

		a->cmd = rest[0];
		optind = 0;	/* 0: GNU getopt starts afresh (1 would keep its state) */
		while ((ch = getopt_long(n, rest, "o:", longopts, NULL)) != -1) {
			if (ch == OPT_WITH) {
				a->with = optarg;
				continue;
			}
			if (ch == OPT_YES) {
				a->yes = 1;
				continue;
			}
			if (ch == OPT_FORCE) {
				a->force = 1;
				continue;
			}
			if (ch == OPT_TO || ch == OPT_OUT || ch == OPT_PLAN) {
				*(ch == OPT_TO ? &a->to : ch == OPT_OUT ? &a->out : &a->plan) = optarg;
				continue;
			}
			if (ch == OPT_IMAGES_DIR) {
				a->images_dir = optarg;
				continue;
			}
			if (ch == OPT_CLUSTERS_DIR) {
				a->clusters_dir = optarg;
				continue;
			}
			if (ch != 'o' || (strcmp(optarg, "json") && strcmp(optarg, "table"))) {
				fputs("sparkdeck: bad option after the command; try 'sparkdeck --help'.\n", stderr);
				return CLI_EXIT_USAGE;
			}
			a->format = strcmp(optarg, "json") == 0 ? CLI_JSON : CLI_TABLE;
		}
		a->args = rest + optind;
		a->n_args = n - optind;
	}
	if (a->ui.no_display && !a->ui.script) {
		fputs("sparkdeck: --no-display needs --script FILE\n", stderr);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct args a;
	struct config settings;
	struct clouds_config creds;
	struct event_base *base = NULL;
	struct cloud *cloud = NULL;
	struct model model;
	struct cli_image_opts image_opts;
	struct cli_cluster_opts cluster_opts;
	const char *name;
	int rc, status = CLI_EXIT_OK;
	size_t i;

	setlocale(LC_ALL, "");
	rc = args_parse(&a, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.cmd && strcmp(a.cmd, "list") != 0 && strcmp(a.cmd, "image") != 0 && strcmp(a.cmd, "cluster") != 0) {
		fprintf(stderr, "sparkdeck: unknown command '%s'; try 'sparkdeck --help'.\n", a.cmd);
		return CLI_EXIT_USAGE;
	}
	memset(&image_opts, 0, sizeof image_opts);
	image_opts.format = a.format;
	image_opts.with = a.with;
	image_opts.yes = a.yes;
	image_opts.force = a.force;
	memset(&cluster_opts, 0, sizeof cluster_opts);
	cluster_opts.format = a.format;
	cluster_opts.yes = a.yes;
	cluster_opts.to = a.to;
	cluster_opts.out = a.out;
	cluster_opts.plan = a.plan;
	if (a.cmd && strcmp(a.cmd, "cluster") != 0 && (a.to || a.out || a.plan)) {
		fputs("sparkdeck: --to, --out and --plan are for the cluster commands\n", stderr);
		return CLI_EXIT_USAGE;
	}
	if (a.cmd && strcmp(a.cmd, "image") == 0 && a.n_args >= 1 && strcmp(a.args[0], "recipes") == 0) {
		if (a.n_args != 1 || a.with || a.yes) {
			fputs("sparkdeck: usage: sparkdeck image recipes [--images-dir DIR] [-o table|json]\n", stderr);
			return CLI_EXIT_USAGE;
		}
	} else if (a.cmd && strcmp(a.cmd, "cluster") == 0) {
		if (a.with || a.force) {
			fputs("sparkdeck: --with and --force are for the image commands\n", stderr);
			return CLI_EXIT_USAGE;
		}
		if ((rc = cli_cluster_usage(a.args, a.n_args, &cluster_opts)) != 0)
			return rc;
	} else if (a.cmd && strcmp(a.cmd, "image") == 0) {
		if ((rc = cli_image_usage(a.args, a.n_args, &image_opts)) != 0)
			return rc;
	} else if (a.cmd && (a.with || a.yes || a.force)) {
		fputs("sparkdeck: --with, --yes and --force are for the image and cluster commands\n", stderr);
		return CLI_EXIT_USAGE;
	}
	if (a.cmd && strcmp(a.cmd, "list") == 0 && a.n_args != 1) {
		fputs("sparkdeck: list needs one of projects, images, servers, clusters\n", stderr);
		return CLI_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);

	config_defaults(&settings);
	model_init(&model);
	memset(&creds, 0, sizeof creds);
	if ((rc = config_load(&settings, a.config)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		status = CLI_EXIT_CONFIG;
		goto out;
	}
	/* Recipes are local files: checking them needs no cloud and no credentials. */
	if (a.cmd && strcmp(a.cmd, "image") == 0 && strcmp(a.args[0], "recipes") == 0) {
		status = cli_image_recipes(recipe_pick_images_dir(a.images_dir, &settings), a.format);
		goto out;
	}
	/* So are cluster specs. */
	if (a.cmd && strcmp(a.cmd, "cluster") == 0 && strcmp(a.args[0], "specs") == 0) {
		status = cli_cluster_specs(spec_pick_clusters_dir(a.clusters_dir, &settings), a.format);
		goto out;
	}
	name = a.os_cloud;
	if (name == NULL && getenv("OS_CLOUD") == NULL)
		name = settings.cloud;
	if ((rc = clouds_load(&creds, name, NULL)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		status = CLI_EXIT_CONFIG;
		goto out;
	}
	for (i = 0; i < creds.n_warnings; i++)
		fprintf(stderr, "sparkdeck: warning: %s\n", creds.warnings[i]);

	base = event_base_new();
	if (base == NULL) {
		fputs("sparkdeck: cannot create the event loop\n", stderr);
		status = CLI_EXIT_FAIL;
		goto out;
	}
	if ((rc = cloud_new(&cloud, base, &creds, &settings)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		status = cli_exit_status(rc);
		goto out;
	}
	image_opts.images_dir = recipe_pick_images_dir(a.images_dir, &settings);
	cluster_opts.clusters_dir = spec_pick_clusters_dir(a.clusters_dir, &settings);
	a.ui.images_dir = a.images_dir;
	if (a.cmd && strcmp(a.cmd, "image") == 0)
		status = cli_image(base, cloud, &model, a.args, a.n_args, &image_opts);
	else if (a.cmd && strcmp(a.cmd, "cluster") == 0)
		status = cli_cluster(base, cloud, a.args, a.n_args, &cluster_opts);
	else if (a.cmd)
		status = cli_list(base, cloud, &model, a.args[0], a.format);
	else if ((rc = ui_run(base, cloud, &model, &settings, &a.ui)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		status = cli_exit_status(rc);
	}
out:
	if (cloud)
		cloud_free(cloud);
	if (base)
		event_base_free(base);
	model_dispose(&model);
	clouds_config_dispose(&creds);
	config_dispose(&settings);
	return status;
}
