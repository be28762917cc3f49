/* A small JSON writer: it places the commas and the ": " after keys, escapes
 * strings, and writes numbers with a '.' whatever the locale. */
#ifndef CLIENTELE_JSON_H
#define CLIENTELE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

/* One document being written to f. Values are separated by ", " and keys
 * followed by ": " (one line, as the command line prints it). */
struct json {
	FILE *f;
	int depth;
	char close[JSON_MAX_DEPTH]; /* '}' or ']' for each open container */
	bool more[JSON_MAX_DEPTH];  /* a value was written at that depth */
	bool key;                   /* a key was written, its value comes next */
};

/* Starts a document on f. */
void json_begin(struct json *j, FILE *f);

/* Closes what is still open and ends the document with a line break. */
void json_end(struct json *j);

void json_object(struct json *j); /* { */
void json_array(struct json *j);  /* [ */
void json_close(struct json *j);  /* } or ], whichever is open */

/* Containers nest JSON_MAX_DEPTH - 1 deep at most: deeper ones are not
 * opened (their values join the enclosing one). Ours nest three deep. */

/* The key of the next value, inside an object. */
void json_key(struct json *j, const char *key);

/* Values; a NULL string is null. json_double prints decimals digits after
 * the '.'; a value that is not finite is null. */
void json_str(struct json *j, const char *s);
void json_int(struct json *j, long long v);
void json_uint(struct json *j, uint64_t v);
void json_double(struct json *j, double v, int decimals);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* A key and its value, in one call. */
void json_key_str(struct json *j, const char *key, const char *s);
void json_key_int(struct json *j, const char *key, long long v);
void json_key_double(struct json *j, const char *key, double v, int decimals);
void json_key_bool(struct json *j, const char *key, bool v);
void json_key_null(struct json *j, const char *key);

/* Writes s to f as a quoted JSON string (null for NULL), outside any
 * document. */
void json_quote(FILE *f, const char *s);

#endif
