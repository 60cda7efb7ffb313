# CLI tests: `sparkdeck list` against the fake cloud's bad cases (TAP).
TESTS += tests/cli/run.sh
EXTRA_DIST += tests/cli/run.sh
