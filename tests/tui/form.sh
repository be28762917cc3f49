#!/bin/sh
# The condition form and the field picker: a adds a condition through the
# form (the field picked by typing part of its label, with its fill rate
# checked against `clientele count`; an operator chosen; the value
# completed from the most frequent values within the parent, counted by
# awk over the CSV); the rule in the status line and the count against
# `clientele count`; Enter on a condition edits it in the form (a number
# field offers no `contains`), an error is shown with its column before
# anything is stored; an `or` condition opens the text prompt; Esc leaves
# the form without a change; u undoes.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-form
C=$CLIENTELE
db=$tmp/base.db
csv=$SRCDIR/data/demo/customers.csv

t1='grade in (5, 6)' t2='city = Москва' t3='email_consent = yes'
either='city = Москва or city = Казань'
"$C" import "$db" --customers "$csv" --quiet &&
	"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" "Clients/Kids" --rule "$t1 and $t2 and $t3" >/dev/null &&
	"$C" segment add "$db" "Clients/Either" --rule "$either" >/dev/null ||
	{ fail "the fixture"; finish; }

full=$("$C" count "$db" --segment Clients/Kids)
rules() {
	"$C" segments "$db" --json
}
kids_rule() {
	rules | grep -o '"path": "Clients/Kids"[^}]*' | sed -E 's/.*"rule": "([^"]*)".*/\1/'
}
kids() {
	row Kids | sed -E 's/^ *[▾▸ ] Kids +([0-9]+) .*/\1/'
}
wait_kids() {
	wait_eq "$1" "$2" kids
}

# The expected figures, from the CSV (awk) and the command line: region's
# fill rate, rounded as a percentage; the most frequent region of the
# parent's members starting with "С" and its count.
total=$("$C" count "$db" "")
filled=$("$C" count "$db" "region is not empty")
pct=$(((filled * 100 + total / 2) / total))
top=$(awk -F, 'NR > 1 && ($11 == "one_time" || $11 == "seasonal" || $11 == "regular") &&
	index($9, "С") == 1 { n[$9]++ } END { for (k in n) print n[k] "|" k }' "$csv" |
	sort -t'|' -k1,1nr | head -n 1)
topn=${top%%|*} topv=${top#*|}
same "the top region's count is the command line's" "$topn" \
	"$("$C" count "$db" "in segment Clients and region = \"$topv\"")"

tui_start -- "$db"
wait_for "Kids" "the tree"
keys Down Down
wait_for "with all of them: $full of" "Kids selected"

# a: the field picker first; typing part of the label (in another case)
# filters it, each row with its type and fill rate.
keys Tab a
wait_for "Field (type to search" "a opens the field picker"
wait_match "│ email +Email +text +[0-9]+% │" "the rows have a label, a type and a fill rate"
wait_match "│ age +Age +number, computed +[0-9]+% │" "the computed fields are there"
keys -l "EGIO"
wait_match "│ region +Region +text +$pct% │" "REGI finds Region, with its fill rate"
wait_for "─ 1 of " "the rest filtered out"
keys Enter
wait_for "Field:     region — Region" "Enter picks the field"
# The operators of a text field; → chooses the next one.
wait_match "Operator: .*contains" "a text field offers contains"
wait_for "Type a value, or Tab for the most frequent ones." "no value yet: a hint, not an error"
keys Down Enter
wait_for "expected a value after" "Enter without a value: now the error"
keys BTab
keys Right
wait_for "[!=]" "→ chooses !="
# The value: Tab completes from the parent's values.
keys Tab
keys -l "с"
keys Tab
wait_match "$topv +$topn +│" "Tab shows the most frequent value starting so, with its count"
keys Enter
wait_for "Rule:      region != $topv" "Enter takes it: the rule, live"
keys Enter
wait_for "Condition added" "Enter stores the condition"
want="$t1 and $t2 and $t3 and region != $topv"
same "the base has the rule" "$want" "$(kids_rule)"
n=$("$C" count "$db" "in segment Clients and $want")
same "the segment's count is the rule's" "$n" "$("$C" count "$db" --segment Clients/Kids)"
wait_kids "$n" "the tree's count is clientele count's"
resize 200 30
wait_for "│ $want" "the status line has the rule"
resize 100 30

# Enter on a condition: the form, filled from it. A number field offers
# no contains; a value that is not a number is an error at its column,
# and Enter stores nothing then.
before=$(rules)
keys Home Enter
wait_for "Change the condition" "Enter opens the form"
wait_for "Field:     grade — grade" "with its field"
wait_for "[in]" "its operator"
wait_for "Value:     5, 6" "and its value"
wait_match "Operator: .*between" "a number field offers between"
if screen | grep "Operator:" | grep -q contains; then
	fail "a number field offers contains"
else
	pass "a number field does not offer contains"
fi
keys End
keys -l ", x"
wait_for "Rule:      grade in (5, 6, x)" "the draft"
wait_match "^ *│ +\^ +│" "a caret under the error"
wait_for '1:17: "grade" is a number; expected a number, not "x"' "the error with its column"
# the caret is under the x (both lines have the same bytes before it)
rx=$(screen | grep "Rule:      grade in" | awk '{ print index($0, "x)") }')
cx=$(screen | grep -A1 "Rule:      grade in" | tail -n 1 | awk '{ print index($0, "^") }')
same "the caret is under the x" "$rx" "$cx"
keys Enter
wait_for "Change the condition" "Enter does not store it"
same "nothing stored" "$before" "$(rules)"
keys BSpace
keys -l 7
wait_gone "is a number" "the error goes"
keys Enter
wait_for "Condition changed" "Enter stores the change"
want="grade in (5, 6, 7) and $t2 and $t3 and region != $topv"
same "the base has it" "$want" "$(kids_rule)"
n=$("$C" count "$db" "in segment Clients and $want")
wait_kids "$n" "the tree's count follows the change"

# Esc leaves the form and the picker without a change.
before=$(rules)
keys Enter
wait_for "Change the condition" "the form again"
keys Escape
wait_for "Nothing changed." "Esc leaves the form"
keys a
wait_for "Field (type to search" "the picker again"
keys Escape
wait_gone "Field (type to search" "Esc closes the picker"
same "nothing stored by Esc" "$before" "$(rules)"

# u undoes the change, then the add.
# (The base is read until it changes: the second "Undone" message could be
# the first one still on the screen.)
keys u
wait_for "Undone" "u undoes the change"
wait_eq "$t1 and $t2 and $t3 and region != $topv" "the rule before the change" kids_rule
keys u
wait_eq "$t1 and $t2 and $t3" "u undoes the add: the rule is back" kids_rule
wait_kids "$full" "the tree's count is back"

# An `or` condition is edited as text.
keys Tab Down Tab Enter
wait_for "Condition: $either" "Enter on an or opens the text prompt"
keys Escape

# The help names the form.
keys '?'
wait_for "edit the condition in a form" "the help names the form"
keys Escape
keys q
wait_for "[exit 0]" "q quits"

# A custom field with a Cyrillic label: the picker finds it by part of
# its label in another case (a space there, an underscore in its name),
# with its fill rate (2 of 3 customers: 67%); f opens its facet.
printf 'id,email,Любимый предмет\n1,a@example.com,Математика\n2,b@example.com,Физика\n3,c@example.com,\n' \
	>"$tmp/cyr.csv"
"$C" import "$tmp/cyr.db" --customers "$tmp/cyr.csv" --quiet || fail "the Cyrillic fixture"
tui_start -- "$tmp/cyr.db"
wait_for "All customers" "the second base"
keys Tab f
wait_for "Field (type to search" "f opens the field picker"
keys -l "ЮБИМЫЙ ПРЕД"
wait_match "│ любимый_предмет +Любимый предмет +text, custom +67% │" \
	"upper-case Cyrillic finds the label, with the fill rate"
wait_for "─ 1 of " "and nothing else"
keys Enter
wait_for "Facet: любимый_предмет" "Enter opens the field's facet"
keys q
wait_for "[exit 0]" "q quits"
finish
