# cloud: uses core only (never ssh/ or ui/).
noinst_LIBRARIES += libcloud.a
libcloud_a_SOURCES = \
	src/cloud/cloud.c src/cloud/cloud.h \
	src/cloud/http.c src/cloud/http.h src/cloud/http_impl.h src/cloud/http_loop.c \
	src/cloud/retry.c src/cloud/retry.h \
	src/cloud/errbody.c src/cloud/errbody.h \
	src/cloud/auth.c src/cloud/auth.h \
	src/cloud/catalog.c src/cloud/catalog.h \
	src/cloud/session.c src/cloud/session.h \
	src/cloud/pager.c src/cloud/pager.h \
	src/cloud/compute.c src/cloud/compute.h \
	src/cloud/compute_body.c src/cloud/compute_ops.c src/cloud/image_ops.c \
	src/cloud/image.c src/cloud/image.h \
	src/cloud/image_members.c src/cloud/image_members_ops.c src/cloud/image_members.h \
	src/cloud/network.c src/cloud/network.h src/cloud/network_body.c src/cloud/network_ops.c \
	src/cloud/quota.c src/cloud/quota.h src/cloud/quota_ops.c \
	src/cloud/cloud_internal.h src/cloud/call.c src/cloud/call.h src/cloud/ops.h \
	src/cloud/identity.c src/cloud/identity.h
