#!/bin/sh
# clientele rfm, abc, value-speed, compare and hist on the demo data: each cell's count
# is what `clientele count` gives for the cell's rule within the segment,
# the cells add up to the buyers, revenue, orders, medians and top cities
# are the sqlite3 shell's, in text, --json and --csv; the bars of hist fill
# 80 columns when the output is not a terminal; the errors exit as SPEC §7
# says. On Online Retail (when the file is there), the R×F grid's cells
# add up to the buyers.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "analysis.sh (it checks the figures with plain SQL)"
setup analysis
C=$CLIENTELE
db=$tmp/demo.db

expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish
expect_exit 0 "a segment" "$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)'
expect_exit 0 "a child" "$C" segment add "$db" Clients/Moscow --rule 'city = Москва'
scope="c.status IN ('one_time', 'seasonal', 'regular')"
from="customers AS c LEFT JOIN customer_metrics AS m ON m.customer_id = c.id"
# crlf: the CSV's lines without their CR
crlf() { tr -d '\r' <"$tmp/out" >"$tmp/csv"; }
# avg REVENUE ORDERS: revenue ÷ orders to the cent, a half cent up, in
# whole cents (a binary fraction would round 100.125 down)
avg() {
	awk -v r="$1" -v o="$2" 'BEGIN { sub(/\./, "", r); a = int((2 * r + o) / (2 * o))
		printf "%d.%02d", int(a / 100), a % 100 }'
}

# --- rfm ------------------------------------------------------------------------
expect_exit 0 "rfm --csv within Clients" "$C" rfm "$db" --segment Clients --csv
crlf
same "rfm --csv: its header" "kind,r,f,segment,rule,count,share,orders,revenue,avg_check" \
	"$(head -n 1 "$tmp/csv")"
same "rfm --csv: 25 cells, one none, ten segments" "36" "$(($(wc -l <"$tmp/csv") - 1))"
bad=0
sum=0
while IFS=, read -r kind _r _f _name rule count _rest; do
	[ "$kind" = kind ] && continue
	want=$("$C" count "$db" "in segment Clients and ($rule)")
	[ "$want" = "$count" ] || { bad=1; show "$rule: $count, count says $want"; }
	[ "$kind" = cell ] && sum=$((sum + count))
done <"$tmp/csv"
same "rfm: each cell's and segment's count is its rule's within Clients" 0 "$bad"
buyers=$("$C" count "$db" 'in segment Clients and orders >= 1')
same "rfm: the cells add up to the buyers ($buyers)" "$buyers" "$sum"
r5f5=$(sql "$db" "SELECT count(*) FROM $from WHERE $scope AND m.r = 5 AND m.f = 5")
same "rfm: cell 5/5 has SQL's count" "$r5f5" "$(awk -F, '$1 == "cell" && $2 == 5 && $3 == 5 { print $6 }' "$tmp/csv")"
bad=0
for name in champions loyal hibernating at_risk; do
	want=$(sql "$db" "SELECT printf('%.2f', coalesce(sum(cast(round(m.spent * 100) AS INTEGER)), 0) / 100.0) || ',' || coalesce(sum(m.orders), 0) FROM $from WHERE $scope AND m.rfm = '$name'")
	got=$(awk -F, -v n="$name" '$4 == n { print $9 "," $8 }' "$tmp/csv")
	[ "$want" = "$got" ] || { bad=1; show "$name: revenue,orders $got, SQL says $want"; }
	avg=$(avg "$(awk -F, -v n="$name" '$4 == n { print $9 }' "$tmp/csv")" \
		"$(awk -F, -v n="$name" '$4 == n { print $8 }' "$tmp/csv")")
	got=$(awk -F, -v n="$name" '$4 == n { print $10 }' "$tmp/csv")
	[ "$avg" = "$got" ] || { bad=1; show "$name: average check $got, revenue ÷ orders is $avg"; }
done
same "rfm: revenue, orders and average check of named segments are SQL's" 0 "$bad"
size=$("$C" count "$db" --segment Clients)
champ=$(awk -F, '$4 == "champions" { print $6 }' "$tmp/csv")
same "rfm: a share is of the segment's members" \
	"$(awk -v a="$champ" -v b="$size" 'BEGIN { printf "%.2f", 100 * a / b }')" \
	"$(awk -F, '$4 == "champions" { print $7 }' "$tmp/csv")"

expect_exit 0 "rfm, text" "$C" rfm "$db" --segment Clients
check "rfm text: the headline" grep -Fq "RFM of Clients: $size customers, $buyers with a purchase" "$tmp/out"
row5=$(awk -F, '$1 == "cell" && $2 == 5 { printf "%s ", $6 }' "$tmp/csv")
same "rfm text: row R=5 holds the cells of R = 5" "R=5 $row5" \
	"$(grep '^R=5' "$tmp/out" | tr -s ' ') "
check "rfm text: champions with count and revenue" grep -Eq \
	"^champions +$champ +[0-9.]+ % +$(awk -F, '$4 == "champions" { print $9 }' "$tmp/csv") " "$tmp/out"

expect_exit 0 "rfm --json" "$C" rfm "$db" --segment Clients --json
check "rfm --json parses" json_valid "$tmp/out"
same "rfm --json: buyers" "$buyers" "$(json buyers)"
same "rfm --json: total" "$size" "$(json total)"
expect_exit 0 "rfm of the whole base" "$C" rfm "$db" --json
same "rfm --json: the base's customers without a purchase" "$("$C" count "$db" 'orders = 0')" \
	"$(json without_purchase.count)"

# --- abc ------------------------------------------------------------------------
expect_exit 0 "abc --csv within Clients" "$C" abc "$db" --segment Clients --csv
crlf
same "abc --csv: 16 cells (A, B, C, no class × X, Y, Z, no class)" 16 "$(($(wc -l <"$tmp/csv") - 1))"
bad=0
sum=0
while IFS=, read -r a x rule count _share _orders revenue; do
	[ "$a" = abc ] && continue
	want=$("$C" count "$db" "in segment Clients and ($rule)")
	[ "$want" = "$count" ] || { bad=1; show "$rule: $count, count says $want"; }
	ca=${a:+"= '$a'"}
	cx=${x:+"= '$x'"}
	want=$(sql "$db" "SELECT printf('%.2f', coalesce(sum(cast(round(m.spent * 100) AS INTEGER)), 0) / 100.0) FROM $from WHERE $scope AND coalesce(m.abc, '') ${ca:-= ''} AND coalesce(m.xyz, '') ${cx:-= ''}")
	[ "$want" = "$revenue" ] || { bad=1; show "$rule: revenue $revenue, SQL says $want"; }
	sum=$((sum + count))
done <"$tmp/csv"
same "abc: each cell's count is its rule's, its revenue SQL's" 0 "$bad"
same "abc: the cells add up to the segment" "$size" "$sum"
expect_exit 0 "abc, text" "$C" abc "$db" --segment Clients
noclass=$(awk -F, '$1 == "" && $2 == "" { print $4 }' "$tmp/csv")
check "abc text: the no-class row ends with the no-class cell ($noclass)" \
	grep -Eq "^no class +0 +0 +0 +$noclass\$" "$tmp/out"
expect_exit 0 "abc --json" "$C" abc "$db" --json
check "abc --json parses" json_valid "$tmp/out"

# --- value-speed ------------------------------------------------------------------
expect_exit 0 "value-speed --csv within Clients" "$C" value-speed "$db" --segment Clients --csv
crlf
same "value-speed --csv: its header" "value,speed,rule,count,share,orders,revenue" \
	"$(head -n 1 "$tmp/csv")"
same "value-speed --csv: four cells and no class" 5 "$(($(wc -l <"$tmp/csv") - 1))"
bad=0
sum=0
while IFS=, read -r v sp rule count _share orders revenue; do
	[ "$v" = value ] && continue
	want=$("$C" count "$db" "in segment Clients and ($rule)")
	[ "$want" = "$count" ] || { bad=1; show "$rule: $count, count says $want"; }
	want=$(sql "$db" "SELECT printf('%.2f', coalesce(sum(cast(round(m.spent * 100) AS INTEGER)), 0) / 100.0) || ',' || coalesce(sum(m.orders), 0) FROM $from WHERE $scope AND coalesce(m.value_speed, '') = '${v:+${sp}_$v}'")
	[ "$want" = "$revenue,$orders" ] || { bad=1; show "$rule: revenue,orders $revenue,$orders, SQL says $want"; }
	sum=$((sum + count))
done <"$tmp/csv"
same "value-speed: each cell's count is its rule's, its revenue and orders SQL's" 0 "$bad"
same "value-speed: the cells add up to the segment" "$size" "$sum"
fh=$(sql "$db" "SELECT count(*) FROM $from WHERE $scope AND m.value_speed = 'fast_high'")
same "value-speed: high and fast has SQL's fast_high" "$fh" \
	"$(awk -F, '$1 == "high" && $2 == "fast" { print $4 }' "$tmp/csv")"
expect_exit 0 "value-speed, text" "$C" value-speed "$db" --segment Clients
noclass=$(awk -F, '$1 == "" && $2 == "" { print $4 }' "$tmp/csv")
check "value-speed text: the no-class line ($noclass)" \
	grep -Eq "^No class \(no purchase or no created_at\): $noclass " "$tmp/out"
check "value-speed text: the high-value row" grep -Eq '^high value( +[0-9.]+){4}$' "$tmp/out"
# the medians of the whole base, over the customers with a class, by SQL
# (days from created_at to the first order, 0 when created after it)
median() {
	sql "$db" "WITH v AS (SELECT $1 AS x FROM $from WHERE coalesce(m.value_speed, '') <> ''),
		o AS (SELECT x, row_number() OVER (ORDER BY x) AS rn, count(*) OVER () AS n FROM v)
		SELECT printf('$2', avg(x)) FROM o WHERE rn IN ((n + 1) / 2, (n + 2) / 2)"
}
classed=$(sql "$db" "SELECT count(*) FROM customer_metrics WHERE coalesce(value_speed, '') <> ''")
mspent=$(median m.spent %.2f)
mdays=$(median "max(julianday(date(m.first_order)) - julianday(date(c.created_at)), 0)" %g)
check "value-speed text: the base's medians (spent $mspent, $mdays days), SQL's" grep -Fxq \
	"Medians of the base (customers with a class: $classed): spent $mspent, days to the first order $mdays" \
	"$tmp/out"
expect_exit 0 "value-speed --json" "$C" value-speed "$db" --json
check "value-speed --json: the medians" grep -Fq \
	"\"classed\": $classed, \"median_spent\": $mspent, \"median_days\": " "$tmp/out"
check "value-speed --json parses" json_valid "$tmp/out"

# --- compare --------------------------------------------------------------------
expect_exit 0 "compare --csv" "$C" compare "$db" "" Clients Clients/Moscow --csv
crlf
same "compare --csv: a column per segment" "row,,Clients,Clients/Moscow" "$(head -n 1 "$tmp/csv")"
val() { awk -F, -v k="$1" -v i="$2" '$1 == k { print $(i + 1) }' "$tmp/csv"; }
moscow="$scope AND c.city = 'Москва'"
i=1
for where in 1 "$scope" "$moscow"; do
	case $i in 1) seg= ;; 2) seg="in segment Clients and " ;; 3) seg="in segment \"Clients/Moscow\" and " ;; esac
	n=$(sql "$db" "SELECT count(*) FROM $from WHERE $where")
	same "compare $i: size" "$n" "$(val size $i)"
	same "compare $i: women" "$(sql "$db" "SELECT printf('%.1f', 100.0 * count(*) / $n) FROM $from WHERE $where AND c.gender = 'F'")" "$(val female $i)"
	same "compare $i: median age" "$(sql "$db" "SELECT avg(age) FROM (SELECT m.age AS age FROM $from WHERE $where AND m.age IS NOT NULL ORDER BY m.age LIMIT 2 - (SELECT count(m.age) FROM $from WHERE $where) % 2 OFFSET ((SELECT count(m.age) FROM $from WHERE $where) - 1) / 2)" | sed 's/\.0$//')" "$(val median_age $i)"
	same "compare $i: top city" "$(sql "$db" "SELECT c.city || ' (' || count(*) || ')' FROM $from WHERE $where AND c.city IS NOT NULL GROUP BY lower(c.city) ORDER BY count(*) DESC, lower(c.city) LIMIT 1")" "$(val city_1 $i)"
	same "compare $i: orders" "$(sql "$db" "SELECT coalesce(sum(m.orders), 0) FROM $from WHERE $where")" "$(val orders $i)"
	same "compare $i: revenue" "$(sql "$db" "SELECT printf('%.2f', coalesce(sum(cast(round(m.spent * 100) AS INTEGER)), 0) / 100.0) FROM $from WHERE $where")" "$(val revenue $i)"
	same "compare $i: average check is revenue ÷ orders" \
		"$(avg "$(val revenue $i)" "$(val orders $i)")" "$(val avg_check $i)"
	k=$("$C" count "$db" "${seg}email_consent = yes")
	same "compare $i: email consent is count's" "$(awk -v a="$k" -v b="$n" 'BEGIN { printf "%.1f", 100 * a / b }')" "$(val email_consent $i)"
	k=$("$C" count "$db" "${seg}(last_order within 90d or last_activity within 90d)")
	same "compare $i: active is count's" "$(awk -v a="$k" -v b="$n" 'BEGIN { printf "%.1f", 100 * a / b }')" "$(val active $i)"
	k=$("$C" count "$db" "${seg}rfm = loyal")
	same "compare $i: loyal's share is count's" "$(awk -v a="$k" -v b="$n" 'BEGIN { printf "%.1f", 100 * a / b }')" "$(val loyal $i)"
	i=$((i + 1))
done
expect_exit 0 "compare, text" "$C" compare "$db" "All customers" Clients
check "compare text: the columns' heads" grep -Eq '^ +All customers +Clients$' "$tmp/out"
check "compare text: the sizes" grep -Eq "^Customers +3000 +$size\$" "$tmp/out"
check "compare text: what active means" grep -Fq 'Active: last_order within 90d or last_activity within 90d' "$tmp/out"
expect_exit 0 "compare --json --active-days 30" "$C" compare "$db" "" Clients --json --active-days 30
check "compare --json parses" json_valid "$tmp/out"
same "compare --json: the active rule follows --active-days" \
	"last_order within 30d or last_activity within 30d" "$(json active_rule)"

# --- hist -----------------------------------------------------------------------
expect_exit 0 "hist spent within Clients" "$C" hist "$db" spent --segment Clients --buckets 6
"$C" facet "$db" spent --segment Clients --buckets 6 | sed 's/^ *//' >"$tmp/facet"
sed 1d "$tmp/out" | awk '{ print $NF " " $1 " – " $3 }' >"$tmp/bars"
same "hist: the facet's buckets and counts" "$(cat "$tmp/facet")" "$(cat "$tmp/bars")"
widest=$(sed 1d "$tmp/out" | while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m; done | sort -n | tail -n 1)
same "hist: the longest bar fills 80 columns (not a terminal)" 80 "$widest"
# On a terminal, the bars follow its width (util-linux's script gives one).
if command -v script >/dev/null 2>&1; then
	script -qec "stty cols 50 rows 20; \"$C\" hist \"$db\" spent --segment Clients --buckets 6" \
		/dev/null </dev/null 2>/dev/null | tr -d '\r' >"$tmp/tty"
fi
if ! grep -q '█' "$tmp/tty" 2>/dev/null; then
	echo "ok - # skip: no pseudo-terminal through script (util-linux)"
else
	widest=$(sed 1d "$tmp/tty" | while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m; done | sort -n | tail -n 1)
	same "hist: on a 50-column terminal the longest bar fills 50 columns" 50 "$widest"
fi
expect_exit 0 "hist --csv" "$C" hist "$db" age --csv --buckets 5
crlf
bad=0
while IFS=, read -r lo _hi rule count; do
	[ "$lo" = from ] && continue
	want=$("$C" count "$db" "$rule")
	[ "$want" = "$count" ] || { bad=1; show "$rule: $count, count says $want"; }
done <"$tmp/csv"
same "hist --csv: each bucket's count is its rule's" 0 "$bad"
expect_exit 0 "hist --json of a date" "$C" hist "$db" last_order --json
check "hist --json parses" json_valid "$tmp/out"
same "hist --json: a date" date "$(json type)"
same "hist --json: the empty ones' rule" "last_order is empty" "$(json empty_rule)"
same "hist --json: their count is the rule's" "$("$C" count "$db" 'last_order is empty')" "$(json empty)"

# --- in Russian -------------------------------------------------------------------
if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\{0,1\}8$'; then
	# shellcheck disable=SC2317 # called through run
	ru() { env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 "$@"; }
	run ru "$C" abc "$db"
	check "ru: abc's no-class row and column" grep -Eq '^без класса( +[0-9]+){4}$' "$tmp/out"
	run ru "$C" value-speed "$db"
	check "ru: value-speed's high-value row" grep -Eq '^ценность выше( +[0-9.]+){4}$' "$tmp/out"
	run ru "$C" compare "$db" "" Clients
	check "ru: compare's rows" grep -Eq '^Медианный возраст +[0-9.]+ +[0-9.]+$' "$tmp/out"
	run ru "$C" rfm "$db" --segment Clients
	check "ru: rfm's headline" grep -Fq "RFM для «Clients»: клиентов $size, с покупкой $buyers" "$tmp/out"
else
	echo "ok - # skip: the ru_RU.UTF-8 locale is not installed"
fi

# --- errors ---------------------------------------------------------------------
expect_exit 66 "rfm: a missing base" "$C" rfm "$tmp/none.db"
expect_exit 65 "rfm: an unknown segment" "$C" rfm "$db" --segment Nope
err_contains "rfm: it names the segment" 'no segment "Nope"'
expect_exit 2 "rfm: --json and --csv" "$C" rfm "$db" --json --csv
expect_exit 2 "abc: two bases" "$C" abc "$db" "$db"
expect_exit 65 "value-speed: an unknown segment" "$C" value-speed "$db" --segment Nope
expect_exit 2 "value-speed: --json and --csv" "$C" value-speed "$db" --json --csv
expect_exit 2 "compare: one segment" "$C" compare "$db" Clients
expect_exit 2 "compare: seven segments" "$C" compare "$db" "" "" "" "" "" "" ""
expect_exit 2 "compare: --active-days 0" "$C" compare "$db" "" Clients --active-days 0
expect_exit 65 "compare: an unknown segment" "$C" compare "$db" "" Clientz
expect_exit 65 "hist: a text field" "$C" hist "$db" city
expect_exit 65 "hist: an unknown field" "$C" hist "$db" nofield
expect_exit 2 "hist: --buckets 1" "$C" hist "$db" age --buckets 1
expect_exit 2 "hist: no field" "$C" hist "$db"

# --- Online Retail ------------------------------------------------------------------
csv=$SRCDIR/../shared/data/online_retail.csv
if [ -r "$csv" ]; then
	r=$tmp/retail.db
	expect_exit 0 "Online Retail imported" "$C" import "$r" --orders "$csv" --quiet
	expect_exit 0 "rfm of Online Retail" "$C" rfm "$r" --csv
	crlf
	buyers=$("$C" count "$r" 'orders >= 1')
	same "Online Retail: the grid's cells add up to the buyers ($buyers)" "$buyers" \
		"$(awk -F, '$1 == "cell" { s += $6 } END { print s }' "$tmp/csv")"
	same "Online Retail: the named segments too" "$buyers" \
		"$(awk -F, '$1 == "segment" { s += $6 } END { print s }' "$tmp/csv")"
else
	echo "ok - # skip: $csv is not there"
fi
finish
