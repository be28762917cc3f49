/* How the columns of one input file map to fields: by header synonyms, by
 * --map overrides, or as new custom fields whose type the values decide. */
#ifndef CLIENTELE_IMPORT_MAP_H
#define CLIENTELE_IMPORT_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "csv/csv_read.h"
#include "text/date.h"
#include "err.h"
#include "fields.h"

enum map_kind {
	MAP_IGNORE = 0,
	MAP_CUSTOMER, /* a built-in customer column */
	MAP_AGE,      /* customers.age_given */
	MAP_TAGS,     /* a list of tags */
	MAP_CUSTOM,   /* a custom field */
	MAP_ORDER     /* a field of the orders file */
};

enum order_field {
	OF_ORDER_ID, OF_CUSTOMER_ID, OF_DATE, OF_AMOUNT, OF_QUANTITY, OF_UNIT_PRICE,
	OF_CATEGORY, OF_PRODUCT, OF_SKU, OF_COUNTRY, OF_CITY, OF_EMAIL,
	OF_COUNT
};

/* Bits of struct map_column.fits: the types every value seen so far fits. */
enum { FITS_NUMBER = 1, FITS_DATE = 2, FITS_BOOL = 4, FITS_BOOL_WORD = 8 };

struct map_column {
	char *header;          /* as in the file, trimmed */
	enum map_kind kind;
	char *field;           /* field name (built-in column or custom name) */
	enum field_type type;  /* for MAP_CUSTOMER and MAP_CUSTOM */
	enum order_field of;   /* for MAP_ORDER */
	bool is_new;           /* a custom field this import creates */
	bool by_user;          /* chosen with --map */
	/* Inference over the values (scan pass). */
	unsigned fits;
	long nonempty;
	struct date_evidence ev;
	enum date_order order; /* decided date order of a date column */
};

struct file_map {
	bool orders;           /* the orders file */
	size_t n;
	struct map_column *cols;
	int of_col[OF_COUNT];  /* column index of each order field, or -1 */
	char **notes;          /* "file:1:3: ..." lines about names the import chose */
	size_t nnotes;
};

/* Maps the header row. cat is the base's catalog (custom fields already
 * there keep their type). maps are --map "CSV column=field" overrides;
 * unknown targets of a --map become custom field names. Errors name
 * file:1:col. out is freed with file_map_free. */
int file_map_build(struct file_map *out, bool orders, const char *file,
                   const struct csv_row *header, const struct field_catalog *cat,
                   const char *const *maps, size_t nmaps, struct err *e);
void file_map_free(struct file_map *m);

/* Adds one trimmed, non-empty value of column i to the inference. */
void file_map_observe(struct file_map *m, size_t i, const char *value);

/* Adds the values of one data record to the inference, as the import's
 * scan pass does: each value trimmed (in *buf, a scratch buffer of *cap
 * bytes the caller frees), empty markers na (NULL: the defaults) left
 * out; values of a customers file's country column go to country (may be
 * NULL) instead. */
int file_map_observe_row(struct file_map *m, const struct csv_row *row, const char *const *na,
                         char **buf, size_t *cap, void (*country)(void *ctx, const char *v),
                         void *ctx, struct err *e);

/* True when the file has columns that become new custom fields. */
bool file_map_has_new(const struct file_map *m);

/* True when a date column has seen only values that leave the day/month
 * order open (03/04/2024), so more rows could settle it. */
bool file_map_dates_open(const struct file_map *m);

/* After the scan: decides the types of new custom fields and the date order
 * of date columns (forced by order when not DATE_ORDER_UNKNOWN). A date
 * column whose values leave the order open fails, asking for
 * --date-format; one whose values contradict each other too. */
int file_map_decide(struct file_map *m, const char *file, enum date_order order, struct err *e);

/* Checks the file has what it needs: for orders a customer, a date and an
 * amount (or quantity and price). A customers file needs no identifying
 * column, but a single column whose header holds a delimiter is refused
 * (the file was read with the wrong one). */
int file_map_check(const struct file_map *m, const char *file, struct err *e);

#endif
