# Unit tests of src/flow (the cloud ones replay recorded JSON; test_observe starts tests/fakecloud/fakecloud.py).
FLOW_TEST_LDADD = libflow.a $(CLOUD_TEST_LDADD)

# Cluster discovery: what is kept and joined (recorded answers), the flow against the fake; the live test
# skips unless SPARKDECK_LIVE_CLOUDS is set (tests/e2e/t_observe.sh sets it).
check_PROGRAMS += tests/unit/test_observe tests/unit/test_observe_live
tests_unit_test_observe_SOURCES = tests/unit/test_observe.c $(CLOUD_TEST_SOURCES)
tests_unit_test_observe_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_observe_LDADD = $(FLOW_TEST_LDADD)
tests_unit_test_observe_live_SOURCES = tests/unit/test_observe_live.c $(CLOUD_TEST_SOURCES)
tests_unit_test_observe_live_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_observe_live_LDADD = $(FLOW_TEST_LDADD)
# Planning against the live cloud: the image and external network a spec picks; the flow against the fake.
check_PROGRAMS += tests/unit/test_cluster_plan
tests_unit_test_cluster_plan_SOURCES = tests/unit/test_cluster_plan.c $(CLOUD_TEST_SOURCES)
tests_unit_test_cluster_plan_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_cluster_plan_LDADD = $(FLOW_TEST_LDADD)
