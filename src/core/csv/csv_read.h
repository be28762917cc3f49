/* CSV reading: libcsv underneath, delimiter and encoding detection, BOM,
 * conversion to UTF-8, and the line of every row for error messages. Rows
 * go to a callback, so the importer, the import preview and the tests all
 * consume the same producer. */
#ifndef CLIENTELE_CSV_READ_H
#define CLIENTELE_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

enum csv_encoding {
	CSV_ENC_AUTO = 0, /* detect: UTF-8 if valid, else Windows-1251 or Latin-1 */
	CSV_ENC_UTF8,
	CSV_ENC_CP1251,
	CSV_ENC_LATIN1
};

struct csv_opts {
	int delim;              /* ',', ';', '\t', '|', or 0 to detect */
	enum csv_encoding enc;  /* CSV_ENC_AUTO to detect */
	/* Called now and then with bytes consumed so far and the file size;
	 * may be NULL. */
	void (*progress)(void *ctx, off_t done, off_t total);
	void *progress_ctx;
	/* Called with every block of the file as read, before any decoding
	 * (to digest it on the way); may be NULL. */
	void (*raw)(void *ctx, const void *buf, size_t n);
	void *raw_ctx;
};

/* One record. fields[i] is NUL-terminated UTF-8, exactly as in the file
 * after unquoting (not trimmed; a UTF-8 BOM is removed); lens[i] its length.
 * Valid only during the callback. */
struct csv_row {
	size_t n;
	char **fields;
	const size_t *lens;
	long line;  /* physical line (1-based) where the record starts */
	long index; /* record number: 0 is the header */
};

/* Called for each record in order. Return 0 to go on, 1 to stop reading
 * early (not an error), -1 to fail (having set e). */
typedef int (*csv_row_fn)(void *ctx, const struct csv_row *row, struct err *e);

/* What the reader found out about the input. */
struct csv_info {
	int delim;
	enum csv_encoding enc;
	int had_bom;     /* a UTF-8 byte order mark was removed */
	long records;    /* records delivered, the header included */
	long lines;      /* physical lines read */
	off_t size;      /* input size in bytes */
};

/* Reads the file at path ("-" is not special). name is used in messages
 * (usually the path). info may be NULL. Errors: EXIT_NOINPUT when the file
 * cannot be opened, EXIT_DATAERR for input that is not CSV we can read
 * (invalid UTF-8 under --encoding utf-8, UTF-16, an unterminated quote),
 * each as "name:line:column: what, what to do". */
int csv_read_file(const char *path, const struct csv_opts *opts, csv_row_fn fn, void *ctx,
                  struct csv_info *info, struct err *e);

/* The same over a buffer in memory; name is used in messages. */
int csv_read_mem(const char *name, const char *buf, size_t len, const struct csv_opts *opts,
                 csv_row_fn fn, void *ctx, struct csv_info *info, struct err *e);

/* Detects the delimiter from a sample (the first lines): the candidate among
 * ',' ';' '\t' '|' that splits the lines most consistently (outside quotes)
 * into more than one field; ',' when nothing does. */
int csv_detect_delim(const char *sample, size_t len);

/* Detects the encoding of a sample: UTF-8 when it is valid UTF-8 (a
 * sequence cut at the sample's end is fine), else Windows-1251 when its high
 * bytes look like Cyrillic text, else Latin-1. */
enum csv_encoding csv_detect_encoding(const char *sample, size_t len);

/* "utf-8", "windows-1251", "latin-1". */
const char *csv_encoding_name(enum csv_encoding enc);

/* Parses an --encoding value (utf-8, utf8, cp1251, windows-1251, latin1,
 * latin-1, iso-8859-1, auto; case-insensitive). Returns 0 or -1. */
int csv_encoding_parse(const char *s, enum csv_encoding *out);

#endif
