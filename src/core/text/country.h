/* Countries and phones: calling codes, ISO codes, the country of a locale,
 * and phone numbers in E.164 (text/country.c). */
#ifndef CLIENTELE_COUNTRY_H
#define CLIENTELE_COUNTRY_H

#include <stddef.h>

/* The calling code ("7", "380", "44") of a country name or code, or NULL. */
const char *country_calling_code(const char *country);

/* The ISO 3166 alpha-2 code, upper case ("RU"), of a country name or code
 * that the phone tables know ("Россия", "russia", "rus", "ru"); 0, or -1
 * when the name is not known. */
int country_iso(const char *country, char out[3]);

/* The country a locale name gives ("ru_RU.UTF-8" -> "RU", "uk_UA" -> "UA")
 * when the phone tables know it; 0, or -1 for C, POSIX and the like. */
int country_of_locale(const char *locale, char out[3]);

/* Normalises a phone number to E.164 (+79161234567) when the number has a
 * '+' or 00 prefix, or when country (a name in English, Russian or
 * Ukrainian, or an ISO 3166 alpha-2 code; may be NULL) gives the calling
 * code; otherwise keeps the digits as written. A normaliser as those of
 * text/norm.h: takes a trimmed, non-empty value; 0 with out filled, or -1 with
 * *why a static English phrase saying what was expected. */
int norm_phone(const char *in, const char *country, char *out, size_t outsz, const char **why);

#endif
