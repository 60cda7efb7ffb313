# TUI tests: key scripts run with --no-display against tests/fakecloud, screen dumps
# compared with expected text (run.sh), and the real binary in tmux (tmux.sh). TAP.
TUI_CASES = \
	tests/tui/build-ask.keys tests/tui/build-ask.expected \
	tests/tui/build-fail.keys tests/tui/build-fail.expected \
	tests/tui/clusters.keys tests/tui/clusters.expected \
	tests/tui/detail.keys tests/tui/detail.expected \
	tests/tui/evil-names.keys tests/tui/evil-names.expected \
	tests/tui/filter.keys tests/tui/filter.expected \
	tests/tui/help.keys tests/tui/help.expected \
	tests/tui/images.keys tests/tui/images.expected \
	tests/tui/keep-selection.keys tests/tui/keep-selection.expected \
	tests/tui/layout-80x24.keys tests/tui/layout-80x24.expected \
	tests/tui/many-rows.keys tests/tui/many-rows.expected \
	tests/tui/nova-500.keys tests/tui/nova-500.expected \
	tests/tui/nova-503.keys tests/tui/nova-503.expected \
	tests/tui/project-switch.keys tests/tui/project-switch.expected \
	tests/tui/projects.keys tests/tui/projects.expected \
	tests/tui/prompt.keys tests/tui/prompt.expected \
	tests/tui/share.keys tests/tui/share.expected \
	tests/tui/share-accept.keys tests/tui/share-accept.expected \
	tests/tui/share-errors.keys tests/tui/share-errors.expected \
	tests/tui/share-pick.keys tests/tui/share-pick.expected \
	tests/tui/share-pick-add.keys tests/tui/share-pick-add.expected \
	tests/tui/share-pick-cancel.keys tests/tui/share-pick-cancel.expected \
	tests/tui/share-pick-members.keys tests/tui/share-pick-members.expected \
	tests/tui/sort.keys tests/tui/sort.expected
# Image recipes for the build tests (SPARKDECK_IMAGES_DIR=recipes in run.sh).
TUI_RECIPES = \
	tests/tui/recipes/badkey/1.0.conf \
	tests/tui/recipes/broken/1.0.conf \
	tests/tui/recipes/hail-base/1.0.0.conf

TESTS += tests/tui/run.sh tests/tui/tmux.sh
EXTRA_DIST += tests/tui/README.md tests/tui/run.sh tests/tui/tmux.sh $(TUI_CASES) $(TUI_RECIPES)

# The text and key helpers, and the build screen's scrollback, without a terminal (TESTS takes check_PROGRAMS).
check_PROGRAMS += tests/tui/test_text tests/tui/test_lines
tests_tui_test_text_SOURCES = tests/tui/test_text.c
tests_tui_test_text_LDADD = libui.a $(LIBS_CORE) $(NCURSES_LIBS)
tests_tui_test_lines_SOURCES = tests/tui/test_lines.c
tests_tui_test_lines_LDADD = libui.a $(LIBS_CORE)
