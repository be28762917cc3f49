#!/bin/sh
# clientele facet on the demo data: a text field's values and counts as
# the sqlite3 shell groups them (folded, most frequent first, --top's
# others, the empty ones), within a segment and a rule; a number's and a
# date's buckets, each the count `clientele count` gives for `FIELD
# between FROM and TO` in the same scope, adding up with the empty ones to
# the scope; --json; and the errors with their exit codes.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "facet.sh (it checks the values with plain SQL)"
setup facet
C=$CLIENTELE
db=$tmp/demo.db

expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish
expect_exit 0 "a segment" "$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)'
scope="status IN ('one_time', 'seasonal', 'regular')"

# Text: the five most frequent cities of Clients, the others, the empty.
run "$C" facet "$db" city --segment Clients --top 5
same "facet exits 0" 0 "$st"
sql "$db" "SELECT count(*) || ' ' || min(city) FROM customers WHERE $scope AND city IS NOT NULL GROUP BY lower(city) ORDER BY count(*) DESC, lower(city) LIMIT 5" >"$tmp/want"
same "the top five, as SQL groups them, count first" "$(cat "$tmp/want")" "$(head -n 5 "$tmp/out" | sed 's/^ *//')"
top=$(awk '{ s += $1 } END { print s }' "$tmp/want")
with=$(sql "$db" "SELECT count(city) FROM customers WHERE $scope")
same "then the others" "$((with - top)) (others)" "$(sed -n 6p "$tmp/out" | sed 's/^ *//')"
empty=$(sql "$db" "SELECT count(*) - count(city) FROM customers WHERE $scope")
if [ "$empty" -gt 0 ]; then
	same "then the empty ones" "$empty (empty)" "$(sed -n 7p "$tmp/out" | sed 's/^ *//')"
fi

# Within a rule too, every value: the counts add up to the scope.
run "$C" facet "$db" gender --where 'city = Москва'
moscow=$("$C" count "$db" 'city = Москва')
same "gender within a rule adds up to its count ($moscow)" "$moscow" \
	"$(awk '{ s += $1 } END { print s }' "$tmp/out")"
f=$(sql "$db" "SELECT count(*) FROM customers WHERE city = 'Москва' AND gender = 'F'")
check "F has SQL's count ($f)" grep -qE "^ *$f F\$" "$tmp/out"

# Numbers and dates: each bucket is what its between counts.
buckets_check() { # FIELD SCOPE-ARGS...: every bucket against clientele count
	field=$1
	shift
	run "$C" facet "$db" "$field" "$@" --buckets 6
	same "$field: exits 0" 0 "$st"
	n=$(grep -c ' – ' "$tmp/out")
	check "$field: at most 6 buckets and more than one ($n)" test "$n" -ge 2 -a "$n" -le 7
	sum=0
	bad=0
	while read -r cnt from _dash to; do
		[ "$_dash" = "–" ] || continue
		want=$("$C" count "$db" "$rule_in $field between $from and $to")
		[ "$want" = "$cnt" ] || { bad=1; show "$field $from – $to: $cnt, count says $want"; }
		sum=$((sum + cnt))
	done <"$tmp/out"
	same "$field: each bucket is its between's count" 0 "$bad"
	empty=$(sed -n 's/^ *\([0-9]*\) (empty)$/\1/p' "$tmp/out")
	same "$field: the buckets and the empty add up to the scope" "$total" "$((sum + ${empty:-0}))"
}
rule_in='in segment Clients and'
total=$("$C" count "$db" --segment Clients)
buckets_check spent --segment Clients
buckets_check last_order --segment Clients
rule_in=''
total=$("$C" count "$db" '')
buckets_check birth_date

# JSON.
run "$C" facet "$db" city --segment Clients --top 3 --json
json_valid "facet --json is JSON"
check "its values" grep -q '"values": \[{"value": ' "$tmp/out"
run "$C" facet "$db" spent --json --buckets 4
json_valid "a histogram's --json is JSON"
check "its buckets" grep -q '"buckets": \[{"from": ' "$tmp/out"

# Errors.
expect_exit 65 "an unknown field" "$C" facet "$db" cyty
err_contains "names it" 'no field "cyty"'
expect_exit 2 "--buckets out of range" "$C" facet "$db" spent --buckets 50
err_contains "says what it takes" "--buckets takes a number from 2 to 20"
expect_exit 2 "no field given" "$C" facet "$db"
expect_exit 66 "a missing base" "$C" facet "$tmp/none.db" city
expect_exit 65 "a bad rule" "$C" facet "$db" city --where 'city =='
finish
