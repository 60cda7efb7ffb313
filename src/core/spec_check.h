/*
 * spec_check: value checks used while reading a cluster spec (internal to
 * spec.c; spec.h exports the two that tests use).
 *
 * Contract: pure functions, no I/O. spec_check_public_key() stores the key line
 * and its type in sp on success (sp owns them) and returns 0, or ERR_CONFIG
 * with "FILE:LINE: ..." naming the .pub file.
 */
#ifndef SD_CORE_SPEC_CHECK_H
#define SD_CORE_SPEC_CHECK_H

struct spec;

/* 1 if text is "ADDRESS/PREFIX" (IPv4, or IPv6 when v6 is set) with no host bits set; *prefix gets N. */
int spec_valid_cidr(const char *text, int v6, int *prefix);
/* 1 if v is an IPv4 address. */
int spec_ok_ipv4(const char *v);
/* 1 if v is an IPv4 or IPv6 CIDR with no host bits set. */
int spec_ok_cidr(const char *v);
/* Check the text of a .pub file (one ed25519 or ECDSA key line) and keep it in sp. */
int spec_check_public_key(struct spec *sp, const char *text, const char *path, const char *file, int line);

#endif
