/* A naive evaluator of rules for the differential test: a small base held
 * in C arrays and rule trees evaluated over it row by row, with the
 * semantics of SPEC §2.1 and clientele-rules(5) written from the spec, not
 * from src/core (only the test links both). */
#ifndef CLIENTELE_NAIVE_EVAL_H
#define CLIENTELE_NAIVE_EVAL_H

#include <stdbool.h>
#include <stddef.h>

enum n_type { NT_TEXT = 0, NT_NUMBER, NT_DATE, NT_BOOL };

/* The fields the test base fills and the rules name. */
enum n_field {
	NF_EMAIL = 0, NF_CITY, NF_GENDER, NF_STATUS, NF_DEVICE, NF_FAV, NF_RFM, NF_TOPCAT,
	NF_LEAD, NF_INCOME, NF_AGE, NF_ORDERS, NF_SPENT, NF_AVG, NF_DSO, NF_R, NF_TAGS,
	NF_CREATED, NF_LEO, NF_BIRTH, NF_FIRST_ORDER, NF_LAST_ORDER,
	NF_ECONS, NF_SCONS, NF_REFUNDS,
	NF_COUNT
};

struct n_field_info {
	const char *name;   /* as rules name it */
	const char *label;  /* a label rules may name it by, in quotes; or NULL */
	enum n_type type;
};

/* Indexed by enum n_field. Static. */
extern const struct n_field_info n_fields[NF_COUNT];

/* A stored value: NULL, text (which may be empty), or a number (bools are
 * 0/1 numbers). folded is the text lower-cased by n_fold. */
enum n_cell_kind { NC_NULL = 0, NC_TEXT, NC_NUM };

struct n_cell {
	enum n_cell_kind kind;
	const char *s;
	char *folded;
	double d;
};

#define N_NTAGS 6

struct n_customer {
	struct n_cell v[NF_COUNT];
	unsigned tags;           /* bit i: has the base's tag i */
	bool metrics_row;        /* has a customer_metrics row (else no orders) */
};

struct n_base {
	struct n_customer *c;
	size_t n;
	const char *const *tag_names;
	char **tag_folded;       /* n_fold of each tag name */
	size_t ntags;
	char ref[11];            /* the reference date */
};

/* The reference date of the test base: a month end after a leap February. */
#define N_REF_DATE "2024-03-31"

/* Fills b with n customers drawn by a generator seeded with seed from pools
 * of edge cases (the same seed, the same base). b owns what it holds:
 * n_base_free. */
void n_base_make(struct n_base *b, size_t n, unsigned long long seed);
void n_base_free(struct n_base *b);

enum n_op {
	NO_EQ = 0, NO_NE, NO_LT, NO_LE, NO_GT, NO_GE, NO_IN, NO_NOT_IN, NO_BETWEEN,
	NO_CONTAINS, NO_STARTS, NO_EMPTY, NO_NOT_EMPTY, NO_WITHIN, NO_BEFORE, NO_AFTER
};

/* What a value of a rule means, for the type of its field. */
struct n_val {
	const char *text;  /* NT_TEXT, tags: as meant (unquoted, unescaped) */
	char *folded;      /* n_val_text fills it */
	double num;        /* NT_NUMBER */
	char date[11];     /* NT_DATE: YYYY-MM-DD */
	int yes;           /* NT_BOOL */
	long amount;       /* within, and before/after N ago */
	char unit;         /* 'd', 'w', 'm', 'y'; 0 when not a period */
};

enum n_kind { NK_AND = 0, NK_OR, NK_NOT, NK_CMP, NK_TAG, NK_TAGS };
enum n_tags_mode { NM_ANY = 0, NM_ALL, NM_NONE };

#define N_MAXKIDS 4
#define N_MAXVALS 4

struct n_node {
	enum n_kind kind;
	struct n_node *kids[N_MAXKIDS];
	size_t nkids;
	enum n_field field;
	enum n_op op;
	enum n_tags_mode mode;
	struct n_val vals[N_MAXVALS];
	size_t nvals;
};

/* Lower case of s through towlower (needs a UTF-8 LC_CTYPE); malloc'd. */
char *n_fold(const char *s);

/* Sets a text value: text as meant, and its comparison form (folded; for
 * the gender field a gender word becomes its letter, as SPEC §1.2 reads
 * them). Frees a previous folded form. */
void n_val_text(struct n_val *v, enum n_field f, const char *text);
void n_val_free(struct n_val *v);

/* ref minus amount days/weeks/months/years into out (YYYY-MM-DD); months
 * and years that land past a month's end stop at its last day. 0, or -1
 * before year 1. */
int n_date_minus(const char *ref, long amount, char unit, char out[11]);

bool n_eval(const struct n_node *n, const struct n_base *b, const struct n_customer *c);
long long n_count(const struct n_node *n, const struct n_base *b);

#endif
