#!/bin/sh
# The engine's columns kept in the base (issue 10): `clientele count` writes
# the columns it used to engine_cache and reads them back next time; a write
# by the sqlite3 shell moves a generation of meta through the triggers
# (data_gen for customers, metrics_gen for customer_metrics), so that the
# next count is right, checked against plain SQL; a change of the metrics
# alone (the shell's, `clientele metrics`) leaves the customers' columns
# fresh. A re-import writes again the columns the cache held.
# The analysis commands keep every column they use after one run (rfm,
# compare with its top cities), and answer the same from them.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "cache.sh (it writes the base behind clientele's back)"
setup cache
C=$CLIENTELE
db=$tmp/demo.db

expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish

gen() {
	sql "$db" "select value from meta where key = 'data_gen'"
}
mgen() {
	sql "$db" "select value from meta where key = 'metrics_gen'"
}
# fresh NAME: 1 when the cache holds column NAME of the generations now.
fresh() {
	sql "$db" "select count(*) from engine_cache where name = '$1' and gen = $(gen) and
		(mgen is null or mgen = $(mgen))"
}

same "no column kept before a count" 0 "$(fresh city)"
want=$(sql "$db" "select count(*) from customers where city = 'Москва'")
run "$C" count "$db" 'city = москва'
same "the first count (SQL)" "$want" "$(cat "$tmp/out")"
same "  the column is kept" 1 "$(fresh city)"
same "  and the row numbers" 1 "$(fresh ids)"
run "$C" count "$db" 'city = москва'
same "the second count (the cache)" "$want" "$(cat "$tmp/out")"

g=$(gen)
sql "$db" "update customers set city = 'Москва' where id % 5 = 0"
check "an UPDATE by the shell moves the generation" test "$(gen)" -gt "$g"
same "  the column is stale" 0 "$(fresh city)"
want=$(sql "$db" "select count(*) from customers where city = 'Москва'")
run "$C" count "$db" 'city = москва'
same "a count after the shell's UPDATE" "$want" "$(cat "$tmp/out")"
run "$C" count "$db" 'city = москва'
same "  and the next, from the cache again" "$want" "$(cat "$tmp/out")"
same "  kept again" 1 "$(fresh city)"

run "$C" count "$db" 'orders >= 2'
same "  orders is kept" 1 "$(fresh orders)"
g=$(gen)
m=$(mgen)
sql "$db" "update customer_metrics set orders = 0 where customer_id % 3 = 0"
same "an UPDATE of the metrics by the shell leaves data_gen" "$g" "$(gen)"
check "  and moves metrics_gen" test "$(mgen)" -gt "$m"
same "  orders is stale" 0 "$(fresh orders)"
same "  city is not" 1 "$(fresh city)"
same "  nor the row numbers" 1 "$(fresh ids)"
want=$(sql "$db" "select count(*) from customer_metrics where orders >= 2")
run "$C" count "$db" 'orders >= 2'
same "a count after the shell's UPDATE of the metrics" "$want" "$(cat "$tmp/out")"

# clientele metrics rewrites customer_metrics alone: the customers' columns
# stay (the proof: an edit behind the triggers' back, which a column built
# again would see), the metrics' are built again by the command.
run "$C" count "$db" 'email is empty'
run "$C" count "$db" 'rfm = champions'
run "$C" count "$db" 'city = москва'
held=$(cat "$tmp/out")
sql "$db" "drop trigger gen_customers_upd; update customers set city = 'Москва' where id % 7 = 3;
	create trigger gen_customers_upd after update on customers begin update meta set value =
	cast(value as integer) + 1 where key = 'data_gen'; end;"
check "  (an edit hidden from the triggers changes the count)" test \
	"$(sql "$db" "select count(*) from customers where city = 'Москва'")" != "$held"
sql "$db" "delete from customer_metrics where customer_id % 5 = 2"
g=$(gen)
expect_exit 0 "clientele metrics" "$C" metrics "$db"
same "  leaves data_gen" "$g" "$(gen)"
for col in city email ids; do
	same "  $col stays fresh" 1 "$(fresh "$col")"
done
for col in orders rfm; do
	same "  $col is built again" 1 "$(fresh "$col")"
done
run "$C" count "$db" 'city = москва'
same "  city read from the cache (the hidden edit unseen)" "$held" "$(cat "$tmp/out")"
want=$(sql "$db" "select count(*) from customer_metrics where orders >= 2")
run "$C" count "$db" 'orders >= 2'
same "  orders after it" "$want" "$(cat "$tmp/out")"
want=$(sql "$db" "select count(*) from customer_metrics where rfm = 'champions'")
run "$C" count "$db" 'rfm = champions'
same "  rfm after it" "$want" "$(cat "$tmp/out")"
sql "$db" "update customers set city = city where id = 1"

sql "$db" "delete from customers where id % 4 = 1"
want=$(sql "$db" "select count(*) from customers where city = 'Москва'")
run "$C" count "$db" 'city = москва'
same "a count after the shell's DELETE" "$want" "$(cat "$tmp/out")"

sql "$db" "insert into customers(ext_id, city) values ('new-1', 'Москва')"
want=$(sql "$db" "select count(*) from customers where city = 'Москва'")
run "$C" count "$db" 'city = москва'
same "a count after the shell's INSERT" "$want" "$(cat "$tmp/out")"

expect_exit 0 "a segment" "$C" segment add "$db" Moscow --rule 'city = москва'
run "$C" count "$db" --segment Moscow
same "count --segment" "$want" "$(cat "$tmp/out")"

sed 's/Москва/Тверь/' "$SRCDIR/data/demo/customers.csv" >"$tmp/again.csv"
expect_exit 0 "a re-import" "$C" import "$db" --customers "$tmp/again.csv" --quiet
same "  writes again the columns the cache held" 1 "$(fresh city)"
want=$(sql "$db" "select count(*) from customers where city = 'Москва'")
run "$C" count "$db" 'city = москва'
same "  and the count after it is right" "$want" "$(cat "$tmp/out")"

# rfm and compare: SQL answers the first run, which keeps every column the
# next one needs (not one at a time), and the next answers the same.
sql "$db" "delete from engine_cache"
run "$C" rfm "$db" --json
cp "$tmp/out" "$tmp/rfm1"
for col in r f rfm orders spent; do
	same "  rfm keeps $col" 1 "$(fresh "$col")"
done
run "$C" rfm "$db" --json
same "  the second rfm, from the kept columns, answers the same" "$(cat "$tmp/rfm1")" "$(cat "$tmp/out")"
run "$C" compare "$db" "" Moscow --json
cp "$tmp/out" "$tmp/cmp1"
for col in gender email_consent age last_order last_activity "raw city"; do
	same "  compare keeps $col" 1 "$(fresh "$col")"
done
run "$C" compare "$db" "" Moscow --json
same "  the second compare answers the same" "$(cat "$tmp/cmp1")" "$(cat "$tmp/out")"

finish
