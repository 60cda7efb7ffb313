# core: no curses, curl or libssh2 here.
noinst_LIBRARIES += libcore.a
libcore_a_SOURCES = \
	src/core/buf.c src/core/buf.h \
	src/core/error.c src/core/error.h \
	src/core/model.c src/core/model.h \
	src/core/xmalloc.c src/core/xmalloc.h \
	src/core/clouds.h src/core/config.h src/core/sanitize.h src/core/json.h
