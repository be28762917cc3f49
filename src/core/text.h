/* Text: UTF-8 validity, case folding, widths, and the normalisers that turn
 * the values of real exports into canonical ones (emails, phones, numbers,
 * dates, genders, ids, place names, field names). */
#ifndef CLIENTELE_TEXT_H
#define CLIENTELE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

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

/* Display width of s in terminal columns (wcwidth; invalid bytes count 1). */
int text_width(const char *s);

/* Trims ASCII white space and U+00A0 (no-break space) at both ends, in
 * place; returns s. */
char *text_trim(char *s);

/* True when s (already trimmed) is one of the empty markers in na (a NULL-
 * terminated list), or of the defaults "", NA, N/A, NULL, null, None, nan
 * when na is NULL. Comparison is exact. */
bool text_is_na(const char *s, const char *const *na);

/* --- normalisers ----------------------------------------------------------
 * Each takes a trimmed, non-empty value. On success it returns 0 and fills
 * out; on failure it returns -1 and sets *why to a static English phrase
 * saying what was expected ("an email address like name@example.com"). */

/* Lower-cases and validates an email address. */
int norm_email(const char *in, char *out, size_t outsz, const char **why);

/* Normalises a phone number to E.164 (+79161234567) when the number has a
 * '+' or 00 prefix, or when country (a name in English, Russian or
 * Ukrainian, or an ISO 3166 alpha-2 code; may be NULL) gives the calling
 * code; otherwise keeps the digits as written. */
int norm_phone(const char *in, const char *country, char *out, size_t outsz, const char **why);

/* The calling code ("7", "380", "44") of a country name or code, or NULL. */
const char *country_calling_code(const char *country);

/* The ISO 3166 alpha-2 code, upper case ("RU"), of a country name or code
 * that the phone tables know ("Россия", "russia", "rus", "ru"); 0, or -1
 * when the name is not known. */
int country_iso(const char *country, char out[3]);

/* The country a locale name gives ("ru_RU.UTF-8" -> "RU", "uk_UA" -> "UA")
 * when the phone tables know it; 0, or -1 for C, POSIX and the like. */
int country_of_locale(const char *locale, char out[3]);

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

/* Order of day and month in a date written with separators. */
enum date_order {
	DATE_ORDER_UNKNOWN = 0,
	DATE_DMY, /* 31.03.2024, 31/03/2024 */
	DATE_MDY, /* 03/31/2024 */
	DATE_YMD  /* 2024-03-31, 2024/03/31 */
};

/* What the values of one column say about its date order. */
struct date_evidence {
	long dmy_only;   /* values that are valid only day-first (first part > 12) */
	long mdy_only;   /* values that are valid only month-first (second part > 12) */
	long slash;      /* values written with '/' */
	long dot;        /* values written with '.' */
	long ambiguous;  /* values valid either way */
};

/* Adds one (trimmed) value to the evidence. */
void date_evidence_add(struct date_evidence *ev, const char *in);

/* The order the evidence settles, or DATE_ORDER_UNKNOWN when it does not
 * (no decisive value). A column written with '.' is day-first. */
enum date_order date_evidence_order(const struct date_evidence *ev);

/* Parses --date-format: "dmy", "mdy", "ymd" or a pattern such as
 * "DD.MM.YYYY", "MM/DD/YYYY", "YYYY-MM-DD". Returns 0 or -1. */
int date_order_parse(const char *s, enum date_order *out);

/* Parses a date or datetime: ISO 2024-03-31 (with T or space and a time),
 * D.M.YYYY, D/M/YYYY, M/D/YYYY, M/D/YY (two-digit years: 00-69 -> 20xx,
 * 70-99 -> 19xx), optionally followed by H:MM[:SS]. order says how to read a
 * slash date whose day/month order is open (DATE_ORDER_UNKNOWN: month-first
 * unless the first part is over 12). The date is validated (no 31.02).
 * out (20 bytes) receives "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS". */
int norm_date(const char *in, enum date_order order, char out[20], const char **why);

/* Place names (city, region): trims, collapses inner spaces, drops a leading
 * "г." / "г " / "м." (Russian/Ukrainian "city") prefix. */
int norm_place(const char *in, char *out, size_t outsz, const char **why);

/* The field name for a CSV header: lower-cased (Unicode), every run of
 * characters other than letters and digits becomes one '_', no '_' at
 * either end; "Annual Income (k$)" -> "annual_income_k". Letters of any
 * script are kept ("Любимый цвет" -> "любимый_цвет"); a name that would
 * start with a digit gets "f_" in front ("2023 Sales" -> "f_2023_sales"),
 * as rules cannot name it otherwise. Returns a malloc'd
 * string (owned by the caller), or NULL when nothing is left. */
char *field_name_from_header(const char *header);

#endif
