/* What the CSV reader and its detection share. */
#ifndef CLIENTELE_CSV_PRIVATE_H
#define CLIENTELE_CSV_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

enum {
	SAMPLE = 64 << 10, /* bytes looked at to detect delimiter and encoding */
	SAMPLE_LINES = 50
};

/* Offset of the first byte of s that does not belong to valid UTF-8, or len.
 * With cut_ok a sequence cut short by the end of s counts as valid. */
size_t csv_utf8_bad(const unsigned char *s, size_t len, bool cut_ok);

#endif
