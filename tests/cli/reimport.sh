#!/bin/sh
# Re-imports: an updated customers file updates the matched customers (by
# id, else email in any case), inserts the new ones, merges duplicates
# within the file, and keeps tags, hand edits and static segment members;
# an orders file imported twice changes nothing the second time; the very
# same file again is known by its SHA-256 and left alone.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "reimport.sh (it tags and edits customers by hand)"
setup reimport
C=$CLIENTELE
db=$tmp/shop.db

expect_exit 0 "the base: customers_ru.csv" "$C" import "$db" --customers "$DATA/customers_ru.csv" --quiet ||
	finish

# customer EXT_ID COLUMN: a column of one customer.
customer() {
	sql "$db" "select $2 from customers where ext_id = '$1'"
}

# Hand work: a tag on 1002, a hand-edited city on 1004, a static segment
# with 1001 and 1002.
sql "$db" "
	INSERT INTO tags(name, name_fold) VALUES ('Ждёт распродажу', 'ждёт распродажу');
	INSERT INTO customer_tags(customer_id, tag_id)
		SELECT c.id, t.id FROM customers c, tags t WHERE c.ext_id = '1002';
	UPDATE customers SET city = 'Тверь' WHERE ext_id = '1004';
	INSERT INTO hand_edits(customer_id, field) SELECT id, 'city' FROM customers WHERE ext_id = '1004';
	INSERT INTO segments(name, kind) VALUES ('Весенняя рассылка', 'static');
	INSERT INTO segment_members(segment_id, customer_id)
		SELECT s.id, c.id FROM segments s, customers c WHERE c.ext_id IN ('1001', '1002');
" || fail "tagging and editing by hand with sqlite3"
id1002=$(customer 1002 id)
id1006=$(customer 1006 id)

# --- the updated customers file ------------------------------------------------------
# customers_ru_v2.csv: 1001 moved to Казань; 1002, 1003 as they were; 1004
# moved to Новосибирск (but its city was edited by hand); Ivan.Popov@EXAMPLE.ru
# without an id is 1006, moved to Уфа; 1009 and 1010 are new; a last row
# without an id repeats 1010's email in capitals and adds a phone.
expect_exit 0 "importing customers_ru_v2.csv" "$C" import "$db" --customers "$DATA/customers_ru_v2.csv" --json
same "v2: rows read" 8 "$(json customers.rows_read)"
same "v2: inserted (1009, 1010)" 2 "$(json customers.inserted)"
same "v2: updated (1001-1004, 1006 by email)" 5 "$(json customers.updated)"
same "v2: duplicates merged (1010 by email)" 1 "$(json customers.merged)"
same "v2: nothing rejected" 0 "$(json customers.rejected)"
run "$C" info "$db" --json
same "v2: 8 + 2 customers" 10 "$(json customers)"
same "v2: one tag" 1 "$(json tags)"

same "1001's city changed" Казань "$(customer 1001 city)"
same "1001's bonus updated" 130.0 "$(customer 1001 cf_бонусы)"
same "1004's hand-edited city survives" Тверь "$(customer 1004 city)"
same "1004's other fields are updated" 5.0 "$(customer 1004 cf_бонусы)"
same "1006 matched by email in another case: same row" "$id1006" "$(customer 1006 id)"
same "1006's city changed" Уфа "$(customer 1006 city)"
same "1006's email stays lower-case" ivan.popov@example.ru "$(customer 1006 email)"
same "an empty cell does not erase 1006's phone" +79123456706 "$(customer 1006 phone)"
same "1005, not in the file, is untouched" "+79123456705|Москва" "$(customer 1005 "phone || '|' || city")"
same "1010 once, with the phone of its duplicate row" "1|+79123456710|new.client@example.ru" \
	"$(sql "$db" "select count(*) || '|' || max(phone) || '|' || max(email) from customers
		where email = 'new.client@example.ru'")"
same "the tag is still on 1002" "$id1002|Ждёт распродажу" \
	"$(sql "$db" "select ct.customer_id || '|' || t.name from customer_tags ct join tags t on t.id = ct.tag_id")"
same "the static segment still has 1001 and 1002" "1001 1002" \
	"$(sql "$db" "select group_concat(ext_id, ' ') from (select c.ext_id from segment_members m
		join customers c on c.id = m.customer_id order by c.ext_id)")"
same "no customer without an identifier" 0 \
	"$(sql "$db" "select count(*) from customers where ext_id is null and email is null and phone is null")"

# The same rows again (in other bytes, CRLF line ends, so that they are
# matched one by one): everything matches, nothing new.
sed 's/$/\r/' "$DATA/customers_ru_v2.csv" >"$tmp/v2_crlf.csv"
expect_exit 0 "importing customers_ru_v2.csv again" "$C" import "$db" --customers "$tmp/v2_crlf.csv" --json
same "v2 again: nothing inserted" 0 "$(json customers.inserted)"
same "v2 again: 7 customers updated" 7 "$(json customers.updated)"
same "v2 again: still 10 customers" 10 "$(sql "$db" "select count(*) from customers")"

# count, lightly: the tag whatever its case, and a Cyrillic city.
expect_exit 0 "count tag:\"ЖДЁТ РАСПРОДАЖУ\"" "$C" count "$db" 'tag:"ЖДЁТ РАСПРОДАЖУ"' &&
	same "count: the tag matches in any case" 1 "$(cat "$tmp/out")"
expect_exit 0 "count city = \"москва\"" "$C" count "$db" 'city = "москва"' &&
	same "count: Москва now (1002, 1005, 1008, 1009)" 4 "$(cat "$tmp/out")"

# --- orders twice ----------------------------------------------------------------------
revenue() {
	sql "$db" "select printf('%.2f', sum(spent)) from customer_metrics"
}

# twice FILE ORDERS REVENUE INSERTED...: imports FILE twice; after each,
# ORDERS orders in the base and REVENUE (sum of spent, all customers: what
# they bought less what cancellations refunded, SPEC §5).
twice() {
	_f=$1 _orders=$2 _rev=$3 _ins=$4
	expect_exit 0 "$_f" "$C" import "$db" --orders "$DATA/$_f" --json
	same "$_f: orders inserted" "$_ins" "$(json orders.inserted)"
	same "$_f: orders in the base" "$_orders" "$(sql "$db" "select count(*) from orders")"
	same "$_f: revenue" "$_rev" "$(revenue)"
	# The same orders in other bytes (CRLF line ends), so that the
	# orders are matched one by one rather than the file known as imported.
	sed 's/$/\r/' "$DATA/$_f" >"$tmp/crlf_$_f"
	expect_exit 0 "$_f again" "$C" import "$db" --orders "$tmp/crlf_$_f" --json
	same "$_f again: nothing inserted" 0 "$(json orders.inserted)"
	same "$_f again: every order matched" "$_ins" "$(json orders.updated)"
	same "$_f again: the same orders" "$_orders" "$(sql "$db" "select count(*) from orders")"
	same "$_f again: the same revenue" "$_rev" "$(revenue)"
}

# 1500 + 2300.50 + 990 + 450 + 1200; C5005 is cancelled and refunds 1003's
# 450: 6440.50 - 450.
twice orders_ru.csv 6 5990.50 6
same "orders_ru.csv: one cancellation" 1 "$(sql "$db" "select count(*) from orders where cancelled")"

# Line items: 600001 = 2*5.50 + 4*1.25 + 1*3.00 = 19.00 (its third line
# comes after 600002's), 600002 = 20.00, C600003 cancelled, 600004 has no
# customer, 600005 = 24.99 from customer 1011 known only from this file:
# 5990.50 + 19 + 20 + 24.99, less the 5.50 C600003 refunds to 1001.
twice orders_lines.csv 10 6048.99 4
same "orders_lines.csv: 600001 summed over its 3 lines" "19.0|3" \
	"$(sql "$db" "select amount || '|' || lines from orders where order_no = '600001'")"
same "orders_lines.csv: 1011 created, with its country" "1|Ukraine" \
	"$(sql "$db" "select count(*) || '|' || max(country) from customers where ext_id = '1011'")"

# No order numbers: each row is an order, known again by its content.
twice orders_noid.csv 13 9248.99 3

same "the reference date follows the last order" 2024-04-12 \
	"$(run "$C" info "$db" --json; json reference_date)"
same "the tag survived the orders too" 1 "$(sql "$db" "select count(*) from customer_tags")"

# --- the very same file again ----------------------------------------------------------
state=$(base_state "$db")
imports=$(sql "$db" "select count(*) from imports")
when=$(sql "$db" "select max(started_at) from imports where kind = 'orders' and file_name = '$DATA/orders_ru.csv'")
expect_exit 0 "orders_ru.csv a third time, the same bytes" "$C" import "$db" --orders "$DATA/orders_ru.csv"
check "the summary says it was imported already" grep -Fxq \
	"$DATA/orders_ru.csv: already imported on $when UTC, nothing changed" "$tmp/out"
check "no \"orders updated\" figure" sh -c "! grep -q 'orders updated' '$tmp/out'"
same "the base is byte for byte the same" "$state" "$(base_state "$db")"
same "no import recorded" "$imports" "$(sql "$db" "select count(*) from imports")"
expect_exit 0 "--json says so too" "$C" import "$db" --orders "$DATA/orders_ru.csv" --json
same "--json: already_imported" "$when" "$(json orders.already_imported)"
same "--json: nothing updated" 0 "$(json orders.updated)"
expect_exit 0 "read another way (--map), it is imported" "$C" import "$db" --orders "$DATA/orders_ru.csv" \
	--map "Категория=-" --json
same "--map: every order matched again" 6 "$(json orders.updated)"

# Rejected lines are recorded once: a file with a bad row, imported twice
# with --skip-bad.
bad=$tmp/skip.db
expect_exit 0 "bad_date.csv with --skip-bad" "$C" import "$bad" --customers "$BAD/bad_date.csv" --skip-bad --quiet
expect_exit 0 "bad_date.csv with --skip-bad again" "$C" import "$bad" --customers "$BAD/bad_date.csv" --skip-bad
check "the second says it was imported already" grep -q 'already imported on .* UTC, nothing changed' "$tmp/out"
expect_exit 0 "info --errors" "$C" info "$bad" --errors
same "info --errors lists the bad line once" 1 "$(grep -c ':5:3: invalid birth_date' "$tmp/out")"

finish
