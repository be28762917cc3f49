#!/bin/sh
# import --preview: how each file would be read (delimiter, encoding, the
# field of each column, the first rows), nothing written — and the import
# that follows does exactly that: the custom fields it reports, the values
# it stores where the preview said, the refusal it gives.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup import_preview
C=$CLIENTELE
db=$tmp/shop.db
SHARED=$SRCDIR/../shared/data

# new_fields FILE: the preview's new custom fields, worded as the
# import's custom_fields ("field (type) from "Header""), one a line.
new_fields() {
	sed -n 's/^  \(.*\) -> \([^ ]*\) (new custom field, \([a-z]*\))$/\2 (\3) from "\1"/p' "$1"
}

# reported FILE: the custom_fields of an import's --json, one a line.
reported() {
	sed -n 's/.*"custom_fields": \[\(.*\)\], "field_notes".*/\1/p' "$1" |
		sed -e 's/^"//' -e 's/"$//' -e 's/", "/\n/g' -e 's/\\"/"/g'
}

# --- a Russian customers file ------------------------------------------------------
expect_exit 0 "--preview=3 of customers_ru.csv" "$C" import "$db" --customers "$DATA/customers_ru.csv" --preview=3
cp "$tmp/out" "$tmp/ru.preview"
check "no base was made" test ! -e "$db"
same "delimiter and encoding" "$DATA/customers_ru.csv: delimiter \";\", encoding utf-8" "$(sed -n 1p "$tmp/ru.preview")"
check "Email -> email" grep -qx '  Email -> email' "$tmp/ru.preview"
check "Имя -> first_name" grep -qx '  Имя -> first_name' "$tmp/ru.preview"
check "the first row, as read (line 2)" grep -q '^  2: 1001 | anna.ivanova@example.ru | ' "$tmp/ru.preview"
same "three rows" 3 "$(grep -c '^  [0-9]*: ' "$tmp/ru.preview")"

expect_exit 0 "the import itself" "$C" import "$db" --customers "$DATA/customers_ru.csv" --json
new_fields "$tmp/ru.preview" >"$tmp/want"
reported "$tmp/out" >"$tmp/got"
check "a new custom field in the preview" test -s "$tmp/want"
check "the custom fields are those the import reports" cmp -s "$tmp/want" "$tmp/got"
if have_sqlite3; then
	first=$(sed -n 's/^  2: \(.*\)$/\1/p' "$tmp/ru.preview" | awk -F ' [|] ' '{print $4}')
	same "the first name is where the preview said" "$first" \
		"$(sql "$db" "SELECT first_name FROM customers WHERE ext_id = '1001'")"
fi

# on the base now: the field exists, no longer new; the base is untouched
before=$(base_state "$db")
expect_exit 0 "--preview on the base" "$C" import "$db" --customers "$DATA/customers_ru.csv" --preview
check "Бонусы is a custom field of the base now" grep -qx '  Бонусы -> бонусы (custom field, number)' "$tmp/out"
same "the base is untouched" "$before" "$(base_state "$db")"

# --map: a column skipped, another renamed
expect_exit 0 "--preview with --map" "$C" import "$db" --customers "$DATA/customers_ru.csv" \
	--map "Пол=-" --map "Город=region" --preview=0
check "skipped by --map" grep -qx '  Пол: not imported (--map)' "$tmp/out"
check "renamed by --map" grep -qx '  Город -> region (--map)' "$tmp/out"
same "no row with --preview=0" 0 "$(grep -c '^  [0-9]*: ' "$tmp/out")"

# --- refusals are the import's ----------------------------------------------------
expect_exit 65 "a customers file read as orders" "$C" import "$tmp/o.db" --orders "$DATA/customers_ru.csv" --preview
sed -n 's/^clientele: the import would stop: //p' "$tmp/err" >"$tmp/why"
expect_exit 65 "the import refuses it" "$C" import "$tmp/o.db" --orders "$DATA/customers_ru.csv"
same "with the same reason" "clientele: $(cat "$tmp/why")" "$(cat "$tmp/err")"
expect_exit 2 "--preview takes a count" "$C" import "$db" --customers "$DATA/customers_ru.csv" --preview=x
expect_exit 66 "a missing file" "$C" import "$db" --customers "$tmp/nope.csv" --preview

# --- real files ---------------------------------------------------------------------------
if [ -r "$SHARED/marketing_campaign.csv" ]; then
	mc=$tmp/mc.db
	expect_exit 0 "--preview of marketing_campaign.csv" "$C" import "$mc" \
		--customers "$SHARED/marketing_campaign.csv" --preview=2
	cp "$tmp/out" "$tmp/mc.preview"
	same "';', UTF-8 with a BOM" \
		"$SHARED/marketing_campaign.csv: delimiter \";\", encoding utf-8, with a byte order mark" \
		"$(sed -n 1p "$tmp/mc.preview")"
	check "the last cell without its CR" grep -q '^  2: 5524 | .* | 1$' "$tmp/mc.preview"
	expect_exit 0 "its import" "$C" import "$mc" --customers "$SHARED/marketing_campaign.csv" --json
	new_fields "$tmp/mc.preview" >"$tmp/want"
	reported "$tmp/out" >"$tmp/got"
	same "28 new custom fields" 28 "$(wc -l <"$tmp/want" | tr -d ' ')"
	check "each with the type the import gives it" cmp -s "$tmp/want" "$tmp/got"
else
	echo "# marketing_campaign.csv is not in $SHARED: not tried"
fi
if [ -r "$SHARED/online_retail.csv" ]; then
	expect_exit 0 "--preview --json of online_retail.csv as orders" "$C" import "$tmp/or.db" \
		--orders "$SHARED/online_retail.csv" --preview=1 --json
	check "valid JSON" json_valid "$tmp/out"
	check "InvoiceDate is the order date" grep -q '{"header": "InvoiceDate", "kind": "known", "field": "date", "type": "date"' "$tmp/out"
	check "the first row with its line" grep -q '"rows": \[{"line": 2, "cells": \["536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER"' "$tmp/out"
fi

finish
