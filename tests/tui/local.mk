# TUI tests: key scripts, screen dumps compared with expected text.
