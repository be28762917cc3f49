#!/bin/sh
# Snapshots: s on the tree freezes the selected segment under a typed name
# (its members as `clientele count --segment` counted them); the segment's
# rule then changes so that some customers join and some leave; S lists
# the snapshot with its source and members; Enter shows the diff, its
# joined, left and kept as `clientele segment diff` prints them; Enter on
# a side opens it as a customer list of that many rows.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-snap
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" Moscow --rule 'city = Москва' >/dev/null || {
	fail "the fixture"
	finish
}
frozen=$("$C" count "$db" --segment Moscow)

tui_start -- "$db"
wait_for "All customers" "the tree"
keys s
wait_for "All customers cannot be frozen" "s on the root is refused"
keys Down
wait_match "^ *[▾▸ ] Moscow " "the cursor on Moscow"
keys s
wait_match 'Freeze "Moscow" as: Moscow [0-9]{4}-[0-9]{2}-[0-9]{2}' "s asks for a name, today's offered"
keys C-u
keys -l "Весна"
keys Enter
wait_for "Froze $frozen customers of \"Moscow\" as \"Весна\"" "the snapshot is made with $frozen members"
wait_match "^ *[▾▸ ] Весна +$frozen " "it is in the tree, right after Moscow"
check "the base has it as a snapshot" sh -c '"$1" segments "$2" | grep -q "Весна \[snapshot\]"' - "$C" "$db"

# The live segment changes: Kazan's customers with an "a" join, Moscow's
# without one leave.
"$C" segment rule "$db" Moscow '(city = Москва or city = Казань) and email contains "a"' >/dev/null ||
	fail "the rule changes"
"$C" segment diff "$db" Весна >"$tmp/diff"
joined=$(awk '$1 == "joined" { print $2 }' "$tmp/diff")
left=$(awk '$1 == "left" { print $2 }' "$tmp/diff")
kept=$(awk '$1 == "kept" { print $2 }' "$tmp/diff")
check "the diff is not empty either way" test "$joined" -gt 0 -a "$left" -gt 0

keys S
wait_for "Snapshots" "S opens the snapshots screen"
wait_match "^ Весна +Moscow +[0-9-]+ [0-9:]+ +$frozen *\$" "the snapshot: its source, date and $frozen members"
wait_for "1 snapshot │" "the status line counts them"
keys Enter
wait_for "Snapshot diff: Весна" "Enter opens its diff"
wait_for " joined $joined, left $left, kept $kept │" "joined $joined, left $left, kept $kept, as clientele segment diff"
wait_match "^ Joined: in \"Moscow\" now, not in the snapshot +$joined *\$" "the joined row"
wait_match "^ Left: in the snapshot, no longer in \"Moscow\" +$left *\$" "the left row"
wait_match "^ The snapshot \"Весна\" +$frozen *\$" "the snapshot's members"
keys Enter
wait_for "row 1 of $joined " "Enter on joined lists its $joined customers"
keys Escape
wait_for "Snapshot diff: Весна" "Esc: back to the diff"
keys Down
keys Enter
wait_for "row 1 of $left " "Enter on left lists its $left customers"
keys Escape Down Down
keys Enter
wait_for "row 1 of $frozen " "the snapshot itself opens as a list of $frozen"
keys Escape Escape Escape
wait_for "All customers" "Esc, Esc, Esc: back to the tree"
keys q
wait_for "[exit 0]" "q quits"
finish
