#ifndef CCRYPTO_H
#define CCRYPTO_H
#include <stddef.h>
#include <stdint.h>

/// SHA-256 of `len` bytes into `out` (32 bytes).
void CCrypto_sha256(const void *data, size_t len, uint8_t *out);
/// HMAC-SHA-256 of `len` bytes under `key` into `out` (32 bytes).
void CCrypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len, uint8_t *out);

/// Incremental digests (SHA-256 or MD5), for streamed bodies.
typedef struct CCrypto_digest CCrypto_digest;
CCrypto_digest *CCrypto_digest_new_sha256(void);
CCrypto_digest *CCrypto_digest_new_md5(void);
void CCrypto_digest_update(CCrypto_digest *d, const void *data, size_t len);
/// Writes the digest into `out` (32 bytes for SHA-256, 16 for MD5) and returns its length.
size_t CCrypto_digest_final(CCrypto_digest *d, uint8_t *out);
void CCrypto_digest_free(CCrypto_digest *d);
#endif
