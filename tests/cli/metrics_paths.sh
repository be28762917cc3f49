#!/bin/sh
# The ways customer_metrics is computed give the same table, row for row
# and column for column: the import's fast path (from the orders it has
# just written, kept in memory) and `clientele metrics` recomputing from
# the tables, whether its writer refills an emptied table, rewrites only
# the rows that differ (changed or deleted by hand), or starts over because
# of a row of no customer. On a seeded generated base with categories,
# without them (top_category from the product words) and with an as_of
# date. The plain figures (orders, spent, refunds, first and last order,
# days since the last) are also checked against the sqlite3 shell's own
# GROUP BY over the orders, also after orders were deleted by hand.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "metrics_paths.sh (it compares tables with the sqlite3 shell)"
: "${CLIENTELE_GEN:?set by the test harness}"
[ -x "$CLIENTELE_GEN" ] || skip "$CLIENTELE_GEN not built"
setup metrics_paths
C=$CLIENTELE

dump() { sql "$1" "select * from customer_metrics order by customer_id" >"$2"; }

# same_table LABEL EXPECTED GOT: two dumps are the same.
same_table() {
	if [ -s "$2" ] && cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1: $(diff "$2" "$3" | head -n 3 | tr '\n' ' ')"
	fi
}

"$CLIENTELE_GEN" --customers 2000 --seed 4242 --out "$tmp/gen" >/dev/null ||
	{ fail "generating the base"; finish; }

for variant in categories words as_of; do
	db=$tmp/$variant.db
	set -- --customers "$tmp/gen/customers.csv" --orders "$tmp/gen/orders.csv" --quiet
	case $variant in
	words) set -- "$@" --map "category=-" ;;
	as_of) set -- "$@" --as-of 2026-03-15 ;;
	esac
	expect_exit 0 "$variant: the import" "$C" import "$db" "$@" || continue
	dump "$db" "$tmp/$variant.import"
	same "$variant: a row for each of the 2000 customers" 2000 "$(wc -l <"$tmp/$variant.import" | tr -d ' ')"

	# Emptied: metrics refills it from the tables.
	sql "$db" "delete from customer_metrics"
	expect_exit 0 "$variant: metrics on an emptied table" "$C" metrics "$db"
	dump "$db" "$tmp/$variant.refilled"
	same_table "$variant: metrics refills the table the import wrote" \
		"$tmp/$variant.import" "$tmp/$variant.refilled"

	# A few rows changed, one column or several, and a few deleted: metrics
	# puts back what the import wrote.
	sql "$db" "update customer_metrics set spent = spent + 1, abc = 'Q' where customer_id % 7 = 0;
		update customer_metrics set top_category = null, xyz = 'X' where customer_id % 11 = 0;
		update customer_metrics set days_since_order = 'x', lead_temp = null where customer_id % 13 = 0;
		update customer_metrics set ltv_month = ltv_month + 0.001 where customer_id % 19 = 0;
		delete from customer_metrics where customer_id % 17 = 0"
	expect_exit 0 "$variant: metrics on rows changed by hand" "$C" metrics "$db"
	dump "$db" "$tmp/$variant.mended"
	same_table "$variant: metrics mends the rows changed and deleted" \
		"$tmp/$variant.import" "$tmp/$variant.mended"

	# A row of no customer (the shell leaves foreign keys off): gone.
	sql "$db" "insert into customer_metrics(customer_id, orders) values (99999999, 3)"
	expect_exit 0 "$variant: metrics with a row of no customer" "$C" metrics "$db"
	dump "$db" "$tmp/$variant.cleaned"
	same_table "$variant: metrics drops the row of no customer" \
		"$tmp/$variant.import" "$tmp/$variant.cleaned"
done

# Orders deleted by hand after the import: the latest day the last
# computation kept (data_ref_date) is wrong now; metrics finds the new one
# and gives what it gives when it has none to go by.
db=$tmp/categories.db
sql "$db" "delete from orders where date >= '2026-10-01'"
expect_exit 0 "the latest orders deleted: metrics" "$C" metrics "$db"
dump "$db" "$tmp/deleted"
same "the latest orders deleted: the reference date the day after the new latest order" \
	"$(sql "$db" "select date(max(date), '+1 day') from orders")" \
	"$(sql "$db" "select value from meta where key = 'metrics_ref_date'")"
sql "$db" "delete from meta where key = 'data_ref_date'"
expect_exit 0 "the latest orders deleted: metrics without data_ref_date" "$C" metrics "$db"
dump "$db" "$tmp/deleted.again"
same_table "the latest orders deleted: the same table either way" "$tmp/deleted" "$tmp/deleted.again"

# An import that lists its orders computes the metrics on a thread of its
# own while it builds the indexes (metrics_job_start/finish): into a base
# that holds the customers already, the same table as the import of both
# files at once. A failure on that thread rolls the whole import back,
# into a base that was there and into a new one.
db=$tmp/twice.db
expect_exit 0 "the customers alone" "$C" import "$db" --customers "$tmp/gen/customers.csv" --quiet
before=$(base_state "$db")
expect_exit 1 "the metrics thread fails: the import fails" \
	env CLIENTELE_FAULT=metrics-thread "$C" import "$db" --orders "$tmp/gen/orders.csv" --quiet
err_contains "the metrics thread fails: the reason" "out of memory"
same "the metrics thread fails: the base as it was" "$before" "$(base_state "$db")"
same "the metrics thread fails: no order written" 0 "$(sql "$db" "select count(*) from orders")"
expect_exit 1 "the metrics thread fails: into a new base" \
	env CLIENTELE_FAULT=metrics-thread "$C" import "$tmp/new.db" --customers "$tmp/gen/customers.csv" \
	--orders "$tmp/gen/orders.csv" --quiet
check "the metrics thread fails: no new base" test ! -e "$tmp/new.db"
expect_exit 0 "then the orders into the base of customers" \
	"$C" import "$db" --orders "$tmp/gen/orders.csv" --quiet
dump "$db" "$tmp/twice.import"
same_table "the orders after the customers: the table of both files at once" \
	"$tmp/categories.import" "$tmp/twice.import"

# The customers the import keeps for that thread as it writes them (a
# base without customers): a row met again updates her, its empty values
# leaving hers (birth date, age, creation date, lead score); a customer
# of the orders alone has none. The same table as metrics from the table.
cat >"$tmp/kept.csv" <<'CSV'
id,birth_date,age,created_at,lead_score,email
k1,1980-05-04,,2024-01-02,75,k1@example.com
k2,,33,2024-02-03 10:00:00,,k2@example.com
k1,,,,20,
k3,1999-12-31,,,45.5,k3@example.com
k2,2001-01-01,,,,
k4,,,,,k4@example.com
CSV
cat >"$tmp/kept_orders.csv" <<'CSV'
order_id,customer_id,date,amount,category
1,k1,2025-01-05,100,books
2,k2,2025-03-01,50,toys
3,k5,2025-04-01,70,books
4,k3,2025-04-02,20,games
CSV
db=$tmp/kept.db
expect_exit 0 "kept customers: the import" "$C" import "$db" --customers "$tmp/kept.csv" \
	--orders "$tmp/kept_orders.csv" --quiet
dump "$db" "$tmp/kept.import"
same "kept customers: a row for each of the 5" 5 "$(wc -l <"$tmp/kept.import" | tr -d ' ')"
same "kept customers: the updates kept what empty values leave" \
	"k1|1980-05-04||2024-01-02|20.0 k2|2001-01-01|33.0|2024-02-03 10:00:00| k5||||" \
	"$(sql "$db" "select ext_id, birth_date, age_given, created_at, lead_score from customers
		where ext_id in ('k1', 'k2', 'k5') order by ext_id" | tr '\n' ' ' | sed 's/ $//')"
sql "$db" "delete from customer_metrics"
expect_exit 0 "kept customers: metrics from the table" "$C" metrics "$db"
dump "$db" "$tmp/kept.refilled"
same_table "kept customers: the same table as metrics from the table" \
	"$tmp/kept.import" "$tmp/kept.refilled"

# Without categories the top category is the products' top word.
same "words: top categories from the product words" yes \
	"$(sql "$tmp/words.db" "select case when count(distinct top_category) > 10 and
		count(*) filter (where top_category is null and orders > 0) = 0 then 'yes' else 'no' end
		from customer_metrics")"

# The plain figures, by the shell: purchases are the orders not cancelled,
# spent their total less what cancellations refunded (never below 0).
for variant in categories as_of; do
	db=$tmp/$variant.db
	sql "$db" "select c.id || '|' || count(o.id) filter (where not o.cancelled) || '|' ||
		printf('%.2f', max(0, round(coalesce(sum(o.amount) filter (where not o.cancelled), 0), 2)
			- round(coalesce(sum(abs(o.amount)) filter (where o.cancelled), 0), 2))) || '|' ||
		printf('%.2f', round(coalesce(sum(abs(o.amount)) filter (where o.cancelled), 0), 2)) || '|' ||
		coalesce(min(date(o.date)) filter (where not o.cancelled), '') || '|' ||
		coalesce(max(date(o.date)) filter (where not o.cancelled), '') || '|' ||
		coalesce(cast(julianday((select value from meta where key = 'metrics_ref_date'))
			- julianday(max(date(o.date)) filter (where not o.cancelled)) as integer), '')
		from customers c left join orders o on o.customer_id = c.id group by c.id order by c.id" \
		>"$tmp/$variant.plain.expected"
	sql "$db" "select customer_id || '|' || orders || '|' || printf('%.2f', spent) || '|' ||
		printf('%.2f', refunds) || '|' || coalesce(first_order, '') || '|' ||
		coalesce(last_order, '') || '|' || coalesce(days_since_order, '')
		from customer_metrics order by customer_id" >"$tmp/$variant.plain.got"
	same_table "$variant: orders, spent, refunds, first and last order, days since as the shell sums them" \
		"$tmp/$variant.plain.expected" "$tmp/$variant.plain.got"
done
finish
