#!/bin/sh
# Headers that used to crash or refuse an import: two headers that make the
# same field name (the second gets _2, and the summary says so), a header
# too long for a field name (cut, said with file:1:col), and a file with more
# new columns than SQLite allows in a table (refused at its header, before
# anything is read or added).
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup headers
C=$CLIENTELE

# same_name NAME HEADER ROW FIRST SECOND: the two columns become FIRST and SECOND.
same_name() {
	printf '%s\n%s\n' "$2" "$3" >"$tmp/$1.csv"
	expect_exit 0 "$1: \"$2\" imports" "$C" import "$tmp/$1.db" --customers "$tmp/$1.csv" --json ||
		return
	check "$1: the summary names both fields" grep -Fq "\"$4 (number) from" "$tmp/out"
	check "$1: the second column is $5" grep -Fq "\"$5 (number) from" "$tmp/out"
	check "$1: the summary says why" grep -Fq \
		"$1.csv:1:3: another column already makes the field \\\"$4\\\": this one is \\\"$5\\\"" "$tmp/out"
	run "$C" count "$tmp/$1.db" "$5 = 2"
	same "$1: $5 holds the second column's value" 1 "$(cat "$tmp/out")"
}
same_name cyrillic 'email,Бонусы,бонусы' 'a@example.ru,1,2' бонусы бонусы_2
same_name latin 'email,foo,foo' 'a@example.ru,1,2' foo foo_2
same_name spelled 'email,Annual Income,annual_income' 'a@example.ru,1,2' annual_income annual_income_2

# A survey question as a header: 189 characters.
long=$(printf 'Very long question %.0s' 1 2 3 4 5 6 7 8 9 10)
printf 'email,%s\na@example.ru,yes\n' "$long" >"$tmp/long.csv"
expect_exit 0 "a 189-character header imports" "$C" import "$tmp/long.db" --customers "$tmp/long.csv"
name=$(printf '%s' "$long" | tr 'A-Z ' 'a-z_' | cut -c 1-120 | sed 's/_*$//')
check "the summary gives file:1:col and the shortened name" grep -Fxq \
	"  $tmp/long.csv:1:2: the header is too long for a field name (more than 120 bytes): the field is \"$name\"" "$tmp/out"
run "$C" count "$tmp/long.db" "$name = yes"
same "the shortened field holds the value" 1 "$(cat "$tmp/out")"

# A --map target that long is the user's to shorten: a usage error.
x130=$(printf 'x%.0s' $(seq 1 130))
expect_exit 2 "--map to a 130-byte name is refused" \
	"$C" import "$tmp/long2.db" --customers "$tmp/long.csv" --map "$long=$x130"
err_has "the refusal says why, with file:1:col" \
	"clientele: $tmp/long.csv:1:2: \"$x130\" is too long for a field name (at most 120 bytes)"

# 2,100 new columns: more than SQLite's 2,000 (the base has 25 already).
awk 'BEGIN { printf "email"; for (i = 1; i <= 2100; i++) printf ",q%d", i; print ""
	for (r = 0; r < 3; r++) { printf "a%d@example.ru", r; for (i = 1; i <= 2100; i++) printf ",%d", i; print "" } }' \
	>"$tmp/wide.csv"
expect_exit 65 "2,100 new columns are refused" "$C" import "$tmp/wide.db" --customers "$tmp/wide.csv"
err_has "the refusal names SQLite's column limit" \
	"clientele: $tmp/wide.csv:1: the file has 2100 new columns, and the base already has 25; SQLite allows at most 2000 columns in a table. Leave out the columns you do not need (--map \"COLUMN=-\", or cut them from the file)"
check "no base is left behind" test ! -e "$tmp/wide.db"
finish
