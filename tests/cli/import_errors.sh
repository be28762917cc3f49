#!/bin/sh
# Malformed inputs (tests/data/bad, see its README.md): each is refused with
# its own error at the exact file:line:col, and the base it was imported
# into is left byte for byte as it was. Then --skip-bad on a file with two
# bad rows, and a failed import into a new base leaving no file behind.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup import_errors
C=$CLIENTELE
db=$tmp/shop.db
NOTHING='bad row: nothing was imported (fix them, or pass --skip-bad to import the good rows and record the bad ones)'

expect_exit 0 "the base: customers_ru.csv and orders_ru.csv" \
	"$C" import "$db" --customers "$DATA/customers_ru.csv" --orders "$DATA/orders_ru.csv" --quiet ||
	finish
cp "$db" "$tmp/before.db"
state=$(base_state "$db")

# restore: the base as it was, for the next case after a failed check.
restore() {
	rm -f "$db-wal" "$db-shm"
	cp "$tmp/before.db" "$db"
}

# unchanged WHAT: the base is as before: same dump (or info), same bytes,
# no journal left behind.
unchanged() {
	if [ "$(base_state "$db")" != "$state" ]; then
		fail "$1: the base changed"
		restore
	elif ! cmp -s "$db" "$tmp/before.db"; then
		fail "$1: the base file is not byte for byte the same"
		restore
	elif [ -s "$db-wal" ]; then
		fail "$1: a -wal file with content is left behind"
	else
		pass "$1: the base is unchanged"
	fi
}

# refused KIND FILE ERROR [OPTION...]: importing bad/FILE as --KIND exits 65
# with the line "clientele: $BAD/FILE" ERROR on stderr; the base is unchanged.
refused() {
	_kind=$1 _file=$2 _msg=$3
	shift 3
	if expect_exit 65 "$_file is refused" "$C" import "$db" "--$_kind" "$BAD/$_file" --quiet "$@"; then
		err_has "$_file: the error names file, line and column" "clientele: $BAD/$_file$_msg"
	fi
	unchanged "$_file"
}

# --- values ---------------------------------------------------------------------
refused customers bad_date.csv ':5:3: invalid birth_date "31.02.2024" (expected a real calendar date)'
err_has "bad_date.csv: the import is refused whole" "clientele: 1 $NOTHING"
refused customers bad_email.csv \
	':4:2: invalid email "вася@@example" (expected an email address like name@example.com)'
refused customers bad_phone.csv \
	':3:3: invalid phone "звонить вечером" (expected a phone number like +7 916 123-45-67)'
refused customers bom_bad_email.csv \
	':3:1: invalid email "not-an-email" (expected an email address like name@example.com)'
check "crlf_bad_date.csv has CRLF line ends" grep -q "$(printf '\r')\$" "$BAD/crlf_bad_date.csv"
refused customers crlf_bad_date.csv ':4:4: invalid birth_date "2023-02-29" (expected a real calendar date)'
refused customers multiline_bad_date.csv \
	':5:4: invalid birth_date "31.04.1985" (expected a real calendar date)'
# The base has бонусы as a number field (from customers_ru.csv).
refused customers custom_number.csv \
	':3:3: invalid Бонусы "много" (expected a number like 1234.50 or 1 234,50)'
refused orders orders_bad_amount.csv \
	':3:4: invalid amount "1O00.00" (expected a number like 1234.50 or 1 234,50)'
refused orders orders_bad_date.csv ':3:3: invalid order date "2024-13-02" (expected a real calendar date)'
refused orders orders_bad_quantity.csv \
	':4:4: invalid quantity "six" (expected a number like 1234.50 or 1 234,50)'
refused orders orders_missing_date.csv ':3:3: missing order date'
err_has "orders_missing_date.csv: the second bad row too" "clientele: $BAD/orders_missing_date.csv:4:3: missing order date"
err_has "orders_missing_date.csv: two bad rows" \
	"clientele: 2 bad rows: nothing was imported (fix them, or pass --skip-bad to import the good rows and record the bad ones)"

# --- rows -------------------------------------------------------------------------
refused customers too_many_fields.csv \
	':4: expected 4 fields as in the header, found 5 (a quote may be missing or extra)'
refused customers too_few_fields.csv \
	':5: expected 4 fields as in the header, found 2 (a quote may be missing or extra)'
refused customers unterminated_quote.csv \
	":3:3: unterminated quoted field (a '\"' opened here is never closed)"
expect_exit 65 "unterminated_quote.csv is refused even with --skip-bad" \
	"$C" import "$db" --customers "$BAD/unterminated_quote.csv" --skip-bad --quiet
unchanged "unterminated_quote.csv with --skip-bad"

# --- headers ------------------------------------------------------------------------
refused orders orders_no_date.csv \
	':1: no column holds the order date (a header such as date, InvoiceDate, дата); name it with --map "COLUMN=date"'
refused orders orders_no_customer_column.csv \
	':1: no column says whose order it is (a header such as customer_id, CustomerID, клиент); name it with --map "COLUMN=customer_id"'
refused customers ambiguous_dates.csv \
	':1:3: the dates of column "birth_date" could be day-first or month-first (like 03/04/2024); pass --date-format dd/mm/yyyy or --date-format mm/dd/yyyy'
refused customers mixed_dates.csv \
	':1:3: the dates of column "birth_date" mix day-first and month-first values; pass --date-format to say which it is'
# A ';' file read with --delimiter ',' has one column named "id;Email;...".
expect_exit 65 "customers_ru.csv with the wrong --delimiter" \
	"$C" import "$db" --customers "$DATA/customers_ru.csv" --delimiter , --quiet
err_has "the wrong delimiter: one column whose header holds the right one" \
	"clientele: $DATA/customers_ru.csv:1: the file has one column, whose header holds ';': if that separates the columns, pass --delimiter ;"
unchanged "customers_ru.csv with the wrong --delimiter"

# --- whole files --------------------------------------------------------------------
refused customers empty.csv ': the file is empty (expected a header line)'
refused customers binary.xlsx \
	': the file contains NUL bytes: it is not a text CSV file (a spreadsheet must be saved as CSV first)'
refused customers utf16.csv ': the file is UTF-16; save it as UTF-8 CSV (or Windows-1251)'
refused customers utf16_nobom.csv ': the file is UTF-16; save it as UTF-8 CSV (or Windows-1251)'
refused customers invalid_utf8.csv \
	':3:3: invalid UTF-8 (byte 0xC1); the file may be in another encoding: try --encoding windows-1251 or --encoding latin-1' \
	--encoding utf-8
# Mostly UTF-8 with one Windows-1251 field: detection must not read it all
# as Windows-1251 (that would garble "Анна" into "РђРЅРЅР°").
refused customers invalid_utf8.csv \
	':3:3: invalid UTF-8 (byte 0xC1); the file may be in another encoding: try --encoding windows-1251 or --encoding latin-1'

# --- not errors ---------------------------------------------------------------------
cp "$tmp/before.db" "$tmp/header.db"
expect_exit 0 "header_only.csv imports" "$C" import "$tmp/header.db" --customers "$BAD/header_only.csv" --json
same "header_only.csv: 0 rows read" 0 "$(json customers.rows_read)"
same "header_only.csv: 0 inserted" 0 "$(json customers.inserted)"
same "header_only.csv: 0 updated" 0 "$(json customers.updated)"
run "$C" info "$tmp/header.db" --json
same "header_only.csv: still 8 customers" 8 "$(json customers)"
same "header_only.csv: still 6 orders" 6 "$(json orders)"

cp "$tmp/before.db" "$tmp/dates.db"
expect_exit 0 "ambiguous_dates.csv with --date-format dd/mm/yyyy" \
	"$C" import "$tmp/dates.db" --customers "$BAD/ambiguous_dates.csv" --date-format dd/mm/yyyy --quiet
if have_sqlite3; then
	same "03/04/1990 read day first" 1990-04-03 \
		"$(sql "$tmp/dates.db" "select birth_date from customers where ext_id = '2001'")"
fi
run "$C" import "$tmp/dates.db" --customers "$BAD/mixed_dates.csv" --date-format mm/dd/yyyy --quiet
same "mixed_dates.csv with --date-format mm/dd/yyyy: 25/02/1985 is a bad row" 65 "$st"
err_has "mixed_dates.csv with --date-format mm/dd/yyyy: the bad row" \
	"clientele: $BAD/mixed_dates.csv:3:3: invalid birth_date \"25/02/1985\" (expected a real calendar date)"

# --- a failed import into a new base leaves no file -------------------------------
expect_exit 65 "bad_date.csv into a new base" "$C" import "$tmp/new.db" --customers "$BAD/bad_date.csv" --quiet
check "the new base was removed" test ! -e "$tmp/new.db" -a ! -e "$tmp/new.db-wal" -a ! -e "$tmp/new.db-shm"
expect_exit 65 "utf16.csv into a new base" "$C" import "$tmp/new.db" --customers "$BAD/utf16.csv" --quiet
check "the new base was removed" test ! -e "$tmp/new.db" -a ! -e "$tmp/new.db-wal" -a ! -e "$tmp/new.db-shm"

# --- --skip-bad: the good rows in, the bad ones recorded ---------------------------
cp "$tmp/before.db" "$tmp/skip.db"
expect_exit 0 "skip_bad.csv with --skip-bad" "$C" import "$tmp/skip.db" --customers "$BAD/skip_bad.csv" --skip-bad --json
same "--skip-bad: 6 rows read" 6 "$(json customers.rows_read)"
same "--skip-bad: 4 inserted" 4 "$(json customers.inserted)"
same "--skip-bad: 2 rejected" 2 "$(json customers.rejected)"
same "--skip-bad: 2 problems" 2 "$(json problems_total)"
run "$C" info "$tmp/skip.db" --json
same "--skip-bad: 8 + 4 customers" 12 "$(json customers)"
expect_exit 0 "info --errors" "$C" info "$tmp/skip.db" --errors
cat >"$tmp/want" <<EOF
$BAD/skip_bad.csv:3:2: invalid email "b2@example" (expected an email address like name@example.com)
$BAD/skip_bad.csv:5: expected 4 fields as in the header, found 2 (a quote may be missing or extra)
EOF
if cmp -s "$tmp/want" "$tmp/out"; then
	pass "info --errors lists exactly lines 3 and 5"
else
	fail "info --errors lists other lines"
	show "$tmp/out"
fi
if have_sqlite3; then
	same "--skip-bad: the good rows are there, the bad ones not" "3001 3003 3005 3006" \
		"$(sql "$tmp/skip.db" "select group_concat(ext_id, ' ') from (select ext_id from customers where ext_id like '300%' order by ext_id)")"
fi
# Without --json the bad rows are reported on stderr too, and the import
# still succeeds.
cp "$tmp/before.db" "$tmp/skip2.db"
expect_exit 0 "skip_bad.csv with --skip-bad (text)" "$C" import "$tmp/skip2.db" --customers "$BAD/skip_bad.csv" --skip-bad
err_has "--skip-bad reports line 3" \
	"clientele: $BAD/skip_bad.csv:3:2: invalid email \"b2@example\" (expected an email address like name@example.com)"
err_contains "--skip-bad says where the bad rows are kept" "--errors"
# Without --skip-bad: refused, both rows named.
refused customers skip_bad.csv \
	':3:2: invalid email "b2@example" (expected an email address like name@example.com)'
err_has "skip_bad.csv: the whole-row error too" \
	"clientele: $BAD/skip_bad.csv:5: expected 4 fields as in the header, found 2 (a quote may be missing or extra)"

finish
