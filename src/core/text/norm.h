/* The normalisers that turn the values of real exports into canonical ones:
 * emails, numbers, ids, genders, booleans, place names (text/norm.c). Phones are
 * in text/country.h, dates in text/date.h. */
#ifndef CLIENTELE_NORM_H
#define CLIENTELE_NORM_H

#include <stddef.h>

/* --- normalisers ----------------------------------------------------------
 * Each takes a trimmed, non-empty value. On success it returns 0 and fills
 * out; on failure it returns -1 and sets *why to a static English phrase
 * saying what was expected ("an email address like name@example.com"). */

/* Lower-cases and validates an email address. */
int norm_email(const char *in, char *out, size_t outsz, const char **why);

/* Parses a number with '.' or ',' as decimal separator and spaces, no-break
 * spaces or apostrophes as thousands separators ("1 234,50" -> 1234.5). */
int norm_number(const char *in, double *out, const char **why);

/* An identifier: trimmed, and an integral float "17850.0" becomes "17850". */
int norm_id(const char *in, char *out, size_t outsz, const char **why);

/* Gender: "F" or "M" from M/F/male/female/man/woman/м/ж/муж/жен/ч/чол/жін/…;
 * out needs 2 bytes. */
int norm_gender(const char *in, char *out, const char **why);

/* Booleans: 1/0, yes/no, true/false, y/n, да/нет, так/ні, +/-, on/off. */
int norm_bool(const char *in, int *out, const char **why);

/* Place names (city, region): trims, collapses inner spaces, drops a leading
 * "г." / "г " / "м." (Russian/Ukrainian "city") prefix. */
int norm_place(const char *in, char *out, size_t outsz, const char **why);

#endif
