#include "CCrypto.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdlib.h>

struct CCrypto_digest { EVP_MD_CTX *ctx; };

void CCrypto_sha256(const void *data, size_t len, uint8_t *out) { SHA256(data, len, out); }

void CCrypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len, uint8_t *out) {
    unsigned int outlen = 32;
    HMAC(EVP_sha256(), key, (int)keylen, data, len, out, &outlen);
}

static CCrypto_digest *digest_new(const EVP_MD *md) {
    CCrypto_digest *d = malloc(sizeof *d);
    if (!d) return NULL;
    d->ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(d->ctx, md, NULL);
    return d;
}
CCrypto_digest *CCrypto_digest_new_sha256(void) { return digest_new(EVP_sha256()); }
CCrypto_digest *CCrypto_digest_new_md5(void) { return digest_new(EVP_md5()); }
void CCrypto_digest_update(CCrypto_digest *d, const void *data, size_t len) { EVP_DigestUpdate(d->ctx, data, len); }
size_t CCrypto_digest_final(CCrypto_digest *d, uint8_t *out) {
    unsigned int n = 0;
    EVP_DigestFinal_ex(d->ctx, out, &n);
    return n;
}
void CCrypto_digest_free(CCrypto_digest *d) { if (d) { EVP_MD_CTX_free(d->ctx); free(d); } }
