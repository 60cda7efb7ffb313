# Unit tests of src/cloud (http engine, auth, catalog, pagination, parsers).
# test_http and test_cloud start tests/fakecloud/fakecloud.py (/usr/bin/python3).
CLOUD_TEST_SOURCES = tests/unit/cloud_testlib.c tests/unit/cloud_testlib.h
CLOUD_TEST_CPPFLAGS = -DTOP_SRCDIR='"$(abs_top_srcdir)"'
CLOUD_TEST_LDADD = $(LIBS_CLOUD) $(LIBS_CORE) $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test_retry tests/unit/test_errbody tests/unit/test_auth \
	tests/unit/test_catalog tests/unit/test_pager tests/unit/test_compute \
	tests/unit/test_image tests/unit/test_identity tests/unit/test_http tests/unit/test_cloud \
	tests/unit/test_image_members
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

EXTRA_DIST += tests/fakecloud/fakecloud.py tests/fakecloud/record.py \
	tests/unit/data/cloud/auth_projects.json \
	tests/unit/data/cloud/error_glance_404.txt \
	tests/unit/data/cloud/error_keystone_401.json \
	tests/unit/data/cloud/error_neutron_404.json \
	tests/unit/data/cloud/error_nova_404.json \
	tests/unit/data/cloud/image_member.json \
	tests/unit/data/cloud/images_page1.json \
	tests/unit/data/cloud/images_page2.json \
	tests/unit/data/cloud/images_page3.json \
	tests/unit/data/cloud/servers_page1.json \
	tests/unit/data/cloud/servers_page2.json \
	tests/unit/data/cloud/servers_page3.json \
	tests/unit/data/cloud/servers_sparkdeck.json \
	tests/unit/data/cloud/token_password.json
