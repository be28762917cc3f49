#!/bin/sh
# The `:` command line: the selected segment's whole rule as text; a parse
# error shown under the line with a caret under its column (the column
# the command line reports), the live count within the parent on every
# valid keystroke (checked against `clientele count`), Tab completing a
# field name or a value, Enter storing the rule (undone with u), Esc leaving it.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-cmdline
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet &&
	"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" "Clients/Loyal" --rule 'orders >= 2' >/dev/null ||
	{ fail "the fixture"; finish; }

before=$("$C" count "$db" --segment Clients/Loyal)
want=$("$C" count "$db" 'in segment Clients and orders >= 3')
check "the new rule changes the count" test "$want" -ne "$before"
# The error's column, from the command line: "1:COL: ...".
col=$("$C" count "$db" 'orders >= three' 2>&1 | sed -nE 's/.*1:([0-9]+): expected.*/\1/p')
same "the command line puts the error at column 11" "11" "$col"
rules() {
	"$C" segments "$db" --json
}
rules0=$(rules)

tui_start -- "$db"
wait_for "Loyal" "the tree"
keys :
wait_for "Select a segment to edit its rule." "All customers has no rule to edit"
keys Down Down
wait_for "│ orders >= 2" "Loyal selected"
keys :
wait_for ": orders >= 2" "the command line opens with the rule"
keys C-u
keys -l "orders >= three"
wait_for "expected a number" "the parse error shows"
# The caret sits under the column the error names: in the captured screen,
# the line under ": orders >= three" has its ^ where the rule's column
# COL is (after ": ", two columns).
pos=$(screen | awk '
	found { print index($0, "^") " " cpos; exit }
	index($0, ": orders >= three") == 1 { found = 1; cpos = index($0, "three") }')
same "the caret is under column 11 (\"three\")" "$((2 + col)) $((2 + col))" "$pos"

# Cyrillic before the error: the caret counts screen columns, one for
# each letter, not bytes.
cyr='city = Москва and orders >= трі'
ccol=$("$C" count "$db" "$cyr" 2>&1 | sed -nE 's/.*1:([0-9]+): expected.*/\1/p')
same "the command line puts that error at column 29" "29" "$ccol"
keys C-u
keys -l "$cyr"
wait_for ": $cyr" "the Cyrillic rule typed"
wait_for "expected a number" "its parse error shows"
line=$(screen | grep -F -A1 ": $cyr")
typed=$(printf '%s\n' "$line" | head -n 1)
caret=$(printf '%s\n' "$line" | sed -n 2p)
before_err=${typed%%трі*}
before_caret=${caret%%^*}
same "the caret is under \"трі\" (screen columns)" \
	"$(printf '%s' "$before_err" | wc -m) $((2 + ccol - 1))" \
	"$(printf '%s' "$before_caret" | wc -m) $((2 + ccol - 1))"
# A rule wider than the window scrolls so that the cursor shows ("…" for
# what is scrolled out), and the caret follows it.
long="orders >= 1 and orders >= 1 and orders >= 1 and orders >= 1 and orders >= 1 and"
long="$long orders >= 1 and orders >= 1 and orders >= 1 and orders >= three"
lcol=$("$C" count "$db" "$long" 2>&1 | sed -nE 's/.*1:([0-9]+): expected.*/\1/p')
same "the command line puts the long rule's error at column 139" "139" "$lcol"
keys C-u
keys -l "$long"
wait_match "^:… *.*orders >= three *$" "the long rule scrolled to its end"
wait_for "expected a number" "its error shows"
line=$(screen | grep -A1 "^:…")
typed=$(printf '%s\n' "$line" | head -n 1)
caret=$(printf '%s\n' "$line" | sed -n 2p)
before_err=${typed%%three*}
before_caret=${caret%%^*}
same "the caret is under the scrolled \"three\"" "$(printf '%s' "$before_err" | wc -m)" \
	"$(printf '%s' "$before_caret" | wc -m)"
# Cut and retyped in one go (likely one paint for both): the short text
# shows whole, not scrolled out of sight.
keys C-u "orders >= three"
wait_for ": orders >= three" "back to the ASCII rule"

keys BSpace BSpace BSpace BSpace BSpace
keys -l "3"
wait_for "→ $want" "the live count within the parent"
wait_gone "expected a number" "the error goes once it parses"

keys C-u
keys -l "ord"
keys Tab
wait_for ": orders" "Tab completes the field name"
# A value: after a field and its operator, Tab completes from the field's
# values (the demo's statuses that start with "one", from the CSV).
one=$(awk -F, 'NR > 1 && $11 ~ /^one/ { print $11 }' "$SRCDIR/data/demo/customers.csv" | sort -u)
same "one status starts with \"one\"" "one_time" "$one"
keys C-u
keys -l "status in (one"
keys Tab
wait_for ": status in ($one" "Tab completes a value"
keys C-u
keys -l "ord"
keys Tab
wait_for ": orders" "Tab completes the field name again"
keys -l " >= 3"
wait_for "→ $want" "the count follows the completed rule"
keys Enter
wait_for "Rule stored" "Enter stores the rule"
same "the base counts what the line showed" "$want" "$("$C" count "$db" --segment Clients/Loyal)"
keys u
wait_for "Undone" "u undoes it"
same "the count is back" "$before" "$("$C" count "$db" --segment Clients/Loyal)"
same "the rule is back" "$rules0" "$(rules)"

keys :
wait_for ": orders >= 2" "the command line again"
keys C-u
keys -l "orders >= 5"
wait_match "→ [0-9]" "counted"
keys Escape
wait_gone ": orders >= 5" "Esc closes it"
same "Esc leaves the rule" "$rules0" "$(rules)"

keys '?'
wait_for "edit the whole rule as text" "the help lists :"
keys Escape
finish
