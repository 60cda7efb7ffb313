# Unit tests of src/core (sanitize, yaml, clouds, config, recipe, spec, json).
check_PROGRAMS += tests/unit/test_sanitize tests/unit/test_json tests/unit/test_yaml \
	tests/unit/test_clouds tests/unit/test_clouds_env tests/unit/test_config tests/unit/test_recipe \
	tests/unit/test_spec tests/unit/test_build
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
tests_unit_test_recipe_SOURCES = tests/unit/test_recipe.c tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_recipe_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_spec_SOURCES = tests/unit/test_spec.c tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_spec_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
EXTRA_DIST += \
	tests/unit/data/yaml/nested.yaml tests/unit/data/yaml/malformed.yaml \
	tests/unit/data/yaml/bomb.yaml tests/unit/data/yaml/alias.yaml \
	tests/unit/data/config/sparkdeck.conf \
	tests/unit/data/recipes/hail-base/0.9.0.conf tests/unit/data/recipes/hail-base/1.9.0.conf \
	tests/unit/data/recipes/hail-base/1.10.0.conf tests/unit/data/recipes/hail-base/notes.txt \
	tests/unit/data/recipes/Upper/1.conf tests/unit/data/recipes/spark/3.5.1.conf \
	tests/unit/data/recipes/spark/init/cloud-init.yaml \
	examples/images/hail-base/1.0.0.conf examples/images/hail-base/user-data.yaml \
	examples/clusters/spark/ld14.conf examples/clusters/spark/ld14.pub
tests_unit_test_build_SOURCES = tests/unit/test_build.c
tests_unit_test_build_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
check_PROGRAMS += tests/unit/test_consolekeys
tests_unit_test_consolekeys_SOURCES = tests/unit/test_consolekeys.c
tests_unit_test_consolekeys_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
check_PROGRAMS += tests/unit/test_plan tests/unit/test_plan_safety tests/unit/test_plan_json
PLAN_FIXTURE = tests/unit/plan_fixture.c tests/unit/plan_fixture.h
tests_unit_test_plan_SOURCES = tests/unit/test_plan.c $(PLAN_FIXTURE)
tests_unit_test_plan_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_plan_json_SOURCES = tests/unit/test_plan_json.c $(PLAN_FIXTURE)
tests_unit_test_plan_json_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
tests_unit_test_plan_safety_SOURCES = tests/unit/test_plan_safety.c $(PLAN_FIXTURE)
tests_unit_test_plan_safety_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
# The apply scheduler: ready actions, the parallel bound, failures skipping dependents (hand-made and real plans).
check_PROGRAMS += tests/unit/test_apply_sched
tests_unit_test_apply_sched_SOURCES = tests/unit/test_apply_sched.c $(PLAN_FIXTURE)
tests_unit_test_apply_sched_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
# Discovery's pure part: the clusters that observed resources name, and one cluster's share.
check_PROGRAMS += tests/unit/test_discover
tests_unit_test_discover_SOURCES = tests/unit/test_discover.c
tests_unit_test_discover_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
# flow/cluster_apply against the sandbox (skips unless SPARKDECK_LIVE_CLOUDS is set; tests/e2e/t_apply.sh runs it).
check_PROGRAMS += tests/unit/test_apply_live
tests_unit_test_apply_live_SOURCES = tests/unit/test_apply_live.c tests/unit/apply_live.c tests/unit/apply_live.h \
	tests/unit/apply_live_cloud.c \
	tests/unit/cloud_testlib.c tests/unit/cloud_testlib.h tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_apply_live_CPPFLAGS = -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_apply_live_LDADD = libflow.a $(LIBS_CLOUD) $(LIBS_SSH) $(LIBS_CORE) $(UNIT_LDADD)
# Saved plans on disk: the default file, 0700/0600, atomic writes, errors naming the path.
check_PROGRAMS += tests/unit/test_planfile
tests_unit_test_planfile_SOURCES = tests/unit/test_planfile.c $(PLAN_FIXTURE) tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_planfile_LDADD = $(LIBS_CORE) $(UNIT_LDADD)
