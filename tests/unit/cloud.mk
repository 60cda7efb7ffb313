# Unit tests of src/cloud (http engine, auth, catalog, pagination, parsers).
# test_http and test_cloud start tests/fakecloud/fakecloud.py (/usr/bin/python3).
CLOUD_TEST_SOURCES = tests/unit/cloud_testlib.c tests/unit/cloud_testlib.h
CLOUD_TEST_CPPFLAGS = -DTOP_SRCDIR='"$(abs_top_srcdir)"'
CLOUD_TEST_LDADD = $(LIBS_CLOUD) $(LIBS_CORE) $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test_retry tests/unit/test_errbody tests/unit/test_auth \
	tests/unit/test_catalog tests/unit/test_pager tests/unit/test_compute \
	tests/unit/test_image tests/unit/test_identity tests/unit/test_http tests/unit/test_cloud \
	tests/unit/test_image_members
check_PROGRAMS += tests/unit/test_compute_ops tests/unit/test_ops_nova_live
tests_unit_test_retry_SOURCES = tests/unit/test_retry.c
tests_unit_test_retry_LDADD = $(LIBS_CLOUD) $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_errbody_SOURCES = tests/unit/test_errbody.c $(CLOUD_TEST_SOURCES)
tests_unit_test_errbody_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_errbody_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_auth_SOURCES = tests/unit/test_auth.c $(CLOUD_TEST_SOURCES)
tests_unit_test_auth_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_auth_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_catalog_SOURCES = tests/unit/test_catalog.c $(CLOUD_TEST_SOURCES)
tests_unit_test_catalog_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_catalog_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_pager_SOURCES = tests/unit/test_pager.c $(CLOUD_TEST_SOURCES)
tests_unit_test_pager_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_pager_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_compute_SOURCES = tests/unit/test_compute.c $(CLOUD_TEST_SOURCES)
tests_unit_test_compute_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_compute_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_image_SOURCES = tests/unit/test_image.c $(CLOUD_TEST_SOURCES)
tests_unit_test_image_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_image_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_image_members_SOURCES = tests/unit/test_image_members.c
tests_unit_test_image_members_LDADD = $(LIBS_CLOUD) $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_identity_SOURCES = tests/unit/test_identity.c $(CLOUD_TEST_SOURCES)
tests_unit_test_identity_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_identity_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_http_SOURCES = tests/unit/test_http.c $(CLOUD_TEST_SOURCES)
tests_unit_test_http_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_http_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_cloud_SOURCES = tests/unit/test_cloud.c $(CLOUD_TEST_SOURCES)
tests_unit_test_cloud_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_cloud_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_compute_ops_SOURCES = tests/unit/test_compute_ops.c $(CLOUD_TEST_SOURCES)
tests_unit_test_compute_ops_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_compute_ops_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_ops_nova_live_SOURCES = tests/unit/test_ops_nova_live.c $(CLOUD_TEST_SOURCES)
tests_unit_test_ops_nova_live_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_ops_nova_live_LDADD = $(CLOUD_TEST_LDADD)
# Neutron: parsers and bodies (recorded JSON, the fake); the live test skips unless SPARKDECK_LIVE_CLOUDS is set.
check_PROGRAMS += tests/unit/test_network tests/unit/test_ops_neutron_live
tests_unit_test_network_SOURCES = tests/unit/test_network.c $(CLOUD_TEST_SOURCES)
tests_unit_test_network_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_network_LDADD = $(CLOUD_TEST_LDADD)
tests_unit_test_ops_neutron_live_SOURCES = tests/unit/test_ops_neutron_live.c $(CLOUD_TEST_SOURCES)
tests_unit_test_ops_neutron_live_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_ops_neutron_live_LDADD = $(CLOUD_TEST_LDADD)

EXTRA_DIST += tests/fakecloud/fakecloud.py tests/fakecloud/record.py \
	tests/unit/data/cloud/auth_projects.json \
	tests/unit/data/cloud/compute_console.json \
	tests/unit/data/cloud/compute_error_auto_network.json \
	tests/unit/data/cloud/compute_error_stop_409.json \
	tests/unit/data/cloud/compute_flavors.json \
	tests/unit/data/cloud/compute_keypairs.json \
	tests/unit/data/cloud/compute_server_create.json \
	tests/unit/data/cloud/compute_server_error.json \
	tests/unit/data/cloud/compute_server_metadata.json \
	tests/unit/data/cloud/compute_snapshot.json \
	tests/unit/data/cloud/image_error_protected.txt \
	tests/unit/data/cloud/image_snapshot.json \
	tests/unit/data/cloud/error_glance_404.txt \
	tests/unit/data/cloud/error_keystone_401.json \
	tests/unit/data/cloud/error_neutron_404.json \
	tests/unit/data/cloud/error_nova_404.json \
	tests/unit/data/cloud/image_member.json \
	tests/unit/data/cloud/network_error_in_use.json \
	tests/unit/data/cloud/network_floatingip.json \
	tests/unit/data/cloud/network_networks.json \
	tests/unit/data/cloud/network_ports.json \
	tests/unit/data/cloud/network_router.json \
	tests/unit/data/cloud/network_secgroup.json \
	tests/unit/data/cloud/network_subnet.json \
	tests/unit/data/cloud/images_page1.json \
	tests/unit/data/cloud/images_page2.json \
	tests/unit/data/cloud/images_page3.json \
	tests/unit/data/cloud/servers_page1.json \
	tests/unit/data/cloud/servers_page2.json \
	tests/unit/data/cloud/servers_page3.json \
	tests/unit/data/cloud/servers_sparkdeck.json \
	tests/unit/data/cloud/token_password.json
# Quotas: Nova's limits and Neutron's quota details (recorded by tests/fakecloud/record_observe.py, the fake).
check_PROGRAMS += tests/unit/test_quota
tests_unit_test_quota_SOURCES = tests/unit/test_quota.c $(CLOUD_TEST_SOURCES)
tests_unit_test_quota_CPPFLAGS = $(CLOUD_TEST_CPPFLAGS)
tests_unit_test_quota_LDADD = $(CLOUD_TEST_LDADD)
EXTRA_DIST += tests/fakecloud/record_observe.py \
	tests/unit/data/cloud/observe_fip_ports.json \
	tests/unit/data/cloud/observe_fips.json \
	tests/unit/data/cloud/observe_limits.json \
	tests/unit/data/cloud/observe_quota_details.json \
	tests/unit/data/cloud/observe_router_ports.json \
	tests/unit/data/cloud/observe_routers.json \
	tests/unit/data/cloud/observe_rules.json \
	tests/unit/data/cloud/observe_secgroups.json \
	tests/unit/data/cloud/observe_servers.json
