#!/bin/sh
# The import screen: from the start screen into a new base (its name asked
# for), the file found with Tab (a common prefix, the candidates listed, a
# directory gone into, other extensions not offered), the preview (the
# delimiter, each column's field), a column renamed and one skipped, a bad
# row stopping the import (the base left empty) then skipped and shown
# with the line `clientele import --skip-bad` names; the base checked with
# the CLI and sqlite3; an orders file after the customers (the tree and the
# reference date following); and an import of a big generated file
# cancelled from its gauge, leaving the base as it was.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-import
C=$CLIENTELE
db=$tmp/new.db

mkdir -p "$tmp/in/sub" "$tmp/big" || {
	fail "the fixture's directories"
	finish
}
# Line 4 has a bad email; Бонусы becomes bonus_points, Код is skipped.
cat >"$tmp/in/customers_a.csv" <<'EOF'
id,email,Имя,Бонусы,Код
1,a@x.ru,Анна,10,A1
2,b@x.ru,Борис,20,B2
3,bad-email,Вера,30,C3
4,d@x.ru,Глеб,40,D4
EOF
cp "$tmp/in/customers_a.csv" "$tmp/in/customers_b.csv"
printf 'not a csv\n' >"$tmp/in/customers.xlsx"
printf 'order_id;customer_id;date;amount\n101;1;2024-01-05;100\n102;4;2024-02-01;50\n103;4;2024-01-20;25\n' \
	>"$tmp/in/sub/orders.csv"

# What the CLI says of the bad row: "FILE:LINE:COL: reason".
"$C" import "$tmp/cli.db" --customers "$tmp/in/customers_a.csv" --skip-bad \
	--map "Бонусы=bonus_points" --map "Код=-" >/dev/null 2>"$tmp/cli.err"
bad=$(sed -n 's/^clientele: .*customers_a\.csv:\([0-9]*\):\([0-9]*\): \(.*\)$/line \1, column \2: \3/p' "$tmp/cli.err")
same "the CLI names the bad row" "line 4, column 2: invalid email \"bad-email\"" "$(printf '%s' "$bad" | cut -c1-43)"

# Relative paths from here: short enough to be read on the screen.
cd "$tmp" || finish
tui_start "XDG_DATA_HOME=$tmp/data" --
wait_for "Import a CSV file" "the start screen"
keys Down Enter
wait_for "The base to import into (a new file is created): customers.db" "the base's name asked for"
keys C-u
keys -l "new.db"
keys Enter
wait_for "File to import (Tab completes):" "a new base, and the import screen's path line"
same "the base was created, empty" "0" "$(sqlite3 "$db" 'select count(*) from customers')"

# Completion: "in/c" shares "customers_" between two files; the .xlsx is
# not offered; "in/s" is a directory, gone into.
keys -l "in/c"
keys Tab
wait_for "File to import (Tab completes): in/customers_" "Tab: the common prefix"
wait_for "Candidates:" "the candidates listed"
wait_for "customers_a.csv  customers_b.csv" "both files"
if screen | grep -q customers.xlsx; then
	fail "another extension is not offered"
else
	pass "another extension is not offered"
fi
keys C-u
keys -l "in/s"
keys Tab
wait_for "File to import (Tab completes): in/sub/" "a directory completed with its /"
keys Tab
wait_for "File to import (Tab completes): in/sub/orders.csv" "and into it"
keys C-u
keys -l "in/customers_a"
keys Tab
wait_for "File to import (Tab completes): in/customers_a.csv" "one candidate: whole"
keys Enter

# The preview.
wait_for "read as customers (o)" "a customers file"
wait_for "delimiter ,  ·  encoding utf-8" "the delimiter and encoding detected"
wait_match " email +→ email +text +a@x\.ru" "email is the email field, its first value beside"
wait_match " Бонусы +→ бонусы +number, new custom" "Бонусы a new custom number field"
wait_for "    4: 3 │ bad-email │ Вера │ 30 │ C3" "the first rows with their lines"

# Бонусы renamed (the picker's custom row, then its name), Код skipped.
keys Down Down Down Enter
wait_for "Column \"Бонусы\" is read as" "Enter: the field picker"
keys Enter
wait_for "Name of the custom field: бонусы" "custom: its name asked for"
keys C-u
keys -l bonus_points
keys Enter
wait_match " Бонусы +→ bonus_points +number, new custom \(changed\)" "Бонусы is now bonus_points"
keys Down Enter
wait_for "Column \"Код\" is read as" "the picker for Код"
keys Home Enter
wait_match " Код +→ — not imported +\(changed\)" "Код skipped"

# A bad row stops the import: nothing kept, the row listed.
keys r
wait_for "Nothing was imported" "the bad row stops the import"
wait_for "1 bad row: nothing was imported; s skips it and r imports the rest" "the message line says which keys"
if screen | grep -q "custom field  "; then
	fail "no custom field is said to be made when nothing was imported"
else
	pass "no custom field is said to be made when nothing was imported"
fi
wait_for "$bad" "the bad row with its line and reason, as the CLI says"
same "the base is still empty" "0" "$(sqlite3 "$db" 'select count(*) from customers')"
# s: skip the bad rows; r again.
keys s
wait_for "bad rows: skipped and listed (s)" "s skips bad rows"
keys r
wait_for "Imported in/customers_a.csv" "imported"
wait_match " inserted +3" "three inserted"
wait_match " rejected +1" "one rejected"
wait_for "$bad" "the bad row listed, as the CLI lists it"
same "three customers in the base" "3" "$("$C" count "$db" 'bonus_points > 0')"
same "bonus_points read as numbers" "2" "$("$C" count "$db" 'bonus_points > 15')"
same "the same as the CLI's import with the same options" \
	"$(sqlite3 "$tmp/cli.db" 'select name from fields order by name' 2>/dev/null)" \
	"$(sqlite3 "$db" 'select name from fields order by name' 2>/dev/null)"
same "Код was not imported" "" "$("$C" info "$db" | grep -E '^  (код|kod) ')"

# The tree behind follows.
keys Escape
wait_match "All customers +3 " "Esc: the tree counts the new customers"

# An orders file after the customers: read as orders by itself.
keys i
wait_for "File to import (Tab completes):" "i opens the import screen"
keys -l "in/sub/orders.csv"
keys Enter
wait_for "read as orders (o)" "an orders file is seen as one"
wait_for "delimiter ;" "its delimiter"
keys r
wait_for "Imported in/sub/orders.csv as orders" "the orders imported"
wait_match " orders new +3" "three orders"
same "three orders in the base" "3" "$(sqlite3 "$db" 'select count(*) from orders')"
ref=$("$C" info "$db" | sed -n 's/^reference date *//p')
same "the reference date follows the orders" "2024-02-02" "$ref"
keys Escape
wait_for "as of $ref" "the status line's reference date is read again"
same "Глеб's two orders are counted" "1" "$("$C" count "$db" 'orders = 2')"
# Dates that read both ways stop the import until d says which; o reads
# the file as orders (which it cannot be) and back.
cp "$SRCDIR/tests/data/bad/ambiguous_dates.csv" "$tmp/in/dates.csv"
keys i
wait_for "File to import (Tab completes):" "the import screen for the dates"
keys -l in/dates.csv
keys Enter
wait_for "the import would stop: in/dates.csv:1:3: the dates of column \"birth_date\" could be" \
	"ambiguous dates: the import would stop, as import --preview says"
keys r
wait_for "the import would stop:" "r refuses while it would stop"
keys d
wait_for "dates: day first (dd.mm.yyyy) (d)" "d: day first"
wait_gone "the import would stop" "and the preview has nothing to stop at"
keys o
wait_for "read as orders (o)" "o: read as orders"
wait_for "no column holds the order date" "which the file cannot be"
keys o
wait_for "read as customers (o)" "o again: customers"
keys r
wait_for "Imported in/dates.csv" "imported with the dates day first"
same "03/04/1990 read day first" "1990-04-03" "$(sqlite3 "$db" "select birth_date from customers where ext_id = '2001'")"
keys Escape

# Dates left open by the rows the preview reads (2 000) but settled by a
# later one: the preview says what would stop, yet r runs the import,
# which reads on and settles them, as `clientele import` does.
awk 'BEGIN { print "id,email,birth_date"
	for (i = 1; i <= 2100; i++)
		printf "L%d,l%d@x.ru,%s\n", i, i, i == 2050 ? "13/02/1990" : "01/02/1990" }' \
	>"$tmp/in/late.csv"
keys i
wait_for "File to import (Tab completes):" "the import screen for late dates"
keys -l in/late.csv
keys Enter
wait_for "the dates of column \"birth_date\" could be day-first" "the first 2 000 rows leave the order open"
keys r
wait_for "Imported in/late.csv" "r imports all the same"
same "the import settled the order day first, as the CLI would" "1990-02-01" \
	"$(sqlite3 "$db" "select birth_date from customers where ext_id = 'L1'")"
keys Escape

# The help of the import screen, from its key table.
keys i
wait_for "File to import (Tab completes):" "the import screen again"
keys Escape
keys ?
wait_for "choose the file to import (Tab completes its path)" "its help lists its keys"
keys Escape

# A big file, cancelled from the gauge: the base as it was.
"$CLIENTELE_GEN" --customers 300000 --orders-per-customer 0 --out "$tmp/big" >/dev/null ||
	fail "the generated file"
before=$(sqlite3 "$db" 'select count(*) from customers')
fields_before=$(sqlite3 "$db" 'select count(*) from fields')
keys f
wait_for "File to import (Tab completes):" "f: the path line"
keys C-u
keys -l big/customers.csv
keys Enter
wait_for "read as customers (o)" "the big file's preview"
keys r
wait_for "Esc cancels: nothing is kept" "the gauge"
keys Escape
wait_for "import cancelled: the base is as it was" "Esc cancels it"
same "the customers as they were" "$before" "$(sqlite3 "$db" 'select count(*) from customers')"
same "the fields as they were" "$fields_before" "$(sqlite3 "$db" 'select count(*) from fields')"
keys F10
wait_for "[exit 0]" "quit"

# In Russian: the screen, the bad row's message with its plural, the summary.
if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$'; then
	TUI_LC=ru_RU.UTF-8 tui_start -- "$db"
	wait_for "Все клиенты" "the tree in Russian"
	keys i
	wait_for "Файл для импорта (Tab дополняет):" "the path line in Russian"
	keys -l in/customers_b.csv
	keys Enter
	wait_for "файл клиентов (o)  ·  разделитель ,  ·  кодировка utf-8" "the preview in Russian"
	wait_match " Бонусы +→ bonus_points +number, своё " "Бонусы goes to the custom field it filled before"
	wait_match " Код +→ код +text, новое своё " "a new custom field in Russian"
	keys r
	wait_for "1 плохая строка: ничего не импортировано" "the bad row's message, singular"
	wait_for "  строка 4, столбец 2: " "the bad row's line and column"
	keys s r
	wait_for "Импортирован in/customers_b.csv как клиенты" "imported, in Russian"
	keys F10
	wait_for "[exit 0]" "quit the Russian interface"
fi
finish
