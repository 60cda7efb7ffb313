/* key: throwaway ed25519 key pairs in memory with OpenSSL's EVP API (see key.h). */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "ssh/fp.h"
#include "ssh/key.h"

#define KEY_COMMENT_MAX 200
#define KEY_TYPE "ssh-ed25519"
#define KEY_PUB_LEN 32

/* Fail with OpenSSL's first queued error, emptying its queue. */
static int key_fail(const char *what)
{
	char detail[256];
	unsigned long e = ERR_get_error();

	if (e)
		ERR_error_string_n(e, detail, sizeof(detail));
	else
		strcpy(detail, "no detail");
	ERR_clear_error();
	return err_set(ERR_AUTH, "ssh: cannot make an ed25519 key: %s (%s)", what, detail);
}

/* Whether a comment can follow the key on one authorized_keys line. */
static int key_comment_ok(const char *c)
{
	size_t i, n = strlen(c);

	if (n == 0 || n > KEY_COMMENT_MAX || c[0] == ' ' || c[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
			return 0;
	return 1;
}

/* Put a big-endian uint32 at p. */
static void key_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Fill the public line and fingerprint from the raw 32-byte public key. */
static void key_fill_public(struct ssh_keypair *k, const unsigned char pub[KEY_PUB_LEN],
    const char *comment)
{
	/* The SSH wire blob: string "ssh-ed25519", string pub (RFC 8709). */
	unsigned char blob[4 + sizeof(KEY_TYPE) - 1 + 4 + KEY_PUB_LEN];
	size_t tlen = sizeof(KEY_TYPE) - 1;
	char *b64;

	key_put32(blob, (uint32_t)tlen);
	memcpy(blob + 4, KEY_TYPE, tlen);
	key_put32(blob + 4 + tlen, KEY_PUB_LEN);
	memcpy(blob + 8 + tlen, pub, KEY_PUB_LEN);
	b64 = ssh_fp_base64_encode(blob, sizeof(blob), 1);
	k->public_line = xasprintf("%s %s %s", KEY_TYPE, b64, comment);
	k->fingerprint = ssh_fp_format_blob(blob, sizeof(blob));
	free(b64);
}

/* Write the private key as PKCS#8 PEM into a heap copy; 0 or ERR_AUTH. */
static int key_fill_private(struct ssh_keypair *k, EVP_PKEY *pkey)
{
	/* A secure-heap BIO where available; its buffer is cleansed when freed. */
	BIO *bio = BIO_new(BIO_s_secmem());
	char *data = NULL;
	long len;
	int rc = 0;

	if (!bio) {
		rc = key_fail("no memory BIO");
		goto out;
	}
	if (PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL) != 1) {
		rc = key_fail("PEM encoding failed");
		goto out;
	}
	len = BIO_get_mem_data(bio, &data);
	if (len <= 0 || !data) {
		rc = key_fail("empty PEM");
		goto out;
	}
	k->private_pem = xmalloc((size_t)len + 1);
	memcpy(k->private_pem, data, (size_t)len);
	k->private_pem[len] = '\0';
	k->private_len = (size_t)len;
out:
	BIO_free(bio);
	return rc;
}

int ssh_keypair_generate(struct ssh_keypair *out, const char *comment)
{
	unsigned char pub[KEY_PUB_LEN];
	size_t publen = sizeof(pub);
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!comment)
		comment = "sparkdeck";
	if (!key_comment_ok(comment))
		return err_set(ERR_INVALID, "ssh: a key comment must be 1 to %d printable characters "
		    "without spaces at either end", KEY_COMMENT_MAX);
	ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &pkey) != 1) {
		rc = key_fail("key generation failed");
		goto out;
	}
	if (EVP_PKEY_get_raw_public_key(pkey, pub, &publen) != 1 || publen != sizeof(pub)) {
		rc = key_fail("no raw public key");
		goto out;
	}
	rc = key_fill_private(out, pkey);
	if (rc < 0)
		goto out;
	key_fill_public(out, pub, comment);
out:
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	if (rc < 0)
		ssh_keypair_dispose(out);
	return rc;
}

void ssh_keypair_dispose(struct ssh_keypair *k)
{
	if (!k)
		return;
	if (k->private_pem)
		OPENSSL_cleanse(k->private_pem, k->private_len);
	free(k->private_pem);
	free(k->public_line);
	free(k->fingerprint);
	memset(k, 0, sizeof(*k));
}
