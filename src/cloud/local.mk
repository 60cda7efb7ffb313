# cloud: uses core only (never ssh/ or ui/).
noinst_LIBRARIES += libcloud.a
libcloud_a_SOURCES = \
	src/cloud/cloud.h
