# cli: the non-interactive twin of every workflow.
noinst_LIBRARIES += libcli.a
libcli_a_SOURCES = \
	src/cli/cli.h \
	src/cli/list.c \
	src/cli/recipes.c \
	src/cli/specs.c \
	src/cli/image.c src/cli/build.c \
	src/cli/status.c \
	src/cli/output.c src/cli/output.h
# `cluster show`: discovery from the command line.
libcli_a_SOURCES += src/cli/cluster.c
# `cluster plan|up|update|down`: usage and dispatch, the saved plans, confirm and apply with progress.
libcli_a_SOURCES += src/cli/cluster_cmd.c src/cli/cluster_apply.c src/cli/cluster_result.c src/cli/cluster_internal.h
