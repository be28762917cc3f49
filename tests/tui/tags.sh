#!/bin/sh
# The tag manager (T from the tree): every tag with the count `clientele
# count 'tag:NAME'` gives; create, rename, merge (the target chosen in the
# tag picker) and delete (after a question that n declines), each checked
# in the base with the CLI and undone with u (the tree's tag:vip segment
# following a merge); its help; Esc back to the
# tree; Enter on a tag opens its customers; a base without tags; and the
# screen in Russian.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-tags
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" VIP --rule 'tag:vip' >/dev/null || {
	fail "the fixture"
	finish
}

# names: the tags' names in the base, one a line joined by "|".
names() {
	"$C" tags "$db" --json | tr '{' '\n' | sed -n 's/.*"name": *"\([^"]*\)".*/\1/p' | tr '\n' '|'
}
# n RULE: the customers a rule finds, by the CLI.
n() {
	"$C" count "$db" "$1"
}
before=$(names)
same "the fixture's tags" "beta tester|do not mail|ecom|vip|ждёт распродажу|партнёр|" "$before"
vip=$(n 'tag:vip')
ecom=$(n 'tag:ecom')
beta=$(n 'tag:"beta tester"')
either=$(n 'tag:vip or tag:ecom')
check "the fixture's tags overlap (a merge is not a sum)" test "$either" -lt $((vip + ecom))

tui_start -- "$db"
wait_for "All customers" "the tree"
wait_for "6Tags" "the function-key bar offers the tag manager on F6"
keys T
wait_for "Customers" "T opens the tag manager"
# Each tag's row: the name, a bar, the count at the right.
for tg in "beta tester" "do not mail" "ecom" "vip" "ждёт распродажу" "партнёр"; do
	want=$(n "tag:\"$tg\"")
	wait_match "^ $tg +█* +$want *\$" "\"$tg\" shows $want customers, as clientele count says"
done
wait_for "6 tags │ beta tester: $beta customers" "the status line: how many tags, the one under the cursor"

# Enter opens the tag's customers as a list (the rule tag:"NAME"); Esc
# comes back to the tags.
keys Home Down Down Down
wait_for "6 tags │ vip:" "the cursor on vip"
keys Enter
wait_for "row 1 of $vip " "Enter lists vip's $vip customers"
wait_for 'tag:"vip"' "the list's rule names the tag"
keys Escape
wait_for "6 tags │ vip:" "Esc comes back to the tag manager, on vip"

# Create one (a Cyrillic name), then undo it.
keys n
wait_for "Name of the new tag:" "n asks for a name"
keys -l "Лето"
keys Enter
wait_for 'Created tag "Лето"' "the tag is created"
same "the base has it" "beta tester|do not mail|ecom|vip|ждёт распродажу|Лето|партнёр|" "$(names)"
wait_match "^ Лето +0 *\$" "its row, with no customer"
wait_for "7 tags │ Лето: 0 customers" "the cursor is on the new tag"
keys u
wait_for "Undone" "u undoes the create"
same "the base is as before" "$before" "$(names)"
_wait no -Eq "^ Лето " "its row is gone" "it is still there"

# Rename vip (the fourth row), then undo it.
keys Home Down Down Down
wait_for "6 tags │ vip:" "the cursor on vip"
keys r
wait_for "New name of the tag: vip" "r asks for the new name, the old one in it"
keys C-u
keys -l "VIP gold"
keys Enter
wait_for 'Renamed tag "vip" to "VIP gold"' "renamed"
same "the renamed tag has vip's customers" "$vip" "$(n 'tag:"VIP gold"')"
same "the base has the new name" "beta tester|do not mail|ecom|VIP gold|ждёт распродажу|партнёр|" "$(names)"
keys u
wait_for "Undone" "u undoes the rename"
same "the name is back" "$before" "$(names)"
same "with its customers" "$vip" "$(n 'tag:vip')"

# Merge ecom into vip: the picker lists the other tags, typing finds vip.
keys Home Down Down
wait_for "6 tags │ ecom:" "the cursor on ecom"
keys m
wait_for 'Merge "ecom" into' "m opens the tag picker"
wait_for " 5 of 5 " "it lists the five other tags"
keys -l "vi"
wait_for " 1 of 5 " "typing narrows it to vip"
keys Enter
wait_for 'Merged tag "ecom" into "vip"' "merged"
same "ecom is gone" "beta tester|do not mail|vip|ждёт распродажу|партнёр|" "$(names)"
same "vip has the customers of both, once each" "$either" "$(n 'tag:vip')"
wait_match "^ vip +█* +$either *\$" "the row shows the new count"
# The tree follows: its segment VIP is tag:vip.
keys Escape
wait_match "^ +VIP +$either " "the tree's VIP (tag:vip) counts the merged customers"
keys T
wait_for "Customers" "T again"
keys u
wait_for "Undone" "u undoes the merge"
keys Escape
wait_match "^ +VIP +$vip " "the tree's VIP is back to $vip"
keys T
wait_for "Customers" "T again"
same "ecom is back" "$before" "$(names)"
same "with its customers" "$ecom" "$(n 'tag:ecom')"
same "and vip with its own" "$vip" "$(n 'tag:vip')"
# Esc in the picker changes nothing.
keys m
wait_for 'Merge "' "the picker again"
keys Escape
wait_gone 'Merge "' "Esc closes it"
same "nothing merged" "$before" "$(names)"

# Delete beta tester: n declines, y deletes, u brings it back.
keys Home x
wait_for "Delete tag \"beta tester\" and take it off $beta customers? (y/n)" "x asks first, with the count"
keys n
wait_gone "(y/n)" "n declines"
same "nothing deleted" "$before" "$(names)"
keys F8
wait_for "Delete tag \"beta tester\"" "F8 asks too"
keys y
wait_for 'Deleted tag "beta tester"' "y deletes"
same "the base lost it" "do not mail|ecom|vip|ждёт распродажу|партнёр|" "$(names)"
same "no customer has it" "0" "$(n 'tag:"beta tester"')"
keys u
wait_for "Undone" "u brings it back"
same "the base has it again" "$before" "$(names)"
same "on its customers" "$beta" "$(n 'tag:"beta tester"')"

# A core error shows in the message line: a name that is taken.
keys Home r C-u
keys -l "VIP"
keys Enter
wait_for 'tag' "an error for a taken name"
same "nothing renamed" "$before" "$(names)"

# The cursor keys every screen with rows shares: G the last tag, g the first.
last=$(names | tr '|' '\n' | grep . | tail -n 1)
keys G
wait_for "│ $last: " "G: the last tag ($last) under the cursor"
keys g
wait_for "│ beta tester: " "g: the first one again"

# The help, from the screen's key table; Esc back to the tree.
keys '?'
wait_for "the last row" "? shows the cursor keys every list screen shares"
wait_for "merge the tag into another" "? shows the tag manager's keys"
wait_for "rename the tag" "with rename"
keys Escape
wait_for "Customers" "Esc closes the help"
keys Escape
wait_for "All customers" "Esc goes back to the tree"
wait_gone "Customers" "the tag manager is gone"
keys '?'
wait_for "the tag manager" "the tree's help names T"
keys Escape
keys q
wait_for "[exit 0]" "quit"

# A base without tags: the screen says how to make one; a merge has no
# other tag to go into.
cp "$db" "$tmp/none.db"
for tg in "beta tester" "do not mail" "ecom" "vip" "ждёт распродажу" "партнёр"; do
	"$C" tags "$tmp/none.db" --delete "$tg" >/dev/null || fail "deleting $tg for the empty fixture"
done
same "the fixture has no tag" "" "$("$C" tags "$tmp/none.db")"
tui_start -- "$tmp/none.db"
wait_for "All customers" "the tree"
keys F6
wait_for "No tags yet: n creates one." "F6 opens it, saying how to make a tag"
wait_for " 0 tags" "the status line counts none"
keys n
keys -l "first"
keys Enter
wait_for 'Created tag "first"' "n creates the first tag"
wait_for " 1 tag │ first: 0 customers" "the status line: one tag, singular"
keys m
wait_for "There is no other tag" "m with one tag says there is nothing to merge into"
keys q q
wait_for "[exit 0]" "q goes back, q quits"
same "the tag is in the base" "first|" "$("$C" tags "$tmp/none.db" --json | tr '{' '\n' | sed -n 's/.*"name": *"\([^"]*\)".*/\1/p' | tr '\n' '|')"

# In Russian: the labels, the counts grouped by the locale.
if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$'; then
	TUI_LC=ru_RU.UTF-8 tui_start -- "$db"
	wait_for "Все клиенты" "the tree in Russian"
	keys T
	wait_match "^ Тег +Клиенты *\$" "the tag manager's heads in Russian"
	wait_for "6 тегов" "its status line in Russian"
	keys x
	wait_for "Удалить тег" "the question in Russian"
	keys Escape
	keys '?'
	wait_for "слить тег" "its help in Russian"
	keys Escape Escape q
	wait_for "[exit 0]" "quit"
else
	echo "# ru_RU.UTF-8 is not installed: the Russian part is skipped"
fi
finish
