#!/bin/sh
# The analysis screens compute off the key path: on a base of 200 000
# customers, R shows the gauge while the RFM grid is computed by a job of
# its own; Esc there cancels it (the grid does not open, the tree is as it
# was), and R again opens the grid when the figures are there.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-analysis-async
db=$tmp/big.db

big_base "$db" 1

tui_start -- "$db"
wait_for "All customers" "the tree"
keys R
wait_for "Computing the RFM grid" "R: the gauge while the grid is computed"
wait_for "Esc cancels" "... which says Esc cancels"
keys Escape
wait_for "Cancelled: nothing was computed." "Esc cancels the computation"
wait_gone "Computing the RFM grid" "the gauge goes"
check "the grid did not open" sh -c '! tmux -S "$1" capture-pane -p | grep -q "RFM: All customers"' - "$tsock"
wait_match "^ *[▾▸ ] All customers " "the tree is there"
keys R
wait_for "RFM: All customers" "R again: the grid opens when computed"
wait_match "^ R=5 " "its rows"
keys Escape
wait_match "^ *[▾▸ ] All customers " "Esc: back to the tree"
keys q
wait_for "[exit 0]" "q quits"
finish
