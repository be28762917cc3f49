/* SHA-256 (FIPS 180-4), to record which file an import read. */
#ifndef CLIENTELE_SHA256_H
#define CLIENTELE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Writes the digest as 64 lower-case hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

/* For tests: on, the portable code even where the processor has the SHA
 * extensions; off, whichever is faster. */
void sha256_portable(bool on);

#endif
