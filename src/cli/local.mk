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
