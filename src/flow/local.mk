# flow: workflows as state machines on the loop; uses cloud/ and core/ only.
noinst_LIBRARIES += libflow.a
libflow_a_SOURCES = \
	src/flow/image_share.c src/flow/image_share.h
