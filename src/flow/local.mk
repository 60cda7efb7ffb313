# flow: workflows as state machines on the loop; uses cloud/, ssh/ and core/.
noinst_LIBRARIES += libflow.a
libflow_a_SOURCES = \
	src/flow/image_share.c src/flow/image_share.h \
	src/flow/image_build.c src/flow/image_build.h src/flow/build_internal.h \
	src/flow/build_ready.c \
	src/flow/build_cleanup.c src/flow/build_cleanup.h \
	src/flow/build_leftovers.c src/flow/build_leftovers.h
# Cluster discovery: what the cloud holds of a cluster (or of every cluster), as the plan engine's input.
libflow_a_SOURCES += src/flow/cluster_observe.c src/flow/cluster_observe.h src/flow/observe_internal.h \
	src/flow/observe_acc.c
# Apply a cluster plan: scheduling and the end, keypair/Neutron/floating IP actions, servers with their waits.
libflow_a_SOURCES += src/flow/cluster_apply.c src/flow/cluster_apply.h src/flow/cluster_apply_internal.h \
	src/flow/cluster_apply_run.c src/flow/cluster_apply_server.c
# Plan a cluster against the live cloud: resolve the spec's image, flavors and external network, observe, plan.
libflow_a_SOURCES += src/flow/cluster_plan.c src/flow/cluster_plan.h src/flow/cluster_plan_pick.c
