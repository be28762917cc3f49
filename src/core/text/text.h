/* Text: UTF-8 validity, case folding, widths, trimming, empty markers, and
 * the field names made from CSV headers (text/text.c). The normalisers are in
 * text/norm.h, text/date.h and text/country.h. */
#ifndef CLIENTELE_TEXT_H
#define CLIENTELE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- UTF-8 --------------------------------------------------------------- */

/* True when s[0..n) is valid UTF-8; otherwise *bad (if not NULL) is the
 * offset of the first invalid byte. */
bool text_valid_utf8(const char *s, size_t n, size_t *bad);

/* Lower-cases s (Cyrillic, Latin and every other script towlower knows).
 * Returns a malloc'd string owned by the caller; invalid bytes are kept. */
char *text_fold(const char *s);

/* Lower-cases s[0..n) into out without allocating (for hot paths): writes
 * at most outsz - 1 bytes, cut at a character boundary, and a NUL; returns
 * the length the whole result needs, like snprintf. */
size_t text_fold_buf(const char *s, size_t n, char *out, size_t outsz);

/* Whether a and b are the same text once folded ("Москва", "москва"); false
 * when either is NULL or memory runs out. */
bool text_same_folded(const char *a, const char *b);

/* Display width of s in terminal columns (wcwidth; invalid bytes count 1). */
int text_width(const char *s);

/* Columns of one character, as text_width counts them (0 for a combining
 * mark, 2 for a wide CJK letter, 1 for a control). */
int text_char_width(uint32_t c);

/* The character that starts s (n bytes): its length in bytes and *c, or 0
 * when the bytes there are not valid UTF-8. */
size_t text_utf8_next(const char *s, size_t n, uint32_t *c);
/* c as UTF-8 in out (4 bytes at most; a surrogate or a value past
 * U+10FFFF as U+FFFD); its length. */
size_t text_utf8_put(uint32_t c, char *out);

/* Trims ASCII white space and U+00A0 (no-break space) at both ends, in
 * place; returns s. */
char *text_trim(char *s);

/* True when s (already trimmed) is one of the empty markers in na (a NULL-
 * terminated list), or of the defaults "", NA, N/A, NULL, null, None, nan
 * when na is NULL. Comparison is exact. */
bool text_is_na(const char *s, const char *const *na);

/* The field name for a CSV header: lower-cased (Unicode), every run of
 * characters other than letters and digits becomes one '_', no '_' at
 * either end; "Annual Income (k$)" -> "annual_income_k". Letters of any
 * script are kept ("Любимый цвет" -> "любимый_цвет"); a name that would
 * start with a digit gets "f_" in front ("2023 Sales" -> "f_2023_sales"),
 * as rules cannot name it otherwise. Returns a malloc'd
 * string (owned by the caller), or NULL when nothing is left. */
char *field_name_from_header(const char *header);

#endif
