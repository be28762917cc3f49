/* One customer whole, as the interface's card shows it (every field with
 * its value, the orders, the tags), and hand edits of a field: checked as
 * an import checks it, remembered so that re-imports keep it, undoable. */
#ifndef CLIENTELE_CUSTOMER_H
#define CLIENTELE_CUSTOMER_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "field_catalog.h"

struct db;

struct card_field {
	const struct field *field; /* owned by the card's catalog */
	char *value; /* as text: a number as written back ("1234.5"), a bool
	              * "yes" or "no" in the user's language, a date ISO;
	              * NULL when empty */
	bool hand;   /* edited by hand: re-imports keep it */
};

struct card_order {
	char *date;    /* ISO, or NULL */
	char *number;  /* the shop's order number, or NULL */
	double amount;
	bool cancelled;
};

struct customer_card {
	long long id;
	char *title;   /* the name, else the email, else the external id, else "#id" */
	struct field_catalog cat;
	/* the built-in fields, then the custom ones, then the computed ones
	 * (in the catalog's order within each) */
	struct card_field *fields;
	size_t nfields;
	struct card_order *orders; /* newest first */
	size_t norders;
	char **tags;   /* by name, any case */
	size_t ntags;
};

/* Reads customer id (customers.id) whole into *out, freed with
 * customer_card_free. A customer that is not there is an error. */
int customer_card_load(struct db *db, long long id, struct customer_card *out, struct err *e);
void customer_card_free(struct customer_card *c);

/* Whether the customer carries the tag called name (any case). */
bool customer_card_has_tag(const struct customer_card *c, const char *name);

/* Sets field (a name or a label; built-in or custom, a computed one is an
 * error) of customer id to text, checked and normalised as an import
 * would (an empty text clears it). The field is recorded as edited by
 * hand, so that re-imports leave it; one undo step puts the old value
 * back and forgets the hand edit. A bad value is an error naming the
 * field and what was expected. */
int customer_edit(struct db *db, long long id, const char *field, const char *text,
                  struct err *e);

#endif
