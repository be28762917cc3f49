#!/bin/sh
# The UCI "Online Retail" export (541,909 line items) imported with --orders
# alone, compared with figures computed here by awk straight from the CSV,
# independently of clientele: customers, orders, cancellations, rows
# without a customer, line items, the reference date, revenue net of
# refunds, each buyer's M score and ABC class from the net spent; then the
# same file again changes nothing.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup online_retail
C=$CLIENTELE
csv=$SRCDIR/../shared/data/online_retail.csv
[ -r "$csv" ] || skip "$csv is not there"
db=$tmp/retail.db

# --- the expected figures, by awk -------------------------------------------------
# A CSV-aware split (the descriptions are quoted, with commas and doubled
# quotes; no field spans lines in this file). Columns: 1 InvoiceNo,
# 4 Quantity, 5 InvoiceDate, 6 UnitPrice, 7 CustomerID ("17850.0").
# An order is an InvoiceNo among the rows with a customer; it is cancelled
# when its number starts with C or its lines sum to less than zero.
awk -v probe="12346 14646 17850" "$AWK_CSV_FIELDS"'
NR == 1 { next }
{
	if (fields($0) != 8) {
		bad++
		next
	}
	rows++
	cust = f[7]
	gsub(/ /, "", cust)
	sub(/\.0*$/, "", cust)
	if (cust == "") {
		nocust++
		next
	}
	lines++
	inv = f[1]
	if (!(cust in seen_cust)) {
		seen_cust[cust] = 1
		customers++
	}
	if (!(inv in owner)) {
		owner[inv] = cust
		orders++
	}
	sum[inv] += f[4] * f[6]
	day = substr(f[5], 1, 10)
	if (day > last)
		last = day
	if (!(inv in date) || day > date[inv])
		date[inv] = day
}
# cents X: X rounded to whole cents, half away from zero (as an order is).
function cents(x) {
	return x < 0 ? -int(-x * 100 + 0.5) : int(x * 100 + 0.5)
}
END {
	for (i in sum) {
		c = owner[i]
		if (i ~ /^C/ || sum[i] < 0) {
			cancelled++
			if (i !~ /^C/)
				negative++
			# a cancellation refunds its amount (SPEC 5)
			refund[c] += cents(sum[i] < 0 ? -sum[i] : sum[i])
			continue
		}
		revenue += sum[i]
		n[c]++
		spent[c] += cents(sum[i])
		if (date[i] > lastof[c])
			lastof[c] = date[i]
	}
	# spent is net of refunds, never below 0; buyers.txt: each buyer
	# (an order not cancelled) with the net spent in cents
	for (c in seen_cust) {
		net[c] = spent[c] - refund[c]
		if (net[c] < 0)
			net[c] = 0
		refunds += refund[c]
		netsum += net[c]
		if (n[c] > 0) {
			buyers++
			zero += net[c] == 0
			printf "%s %d\n", c, net[c] >"'"$tmp/buyers.txt"'"
		}
	}
	printf "bad=%d\nrows=%d\nnocust=%d\nlines=%d\ncustomers=%d\n", bad, rows, nocust, lines, customers
	printf "orders=%d\ncancelled=%d\nnegative=%d\nrevenue=%.2f\nlast=%s\n", orders, cancelled, negative, revenue, last
	printf "net=%.2f\nrefunds=%.2f\nbuyers=%d\nzero=%d\n", netsum / 100, refunds / 100, buyers, zero
	k = split(probe, p, " ")
	for (j = 1; j <= k; j++)
		printf "c%s=%d|%.2f|%.2f|%s\n", p[j], n[p[j]], net[p[j]] / 100, refund[p[j]] / 100, lastof[p[j]]
}' "$csv" >"$tmp/expected" || fail "awk over $csv"

# Each buyer's M score and ABC class (SPEC 5) from the net spent, by sort
# and awk: M = 1 + floor(5 w / N), w the buyers with strictly less (capped
# at 5); ABC with S the total and H what the buyers with strictly more
# spent: A when H < 80 % of S, B when H < 95 %, else C.
sort -k2,2n "$tmp/buyers.txt" | awk '
{ id[NR] = $1; v[NR] = $2; s += $2 }
END {
	for (i = 1; i <= NR; i++) {
		if (i == 1 || v[i] != v[i - 1])
			w = i - 1
		m = 1 + int(5 * w / NR)
		mm[id[i]] = m > 5 ? 5 : m
	}
	h = 0
	for (i = NR; i >= 1; i = j) {
		g = 0
		for (j = i; j >= 1 && v[j] == v[i]; j--)
			g += v[j]
		cls = 5 * h < 4 * s ? "A" : 20 * h < 19 * s ? "B" : "C"
		for (k = i; k > j; k--)
			abc[id[k]] = cls
		h += g
	}
	for (c in mm)
		print c "|" mm[c] "|" abc[c]
}' | sort >"$tmp/m_abc.expected" || fail "sort and awk over the buyers"

# expected NAME: a figure from the awk run.
expected() {
	sed -n "s/^$1=//p" "$tmp/expected"
}

same "awk: every line has 8 fields" 0 "$(expected bad)"
echo "# expected: $(tr '\n' ' ' <"$tmp/expected")"

# The reference date is the day after the last invoice date.
ref=$(expected last | awk -F- '{
	y = $1 + 0; m = $2 + 0; d = $3 + 1
	split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) ml[2] = 29
	if (d > ml[m]) { d = 1; m++ }
	if (m > 12) { m = 1; y++ }
	printf "%04d-%02d-%02d\n", y, m, d
}')

# --- the import -----------------------------------------------------------------------
t0=$(date +%s)
expect_exit 0 "importing online_retail.csv with --orders alone" "$C" import "$db" --orders "$csv" --json ||
	finish
t1=$(date +%s)
cp "$tmp/out" "$tmp/import.json"
echo "# import: $(json seconds "$tmp/import.json") s by clientele's clock, ~$((t1 - t0)) s wall"

same "import: rows read" "$(expected rows)" "$(json orders.rows_read "$tmp/import.json")"
same "import: customers created from the orders" "$(expected customers)" \
	"$(json orders.customers_created "$tmp/import.json")"
same "import: orders (distinct invoices with a customer)" "$(expected orders)" \
	"$(json orders.inserted "$tmp/import.json")"
same "import: cancellations (C invoices + negative sums)" "$(expected cancelled)" \
	"$(json orders.cancelled "$tmp/import.json")"
same "import: rows without a customer, skipped" "$(expected nocust)" \
	"$(json orders.skipped "$tmp/import.json")"
same "import: line items" "$(expected lines)" "$(json orders.lines "$tmp/import.json")"
same "import: nothing rejected" 0 "$(json orders.rejected "$tmp/import.json")"
same "import: no problems" 0 "$(json problems_total "$tmp/import.json")"
same "import: the columns are mapped without --map (no custom field)" "" \
	"$(sed -n 's/.*"custom_fields": \[\([^]]*\)\].*/\1/p' "$tmp/import.json")"
same "import: reference date" "$ref" "$(json reference_date "$tmp/import.json")"
same "import: the file's sha256" "$(sha256sum <"$csv" | cut -d ' ' -f 1)" \
	"$(json orders.sha256 "$tmp/import.json")"

expect_exit 0 "info --json" "$C" info "$db" --json
cp "$tmp/out" "$tmp/info.json"
same "info: customers" "$(expected customers)" "$(json customers "$tmp/info.json")"
same "info: orders" "$(expected orders)" "$(json orders "$tmp/info.json")"
same "info: cancelled" "$(expected cancelled)" "$(json cancelled "$tmp/info.json")"
same "info: reference date" "$ref" "$(json reference_date "$tmp/info.json")"

# within WANT GOT: |WANT - GOT| <= 0.05
within() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(b != "" && d <= 0.05 && d >= -0.05) }'
}

if have_sqlite3; then
	got=$(sql "$db" "select round(sum(o.amount), 2) from orders o where not o.cancelled")
	if within "$(expected revenue)" "$got"; then
		pass "revenue of the orders not cancelled: $got"
	else
		fail "revenue of the orders not cancelled: expected $(expected revenue), got $got"
	fi
	same "spent net of refunds, summed over the customers" "$(expected net)" \
		"$(sql "$db" "select printf('%.2f', sum(spent)) from customer_metrics")"
	same "refunds, summed over the customers" "$(expected refunds)" \
		"$(sql "$db" "select printf('%.2f', sum(refunds)) from customer_metrics")"
	same "buyers whose cancellations refunded all they spent: spent 0" "$(expected zero)" \
		"$(sql "$db" "select count(*) from customer_metrics where orders > 0 and spent = 0")"
	sql "$db" "select c.ext_id || '|' || m.m || '|' || m.abc from customers c
		join customer_metrics m on m.customer_id = c.id where m.orders > 0" |
		sort >"$tmp/m_abc.got"
	same "M score and ABC class of the $(expected buyers) buyers, from the net spent" \
		"$(expected buyers) 0" \
		"$(wc -l <"$tmp/m_abc.got") $(comm -3 "$tmp/m_abc.expected" "$tmp/m_abc.got" | wc -l)"
	comm -3 "$tmp/m_abc.expected" "$tmp/m_abc.got" | sed -n '1,5s/^/#   differs: /p'
	same "ABC classes: buyers in A, B, C" \
		"$(cut -d '|' -f 3 "$tmp/m_abc.expected" | sort | uniq -c | awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $2, $1 }')" \
		"$(sql "$db" "select group_concat(abc || '=' || n, ' ') from (select abc, count(*) n
			from customer_metrics where orders > 0 group by abc order by abc)")"
	same "ids written as floats (17850.0) are read as 17850" 0 \
		"$(sql "$db" "select count(*) from customers where ext_id like '%.%' or ext_id like '% %'")"
	for c in 12346 14646 17850; do
		want=$(expected "c$c")
		got=$(sql "$db" "select m.orders || '|' || printf('%.2f', m.spent) || '|' ||
			printf('%.2f', m.refunds) || '|' || m.last_order
			from customers c join customer_metrics m on m.customer_id = c.id where c.ext_id = '$c'")
		same "customer $c: orders|spent|refunds|last order" "$want" "$got"
	done
else
	echo "ok - # skip: no sqlite3 shell for the revenue and per-customer checks"
fi

# --- the same file again changes nothing ---------------------------------------------
if have_sqlite3; then
	rev_before=$(sql "$db" "select round(sum(spent), 2) from customer_metrics")
fi
expect_exit 0 "importing online_retail.csv a second time" "$C" import "$db" --orders "$csv" --json
check "again: known by its SHA-256 as imported already" test -n "$(json orders.already_imported)"
same "again: no new order" 0 "$(json orders.inserted)"
same "again: no new customer" 0 "$(json orders.customers_created)"
same "again: no order rewritten" 0 "$(json orders.updated)"
same "again: one import recorded" 1 "$(run "$C" info "$db" --json; grep -o '"kind": "orders"' "$tmp/out" | wc -l | tr -d ' ')"
run "$C" info "$db" --json
same "again: customers" "$(expected customers)" "$(json customers)"
same "again: orders" "$(expected orders)" "$(json orders)"
same "again: cancelled" "$(expected cancelled)" "$(json cancelled)"
if have_sqlite3; then
	same "again: the same revenue" "$rev_before" \
		"$(sql "$db" "select round(sum(spent), 2) from customer_metrics")"
fi

finish
