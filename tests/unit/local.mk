# Unit tests (cmocka, TAP output): one binary per module under test.
# Each layer lists its tests in its own fragment below.
if HAVE_CMOCKA
UNIT_LDADD = $(CMOCKA_LIBS)
AM_TESTS_ENVIRONMENT = CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	srcdir='$(srcdir)'; export srcdir; top_srcdir='$(top_srcdir)'; export top_srcdir;

check_PROGRAMS += tests/unit/test_buf tests/unit/test_model
tests_unit_test_buf_SOURCES = tests/unit/test_buf.c
tests_unit_test_buf_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_model_SOURCES = tests/unit/test_model.c
tests_unit_test_model_LDADD = $(LIBS_CORE) $(UNIT_LDADD)

include tests/unit/core.mk
include tests/unit/cloud.mk
include tests/unit/ssh.mk
include tests/unit/flow.mk
endif
TESTS += $(check_PROGRAMS)
