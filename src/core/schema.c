/* The schema of a customer base, as forward migrations. A migration is
 * never edited once released: a change is a new entry at the end. */
#include "config.h"

#include "schema.h"

static const char migration_1[] =
	/* Settings kept in the base: as_of (the reference date set by the
	 * user), metrics_ref_date (the one metrics were computed for). */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT"
	") WITHOUT ROWID;"

	/* One row per person or company. Built-in fields are real columns;
	 * custom fields are added as columns named cf_<name> by imports. Text
	 * is normalised at import; dates are ISO text; bools 0/1. */
	"CREATE TABLE customers ("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT,"
	"  email TEXT,"
	"  phone TEXT,"
	"  first_name TEXT,"
	"  last_name TEXT,"
	"  full_name TEXT,"
	"  gender TEXT,"
	"  birth_date TEXT,"
	"  age_given REAL,"
	"  city TEXT,"
	"  region TEXT,"
	"  country TEXT,"
	"  status TEXT,"
	"  stage TEXT,"
	"  source TEXT,"
	"  device TEXT,"
	"  created_at TEXT,"
	"  last_activity TEXT,"
	"  last_email_open TEXT,"
	"  email_consent INTEGER,"
	"  sms_consent INTEGER,"
	"  lead_score REAL,"
	"  first_import INTEGER,"
	"  last_import INTEGER"
	");"
	"CREATE UNIQUE INDEX customers_ext_id ON customers(ext_id) WHERE ext_id IS NOT NULL;"
	"CREATE INDEX customers_email ON customers(email) WHERE email IS NOT NULL;"
	"CREATE INDEX customers_phone ON customers(phone) WHERE phone IS NOT NULL;"

	/* Fields edited by hand: a re-import does not overwrite them. */
	"CREATE TABLE hand_edits ("
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL,"
	"  edited_at TEXT NOT NULL DEFAULT (datetime('now')),"
	"  PRIMARY KEY (customer_id, field)"
	") WITHOUT ROWID;"

	/* The field catalog: built-in and computed fields are described in
	 * code; this table records the custom ones an import added. */
	"CREATE TABLE fields ("
	"  name TEXT PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  type TEXT NOT NULL CHECK (type IN ('text','number','date','bool')),"
	"  origin TEXT NOT NULL DEFAULT 'custom' CHECK (origin IN ('builtin','custom','computed')),"
	"  column_name TEXT NOT NULL UNIQUE,"
	"  indexed INTEGER NOT NULL DEFAULT 0,"
	"  position INTEGER NOT NULL DEFAULT 0"
	");"

	/* Orders: one row per order; line items are summed at import.
	 * order_no is the shop's number; key identifies the order for re-imports
	 * (order_no, or a digest of the row when the file has no order id). The
	 * importer, the only writer, keeps keys unique through its in-memory
	 * map, so no unique index has to be rebuilt after every bulk import. */
	"CREATE TABLE orders ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL,"
	"  order_no TEXT,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  date TEXT,"
	"  amount REAL NOT NULL DEFAULT 0,"
	"  quantity REAL,"
	"  lines INTEGER NOT NULL DEFAULT 1,"
	"  category TEXT,"
	"  product TEXT,"
	"  sku TEXT,"
	"  cancelled INTEGER NOT NULL DEFAULT 0,"
	"  import_id INTEGER"
	");"
	"CREATE INDEX orders_customer ON orders(customer_id);"

	/* Derived per customer by metrics_recompute, for ref_date. */
	"CREATE TABLE customer_metrics ("
	"  customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,"
	"  orders INTEGER NOT NULL DEFAULT 0,"
	"  spent REAL NOT NULL DEFAULT 0,"
	"  avg_check REAL,"
	"  first_order TEXT,"
	"  last_order TEXT,"
	"  days_since_order INTEGER,"
	"  age INTEGER,"
	"  r INTEGER, f INTEGER, m INTEGER,"
	"  rfm TEXT,"
	"  abc TEXT, xyz TEXT,"
	"  buyer_type TEXT,"
	"  ltv_month REAL,"
	"  top_category TEXT"
	");"

	/* Tags: names unique case-insensitively (name_fold is the folded
	 * name, Cyrillic included, which SQLite's NOCASE does not fold). */
	"CREATE TABLE tags ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  name_fold TEXT NOT NULL UNIQUE,"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now'))"
	");"
	"CREATE TABLE customer_tags ("
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (customer_id, tag_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX customer_tags_tag ON customer_tags(tag_id, customer_id);"

	/* The segment tree. parent_id NULL is a child of the root "All
	 * customers". kind: dynamic (rule) or static (frozen members). */
	"CREATE TABLE segments ("
	"  id INTEGER PRIMARY KEY,"
	"  parent_id INTEGER REFERENCES segments(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  rule TEXT NOT NULL DEFAULT '',"
	"  kind TEXT NOT NULL DEFAULT 'dynamic' CHECK (kind IN ('dynamic','static')),"
	"  plan_who TEXT, plan_what TEXT, plan_why TEXT, plan_when TEXT, plan_where TEXT,"
	"  strategy TEXT,"
	"  created_at TEXT NOT NULL DEFAULT (datetime('now')),"
	"  frozen_at TEXT"
	");"
	"CREATE INDEX segments_parent ON segments(parent_id, position);"
	"CREATE TABLE segment_members ("
	"  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (segment_id, customer_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE segment_counts ("
	"  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),"
	"  count INTEGER NOT NULL"
	");"
	"CREATE INDEX segment_counts_segment ON segment_counts(segment_id, at);"

	/* What was imported, and every rejected line. */
	"CREATE TABLE imports ("
	"  id INTEGER PRIMARY KEY,"
	"  started_at TEXT NOT NULL DEFAULT (datetime('now')),"
	"  kind TEXT NOT NULL CHECK (kind IN ('customers','orders')),"
	"  file_name TEXT NOT NULL,"
	"  file_size INTEGER,"
	"  sha256 TEXT,"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"
	"  inserted INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT 0,"
	"  rejected INTEGER NOT NULL DEFAULT 0,"
	"  skipped INTEGER NOT NULL DEFAULT 0,"
	"  merged INTEGER NOT NULL DEFAULT 0,"
	"  seconds REAL"
	");"
	"CREATE TABLE import_errors ("
	"  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,"
	"  line INTEGER NOT NULL,"
	"  col INTEGER,"
	"  reason TEXT NOT NULL"
	");"
	"CREATE INDEX import_errors_import ON import_errors(import_id, line);"

	/* Undo log for hand edits: each entry holds the SQL-free description of
	 * how to revert one action (kind + JSON payload), newest last. */
	"CREATE TABLE undo_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL DEFAULT (datetime('now')),"
	"  action TEXT NOT NULL,"
	"  payload TEXT NOT NULL"
	");";

/* The before-images of the undo log (undo.c): one row per undo_save, the
 * rows as a JSON array of arrays in the column order of undo.c's table
 * list, and the condition that selected them with its parameters (a JSON
 * array), so that undo can tell the rows added since from those it must
 * put back. */
static const char migration_2[] =
	"CREATE TABLE undo_rows ("
	"  id INTEGER PRIMARY KEY,"
	"  step_id INTEGER NOT NULL REFERENCES undo_log(id) ON DELETE CASCADE,"
	"  tbl TEXT NOT NULL,"
	"  where_sql TEXT NOT NULL,"
	"  params TEXT NOT NULL,"
	"  rows TEXT NOT NULL"
	");"
	"CREATE INDEX undo_rows_step ON undo_rows(step_id, id);";

/* spent becomes net of refunds and refunds a column of its own (SPEC §5);
 * ABC is computed. A base of schema 2 gets the figures metrics_recompute
 * would give, so that it is right before its next import: refunds from
 * its cancellations, spent less them (never below 0, in cents), the
 * average check and LTV per month from the net spent, M over the net spent
 * (1 + 5w/N, w the buyers with strictly less) and the ABC class (H the
 * spent of the buyers with strictly more: A when H < 80 % of the total,
 * B when H < 95 %). */
static const char migration_3[] =
	"ALTER TABLE customer_metrics ADD COLUMN refunds REAL NOT NULL DEFAULT 0;"
	"UPDATE customer_metrics SET refunds = coalesce(("
	"  SELECT round(sum(abs(o.amount)), 2) FROM orders AS o"
	"  WHERE o.customer_id = customer_metrics.customer_id AND o.cancelled), 0);"
	"UPDATE customer_metrics SET spent = max(0,"
	"  (cast(round(spent * 100) AS INTEGER) - cast(round(refunds * 100) AS INTEGER)) / 100.0)"
	"  WHERE refunds > 0;"
	"UPDATE customer_metrics SET"
	"  avg_check = round(spent / orders, 2),"
	"  ltv_month = round(spent / max(1,"
	"    (cast(strftime('%Y', r.d) AS INTEGER) - cast(strftime('%Y', first_order) AS INTEGER)) * 12"
	"    + cast(strftime('%m', r.d) AS INTEGER) - cast(strftime('%m', first_order) AS INTEGER)"
	"    - (cast(strftime('%d', r.d) AS INTEGER) < cast(strftime('%d', first_order) AS INTEGER))),"
	"    2)"
	"  FROM (SELECT value AS d FROM meta WHERE key = 'metrics_ref_date') AS r"
	"  WHERE refunds > 0 AND orders > 0;"
	"WITH b AS ("
	"  SELECT customer_id, cast(round(spent * 100) AS INTEGER) AS c,"
	"    rank() OVER (ORDER BY cast(round(spent * 100) AS INTEGER)) - 1 AS w,"
	"    count(*) OVER () AS n,"
	"    sum(cast(round(spent * 100) AS INTEGER)) OVER () AS s,"
	"    sum(cast(round(spent * 100) AS INTEGER))"
	"      OVER (ORDER BY cast(round(spent * 100) AS INTEGER) DESC)"
	"    - sum(cast(round(spent * 100) AS INTEGER))"
	"      OVER (PARTITION BY cast(round(spent * 100) AS INTEGER)) AS h"
	"  FROM customer_metrics WHERE orders > 0)"
	"UPDATE customer_metrics SET"
	"  m = min(5, 1 + 5 * b.w / b.n),"
	"  abc = CASE WHEN 5 * b.h < 4 * b.s THEN 'A' WHEN 20 * b.h < 19 * b.s THEN 'B' ELSE 'C' END"
	"  FROM b WHERE b.customer_id = customer_metrics.customer_id;";

/* Customers imported from rows without an id, email or phone are found
 * again by a key made of the row's content (a digest and the row's place
 * among rows with the same content), kept apart from ext_id so that the
 * digest is never shown as the customer's id. imports.options: how the file
 * was read (--map, --na, ...), so that the same bytes read the same way are
 * known as imported already. */
static const char migration_4[] =
	"ALTER TABLE imports ADD COLUMN options TEXT;"
	"CREATE TABLE customer_keys ("
	"  key TEXT PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE INDEX customer_keys_customer ON customer_keys(customer_id);";

/* An undo step is stored as its kind (undo.c's key, such as "tag_put")
 * and its arguments (a JSON array: names, a count), and its label is
 * formatted only when shown, in the user's language. The steps of a base
 * of schema 4 keep the English label in action, used when kind is NULL. */
static const char migration_5[] =
	"ALTER TABLE undo_log ADD COLUMN kind TEXT;"
	"ALTER TABLE undo_log ADD COLUMN args TEXT;";

/* The classes of SPEC §5 that metrics_classes adds: value × speed and the
 * lead temperature. A base of schema 5 has them empty (and abc, xyz as
 * they were) until its next import or `clientele metrics`. */
static const char migration_6[] =
	"ALTER TABLE customer_metrics ADD COLUMN value_speed TEXT;"
	"ALTER TABLE customer_metrics ADD COLUMN lead_temp TEXT;";

/* Migration 7 as released: meta's data_gen, moved by a trigger on every
 * row written to customers and customer_metrics, and engine_cache. Its
 * triggers on customer_metrics are replaced by migration 8. */
#define GEN7_BUMP "BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_gen'; END;"
static const char migration_7[] =
	"INSERT OR IGNORE INTO meta(key, value) VALUES ('data_gen', '1');"
	"CREATE TABLE IF NOT EXISTS engine_cache ("
	"  name TEXT PRIMARY KEY,"
	"  gen INTEGER NOT NULL,"
	"  data BLOB NOT NULL"
	");"
	"DELETE FROM engine_cache;"
	"CREATE TRIGGER IF NOT EXISTS gen_customers_ins AFTER INSERT ON customers " GEN7_BUMP
	"CREATE TRIGGER IF NOT EXISTS gen_customers_upd AFTER UPDATE ON customers " GEN7_BUMP
	"CREATE TRIGGER IF NOT EXISTS gen_customers_del AFTER DELETE ON customers " GEN7_BUMP
	"CREATE TRIGGER IF NOT EXISTS gen_metrics_ins AFTER INSERT ON customer_metrics " GEN7_BUMP
	"CREATE TRIGGER IF NOT EXISTS gen_metrics_upd AFTER UPDATE ON customer_metrics " GEN7_BUMP
	"CREATE TRIGGER IF NOT EXISTS gen_metrics_del AFTER DELETE ON customer_metrics " GEN7_BUMP;

/* The stamps of the data the column engine keeps in engine_cache
 * (engine/cache.c), one per table, moved by a trigger on every row
 * written, by whichever program writes it (the sqlite3 shell included):
 * meta's data_gen for customers, metrics_gen for customer_metrics. A bulk
 * writer drops the triggers of the stamps it moves inside its transaction
 * and moves them once before it commits (engine_bulk_begin/end). */
#define GEN_BUMP(key)                                                                           \
	"BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = '" key "'; END;"
#define GEN_TRIGGERS_DATA                                                                       \
	"CREATE TRIGGER IF NOT EXISTS gen_customers_ins AFTER INSERT ON customers "                 \
	GEN_BUMP("data_gen")                                                                    \
	"CREATE TRIGGER IF NOT EXISTS gen_customers_upd AFTER UPDATE ON customers "                 \
	GEN_BUMP("data_gen")                                                                    \
	"CREATE TRIGGER IF NOT EXISTS gen_customers_del AFTER DELETE ON customers "                 \
	GEN_BUMP("data_gen")
#define GEN_TRIGGERS_METRICS                                                                    \
	"CREATE TRIGGER IF NOT EXISTS gen_metrics_ins AFTER INSERT ON customer_metrics "            \
	GEN_BUMP("metrics_gen")                                                                 \
	"CREATE TRIGGER IF NOT EXISTS gen_metrics_upd AFTER UPDATE ON customer_metrics "            \
	GEN_BUMP("metrics_gen")                                                                 \
	"CREATE TRIGGER IF NOT EXISTS gen_metrics_del AFTER DELETE ON customer_metrics "            \
	GEN_BUMP("metrics_gen")
#define GEN_DROP_METRICS                                                                        \
	"DROP TRIGGER IF EXISTS gen_metrics_ins; DROP TRIGGER IF EXISTS gen_metrics_upd;"           \
	"DROP TRIGGER IF EXISTS gen_metrics_del;"

const char schema_gen_triggers_data[] = GEN_TRIGGERS_DATA;
const char schema_gen_triggers_metrics[] = GEN_TRIGGERS_METRICS;

const char schema_gen_drop_data[] =
	"DROP TRIGGER IF EXISTS gen_customers_ins; DROP TRIGGER IF EXISTS gen_customers_upd;"
	"DROP TRIGGER IF EXISTS gen_customers_del;";
const char schema_gen_drop_metrics[] = GEN_DROP_METRICS;

/* Any of the six triggers missing: no stamp is believed. */
#define GEN_ALL_THERE                                                                           \
	"(SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN "                   \
	"('gen_customers_ins', 'gen_customers_upd', 'gen_customers_del', 'gen_metrics_ins', "       \
	"'gen_metrics_upd', 'gen_metrics_del')) = 6"

const char schema_gen_check[] =
	"SELECT coalesce(CASE WHEN " GEN_ALL_THERE " THEN (SELECT CAST(value AS INTEGER) FROM meta "
	"WHERE key = 'data_gen') END, -1), coalesce(CASE WHEN " GEN_ALL_THERE " THEN (SELECT "
	"CAST(value AS INTEGER) FROM meta WHERE key = 'metrics_gen') END, -1)";

/* A stamp per table (issue 10): a rewrite of the metrics alone no longer
 * makes the customers' columns stale. The triggers on customer_metrics
 * move metrics_gen from now on, and each row of engine_cache says the
 * metrics_gen it was built at (NULL: a column that reads customers
 * alone); the rows of migration 7 had no such stamp and go. A new
 * migration rather than an edit of 7: bases already at schema 7 exist, and
 * user_version is all a base says of its schema. */
static const char migration_8[] =
	GEN_DROP_METRICS
	"INSERT OR IGNORE INTO meta(key, value) VALUES ('metrics_gen', '1');"
	"DROP TABLE IF EXISTS engine_cache;"
	"CREATE TABLE engine_cache ("
	"  name TEXT PRIMARY KEY,"
	"  gen INTEGER NOT NULL,"
	"  mgen INTEGER,"
	"  data BLOB NOT NULL"
	");" GEN_TRIGGERS_DATA GEN_TRIGGERS_METRICS;

const char *const schema_migrations[] = {
	migration_1,
	migration_2,
	migration_3,
	migration_4,
	migration_5,
	migration_6,
	migration_7,
	migration_8,
};

const size_t schema_nmigrations = sizeof schema_migrations / sizeof schema_migrations[0];
