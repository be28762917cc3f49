#!/bin/sh
# The command line itself: --help, --version, usage errors, a small good
# import and what info says of it, --dry-run, missing and wrong files.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup basic
C=$CLIENTELE
cust=$DATA/customers_ru.csv
ord=$DATA/orders_ru.csv

# --- --version, --help --------------------------------------------------------
expect_exit 0 "--version" "$C" --version &&
	check "--version prints 'clientele X.Y.Z'" grep -Eq '^clientele [0-9]+\.[0-9]+' "$tmp/out"

expect_exit 0 "--help" "$C" --help
for cmd in import info count sql; do
	check "--help mentions '$cmd'" grep -Eq "^  $cmd " "$tmp/out"
done
# Every command --help lists has its own --help, printing its usage.
sed -n 's/^  \([a-z][a-z]*\)  *[A-Z].*/\1/p' "$tmp/out" >"$tmp/commands"
[ -s "$tmp/commands" ] || fail "--help lists no commands"
while read -r cmd; do
	expect_exit 0 "$cmd --help" "$C" "$cmd" --help &&
		check "$cmd --help prints its usage" grep -q "^usage: clientele $cmd " "$tmp/out"
done <"$tmp/commands"

# --- usage errors: status 2, a message and the usage on stderr ----------------
expect_exit 2 "an unknown option" "$C" --no-such-option
err_contains "an unknown option is named" "--no-such-option"
expect_exit 2 "an unknown command" "$C" frobnicate "$tmp/x.db"
err_contains "an unknown command is named" 'unknown command "frobnicate"'
expect_exit 2 "no arguments at all" "$C"
expect_exit 2 "import without arguments" "$C" import
err_contains "import without arguments prints its usage" "usage: clientele import DB"
expect_exit 2 "import without a file to import" "$C" import "$tmp/x.db"
expect_exit 2 "import with an unknown option" "$C" import "$tmp/x.db" --customers "$cust" --bogus
# getopt's own message must not go out as "import: unrecognized option".
if grep -v '^clientele\|^usage: \|^Try ' "$tmp/err" >"$tmp/stray"; then
	fail "every stderr line of a bad option starts with 'clientele'"
	show "$tmp/stray"
else
	pass "every stderr line of a bad option starts with 'clientele'"
fi
check "a usage error creates no base" test ! -e "$tmp/x.db"
expect_exit 2 "import --delimiter with two characters" \
	"$C" import "$tmp/x.db" --customers "$cust" --delimiter ';;'
expect_exit 2 "import --encoding koi8-r (not offered)" \
	"$C" import "$tmp/x.db" --customers "$cust" --encoding koi8-r
expect_exit 2 "import --as-of with a bad date" \
	"$C" import "$tmp/x.db" --customers "$cust" --as-of 2024-02-30
expect_exit 2 "import --map without '='" "$C" import "$tmp/x.db" --customers "$cust" --map Email
check "none of these usage errors created a base" test ! -e "$tmp/x.db"
expect_exit 2 "info without a base" "$C" info
expect_exit 2 "info with an unknown option" "$C" info "$tmp/x.db" --bogus
expect_exit 2 "count without a rule" "$C" count "$tmp/x.db"

# --- a small good import ---------------------------------------------------------
db=$tmp/shop.db
expect_exit 0 "importing customers_ru.csv and orders_ru.csv" \
	"$C" import "$db" --customers "$cust" --orders "$ord" --json
cp "$tmp/out" "$tmp/import.json"
case $(json_valid "$tmp/import.json"; echo $?) in
0) pass "import --json prints valid JSON" ;;
77) echo "ok - # skip: neither python3 nor jq to validate JSON" ;;
*) fail "import --json prints invalid JSON"; show "$tmp/import.json" ;;
esac
check "import --json prints one line" test "$(wc -l <"$tmp/import.json")" -eq 1
same "import: ok" true "$(json ok "$tmp/import.json")"
same "import: delimiter detected" ";" "$(json customers.delimiter "$tmp/import.json")"
same "import: encoding detected" utf-8 "$(json customers.encoding "$tmp/import.json")"
same "import: customer rows read" 8 "$(json customers.rows_read "$tmp/import.json")"
same "import: customers inserted" 8 "$(json customers.inserted "$tmp/import.json")"
same "import: order rows read" 6 "$(json orders.rows_read "$tmp/import.json")"
same "import: orders inserted" 6 "$(json orders.inserted "$tmp/import.json")"
same "import: cancellations" 1 "$(json orders.cancelled "$tmp/import.json")"
same "import: nothing rejected" 0 "$(json problems_total "$tmp/import.json")"
same "import: reference date = the day after the last order" 2024-03-31 \
	"$(json reference_date "$tmp/import.json")"
check "import: the custom column Бонусы is a number field" \
	grep -Fq '"бонусы (number) from \"Бонусы\""' "$tmp/import.json"
check "import: 'москва' and 'МОСКВА ' were merged into 'Москва'" \
	grep -Fq 'city: \"МОСКВА\" -> \"Москва\"' "$tmp/import.json"
check "import: the file's sha256 is recorded" grep -Fq \
	"\"sha256\": \"$(sha256sum <"$cust" | cut -d ' ' -f 1)\"" "$tmp/import.json"
same "the new base has mode 0600" 600 "$(stat -c %a "$db")"

expect_exit 0 "info --json" "$C" info "$db" --json
cp "$tmp/out" "$tmp/info.json"
case $(json_valid "$tmp/info.json"; echo $?) in
0) pass "info --json prints valid JSON" ;;
77) echo "ok - # skip: neither python3 nor jq to validate JSON" ;;
*) fail "info --json prints invalid JSON"; show "$tmp/info.json" ;;
esac
same "info: customers" 8 "$(json customers "$tmp/info.json")"
same "info: orders" 6 "$(json orders "$tmp/info.json")"
same "info: cancelled" 1 "$(json cancelled "$tmp/info.json")"
# 1001, 1002, 1003 (its other order is the cancellation) and 1008.
same "info: buyers" 4 "$(json buyers "$tmp/info.json")"
same "info: reference date" 2024-03-31 "$(json reference_date "$tmp/info.json")"
same "info: reference date not set by hand" false "$(json reference_date_set "$tmp/info.json")"
check "info: two imports recorded" test "$(grep -o '"kind": "[a-z]*"' "$tmp/info.json" | wc -l)" -eq 2
check "info: email filled for 7 of 8" grep -q '"name": "email", [^}]*"filled": 7}' "$tmp/info.json"
check "info: the custom field keeps its header as label" \
	grep -q '"name": "бонусы", "label": "Бонусы", "type": "number", "origin": "custom", "filled": 6}' \
	"$tmp/info.json"
expect_exit 0 "info (text)" "$C" info "$db"
check "info (text) shows the customers" grep -Eq '^customers +8$' "$tmp/out"
# The fields table lines up on screen: the origin column starts at the same
# character (not byte) in every row, Cyrillic names included.
sed -n 's/^\(  [^ ].* \)\(builtin\|custom\) .*/\1/p' "$tmp/out" >"$tmp/prefixes"
check "info (text) lists the fields with their origin" test -s "$tmp/prefixes"
while IFS= read -r p; do printf '%s' "$p" | wc -m; done <"$tmp/prefixes" | sort -u >"$tmp/widths"
if [ "$(wc -l <"$tmp/widths")" -eq 1 ]; then
	pass "info (text): the fields table is aligned in characters"
else
	fail "info (text): the fields table is not aligned (origin at characters $(tr '\n' ' ' <"$tmp/widths"))"
	grep ' custom ' "$tmp/out" >"$tmp/custom"
	show "$tmp/custom"
fi
expect_exit 0 "info --errors on a base without errors" "$C" info "$db" --errors
check "info --errors prints nothing" test ! -s "$tmp/out"

# A base is 0600 whatever the umask says.
(umask 0 && "$C" import "$tmp/umask.db" --customers "$cust" --quiet) >"$tmp/out" 2>"$tmp/err"
same "with umask 0 the new base still has mode 0600" 600 "$(stat -c %a "$tmp/umask.db" 2>/dev/null)"
run "$C" import "$tmp/quiet.db" --customers "$cust" --quiet
if [ "$st" -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
	pass "import --quiet prints nothing"
else
	fail "import --quiet prints something (exit $st)"
	show "$tmp/out"
	show "$tmp/err"
fi

# The values as normalised in the base.
if have_sqlite3; then
	same "email lower-cased" petr.sidorov@example.ru \
		"$(sql "$db" "select email from customers where ext_id = '1002'")"
	same "phone in E.164" +79123456701 "$(sql "$db" "select phone from customers where ext_id = '1001'")"
	same "Ukrainian phone in E.164" +380441234567 \
		"$(sql "$db" "select phone from customers where ext_id = '1003'")"
	same "date 14.03.1990 read as ISO" 1990-03-14 \
		"$(sql "$db" "select birth_date from customers where ext_id = '1001'")"
	same "gender ж read as F, ч as M" F/M "$(sql "$db" "select
		(select gender from customers where ext_id = '1001') || '/' ||
		(select gender from customers where ext_id = '1007')")"
	same "NA read as empty, 45,5 as 45.5" "|45.5" "$(sql "$db" "select
		(select ifnull(cf_бонусы, '') from customers where ext_id = '1004') || '|' ||
		(select cf_бонусы from customers where ext_id = '1003')")"
	same "amount '2 300,50' read as 2300.5" 2300.5 \
		"$(sql "$db" "select amount from orders where order_no = '5002'")"
else
	echo "ok - # skip: no sqlite3 shell to look inside the base"
fi

# count, lightly: Cyrillic case-insensitive equality and a computed field.
expect_exit 0 "count city = \"москва\"" "$C" count "$db" 'city = "москва"' &&
	same "count: 4 customers in Moscow, whatever the case" 4 "$(cat "$tmp/out")"
expect_exit 0 "count city = \"Москва\" and orders >= 1" "$C" count "$db" 'city = "Москва" and orders >= 1' &&
	same "count: 3 buyers in Moscow" 3 "$(cat "$tmp/out")"

# --- --dry-run writes nothing -------------------------------------------------------
expect_exit 0 "--dry-run into a new base" "$C" import "$tmp/dry.db" --customers "$cust" --dry-run --json
same "--dry-run says so" true "$(json dry_run)"
same "--dry-run reports what it would insert" 8 "$(json customers.inserted)"
check "--dry-run created no base" test ! -e "$tmp/dry.db"
check "--dry-run left no -wal or -shm file" test ! -e "$tmp/dry.db-wal" -a ! -e "$tmp/dry.db-shm"
before=$(base_state "$db")
expect_exit 0 "--dry-run on an existing base" "$C" import "$db" --customers "$cust" --orders "$ord" --dry-run
check "--dry-run says nothing was written" grep -q 'dry run' "$tmp/out"
same "--dry-run left the base unchanged" "$before" "$(base_state "$db")"
printf 'email,birth_date\nbad@x.ru,2090-01-01\ngood@x.ru,1990-01-01\n' >"$tmp/bad.csv"
expect_exit 0 "--dry-run --skip-bad with a bad row" "$C" import "$db" --customers "$tmp/bad.csv" \
	--dry-run --skip-bad
err_contains "--dry-run --skip-bad: the bad rows would be skipped" "1 bad rows would be skipped"
check "--dry-run --skip-bad: not said to be listed in the base" \
	sh -c '! grep -q "listed in the base" "$1"' - "$tmp/err"
same "--dry-run --skip-bad left the base unchanged" "$before" "$(base_state "$db")"

# --- missing and wrong files ---------------------------------------------------------
expect_exit 66 "a missing customers file" "$C" import "$tmp/new.db" --customers "$tmp/nofile.csv"
err_contains "the missing file is named" "$tmp/nofile.csv"
check "the message starts with 'clientele: '" grep -q '^clientele: ' "$tmp/err"
check "no base is left behind" test ! -e "$tmp/new.db"
expect_exit 66 "a missing orders file after a good customers file" \
	"$C" import "$db" --customers "$cust" --orders "$tmp/noorders.csv"
err_contains "the missing orders file is named" "$tmp/noorders.csv"
same "the base is unchanged" "$before" "$(base_state "$db")"
expect_exit 66 "a directory as the customers file" "$C" import "$tmp/new.db" --customers "$tmp"
expect_exit 66 "info on a missing base" "$C" info "$tmp/missing.db"
err_contains "the missing base is named" "$tmp/missing.db"
check "info does not create the missing base" test ! -e "$tmp/missing.db"
expect_exit 65 "info on a CSV file passed as a base" "$C" info "$cust"
err_contains "the CSV file is named" "$cust"
: >"$tmp/empty.db"
expect_exit 65 "info on an empty file passed as a base" "$C" info "$tmp/empty.db"
check "info leaves the empty file empty" test ! -s "$tmp/empty.db"
cp "$cust" "$tmp/copy.csv"
expect_exit 65 "import into a CSV file passed as a base" "$C" import "$tmp/copy.csv" --customers "$cust"
check "the CSV file passed as a base is untouched" cmp -s "$cust" "$tmp/copy.csv"
expect_exit 65 "count on a CSV file passed as a base" "$C" count "$cust" 'city = "Москва"'

finish
