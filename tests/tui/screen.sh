#!/bin/sh
# The stack of screens over the tree (screen.c), on its first use, the
# customer list: Enter on a segment opens it (its total from the counter,
# the same as `clientele count`), its help comes from its key table, the
# bar and the title are its own, Ctrl-L, resizing and the too-small notice
# keep it, and Esc or q go back to the tree instead of quitting.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-screen
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || { fail "the fixture base"; finish; }
"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" "Clients/Primary school" --rule 'school_stage = primary' >/dev/null ||
	{ fail "the fixture tree"; finish; }
clients=$("$C" count "$db" --segment Clients)

tui_start -- "$db"
wait_for "Primary school" "the tree is painted"
keys Down
wait_match "^ *[▾▸ ] Clients .*$clients" "Clients is counted"
keys Enter
wait_for "Customers: Clients" "Enter opens the screen: its title names the segment"
wait_match " $clients( |$)" "its total comes from the counter ($clients, as clientele count)"
s=$(screen)
case $s in
*"1Help"*"10Quit"*) pass "the function-key bar stays" ;;
*) fail "no function-key bar on the screen" ;;
esac
case $s in
*Rename*) fail "the tree's F2 Rename shows over the list" ;;
*) pass "the tree's own F-keys are not shown" ;;
esac
case $s in
*"of parent"*) fail "the tree's status line shows over the list" ;;
*) pass "the screen has its own status line" ;;
esac

keys '?'
wait_for "Help: Customers" "? shows the screen's help"
wait_for "back to the previous screen" "with the keys every screen has"
wait_for "sort by the column, ascending" "and the screen's own, from its key table"
keys Escape
wait_for "Customers: Clients" "Esc closes the help: back on the list, not the tree"
keys F1
wait_for "Help: Customers" "F1 too"
keys q
wait_for "Customers: Clients" "q closes the help"

resize 30 10
wait_for "too small" "a small window: the notice"
resize 100 30
wait_for "Customers: Clients" "larger again: the screen is back"
keys C-l
wait_for "Customers: Clients" "Ctrl-L paints it again"

keys Escape
wait_for "of parent" "Esc goes back to the tree"
wait_gone "Customers: Clients" "the screen is gone"
keys Enter
wait_for "Customers: Clients" "Enter again"
keys q
wait_for "of parent" "q goes back to the tree, it does not quit"
keys q
wait_for "[exit 0]" "q on the tree quits"

# Quitting from a screen: F10 quits the program (the screen freed: the
# sanitizer build checks it).
tui_start -- "$db"
wait_for "Primary school" "again"
keys Enter
wait_for "Customers: All customers" "Enter on All customers: the whole base"
keys F10
wait_for "[exit 0]" "F10 on a screen quits"
finish
