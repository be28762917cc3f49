#!/bin/sh
# Rules that forgive, and say why (issue 6 C, E.5, E.8) on the demo base:
# hyphenated bare words and numbers with an exponent counted against plain
# SQL, hints for => and unquoted text, "did you mean" for a value outside a
# fixed set and for a missing segment path, `segment why` with each
# customer's values, and a rule past the limits: refused at `segment add`,
# and when stored anyway, shown on its own row while the tree is counted.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "rules.sh (it checks counts with plain SQL)"
setup rules
C=$CLIENTELE
db=$tmp/demo.db

expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish

# --- C.1: hyphens inside a bare word ------------------------------------------------
want=$(sql "$db" "select count(*) from customers where city = 'Ростов-на-Дону'")
run "$C" count "$db" 'city = Ростов-на-Дону'
same "city = Ростов-на-Дону, bare" "$want" "$(cat "$tmp/out")"
check "Ростов-на-Дону has customers" test "$want" -gt 0
want=$(sql "$db" "select count(*) from customers where city in ('Ростов-на-Дону', 'Санкт-Петербург', 'Івано-Франківськ')")
run "$C" count "$db" 'city in (ростов-на-дону,САНКТ-ПЕТЕРБУРГ, Івано-Франківськ)'
same "a list of hyphenated words, in any case" "$want" "$(cat "$tmp/out")"
expect_exit 65 "a hyphen standing alone" "$C" count "$db" 'city = a - b'
err_contains "  says which character" "1:10: unexpected character '-'"

# --- E.8: numbers read alike everywhere ------------------------------------------
want=$(sql "$db" "select count(*) from customers where typeof(lead_score) in ('integer', 'real') and lead_score > 50")
run "$C" count "$db" 'lead_score > 5e1'
same "lead_score > 5e1" "$want" "$(cat "$tmp/out")"
want=$(sql "$db" "select count(*) from customers where lead_score = 50")
run "$C" count "$db" 'lead_score = 5E+1'
same "lead_score = 5E+1" "$want" "$(cat "$tmp/out")"

# --- C.2: hints ------------------------------------------------------------------------
expect_exit 65 "=>" "$C" count "$db" 'lead_score => 50'
err_has "=> suggests >=" "clientele: 1:12: '=>' is not an operator; did you mean '>='?"
expect_exit 65 "text with a space, unquoted" "$C" count "$db" 'city = Нижний Новгород and lead_score > 1'
err_contains "  suggests quoting it" 'text with spaces goes in double quotes: city = "Нижний Новгород"'
expect_exit 65 "rfm = champion" "$C" count "$db" 'rfm = champion'
err_contains "  did you mean champions" '"champion" is not a value of rfm; did you mean "champions"?'
want=$(sql "$db" "select count(*) from customer_metrics where rfm = 'champions'")
run "$C" count "$db" 'rfm = Champions'
same "rfm = Champions counts" "$want" "$(cat "$tmp/out")"
expect_exit 65 "buyer_type = onetime" "$C" count "$db" 'buyer_type = onetime'
err_contains "  did you mean one_time" 'did you mean "one_time"?'
# A value of the set counts what the base holds, even 0 (nobody has an XYZ
# class until XYZ is computed): not an error.
want=$(sql "$db" "select count(*) from customer_metrics where abc = 'C'")
run "$C" count "$db" 'abc = c'
same "abc = c counts" "$want" "$(cat "$tmp/out")"
want=$(sql "$db" "select count(*) from customer_metrics where xyz = 'Z'")
run "$C" count "$db" 'xyz = Z'
same "a value of the set counts, 0 when nobody has it" "$want" "$(cat "$tmp/out")"
expect_exit 0 "add Clients" "$C" segment add "$db" Clients --rule 'buyer_type != none'
expect_exit 65 "a misspelt path" "$C" count "$db" --segment Clientz
err_has "  suggests the nearest" 'clientele: no segment "Clientz"; did you mean "Clients"?'
expect_exit 65 "a misspelt parent" "$C" segment add "$db" "clientz/X"
err_contains "  suggests the nearest" 'did you mean "Clients"?'

# --- C.3: why shows the values ----------------------------------------------------
expect_exit 0 "add Clients/Recent" "$C" segment add "$db" Clients/Recent --rule 'last_order within 90d and city is not empty'
ref=$(sql "$db" "select date(max(date), '+1 day') from orders")
id=$(sql "$db" "select c.ext_id from customers c join orders o on o.customer_id = c.id group by c.id having max(o.date) < date('$ref', '-100 days') and c.city <> '' order by c.id limit 1")
last=$(sql "$db" "select substr(max(o.date), 1, 10) from orders o join customers c on c.id = o.customer_id where c.ext_id = '$id'")
days=$(sql "$db" "select cast(julianday('$ref') - julianday('$last') as integer)")
city=$(sql "$db" "select city from customers where ext_id = '$id'")
expect_exit 0 "why" "$C" segment why "$db" Clients/Recent "$id"
check "why: not met, with her last order" grep -qxF \
	"    not met  last_order within 90d (last_order $last, $days days before the reference date)" "$tmp/out"
check "why: met, with her city" grep -qxF "    met      city is not empty (city $city)" "$tmp/out"
expect_exit 0 "why --json" "$C" segment why "$db" Clients/Recent "$id" --json
check "why --json is JSON" json_valid "$tmp/out"
check "why --json: the value" grep -qF "\"value\": \"last_order $last, $days days before the reference date\"" "$tmp/out"

# --- E.5: a rule past the limits -----------------------------------------------------
big=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "%slead_score != %d", i ? " and " : "", i }')
expect_exit 65 "segment add with 1,000 conditions" "$C" segment add "$db" Big --rule "$big"
err_contains "  says the limit" "a rule may have at most 500 conditions; this one has 1000"
expect_exit 0 "add Big, small" "$C" segment add "$db" Big --rule 'lead_score >= 0'
expect_exit 0 "add Big/Child" "$C" segment add "$db" Big/Child --rule 'lead_score > 10'
expect_exit 65 "segment rule with 1,000 conditions" "$C" segment rule "$db" Big "$big"
# as an older version, or the sqlite3 shell, left it
sql "$db" "update segments set rule = '$big' where name = 'Big'"
clients=$(sql "$db" "select count(*) from customers c left join customer_metrics m on m.customer_id = c.id where coalesce(m.buyer_type, '') not in ('none', '')")
expect_exit 65 "segments with a broken rule" "$C" segments "$db"
check "  Clients is counted" grep -q "^  Clients  *$clients " "$tmp/out"
check "  Big shows its error on its row" grep -q "^  Big  *error: .*a rule may have at most 500 conditions; this one has 1000" "$tmp/out"
check "  so does the segment under it" grep -q "^    Child  *error: the segment it is under, \"Big\", cannot be counted" "$tmp/out"
err_has "  and says so at the end" "clientele: could not count 2 of the segments; their rows say why"
expect_exit 65 "segments --json with a broken rule" "$C" segments "$db" --json
check "  is JSON" json_valid "$tmp/out"
check "  with the error and a null count" grep -qF '"error": "the rule of \"Big\": 1:' "$tmp/out"
expect_exit 65 "plan with a broken rule" "$C" plan "$db"
check "  Clients has its size" grep -qF "| Clients | $clients |" "$tmp/out"
check "  Big has its error" grep -qF "| Big | error: the rule of \"Big\"" "$tmp/out"

finish
