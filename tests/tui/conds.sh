#!/bin/sh
# The conditions panel: one row per top-level condition of the selected
# segment with what it removes of the parent's members given the others
# (checked against `clientele count` on the rule with that condition left
# out), the count with all of them; Tab to the panel, then add, delete and
# toggle `not` on a condition (each checked with `clientele count
# --segment` and undone with u), and a parse error shown at its column
# that changes nothing.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-conds
C=$CLIENTELE
db=$tmp/base.db

t1='grade in (5, 6)' t2='city = Москва' t3='email_consent = yes'
"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" "Clients/Kids" --rule "$t1 and $t2 and $t3" >/dev/null ||
	{ fail "the fixture"; finish; }

# The expected figures, from the command line: the parent's members that
# satisfy the other two conditions, minus those that satisfy all three.
parent=$("$C" count "$db" --segment Clients)
full=$("$C" count "$db" --segment Clients/Kids)
same "Kids, counted within Clients" "$full" "$("$C" count "$db" "in segment Clients and $t1 and $t2 and $t3")"
r1=$(($("$C" count "$db" "in segment Clients and $t2 and $t3") - full))
r2=$(($("$C" count "$db" "in segment Clients and $t1 and $t3") - full))
r3=$(($("$C" count "$db" "in segment Clients and $t1 and $t2") - full))
check "the fixture's conditions each remove someone" test "$r1" -gt 0 -a "$r2" -gt 0 -a "$r3" -gt 0

# kids: Kids' count in the tree.
kids() {
	row Kids | sed -E 's/^ *[▾▸ ] Kids +([0-9]+) .*/\1/'
}
# removes TERM: the figure on the row of TERM.
removes() {
	screen | grep -F -- "$1" | grep -F "removes" | head -n 1 | sed -E 's/.*✦ removes +([0-9]+).*/\1/'
}
# wait_kids N DESC: Kids' count in the tree becomes N (counts may come
# after the panel's).
wait_kids() {
	wait_eq "$1" "$2" kids
}
rules() {
	"$C" segments "$db" --json
}

tui_start -- "$db"
wait_for "Kids" "the tree"
# All customers has no rule: the panel says so instead of editing.
keys Tab a
wait_for "All customers has no conditions: select a segment." "a on the root says why not"
keys Tab Down Down
wait_for "with all of them: $full of $parent" "Kids selected: the count with all its conditions"
same "$t1 removes" "$r1" "$(removes "$t1")"
same "$t2 removes" "$r2" "$(removes "$t2")"
same "$t3 removes" "$r3" "$(removes "$t3")"
# The figures (263, 81, 17) right-aligned: each row's ✦ in one column.
cols=$(screen | grep -F "✦ removes" | while IFS= read -r l; do
	printf '%s' "${l%%✦*}" | wc -m
done | sort -u | wc -l)
same "the figures read down as a column" 1 "$cols"
wait_for "│ $t1 and $t2" "the status line keeps the whole rule"

# Tab to the panel; A adds a condition typed as text (a: in the form,
# tests/tui/form.sh).
keys Tab A
wait_for "New condition:" "Tab then A asks for a condition"
keys -l "gender = F"
keys Enter
wait_for "Condition added" "the condition is added"
added=$("$C" count "$db" --segment Clients/Kids)
check "the added condition changes the count" test "$added" -ne "$full"
same "the base has it" "$added" "$("$C" count "$db" "in segment Clients and $t1 and $t2 and $t3 and gender = F")"
wait_for "with all of them: $added of" "the panel follows"
wait_kids "$added" "the tree's count is the command line's"
wait_for "gender = F" "the new row"
keys u
wait_for "Undone" "u undoes the add"
same "the count is back" "$full" "$("$C" count "$db" --segment Clients/Kids)"
wait_for "with all of them: $full of" "the panel is back"
wait_kids "$full" "the tree's count is back"

# x deletes the condition under the cursor (the first), no question asked.
keys Home x
wait_for "Condition deleted" "x deletes the condition"
same "the base lost it" "$((full + r1))" "$("$C" count "$db" --segment Clients/Kids)"
wait_for "with all of them: $((full + r1)) of" "the panel follows the delete"
wait_kids "$((full + r1))" "the tree's count after the delete"
keys u
wait_for "Undone" "u undoes the delete"
same "the count is back after the delete" "$full" "$("$C" count "$db" --segment Clients/Kids)"

# ! toggles not on the second condition.
notr=$("$C" count "$db" "in segment Clients and $t1 and not $t2 and $t3")
keys Home Down '!'
wait_for "Condition negated" "! negates the condition"
wait_for "not $t2" "the row reads not"
same "the base has not" "$notr" "$("$C" count "$db" --segment Clients/Kids)"
wait_for "with all of them: $notr of" "the panel follows the not"
wait_kids "$notr" "the tree's count after the not"
keys u
wait_for "Undone" "u undoes the not"
same "the count is back after the not" "$full" "$("$C" count "$db" --segment Clients/Kids)"

# A parse error: its column in the message line, nothing stored.
before=$(rules)
keys Home e
wait_for "Condition: $t1" "e edits the condition as text"
keys C-u
keys -l "grade >"
keys Enter
wait_for "1:8: expected a number" "the error names its column"
same "nothing stored" "$before" "$(rules)"
# An unknown field: its column within the condition typed, not the rule.
keys A
wait_for "New condition:" "A again"
keys -l "grade = 5 and citty = Москва"
keys Enter
wait_for '1:15: unknown field "citty"' "the unknown field's column in the condition"
same "nothing stored either" "$before" "$(rules)"

# Tab gives the keys back to the tree; a click on the third condition
# (line 7, column 70: an X10 report, each plus 33) gives them to the panel
# with the cursor there, and ! negates it.
keys Tab
keys -l "$(printf '\033[M f(')"
keys -l "$(printf '\033[M#f(')"
keys '!'
wait_for "not $t3" "a click on a condition selects it for !"
same "the base has it" "$("$C" count "$db" "in segment Clients and $t1 and $t2 and not $t3")" \
	"$("$C" count "$db" --segment Clients/Kids)"
keys u
wait_for "Undone" "undone"

# The parent's rule changed, then undone while Kids stays selected: Kids'
# rule is the same, its parent's members are not, and the panel follows.
p2rule='status in (one_time, seasonal)'
p2=$("$C" count "$db" "$p2rule")
k2=$("$C" count "$db" "$p2rule and $t1 and $t2 and $t3")
check "the narrower parent changes the figures" test "$p2" -ne "$parent" -a "$k2" -ne "$full"
keys Tab Up :
wait_for ": status in" "the parent's rule on the : line"
keys C-u
keys -l "$p2rule"
keys Enter
wait_for "Rule stored" "the parent's rule stored"
keys Down
wait_for "with all of them: $k2 of $p2" "Kids within the narrower parent"
keys u
wait_for "Undone" "u undoes the parent's edit, Kids selected"
wait_for "with all of them: $full of $parent" "the panel counts again for the parent's undo"
same "$t1 removes again" "$r1" "$(removes "$t1")"

# The help lists the panel's keys, from its key table.
keys Escape '?'
wait_for "toggle \`not\` on the condition" "the help lists !"
wait_for "In the conditions panel (Tab):" "the help has the panel's section"
keys Escape
wait_gone "In the conditions panel" "Esc closes the help"

keys q
wait_for "[exit 0]" "q quits"
finish
