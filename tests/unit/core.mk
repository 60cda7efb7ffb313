# Unit tests of src/core (sanitize, yaml, clouds, config, json).
check_PROGRAMS += tests/unit/test_sanitize tests/unit/test_json tests/unit/test_yaml \
	tests/unit/test_clouds tests/unit/test_clouds_env tests/unit/test_config
tests_unit_test_sanitize_SOURCES = tests/unit/test_sanitize.c
tests_unit_test_sanitize_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_json_SOURCES = tests/unit/test_json.c
tests_unit_test_json_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_yaml_SOURCES = tests/unit/test_yaml.c tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_yaml_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
CLOUDS_FIXTURE = tests/unit/clouds_fixture.c tests/unit/clouds_fixture.h \
	tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_clouds_SOURCES = tests/unit/test_clouds.c $(CLOUDS_FIXTURE)
tests_unit_test_clouds_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_clouds_env_SOURCES = tests/unit/test_clouds_env.c $(CLOUDS_FIXTURE)
tests_unit_test_clouds_env_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_config_SOURCES = tests/unit/test_config.c tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_config_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
EXTRA_DIST += \
	tests/unit/data/yaml/nested.yaml tests/unit/data/yaml/malformed.yaml \
	tests/unit/data/yaml/bomb.yaml tests/unit/data/yaml/alias.yaml \
	tests/unit/data/config/sparkdeck.conf
