#!/bin/sh
# The facet panel: F on a condition opens its field's facet, f asks for a
# field; the values of city within the segment's parent with their counts
# (checked against `clientele count`), Space toggles a value into the
# segment's `city = / in (...)` term (checked in `clientele segments
# --json` and `clientele count --segment`), u undoes it; a number field
# shows buckets and Space on one sets a `between` term, = a typed one (or
# one side), the buckets it covers marked; a yes/no field,
# a date field's year buckets; Esc closes.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-facet
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" "Clients/Women" --rule 'gender = F' >/dev/null ||
	{ fail "the fixture"; finish; }

rule() {
	"$C" segments "$db" --json | grep -o '"path": "Clients/Women"[^}]*' |
		sed -E 's/.*"rule": "([^"]*)".*/\1/'
}
# facet_row N: the Nth row under the facet's title, the right panel only.
facet_row() {
	screen | sed -n '/Facet: /,$p' | sed -n "$(($1 + 1))p" | sed 's/.*│ //'
}
# the value and the count of a facet row
row_value() {
	printf '%s\n' "$1" | sed -E 's/^[✓ ] (.*[^ ]) +█+ +[0-9]+ *$/\1/'
}
row_count() {
	printf '%s\n' "$1" | sed -E 's/.* ([0-9]+) *$/\1/'
}

tui_start -- "$db"
wait_for "Women" "the tree"
keys Down Down Tab
wait_for "gender = F" "Women's condition"

# F on the condition: the facet of its field, the segment's value marked.
keys F
wait_for "Facet: gender" "F opens the facet of the condition's field"
wait_match "✓ F +█+ +$("$C" count "$db" --segment Clients/Women) *$" \
	"the value in the segment is marked, with its count within the parent"
keys Escape
wait_gone "Facet: " "Esc closes the facet"

# f asks for a field in the field picker (typing filters it).
keys f
wait_for "Field (type to search" "f opens the field picker"
keys -l city
keys Enter
wait_for "Facet: city" "the facet of city"
wait_match "Facet: city +Space toggles · Esc" "its keys beside the title"
wait_match "│ [✓ ] [^ ].* █+ +[0-9]+ *$" "the values with bars and counts"
top=$(facet_row 1)
x=$(row_value "$top") xn=$(row_count "$top")
second=$(facet_row 2)
y=$(row_value "$second") yn=$(row_count "$second")
same "the top value's count is the command line's" \
	"$("$C" count "$db" "in segment Clients and city = $x")" "$xn"
same "the second value's count is the command line's" \
	"$("$C" count "$db" "in segment Clients and city = $y")" "$yn"
check "sorted by count" test "$xn" -ge "$yn"
wait_for "no value: $("$C" count "$db" "in segment Clients and city is empty")" \
	"the members without a city, under the values"

# Space on the top value: `city = X`.
keys Space
wait_for "Value toggled" "Space toggles the value"
same "the rule has city = X" "gender = F and city = $x" "$(rule)"
wait_match "✓ $x " "the value is marked"
n=$("$C" count "$db" "in segment Clients and gender = F and city = $x")
same "the segment's count" "$n" "$("$C" count "$db" --segment Clients/Women)"
wait_match "^ +Women +$n " "the tree's count follows"

# Space on the second value widens it: `city in (X, Y)`.
keys Down Space
wait_match "✓ $y" "the second value is marked"
same "the rule has city in (X, Y)" "gender = F and city in ($x, $y)" "$(rule)"

# A click on the third value (line 17, column 70: an X10 report, each
# plus 33) selects it for Space; u undoes it.
z=$(row_value "$(facet_row 3)")
keys -l "$(printf '\033[M f2')"
keys -l "$(printf '\033[M#f2')"
keys Space
wait_match "✓ $z" "a click on a value selects it for Space"
same "the rule has city in (X, Y, Z)" "gender = F and city in ($x, $y, $z)" "$(rule)"
keys u
wait_gone "✓ $z" "undone"

# u undoes the last toggle.
keys u
wait_for "Undone" "u undoes"
# the first u's "Undone" may still be on the screen: the rule is polled
wait_eq "gender = F and city = $x" "the rule is back to city = X" rule
wait_gone "✓ $y" "the second value is unmarked"

# A number field: buckets; Space on one sets a between.
keys Escape
wait_gone "Facet: " "Esc closes the facet"
keys f
wait_for "Field (type to search" "f again"
keys -l lead_score
keys Enter
wait_match "│ [✓ ] -?[0-9.]+ – -?[0-9.]+ +█+ +[0-9]+ *$" "lead_score shows buckets"
wait_match "Facet: lead_score +Space picks · = range · Esc" "a histogram's keys say = types a range"
# bucket_lo N, bucket_hi N: the edges of the Nth bucket
bucket_lo() {
	facet_row "$1" | sed -E 's/^[✓ ] (-?[0-9.]+) – .*/\1/'
}
bucket_hi() {
	facet_row "$1" | sed -E 's/^[✓ ] -?[0-9.]+ – (-?[0-9.]+) .*/\1/'
}
b=$(facet_row 3)
lo=$(bucket_lo 3)
hi=$(bucket_hi 3)
bn=$(row_count "$b")
same "the bucket's count is the command line's" \
	"$("$C" count "$db" "in segment Clients and lead_score between $lo and $hi")" "$bn"
keys Down Down Space
wait_for "Range set" "Space sets the range"
same "the rule has the between" "gender = F and city = $x and lead_score between $lo and $hi" "$(rule)"
n=$("$C" count "$db" --segment Clients/Women)
same "the segment's count is the rule's" \
	"$("$C" count "$db" "in segment Clients and gender = F and city = $x and lead_score between $lo and $hi")" "$n"
wait_match "^ +Women +$n " "the tree's count equals clientele count --segment"
wait_match "│ ✓ $lo – $hi " "the bucket is marked"

# = types a range: from the second bucket's start to the fourth's end, in
# place of the between; the three buckets it covers are marked.
lo2=$(bucket_lo 2) hi4=$(bucket_hi 4)
keys =
wait_for "Range of lead_score (from – to): $lo – $hi" "= asks for the range, the segment's first"
keys C-u
keys -l "$lo2 – $hi4"
keys Enter
wait_for "Range set" "the typed range is set"
r="gender = F and city = $x and lead_score between $lo2 and $hi4"
same "the rule has the typed between" "$r" "$(rule)"
resize 160 30
wait_for "│ $r" "the status line shows it (a wider window)"
resize 100 30
n=$("$C" count "$db" "in segment Clients and $r")
wait_match "^ +Women +$n " "the tree's count equals clientele count on the rule"
same "clientele count --segment agrees" "$n" "$("$C" count "$db" --segment Clients/Women)"
wait_match "│ ✓ $lo2 – " "the second bucket is marked"
check "the third and the fourth too, not the first" sh -c \
	"printf '%s' \"\$1\" | grep -q '^✓' && printf '%s' \"\$2\" | grep -q '^✓' && printf '%s' \"\$3\" | grep -q '^ '" \
	- "$(facet_row 3)" "$(facet_row 4)" "$(facet_row 1)"

# One side: `>=`.
keys = C-u
keys -l "$lo2 –"
keys Enter
wait_for "lead_score >= $lo2" "from – : lead_score >= from"
same "the rule has >=" "gender = F and city = $x and lead_score >= $lo2" "$(rule)"

# What is not a range, or not a number, changes nothing.
keys = C-u
keys -l "cheap"
keys Enter
wait_for '"cheap" is not a range' "a word is not a range"
keys = C-u
keys -l "2024-01-01 – 5"
keys Enter
wait_for '"lead_score" is a number' "a date in a number's range: the parser's error"
same "the rule is unchanged" "gender = F and city = $x and lead_score >= $lo2" "$(rule)"
keys u
wait_for "Undone" "u undoes the one side"
wait_eq "gender = F and city = $x and lead_score between $lo2 and $hi4" "the typed range again" rule
keys u
wait_eq "gender = F and city = $x and lead_score between $lo and $hi" \
	"u undoes the typed range: the rule is back to the bucket's" rule

# A yes/no field, Space typed before its values came: it waits for them,
# and the value under the cursor (the most frequent) is toggled.
yes=$("$C" count "$db" "in segment Clients and email_consent = yes")
no=$("$C" count "$db" "in segment Clients and email_consent = no")
top=yes
[ "$no" -gt "$yes" ] && top=no
keys Escape f
keys -l email_consent
keys Enter Space
wait_for "Value toggled" "Space typed ahead toggles the value"
same "the rule has the bool" "gender = F and city = $x and lead_score between $lo and $hi and email_consent = $top" "$(rule)"
keys u
wait_for "Undone" "u undoes it"

# A date field: buckets labelled by their edges (whole years here).
keys Escape f
keys -l birth_date
keys Enter
wait_match "│ [✓ ] (19|20)[0-9]{2}( – (19|20)[0-9]{2})? +█+ +[0-9]+ *$" "birth_date shows year buckets"

# The help lists the panel's keys.
keys Escape '?'
wait_for "close the facet" "the help lists the facet's keys"
keys Escape
keys q
wait_for "[exit 0]" "q quits"
finish
