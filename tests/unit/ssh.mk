# Unit tests of src/ssh against a real OpenSSH sshd started by the test on 127.0.0.1
# (skipped when /usr/sbin/sshd is missing).
check_PROGRAMS += tests/unit/test_ssh
tests_unit_test_ssh_SOURCES = tests/unit/test_ssh.c tests/ssh/sshd_fixture.c tests/ssh/sshd_fixture.h \
	tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_ssh_LDADD = $(LIBS_SSH) $(LIBS_CORE) $(UNIT_LDADD)
# Throwaway key pairs, in-memory keys and pinned host keys, against the same sshd fixture.
check_PROGRAMS += tests/unit/test_ssh_key
tests_unit_test_ssh_key_SOURCES = tests/unit/test_ssh_key.c tests/ssh/sshd_fixture.c tests/ssh/sshd_fixture.h \
	tests/unit/tmptree.c tests/unit/tmptree.h
tests_unit_test_ssh_key_LDADD = $(LIBS_SSH) $(LIBS_CORE) $(UNIT_LDADD)
