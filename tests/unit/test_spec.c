#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/config.h"
#include "core/error.h"
#include "core/spec.h"
#include "core/xmalloc.h"
#include "tmptree.h"

#define ED_KEY "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjGr0xWWD/Obkw0gCtcPmHS9XGJFtVpjsF0rpAnOFEG example"
#define EC_KEY "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOpXfB9WAOhpL" \
	"XVvqO4UQaQxYWHlLvJRWwDaUZYaB4zoOWC1hi9p3tTl2FNNZtMhLsMaZbffFDOKs9aUnjbdNds= t"
/* Three and four lines: whatever a case appends to NOKEY starts on line 4, to MINIMAL on line 5. */
#define NOKEY "image = \"debian-12\";\nmaster_flavor = \"m1.small\";\nworker_flavor = \"m1.medium\";\n"
#define KEY "keypair = { public_key = \"ed.pub\"; };\n"
#define MINIMAL NOKEY KEY

/* A temporary tree (ROOT/clusters is the clusters directory, keys in ROOT/clusters/k), SPARKDECK_CLUSTERS_DIR unset. */
static int setup(void **state)
{
	char *root = tmptree_new(), *p;

	unsetenv("SPARKDECK_CLUSTERS_DIR");
	free(tmptree_mkdir(root, "clusters"));
	p = tmptree_write(root, "clusters/k/ed.pub", ED_KEY "\n", 0644);
	free(p);
	*state = root;
	return 0;
}

static int teardown(void **state)
{
	tmptree_remove(*state);
	free(*state);
	return 0;
}

static char *at(void **state, const char *rel)
{
	return xasprintf("%s/%s", (char *)*state, rel);
}

/* Write text as the spec ref under ROOT/clusters; returns the file's path. */
static char *write_spec(void **state, const char *ref, const char *text)
{
	char *rel = xasprintf("clusters/%s.conf", ref), *path = tmptree_write(*state, rel, text, 0600);

	free(rel);
	return path;
}

/* Write text to ROOT/clusters/k/name (a key or user data file). */
static void write_file(void **state, const char *name, const char *text)
{
	char *rel = xasprintf("clusters/k/%s", name);

	free(tmptree_write(*state, rel, text, 0644));
	free(rel);
}

/* Load k/s from text; expect rc and, when want is set, the message "FILE:LINE: want..." (line NULL: "FILE: want"). */
static void expect_error(void **state, const char *text, int rc, const char *line, const char *want)
{
	char *clusters = at(state, "clusters"), *file = write_spec(state, "k/s", text), *prefix;
	struct spec s;

	prefix = line ? xasprintf("%s:%s: %s", file, line, want) : xasprintf("%s: %s", file, want);
	memset(&s, 0x5a, sizeof s);
	if (spec_load(&s, clusters, "k/s") != rc)
		fail_msg("spec\n%s\nnot %d: %s", text, rc, err_last());
	if (strncmp(err_last(), prefix, strlen(prefix)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err_last(), prefix);
	assert_null(s.path);
	assert_null(s.image);
	assert_int_equal(s.n_dns, 0);
	spec_dispose(&s);
	free(prefix);
	free(file);
	free(clusters);
}

static void test_shipped_example(void **state)
{
	const char *top = getenv("top_srcdir");
	char *dir = xasprintf("%s/examples/clusters", top && *top ? top : "."), *want, **refs;
	struct spec s;
	size_t n;

	(void)state;
	assert_int_equal(spec_load(&s, dir, "spark/ld14"), 0);
	want = xasprintf("%s/spark/ld14.conf", dir);
	assert_string_equal(s.path, want);
	free(want);
	assert_string_equal(s.ref, "spark/ld14");
	assert_string_equal(s.kind, "spark");
	assert_string_equal(s.name, "ld14");
	assert_string_equal(s.cluster_name, "spark-ld14");
	assert_string_equal(s.image, "hail-base/1.0.0");
	assert_true(s.image_is_recipe);
	assert_string_equal(s.master_flavor, "m1.small");
	assert_string_equal(s.worker_flavor, "m1.medium");
	assert_int_equal(s.workers, 3);
	assert_string_equal(s.cidr, "10.42.0.0/24");
	assert_string_equal(s.external_network, "public");
	assert_int_equal(s.n_dns, 1);
	assert_string_equal(s.dns[0], "192.0.2.53");
	assert_int_equal(s.n_ssh_cidrs, 1);
	assert_string_equal(s.ssh_cidrs[0], "0.0.0.0/0");
	assert_int_equal(s.n_ui_cidrs, 1);
	assert_string_equal(s.ui_cidrs[0], "192.0.2.0/24");
	want = xasprintf("%s/spark/ld14.pub", dir);
	assert_string_equal(s.public_key_path, want);
	free(want);
	assert_string_equal(s.public_key_type, "ssh-ed25519");
	assert_true(strncmp(s.public_key, "ssh-ed25519 AAAA", 16) == 0);
	assert_null(strchr(s.public_key, '\n'));
	assert_true(s.floating_ip);
	assert_string_equal(s.ssh_user, "debian");
	assert_int_equal(s.master_port, 7077);
	assert_int_equal(s.ui_port, 8080);
	assert_int_equal(s.worker_cores, 2);
	assert_string_equal(s.worker_memory, "3g");
	assert_int_equal(s.worker_memory_mb, 3072);
	assert_null(s.master_user_data);
	assert_null(s.worker_user_data);
	spec_dispose(&s);
	assert_int_equal(spec_list_refs(&refs, &n, dir), 0);
	assert_int_equal(n, 1);
	assert_string_equal(refs[0], "spark/ld14");
	spec_free_refs(refs, n);
	free(dir);
}

static void test_defaults(void **state)
{
	char *clusters = at(state, "clusters"), *file = write_spec(state, "k/small", MINIMAL), *want;
	struct spec s;

	assert_int_equal(spec_load(&s, clusters, "k/small"), 0);
	assert_string_equal(s.path, file);
	assert_string_equal(s.cluster_name, "k-small");
	assert_string_equal(s.image, "debian-12");
	assert_false(s.image_is_recipe);
	assert_int_equal(s.workers, 2);
	assert_string_equal(s.cidr, "10.42.0.0/24");
	assert_string_equal(s.external_network, "public");
	assert_int_equal(s.n_dns, 0);
	assert_null(s.dns);
	assert_int_equal(s.n_ssh_cidrs, 1);
	assert_string_equal(s.ssh_cidrs[0], "0.0.0.0/0");
	assert_int_equal(s.n_ui_cidrs, 0);
	assert_null(s.ui_cidrs);
	want = at(state, "clusters/k/ed.pub");
	assert_string_equal(s.public_key_path, want);
	free(want);
	assert_string_equal(s.public_key, ED_KEY);
	assert_true(s.floating_ip);
	assert_string_equal(s.ssh_user, "debian");
	assert_int_equal(s.master_port, 7077);
	assert_int_equal(s.ui_port, 8080);
	assert_int_equal(s.worker_cores, 1);
	assert_null(s.worker_memory);
	assert_int_equal(s.worker_memory_mb, 0);
	assert_null(s.master_user_data_path);
	assert_null(s.worker_user_data_path);
	spec_dispose(&s);
	spec_dispose(&s);       /* disposing twice is harmless */
	free(file);
	free(clusters);
}

static void test_every_key(void **state)
{
	char *clusters = at(state, "clusters"), *file, *want;
	struct spec s;

	write_file(state, "m.yaml", "#cloud-config\nmaster: 1\n");
	write_file(state, "w.yaml", "#cloud-config\nworker: 1\n");
	write_file(state, "ec.pub", "# my key\n\n" EC_KEY "\n");
	file = write_spec(state, "k/big",
		"image = \"0b5e2b5a-31c3-4bd4-9d0b-5d9e2a1b6c01\";\n"
		"master_flavor = \"m1.large\";\nworker_flavor = \"m1.xlarge\";\nworkers = 100;\n"
		"network = { cidr = \"172.16.0.0/16\"; external_network = \"ext-net\";\n"
		"  dns = [ \"1.1.1.1\", \"9.9.9.9\" ]; };\n"
		"security = { ssh_cidrs = [ \"203.0.113.7/32\", \"2001:db8::/32\" ]; ui_cidrs = ( \"10.0.0.0/8\" ); };\n"
		"keypair = { public_key = \"ec.pub\"; };\n"
		"floating_ip = false;\nssh_user = \"ubuntu\";\n"
		"spark = { master_port = 7078; ui_port = 8081; worker_cores = 256; worker_memory = \"512m\"; };\n"
		"user_data = { master = \"m.yaml\"; worker = \"w.yaml\"; };\n");
	assert_int_equal(spec_load(&s, clusters, "k/big"), 0);
	assert_false(s.image_is_recipe);
	assert_int_equal(s.workers, 100);
	assert_string_equal(s.cidr, "172.16.0.0/16");
	assert_string_equal(s.external_network, "ext-net");
	assert_int_equal(s.n_dns, 2);
	assert_string_equal(s.dns[1], "9.9.9.9");
	assert_int_equal(s.n_ssh_cidrs, 2);
	assert_string_equal(s.ssh_cidrs[0], "203.0.113.7/32");
	assert_string_equal(s.ssh_cidrs[1], "2001:db8::/32");
	assert_int_equal(s.n_ui_cidrs, 1);
	assert_string_equal(s.public_key_type, "ecdsa-sha2-nistp256");
	assert_string_equal(s.public_key, EC_KEY);
	assert_false(s.floating_ip);
	assert_string_equal(s.ssh_user, "ubuntu");
	assert_int_equal(s.master_port, 7078);
	assert_int_equal(s.ui_port, 8081);
	assert_int_equal(s.worker_cores, 256);
	assert_string_equal(s.worker_memory, "512m");
	assert_int_equal(s.worker_memory_mb, 512);
	want = at(state, "clusters/k/m.yaml");
	assert_string_equal(s.master_user_data_path, want);
	free(want);
	assert_string_equal(s.master_user_data, "#cloud-config\nmaster: 1\n");
	assert_string_equal(s.worker_user_data, "#cloud-config\nworker: 1\n");
	spec_dispose(&s);
	free(file);
	free(clusters);
}

/* Each broken spec is refused with its file:line, and the output is left zeroed. */
static void test_errors_name_their_line(void **state)
{
	static const char *const cases[][3] = {
		{ MINIMAL "\nworker = 3;\n", "6", "unknown setting 'worker'; known: image, master_flavor" },
		{ MINIMAL "workers = 101;\n", "5", "workers is 101; allowed: 0 to 100" },
		{ MINIMAL "workers = -1;\n", "5", "workers is -1; allowed: 0 to 100" },
		{ MINIMAL "workers = \"2\";\n", "5", "workers must be a whole number from 0 to 100" },
		{ MINIMAL "floating_ip = 1;\n", "5", "floating_ip must be true or false" },
		{ MINIMAL "ssh_user = \"-oProxyCommand=x\";\n", "5", "ssh_user must be a user name" },
		{ KEY "master_flavor = \"a\";\nworker_flavor = \"b\";\nimage = \"\";\n", "4", "image must not be empty" },
		{ KEY "master_flavor = \"a\";\nworker_flavor = \"b\";\nimage = \"a/../b\";\n", "4", "image \"a/../b\" holds a '/' but is not a recipe ref" },
		{ KEY "image = \"a\";\nworker_flavor = \"b\";\nmaster_flavor = 3;\n", "4", "master_flavor must be a string in double quotes" },
		{ MINIMAL "network = \"x\";\n", "5", "network must be a group: network = { ... }; known in it: cidr" },
		{ MINIMAL "network = {\n  cidr = \"10.42.0.0/24\";\n  mtu = 1400;\n};\n", "7",
		  "unknown setting 'network.mtu'; known in network: cidr, external_network, dns" },
		{ MINIMAL "network = { dns = \"1.1.1.1\"; };\n", "5", "network.dns must be a list" },
		{ MINIMAL "network = { dns = [ \"1.1.1.1\",\n \"1.1.1\" ]; };\n", "6",
		  "network.dns entry \"1.1.1\" is not valid; allowed: IPv4 addresses" },
		{ MINIMAL "network = { dns = [ \"1.1.1.1\", \"1.1.1.1\" ]; };\n", "5", "network.dns names 1.1.1.1 twice" },
		{ MINIMAL "network = { dns = [ \"1.1.1.1\", \"1.1.1.2\", \"1.1.1.3\", \"1.1.1.4\", \"1.1.1.5\", "
		  "\"1.1.1.6\" ]; };\n", "5", "network.dns has 6 entries; allowed: at most 5" },
		{ MINIMAL "network = { external_network = \"\"; };\n", "5", "network.external_network must not be empty" },
		{ MINIMAL "security = { ssh_cidrs = [ \"0.0.0.0\" ]; };\n", "5",
		  "security.ssh_cidrs entry \"0.0.0.0\" is not valid; allowed: CIDRs" },
		{ MINIMAL "security = { ui_cidrs = [ 1 ]; };\n", "5", "each security.ui_cidrs entry must be a string" },
		{ MINIMAL "security = { http_cidrs = []; };\n", "5", "unknown setting 'security.http_cidrs'" },
		{ NOKEY "keypair = { private_key = \"x\"; };\n", "4", "unknown setting 'keypair.private_key'" },
		{ NOKEY "keypair = { public_key = \"ed\"; };\n", "4", "keypair.public_key \"ed\" does not end in .pub" },
		{ NOKEY "keypair = { public_key = \"none.pub\"; };\n", "4", "keypair.public_key file " },
		{ MINIMAL "spark = { master_port = 22; };\n", "5", "spark.master_port is 22; allowed: 1024 to 65535" },
		{ MINIMAL "spark = { ui_port = 65536; };\n", "5", "spark.ui_port is 65536; allowed: 1024 to 65535" },
		{ MINIMAL "spark = { worker_cores = 0; };\n", "5", "spark.worker_cores is 0; allowed: 1 to 256" },
		{ MINIMAL "spark = { worker_cores = 257; };\n", "5", "spark.worker_cores is 257; allowed: 1 to 256" },
		{ MINIMAL "spark = { worker_memory = 1; };\n", "5", "spark.worker_memory must be a string" },
		{ MINIMAL "spark = { executor_memory = \"1g\"; };\n", "5", "unknown setting 'spark.executor_memory'" },
		{ MINIMAL "user_data = { master = \"none.yaml\"; };\n", "5", "user_data.master file " },
		{ MINIMAL "user_data = { driver = \"x\"; };\n", "5", "unknown setting 'user_data.driver'; known in user_data: master, worker" },
		{ MINIMAL "user_data = [ \"x\" ];\n", "5", "user_data must be a group" },
		{ "master_flavor = \"a\";\nworker_flavor = \"b\";\nkeypair = { public_key = \"ed.pub\"; };\n",
		  NULL, "image is missing" },
		{ "image = \"a\";\nworker_flavor = \"b\";\nkeypair = { public_key = \"ed.pub\"; };\n",
		  NULL, "master_flavor is missing" },
		{ "image = \"a\";\nmaster_flavor = \"b\";\nkeypair = { public_key = \"ed.pub\"; };\n",
		  NULL, "worker_flavor is missing" },
		{ "image = \"a\";\nmaster_flavor = \"b\";\nworker_flavor = \"b\";\n", NULL, "keypair.public_key is missing" },
		{ MINIMAL "spark = { ui_port = 7077; };\n", NULL, "spark.master_port and spark.ui_port are both 7077" },
		{ MINIMAL "network = { cidr = \"10.0.0.0/28\"; };\nworkers = 12;\n", NULL,
		  "network.cidr 10.0.0.0/28 has room for 12 servers but the cluster has 13" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_error(state, cases[i][0], ERR_CONFIG, cases[i][1], cases[i][2]);
}

static void test_cidrs(void **state)
{
	static const char *const good[] = { "10.42.0.0/24", "0.0.0.0/0", "192.0.2.7/32", "10.0.0.0/8" };
	static const char *const bad[] = {
		"10.42.0.1/24", "10.42.0.0", "10.42.0.0/33", "10.42.0.0/", "/24", "10.42.0/24", "10.42.0.0/024",
		"10.42.0.0/2x", "10.42.0.0/-1", "256.0.0.0/8", "2001:db8::/32", "10.42.0.0/24 ", " 10.42.0.0/24",
	};
	char *text;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!spec_valid_ipv4_cidr(good[i]))
			fail_msg("CIDR \"%s\" should be accepted", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (spec_valid_ipv4_cidr(bad[i]))
			fail_msg("CIDR \"%s\" should be refused", bad[i]);
	/* network.cidr: IPv4, /8 to /28, no host bits. */
	expect_error(state, MINIMAL "network = { cidr = \"10.42.0.1/24\"; };\n", ERR_CONFIG, "5",
		     "network.cidr \"10.42.0.1/24\" is not an IPv4 network; allowed: A.B.C.D/N with N from 8 to 28");
	expect_error(state, MINIMAL "network = { cidr = \"10.42.0.0/29\"; };\n", ERR_CONFIG, "5",
		     "network.cidr \"10.42.0.0/29\" is not an IPv4 network");
	expect_error(state, MINIMAL "network = { cidr = \"fd00::/64\"; };\n", ERR_CONFIG, "5",
		     "network.cidr \"fd00::/64\" is not an IPv4 network");
	/* Security CIDRs may be IPv6 but need a prefix and no host bits. */
	expect_error(state, MINIMAL "security = { ssh_cidrs = [ \"2001:db8::1/32\" ]; };\n", ERR_CONFIG, "5",
		     "security.ssh_cidrs entry \"2001:db8::1/32\" is not valid");
	expect_error(state, MINIMAL "security = { ui_cidrs = [ \"192.0.2.1/24\" ]; };\n", ERR_CONFIG, "5",
		     "security.ui_cidrs entry \"192.0.2.1/24\" is not valid");
	/* A /28 holds 12 servers: master and 11 workers. */
	text = xstrdup(MINIMAL "network = { cidr = \"10.0.0.0/28\"; };\nworkers = 11;\n");
	{
		char *clusters = at(state, "clusters"), *file = write_spec(state, "k/s", text);
		struct spec s;

		assert_int_equal(spec_load(&s, clusters, "k/s"), 0);
		spec_dispose(&s);
		free(file);
		free(clusters);
	}
	free(text);
}

static void test_memory(void **state)
{
	static const struct { const char *text; long long mb; } cases[] = {
		{ "1g", 1024 }, { "512m", 512 }, { "128m", 128 }, { "2G", 2048 }, { "1t", 1048576 },
		{ "64t", 64LL * 1048576 }, { "127m", -1 }, { "65t", -1 }, { "0g", -1 }, { "01g", -1 },
		{ "1", -1 }, { "g", -1 }, { "1k", -1 }, { "1gb", -1 }, { "1.5g", -1 }, { "-1g", -1 },
		{ " 1g", -1 }, { "99999999999999999999g", -1 }, { "", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (spec_parse_memory(cases[i].text) != cases[i].mb)
			fail_msg("memory \"%s\": got %lld, want %lld", cases[i].text,
				 spec_parse_memory(cases[i].text), cases[i].mb);
	expect_error(state, MINIMAL "spark = {\n worker_memory = \"1gb\";\n};\n", ERR_CONFIG, "6",
		     "spark.worker_memory \"1gb\" is not a memory size; allowed: a whole number and m, g or t");
}

static void test_public_keys(void **state)
{
	char *clusters = at(state, "clusters"), *file, *home = at(state, "home"), *want;
	const char *old_home = getenv("HOME");
	char *saved = old_home ? xstrdup(old_home) : NULL;
	struct spec s;

	write_file(state, "rsa.pub", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 someone@host\n");
	expect_error(state, NOKEY "keypair = { public_key = \"rsa.pub\"; };\n", ERR_CONFIG, "4",
		     "keypair.public_key ");
	assert_non_null(strstr(err_last(), "is an RSA key; libssh2 1.10 cannot sign with RSA-SHA2"));
	assert_non_null(strstr(err_last(), "ssh-keygen -t ed25519"));
	write_file(state, "dss.pub", "ssh-dss AAAAB3NzaC1kc3MAAACBAP something\n");
	expect_error(state, NOKEY "keypair = { public_key = \"dss.pub\"; };\n", ERR_CONFIG, "4",
		     "keypair.public_key ");
	assert_non_null(strstr(err_last(), "not an OpenSSH public key line of a known type"));
	write_file(state, "priv.pub", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n"
		   "-----END OPENSSH PRIVATE KEY-----\n");
	expect_error(state, NOKEY "keypair = { public_key = \"priv.pub\"; };\n", ERR_CONFIG, "4",
		     "keypair.public_key ");
	assert_non_null(strstr(err_last(), "holds 3 key lines"));
	write_file(state, "two.pub", ED_KEY "\n" EC_KEY "\n");
	expect_error(state, NOKEY "keypair = { public_key = \"two.pub\"; };\n", ERR_CONFIG, "4",
		     "keypair.public_key ");
	assert_non_null(strstr(err_last(), "holds 2 key lines"));
	/* The type inside the base64 blob must match the one in front of it. */
	write_file(state, "lie.pub", "ecdsa-sha2-nistp256 AAAAC3NzaC1lZDI1NTE5AAAAICjGr0xWWD/Obkw0gCtcPmHS9XGJFtVpjsF0rpAnOFEG x\n");
	expect_error(state, NOKEY "keypair = { public_key = \"lie.pub\"; };\n", ERR_CONFIG, "4",
		     "keypair.public_key ");
	assert_non_null(strstr(err_last(), "is not a valid ecdsa-sha2-nistp256 key"));
	write_file(state, "junk.pub", "ssh-ed25519 AAAA!!!! x\n");
	expect_error(state, NOKEY "keypair = { public_key = \"junk.pub\"; };\n", ERR_CONFIG, "4",
		     "keypair.public_key ");
	assert_non_null(strstr(err_last(), "is not a valid ssh-ed25519 key"));
	write_file(state, "empty.pub", "");
	expect_error(state, NOKEY "keypair = { public_key = \"empty.pub\"; };\n", ERR_CONFIG, "4",
		     "keypair.public_key file ");
	/* ~/ is the home directory. */
	free(tmptree_write(*state, "home/.ssh/id_ed25519.pub", ED_KEY "\n", 0644));
	setenv("HOME", home, 1);
	file = write_spec(state, "k/s", NOKEY "keypair = { public_key = \"~/.ssh/id_ed25519.pub\"; };\n");
	assert_int_equal(spec_load(&s, clusters, "k/s"), 0);
	want = xasprintf("%s/.ssh/id_ed25519.pub", home);
	assert_string_equal(s.public_key_path, want);
	free(want);
	spec_dispose(&s);
	if (saved)
		setenv("HOME", saved, 1);
	else
		unsetenv("HOME");
	free(saved);
	free(file);
	free(home);
	free(clusters);
}

static void test_user_data_cap(void **state)
{
	char *big = xmalloc(SPEC_USER_DATA_MAX + 2);

	memset(big, 'x', SPEC_USER_DATA_MAX + 1);
	big[SPEC_USER_DATA_MAX + 1] = '\0';
	write_file(state, "big.yaml", big);
	expect_error(state, MINIMAL "user_data = { worker = \"big.yaml\"; };\n", ERR_TOOBIG, "5",
		     "user_data.worker file ");
	assert_non_null(strstr(err_last(), "allowed: at most 49149 (Nova takes 65535 bytes of base64)"));
	free(big);
}

static void test_syntax_and_refs(void **state)
{
	static const char *const bad[] = { "spark", "spark/", "/ld14", "Spark/ld14", "spark/LD14", "a/b/c",
					   "../x/y", "spark/..", "spark/.x" };
	char *clusters = at(state, "clusters"), *file = write_spec(state, "k/s", MINIMAL "\nworkers = ;\n");
	char *prefix = xasprintf("%s:6: ", file);
	struct spec s;
	size_t i;

	assert_int_equal(spec_load(&s, clusters, "k/s"), ERR_PARSE);
	assert_true(strncmp(err_last(), prefix, strlen(prefix)) == 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (spec_load(&s, clusters, bad[i]) != ERR_INVALID)
			fail_msg("ref \"%s\" should be refused", bad[i]);
		assert_non_null(strstr(err_last(), "expected KIND/NAME"));
		assert_null(s.path);
	}
	assert_int_equal(spec_check_ref("spark/ld14"), 0);
	assert_int_equal(spec_check_ref(NULL), ERR_INVALID);
	assert_int_equal(spec_load(&s, NULL, "spark/ld14"), ERR_INVALID);
	assert_non_null(strstr(err_last(), "SPARKDECK_CLUSTERS_DIR"));
	/* A missing spec names the ones of that kind that exist. */
	free(write_spec(state, "k/ld9", MINIMAL));
	free(write_spec(state, "k/ld14", MINIMAL));
	assert_int_equal(spec_load(&s, clusters, "k/nope"), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "k specs there: ld9, ld14, s"));
	assert_int_equal(spec_load(&s, clusters, "other/x"), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "there are no other specs in"));
	free(prefix);
	free(file);
	free(clusters);
}

static void test_list_and_pick(void **state)
{
	char *clusters = at(state, "clusters"), **refs;
	struct config c;
	size_t n;

	free(write_spec(state, "spark/ld14", MINIMAL));
	free(write_spec(state, "spark/ld9", MINIMAL));
	free(write_spec(state, "hail/a", MINIMAL));
	free(write_spec(state, "Bad/x", MINIMAL));
	free(write_spec(state, "spark/Upper", MINIMAL));
	free(tmptree_write(*state, "clusters/spark/notes.txt", "x", 0644));
	assert_int_equal(spec_list_refs(&refs, &n, clusters), 0);
	assert_int_equal(n, 3);
	assert_string_equal(refs[0], "hail/a");
	assert_string_equal(refs[1], "spark/ld9");
	assert_string_equal(refs[2], "spark/ld14");
	spec_free_refs(refs, n);
	assert_int_equal(spec_list_refs(&refs, &n, "/nonexistent/sparkdeck"), 0);
	assert_int_equal(n, 0);
	assert_null(refs);

	config_defaults(&c);
	free(c.clusters_dir);
	c.clusters_dir = xstrdup("/from/config");
	assert_string_equal(spec_pick_clusters_dir(NULL, &c), "/from/config");
	assert_null(spec_pick_clusters_dir(NULL, NULL));
	setenv("SPARKDECK_CLUSTERS_DIR", "/from/env", 1);
	assert_string_equal(spec_pick_clusters_dir(NULL, &c), "/from/env");
	assert_string_equal(spec_pick_clusters_dir("/from/arg", &c), "/from/arg");
	unsetenv("SPARKDECK_CLUSTERS_DIR");
	config_dispose(&c);
	free(clusters);
}

/* Two specs whose resources would share names (KIND-NAME, the keypair's '.' as '_'): refused, naming both files. */
static void test_same_cluster_name(void **state)
{
	char *clusters = at(state, "clusters");

	free(write_spec(state, "spark-x/ld14", MINIMAL));
	free(write_spec(state, "spark/x-ld14", MINIMAL));
	free(write_spec(state, "spark/a.b", MINIMAL));
	free(write_spec(state, "spark/a_b", MINIMAL));
	free(write_spec(state, "spark/ld14", MINIMAL));
	assert_int_equal(spec_check_unique(clusters, "spark/x-ld14"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "spark-x/ld14.conf"));
	assert_non_null(strstr(err_last(), "spark/x-ld14.conf"));
	assert_non_null(strstr(err_last(), "spark-x-ld14"));
	assert_int_equal(spec_check_unique(clusters, "spark-x/ld14"), ERR_CONFIG);
	assert_int_equal(spec_check_unique(clusters, "spark/a.b"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "spark/a_b.conf"));
	assert_int_equal(spec_check_unique(clusters, "spark/ld14"), 0);
	/* A spec not written yet is checked against those that are. */
	assert_int_equal(spec_check_unique(clusters, "hail/new"), 0);
	assert_int_equal(spec_check_unique("/nonexistent/sparkdeck", "spark/ld14"), 0);
	assert_int_equal(spec_check_unique(clusters, "Spark/LD14"), ERR_INVALID);
	free(clusters);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_shipped_example),
		T(test_defaults),
		T(test_every_key),
		T(test_errors_name_their_line),
		T(test_cidrs),
		T(test_memory),
		T(test_public_keys),
		T(test_user_data_cap),
		T(test_syntax_and_refs),
		T(test_list_and_pick),
		T(test_same_cluster_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
