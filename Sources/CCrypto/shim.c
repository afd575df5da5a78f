#include "CCrypto.h"
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// OpenSSL 3's one-shot SHA256() and HMAC() look the algorithm up by name on every call (a provider query
// under a lock): about twice the cost of the hashing itself for the short strings SigV4 signs. The digest is
// fetched once here, and each thread reuses one context, so a call is the hashing and nothing else.

struct CCrypto_digest { EVP_MD_CTX *ctx; };

static EVP_MD *sha256_md;
static EVP_MD *md5_md;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static pthread_key_t ctx_key;

static void free_thread_ctx(void *ctx) { EVP_MD_CTX_free(ctx); }

static void fetch_digests(void) {
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
    md5_md = EVP_MD_fetch(NULL, "MD5", NULL);
    pthread_key_create(&ctx_key, free_thread_ctx);
}

/// SHA-256 once fetched, or NULL when OpenSSL has none (then every call fails loudly, below).
static const EVP_MD *sha256(void) {
    pthread_once(&fetch_once, fetch_digests);
    return sha256_md;
}

/// This thread's reusable context (freed when the thread ends).
static EVP_MD_CTX *thread_ctx(void) {
    pthread_once(&fetch_once, fetch_digests);
    EVP_MD_CTX *ctx = pthread_getspecific(ctx_key);
    if (!ctx) {
        ctx = EVP_MD_CTX_new();
        if (!ctx || pthread_setspecific(ctx_key, ctx) != 0) abort();
    }
    return ctx;
}

/// Hashes `a` then `b` (either may be empty) into `out` on this thread's context.
static void sha256_two(const void *a, size_t alen, const void *b, size_t blen, uint8_t *out) {
    EVP_MD_CTX *ctx = thread_ctx();
    unsigned int n = 0;
    const EVP_MD *md = sha256();
    // A signer without SHA-256 would sign garbage: stop instead.
    if (!md || EVP_DigestInit_ex2(ctx, md, NULL) != 1) abort();
    if (alen > 0) EVP_DigestUpdate(ctx, a, alen);
    if (blen > 0) EVP_DigestUpdate(ctx, b, blen);
    if (EVP_DigestFinal_ex(ctx, out, &n) != 1 || n != 32) abort();
}

void CCrypto_sha256(const void *data, size_t len, uint8_t *out) { sha256_two(data, len, NULL, 0, out); }

// HMAC (RFC 2104) over the fetched SHA-256: H((K ^ opad) || H((K ^ ipad) || data)).
void CCrypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len, uint8_t *out) {
    uint8_t block[64] = {0};
    if (keylen > sizeof block) {
        sha256_two(key, keylen, NULL, 0, block);
    } else if (keylen > 0) {
        memcpy(block, key, keylen);
    }
    uint8_t pad[64];
    uint8_t inner[32];
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
    sha256_two(pad, sizeof pad, data, len, inner);
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5c;
    sha256_two(pad, sizeof pad, inner, sizeof inner, out);
}

static CCrypto_digest *digest_new(const EVP_MD *md) {
    if (!md) return NULL;
    CCrypto_digest *d = malloc(sizeof *d);
    if (!d) return NULL;
    d->ctx = EVP_MD_CTX_new();
    if (!d->ctx || EVP_DigestInit_ex2(d->ctx, md, NULL) != 1) {
        EVP_MD_CTX_free(d->ctx);
        free(d);
        return NULL;
    }
    return d;
}
CCrypto_digest *CCrypto_digest_new_sha256(void) { return digest_new(sha256()); }
CCrypto_digest *CCrypto_digest_new_md5(void) {
    pthread_once(&fetch_once, fetch_digests);
    return digest_new(md5_md);
}
void CCrypto_digest_update(CCrypto_digest *d, const void *data, size_t len) { EVP_DigestUpdate(d->ctx, data, len); }
size_t CCrypto_digest_final(CCrypto_digest *d, uint8_t *out) {
    unsigned int n = 0;
    EVP_DigestFinal_ex(d->ctx, out, &n);
    return n;
}
void CCrypto_digest_free(CCrypto_digest *d) { if (d) { EVP_MD_CTX_free(d->ctx); free(d); } }
