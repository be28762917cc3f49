#!/bin/sh
# The classes of SPEC §5 and `clientele metrics`. On the demo base: each
# customer's lead_temp and value_speed equal what the sqlite3 shell derives
# from lead_score, created_at, first_order and spent; the rules select
# them; thresholds are kept in the base. On Online Retail (when the file
# is there): each customer's ABC and XYZ class equal an independent
# computation by awk straight from the CSV, written from SPEC §5's words,
# at the default thresholds and at looser ones.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "classes.sh (it checks the classes with plain SQL)"
setup classes
C=$CLIENTELE
db=$tmp/demo.db

expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish

# --- lead temperature and value × speed, by the sqlite3 shell --------------------
# lead HOT WARM: each customer's ext_id|temperature from lead_score
lead() {
	sql "$db" "select c.ext_id || '|' || case when c.lead_score is null then ''
		when c.lead_score >= $1 then 'hot' when c.lead_score >= $2 then 'warm' else 'cold' end
		from customers c order by 1"
}
got_lead() {
	sql "$db" "select c.ext_id || '|' || coalesce(m.lead_temp, '') from customers c
		join customer_metrics m on m.customer_id = c.id order by 1"
}
lead 70 40 >"$tmp/lead.expected"
got_lead >"$tmp/lead.got"
same "lead_temp of every customer at 70,40" "" "$(comm -3 "$tmp/lead.expected" "$tmp/lead.got" | head -n 3)"
same "lead_temp: the demo has hot, warm and cold leads" "cold hot warm" \
	"$(cut -d '|' -f 2 "$tmp/lead.got" | sort -u | grep . | tr '\n' ' ' | sed 's/ $//')"
for t in hot warm cold; do
	expect_exit 0 "count lead_temp = $t" "$C" count "$db" "lead_temp = $t"
	same "lead_temp = $t counts the customers the shell finds" \
		"$(grep -c "|$t\$" "$tmp/lead.expected")" "$(cat "$tmp/out")"
done

# The buyers with a created_at: days from it to the first order (0 when
# created later), spent in cents; high at or above the median spent, fast
# at or below the median days.
speed_sql="with b as (select c.ext_id as id, cast(round(m.spent * 100) as integer) as s,
	max(0, cast(julianday(date(m.first_order)) - julianday(date(c.created_at)) as integer)) as w
	from customers c join customer_metrics m on m.customer_id = c.id
	where m.orders > 0 and c.created_at is not null),
n as (select count(*) as n from b),
ms as (select avg(s) as v from (select s from b order by s
	limit 2 - (select n from n) % 2 offset ((select n from n) - 1) / 2)),
mw as (select avg(w) as v from (select w from b order by w
	limit 2 - (select n from n) % 2 offset ((select n from n) - 1) / 2))
select c.ext_id || '|' || coalesce((select case when b.w <= mw.v then 'fast' else 'slow' end || '_' ||
	case when b.s >= ms.v then 'high' else 'low' end from b, ms, mw where b.id = c.ext_id), '')
	from customers c order by 1"
sql "$db" "$speed_sql" >"$tmp/speed.expected"
sql "$db" "select c.ext_id || '|' || coalesce(m.value_speed, '') from customers c
	join customer_metrics m on m.customer_id = c.id order by 1" >"$tmp/speed.got"
same "value_speed of every customer" "" "$(comm -3 "$tmp/speed.expected" "$tmp/speed.got" | head -n 3)"
for v in fast_high fast_low slow_high slow_low; do
	want=$(grep -c "|$v\$" "$tmp/speed.expected")
	check "value_speed = $v: some customers" test "$want" -gt 0
	expect_exit 0 "count value_speed = $v" "$C" count "$db" "value_speed = $v"
	same "value_speed = $v counts the customers the shell finds" "$want" "$(cat "$tmp/out")"
done

# --- clientele metrics: thresholds kept in the base ------------------------------
expect_exit 0 "metrics --lead 80,50 --json" "$C" metrics "$db" --lead 80,50 --json
check "metrics --json is JSON" json_valid "$tmp/out"
lead 80 50 >"$tmp/lead.expected"
same "metrics --json: hot leads at 80" "$(grep -c '|hot$' "$tmp/lead.expected")" "$(json lead_temp.hot)"
got_lead >"$tmp/lead.got"
same "lead_temp of every customer at 80,50" "" "$(comm -3 "$tmp/lead.expected" "$tmp/lead.got" | head -n 3)"
same "the lead thresholds are kept in the base" "80,50" \
	"$(sql "$db" "select value from meta where key = 'lead_thresholds'")"
expect_exit 0 "an import again" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet
got_lead >"$tmp/lead.got"
same "after an import, lead_temp still at 80,50" "" \
	"$(comm -3 "$tmp/lead.expected" "$tmp/lead.got" | head -n 3)"
expect_exit 2 "metrics --abc 90,20: more than 100 %" "$C" metrics "$db" --abc 90,20
err_contains "metrics --abc 90,20 says why" "add up to 100 at most"
expect_exit 2 "metrics --xyz 30: one number" "$C" metrics "$db" --xyz 30
expect_exit 2 "metrics --r-days 60,30,90,180: not rising" "$C" metrics "$db" --r-days 60,30,90,180
same "a refused threshold changes nothing" "80,50" \
	"$(sql "$db" "select value from meta where key = 'lead_thresholds'")"

# progress on a terminal (a pty made by script(1)), none elsewhere
if command -v script >/dev/null 2>&1; then
	env -u CI script -qec "'$C' metrics '$db'" /dev/null >"$tmp/tty" 2>&1 </dev/null
	check "metrics on a terminal: the phase is shown while it works" grep -aq "metrics\.\.\." "$tmp/tty"
	check "metrics on a terminal: then the counts" grep -aq "lead temperature (80,50)" "$tmp/tty"
else
	echo "ok - # skip: script(1) is not installed"
fi
run "$C" metrics "$db"
check "metrics: no progress when stderr is not a terminal" test ! -s "$tmp/err"

# --- Online Retail: ABC and XYZ by awk --------------------------------------------
csv=$SRCDIR/../shared/data/online_retail.csv
[ -r "$csv" ] || { echo "ok - # skip: $csv is not there"; finish; }
rdb=$tmp/retail.db

# invoices.txt: one line per invoice of a customer: number, customer, day,
# cancelled (C or a sum below 0), its sum in cents. Columns: 1 InvoiceNo,
# 4 Quantity, 5 InvoiceDate, 6 UnitPrice, 7 CustomerID ("17850.0").
awk "$AWK_CSV_FIELDS"'
function cents(x) { return x < 0 ? -int(-x * 100 + 0.5) : int(x * 100 + 0.5) }
NR == 1 { next }
fields($0) == 8 {
	cust = f[7]
	gsub(/ /, "", cust)
	sub(/\.0*$/, "", cust)
	if (cust == "")
		next
	inv = f[1]
	owner[inv] = cust
	sum[inv] += f[4] * f[6]
	if (!(inv in day))
		day[inv] = substr(f[5], 1, 10)
}
END {
	for (i in sum)
		print i, owner[i], day[i], (i ~ /^C/ || sum[i] < 0) ? 1 : 0, cents(sum[i])
}' "$csv" >"$tmp/invoices.txt" || fail "awk over $csv"

# classes A B X Y: each customer's id|ABC|XYZ from invoices.txt (SPEC §5).
# ABC among the buyers (an invoice not cancelled): spent is what they
# bought less what cancellations refunded, never below 0; S the total, H
# what the buyers who spent strictly more spent: A when H < A % of S, B
# when H < A + B %, else C. XYZ: the purchases (invoices not cancelled) of
# each of the 12 calendar months before the reference date's month, 0 for
# a month without; the population standard deviation over the mean, in
# percent: X up to X, Y up to Y, else Z; none when those months add to 0.
# The reference date is the day after the last invoice.
classes() {
	awk -v A="$1" -v B="$2" -v X="$3" -v Y="$4" '
	{
		cust[$2] = 1
		if ($3 > last)
			last = $3
		if ($4 == 1) {
			refund[$2] += $5 < 0 ? -$5 : $5
			next
		}
		buyer[$2] = 1
		bought[$2] += $5
		month[$2, substr($3, 1, 7)] += $5
	}
	END {
		# the reference date: last + 1 day; its month and the 12 before
		y = substr(last, 1, 4) + 0; m = substr(last, 6, 2) + 0; d = substr(last, 9, 2) + 1
		split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
		if (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ml[2] = 29
		if (d > ml[m]) { d = 1; m++ }
		if (m > 12) { m = 1; y++ }
		for (k = 1; k <= 12; k++) {
			mm = m - k; yy = y
			if (mm < 1) { mm += 12; yy-- }
			win[k] = sprintf("%04d-%02d", yy, mm)
		}
		n = 0
		for (c in buyer) {
			net = bought[c] - refund[c]
			spent[c] = net > 0 ? net : 0
			s += spent[c]
		}
		for (c in buyer) {
			h = 0
			for (o in buyer)
				if (spent[o] > spent[c])
					h += spent[o]
			abc[c] = 100 * h < A * s ? "A" : 100 * h < (A + B) * s ? "B" : "C"
		}
		for (c in cust) {
			t = 0; q = 0
			for (k = 1; k <= 12; k++) {
				v = month[c, win[k]] + 0
				t += v
				q += v * v
			}
			x = ""
			if (t > 0) {
				mean = t / 12
				var = q / 12 - mean * mean
				cv = 100 * sqrt(var > 0 ? var : 0) / mean
				x = cv <= X ? "X" : cv <= Y ? "Y" : "Z"
			}
			print c "|" (c in abc ? abc[c] : "") "|" x
		}
	}' "$tmp/invoices.txt" | sort
}

got_classes() {
	sql "$rdb" "select c.ext_id || '|' || coalesce(m.abc, '') || '|' || coalesce(m.xyz, '')
		from customers c join customer_metrics m on m.customer_id = c.id" | sort
}

expect_exit 0 "importing online_retail.csv" "$C" import "$rdb" --orders "$csv" --quiet || finish
n=$(wc -l <"$tmp/invoices.txt")
check "awk: the invoices of the customers ($n)" test "$n" -gt 20000

# at_thresholds LABEL A B X Y: every customer's classes as awk has them
at_thresholds() {
	classes "$2" "$3" "$4" "$5" >"$tmp/classes.expected"
	got_classes >"$tmp/classes.got"
	same "$1: customers" "$(wc -l <"$tmp/classes.expected")" "$(wc -l <"$tmp/classes.got")"
	same "$1: the ABC and XYZ class of every customer" "" \
		"$(comm -3 "$tmp/classes.expected" "$tmp/classes.got" | head -n 4 | tr '\n' ' ')"
	echo "# $1: $(cut -d '|' -f 2,3 "$tmp/classes.expected" | sort | uniq -c | tr -s ' \n' ' ')"
}
at_thresholds "Online Retail at 80,15 and 10,25" 80 15 10 25
xyz_n() { grep -c "|$1\$" "$tmp/classes.expected"; }
z=$(xyz_n Z)
check "at 10,25 nearly every customer with purchases in the year is Z ($z)" \
	test "$z" -gt $(( ($(xyz_n X) + $(xyz_n Y) + z) * 9 / 10 ))
expect_exit 0 "count xyz = Z" "$C" count "$rdb" "xyz = Z"
same "xyz = Z counts awk's Z customers" "$z" "$(cat "$tmp/out")"
expect_exit 0 "count abc = A" "$C" count "$rdb" "abc = A"
same "abc = A counts awk's A customers" "$(grep -c '|A|' "$tmp/classes.expected")" "$(cat "$tmp/out")"

expect_exit 0 "metrics --abc 70,20 --xyz 40,90" "$C" metrics "$rdb" --abc 70,20 --xyz 40,90
at_thresholds "Online Retail at 70,20 and 40,90" 70 20 40 90
check "at 40,90 there are X customers ($(xyz_n X))" test "$(xyz_n X)" -gt 0
check "at 40,90 there are Y customers ($(xyz_n Y))" test "$(xyz_n Y)" -gt 0
expect_exit 0 "count xyz = Y" "$C" count "$rdb" "xyz = Y"
same "xyz = Y counts awk's Y customers" "$(xyz_n Y)" "$(cat "$tmp/out")"
# kept: a metrics run without thresholds keeps them
expect_exit 0 "metrics again, no thresholds given" "$C" metrics "$rdb" --json
same "the XYZ thresholds are kept" "[40.00, 90.00]" \
	"$(sed -n 's/.*"xyz": \(\[[^]]*\]\).*/\1/p' "$tmp/out")"
same "metrics --json: Y as awk has it" "$(xyz_n Y)" "$(json xyz.Y)"

finish
