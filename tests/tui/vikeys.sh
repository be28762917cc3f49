#!/bin/sh
# The vi keys (SPEC §6): in the tree, g and G go to the first and the last
# row, h collapses a segment (on a leaf or a folded one: to its parent) and
# l expands it; in the conditions panel and in the facet, g and G go to
# the first and the last row (checked by the highlighted row); h and l do
# nothing there, as ← and →; the help lists them.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-vikeys
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" Clients/Kids --rule 'grade = 5 and gender = F and tag:vip' >/dev/null &&
	"$C" segment add "$db" VIP --rule 'tag:vip' >/dev/null &&
	"$C" segment add "$db" Last --rule 'gender = F' >/dev/null || { fail "the fixture"; finish; }

# The status line's rule: what the tree's cursor is on.
status_rule() {
	screen | sed -n 29p | sed 's/.* │ //; s/ *$//'
}
wait_rule() {
	wait_eq "$1" "$2" status_rule
}
# The facet's highlighted row (under its title), its text alone.
hl_facet() {
	cells | sed -n '/Facet: /,$p' | sed '1d' | grep '│' | sed 's/^[^│]*│//' |
		grep -E '<[01],[01],[01],1,' | head -n 1 |
		sed -E 's/<[^>]*>//g; s/^ //; s/ +$//'
}

# The highlighted condition, its text alone.
hl_conds() {
	cells | grep '✦' | sed 's/^[^│]*│//' | grep -E '<[01],[01],[01],1,' | head -n 1 |
		sed -E 's/<[^>]*>//g; s/^ //; s/ *✦.*//'
}
# wait_hl FN TEXT DESC: FN (hl_conds, hl_facet) shows TEXT.
wait_hl() {
	wait_eq "$2" "$3" "$1"
}

tui_start -- "$db"
wait_for "Kids" "the tree"
wait_rule "(every customer)" "the cursor on All customers"
keys G
wait_rule "gender = F" "G: the last segment"
keys g
wait_rule "(every customer)" "g: the first one"
keys j
wait_rule "status in (one_time, seasonal, regular)" "j: Clients"
keys h
wait_gone "Kids" "h collapses Clients"
keys l
wait_for "Kids" "l expands it"
keys j
wait_rule "grade = 5 and gender = F and tag:vip" "j: Kids"
keys h
wait_rule "status in (one_time, seasonal, regular)" "h on a leaf: its parent"
check "Clients stays expanded" sh -c "tmux -S '$tsock' capture-pane -p | grep -q Kids"
keys j

# The conditions panel: g and G move among the conditions (the highlighted
# one), h and l do nothing there.
keys Tab
wait_for "Conditions (Tab):" "Tab: the panel"
keys G
wait_hl hl_conds "tag:vip" "G: the last condition"
keys g
wait_hl hl_conds "grade = 5" "g: the first condition"
keys j l h
wait_hl hl_conds "gender = F" "h and l do not move in the panel"
wait_rule "grade = 5 and gender = F and tag:vip" "nor do they act on the tree"

# The facet of grade (F on its condition): g and G move among its buckets.
keys g F
wait_for "Facet: grade" "F: the facet of grade"
wait_match "│ [✓ ] .* █+ +[0-9]+ *$" "its buckets"
wait_match "│ [✓ ] 5 +█+ +[0-9]+ *$" "a bucket of one grade reads 5, not 5 – 5"
first=$(screen | sed -n '/Facet: /,$p' | sed -n 2p | sed 's/.*│ //; s/ *$//')
last=$(screen | sed -n '/Facet: /,$p' | grep '█' | tail -n 1 | sed 's/.*│ //; s/ *$//')
check "more than one bucket" test "$first" != "$last"
keys G
wait_hl hl_facet "$last" "G: the last bucket"
keys g
wait_hl hl_facet "$first" "g: the first bucket"
keys Escape Tab

# The help lists them.
keys '?'
wait_for "Help: the segment tree" "the help"
wait_match "→, l +expand the segment" "l in the help"
wait_match "←, h +collapse the segment" "h in the help"
wait_match "Home, g +the first segment" "g in the help"
wait_match "End, G +the last segment" "G in the help"
keys q
keys q
wait_for "[exit 0]" "q quits"
finish
