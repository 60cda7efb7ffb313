# flow: workflows as state machines on the loop; uses cloud/, ssh/ and core/.
noinst_LIBRARIES += libflow.a
libflow_a_SOURCES = \
	src/flow/image_share.c src/flow/image_share.h \
	src/flow/image_build.c src/flow/image_build.h src/flow/build_internal.h \
	src/flow/build_ready.c \
	src/flow/build_cleanup.c src/flow/build_cleanup.h \
	src/flow/build_leftovers.c src/flow/build_leftovers.h
