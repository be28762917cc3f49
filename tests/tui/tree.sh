#!/bin/sh
# The interface's first screen: the segment tree of a fixture base with its
# counts (checked against the command line and plain SQL), folding, the
# status line, the help screen generated from the key table, resizing
# below the minimum and back, and quitting with q and F10.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-tree
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || { fail "the fixture base"; finish; }
"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" "Clients/Primary school" --rule 'school_stage = primary' >/dev/null &&
	"$C" segment add "$db" "Clients/Primary school/Grades 5-6" --rule 'grade in (5, 6)' >/dev/null &&
	"$C" segment add "$db" VIP --rule 'tag:vip' >/dev/null || { fail "the fixture tree"; finish; }

base=$("$C" count "$db" '')
clients=$("$C" count "$db" --segment Clients)
primary=$("$C" count "$db" --segment "Clients/Primary school")
grades=$("$C" count "$db" --segment "Clients/Primary school/Grades 5-6")
vip=$("$C" count "$db" --segment VIP)
if have_sqlite3; then
	same "the base, by SQL" "$(sql "$db" 'select count(*) from customers')" "$base"
	same "Clients, by SQL" "$(sql "$db" "select count(*) from customers where status in ('one_time','seasonal','regular')")" "$clients"
fi

tui_start -- "$db"
wait_for "Grades 5-6" "the tree is painted"
wait_for "$vip " "the counts fill in"
for pair in "All customers:$base" "Clients:$clients" "Primary school:$primary" "Grades 5-6:$grades" "VIP:$vip"; do
	name=${pair%%:*} want=${pair#*:}
	got=$(row "$name" | sed -E "s/^ *[▾▸ ] $name +([0-9]+) .*/\1/")
	same "the count of $name" "$want" "$got"
done
check "Clients is about its parent: % of parent" sh -c "screen() { tmux -S '$tsock' capture-pane -p; }; screen | grep -Eq 'Clients +$clients +[0-9.]+%'"
wait_for "of parent" "the status line"

# Folding: ← on Clients hides its children, → shows them again.
keys Down
wait_for "status in (one_time" "the cursor on Clients shows its rule"
keys Left
wait_gone "Primary school" "← collapses Clients"
keys Right
wait_for "Primary school" "→ expands it again"

# The mouse (an X10 report, as the terminal sends it: button, column and
# line, each plus 33): a click on VIP's row (line 5 from 0) selects it, the
# wheel moves the cursor.
keys -l "$(printf '\033[M !&')"
keys -l "$(printf '\033[M#!&')"
wait_for "tag:vip" "a click selects VIP: its rule shows"
keys -l "$(printf '\033[M`!&')"
wait_for "grade in (5, 6)" "the wheel up moves to Grades 5-6"
keys Home

# Help, generated from the key table.
keys '?'
wait_for "add a segment under this one" "? shows the help"
wait_for "undo the last edit" "the help lists undo"
keys Escape
wait_gone "undo the last edit" "Esc closes the help"
keys F1
wait_for "show this help" "F1 shows the help too"
keys q
wait_gone "show this help" "q closes the help"
# In 80x24 the help is taller than the window: it scrolls.
resize 80 24
keys '?'
wait_for "PgUp PgDn: more" "at 80x24 the help says it scrolls"
wait_gone "type a range" "its last key is below the window"
keys End
wait_for "type a range" "End: its last key shows"
wait_gone "show this help" "the first ones scrolled away"
keys Home
wait_for "show this help" "Home: back to the first"
keys Escape
wait_gone "PgUp PgDn: more" "Esc closes it"
resize 100 30

# Too small a window: a notice, no crash; and back.
resize 30 8
wait_for "too small" "30x8 shows a notice"
resize 100 30
wait_for "Grades 5-6" "back to 100x30, the tree again"

keys q
wait_for "[exit 0]" "q quits with status 0"

# The trend: VIP's count recorded by `clientele segments`, then its rule
# changed: the interface shows it went down.
"$C" segments "$db" >/dev/null
"$C" segment rule "$db" VIP 'tag:vip and grade = 5' >/dev/null || fail "segment rule"
tui_start -- "$db"
wait_for "Grades 5-6" "the tree again"
# the counts come from the worker after the first paint: wait for them
wait_match '^ +VIP .*↓' "VIP's count went down: ↓"
check "Clients did not move: no arrow" sh -c "! tmux -S '$tsock' capture-pane -p | grep -Eq '^ +▾ Clients .*[↑↓]'"
keys q
wait_for "[exit 0]" "q quits"

# F10 quits too.
tui_start -- "$db"
wait_for "Grades 5-6" "the tree again"
keys F10
wait_for "[exit 0]" "F10 quits"
tui_start -- "$db"
wait_for "Grades 5-6" "once more"
keys C-c
wait_for "[exit 0]" "Ctrl-C quits, through endwin"
finish
