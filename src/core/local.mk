# core: no curses, curl or libssh2 here.
noinst_LIBRARIES += libcore.a
libcore_a_SOURCES = \
	src/core/base64.c src/core/base64.h \
	src/core/buf.c src/core/buf.h \
	src/core/build.c src/core/build.h src/core/buildlock.c src/core/buildlock.h \
	src/core/error.c src/core/error.h \
	src/core/model.c src/core/model.h \
	src/core/plan.c src/core/plan.h src/core/plan_internal.h src/core/plan_make.c src/core/plan_emit.c \
	src/core/plan_quota.c src/core/plan_render.c src/core/plan_snap.c src/core/plan_json.c \
	src/core/plan_json_write.c \
	src/core/discover.c src/core/discover.h \
	src/core/xmalloc.c src/core/xmalloc.h \
	src/core/clouds.c src/core/clouds.h \
	src/core/clouds_fill.c src/core/clouds_fill_region.c src/core/clouds_fill.h \
	src/core/clouds_search.c src/core/clouds_search.h \
	src/core/conffile.c src/core/conffile.h \
	src/core/consolekeys.c src/core/consolekeys.h \
	src/core/config.c src/core/config.h \
	src/core/recipe.c src/core/recipe_list.c src/core/recipe.h \
	src/core/reflist.c src/core/reflist.h \
	src/core/spec.c src/core/spec.h src/core/spec_check.c src/core/spec_check.h \
	src/core/json.c src/core/json.h \
	src/core/sanitize.c src/core/sanitize.h \
	src/core/text.c src/core/text.h \
	src/core/yaml.c src/core/yaml.h
# Which actions of a plan's apply may run next (pure; driven by src/flow/cluster_apply.c).
libcore_a_SOURCES += src/core/apply_sched.c src/core/apply_sched.h
# Saved cluster plans as files; specs that would claim the same cluster name.
libcore_a_SOURCES += src/core/planfile.c src/core/planfile.h src/core/spec_clash.c
