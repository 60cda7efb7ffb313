# ssh: uses core only (never cloud/ or ui/); never draws.
noinst_LIBRARIES += libssh.a
libssh_a_SOURCES = \
	src/ssh/ssh_internal.h \
	src/ssh/fp.c src/ssh/fp.h \
	src/ssh/key.c src/ssh/key.h \
	src/ssh/session.c src/ssh/session.h \
	src/ssh/hostkey.c \
	src/ssh/auth.c \
	src/ssh/exec.c src/ssh/exec.h
