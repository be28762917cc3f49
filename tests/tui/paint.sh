#!/bin/sh
# Painting: a cursor move repaints only the rows it touches, the status
# line and, for a new selection in the tree, the panel beside it. After
# every move (one at a time and in bursts, scrolling past the window's
# height and back) the highlighted row and the panel are the selection's,
# and the screen, colours included, is exactly what a whole paint draws
# (the help screen opened and closed paints everything again). Ctrl-L sends
# the whole screen again: text written to the terminal behind the
# program's back goes, in the tree, in a prompt and on the help screen.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-paint
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet &&
	"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular) and orders >= 1' >/dev/null &&
	"$C" segment add "$db" Clients/Primary --rule 'school_stage = primary and email_consent = yes' >/dev/null &&
	"$C" segment add "$db" Clients/Primary/Coders --rule 'grade between 5 and 6 and interests = programming' >/dev/null ||
	{ fail "the fixture"; finish; }
# Thirty segments without conditions: more rows than the window holds, and
# nothing to count in the panel, so that no whole paint follows a move.
names="All customers|Clients|Primary|Coders"
paths="All customers|Clients|Clients/Primary|Clients/Primary/Coders"
i=1
while [ $i -le 30 ]; do
	n=$(printf 'Filler %02d' $i)
	"$C" segment add "$db" "$n" >/dev/null || { fail "segment $n"; finish; }
	names="$names|$n" paths="$paths|$n"
	i=$((i + 1))
done
last=33 # rows 0 .. 33
page=25 # the list is 26 rows high in a 30-line window

nth() { printf '%s\n' "$1" | awk -F'|' -v i="$2" '{ print $(i + 1) }'; }

# The tree's highlighted row (reverse video), its name alone.
hl_tree() {
	cells | sed '1d; s/│.*//' | grep -E '^<[01],[01],[01],1,' | head -n 1 |
		sed -E 's/<[^>]*>//g; s/^ *[▾▸ ] //; s/ {2,}.*$//'
}
# The panel's first line: the path of the selection.
header() {
	screen | sed -n 2p | sed 's/.*│ //; s/ *$//'
}

# wait_sel I DESC: the highlighted row and the panel show row I.
wait_sel() {
	wait_eq "$(nth "$names" "$1") | $(nth "$paths" "$1")" "$2" selection
}
# selection: the highlighted tree row and the panel's heading.
selection() {
	printf '%s | %s\n' "$(hl_tree)" "$(header)"
}

# wait_screen WANT DESC: the screen's cells become WANT.
wait_screen() {
	_end=$(($(date +%s) + TUI_DEADLINE))
	while [ "$(cells)" != "$1" ]; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$2"
			printf '%s\n' "$1" >"$tmp/want.txt"
			cells >"$tmp/got.txt"
			diff "$tmp/want.txt" "$tmp/got.txt" | sed 's/^/#   /'
			return 1
		fi
		sleep 0.05
	done
	pass "$2"
}

# whole_paint DESC: the screen as the moves left it is what a whole paint
# draws.
whole_paint() {
	_s=$(cells)
	keys '?'
	wait_for "Help: the segment tree" "$1: help"
	keys Escape
	wait_screen "$_s" "$1: the same screen as a whole paint"
}

tui_start -- "$db"
wait_for "Filler 01" "the tree"
wait_match "Filler 01 +[0-9]+ " "its counts"
wait_sel 0 "the cursor starts on All customers"

# One key at a time: each move is painted before the next.
cur=0
move() {
	case $1 in
	Down) [ $cur -lt $last ] && cur=$((cur + 1)) ;;
	Up) [ $cur -gt 0 ] && cur=$((cur - 1)) ;;
	Home) cur=0 ;;
	End) cur=$last ;;
	NPage) cur=$((cur + page)); [ $cur -gt $last ] && cur=$last ;;
	PPage) cur=$((cur - page)); [ $cur -lt 0 ] && cur=0 ;;
	esac
	keys "$1"
	wait_sel $cur "$1 to row $cur"
}
for k in Down Down Down Down Up Down Down Down; do move $k; done
wait_gone "orders >= 1" "a segment without conditions: the panel's old rows are gone"
whole_paint "after moves within the window"
for k in End Up Up Home NPage Down PPage End; do move $k; done
whole_paint "after moves that scroll"
# Up past the top of the window: it scrolls a row at a time.
move PPage
while [ $cur -gt 2 ]; do move Up; done
whole_paint "after scrolling back a row at a time"

# A new selection shows its conditions.
move Up
wait_for "orders >= 1" "Clients' conditions"
move Down
wait_for "school_stage = primary" "Primary's conditions"
wait_gone "orders >= 1" "not Clients' any more"
move Down
wait_for "interests = programming" "Coders' conditions"
wait_match "with all of them: $("$C" count "$db" --segment Clients/Primary/Coders) of" \
	"Coders' count in the panel"

# In bursts: many keys read in one turn, one paint.
keys Home
keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down \
	Down Down Down Down Down Down Down Down Down Down Down Down Down Down Up Up
wait_sel 28 "thirty Downs and two Ups at once"
whole_paint "after a burst"
keys Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up
wait_sel 2 "twenty-six Ups at once"
whole_paint "after a burst up"

# Moves in the conditions panel: its rows alone.
keys Tab
wait_for "Conditions (Tab):" "Tab: the conditions panel"
# the highlighted condition (its row in the panel, after the tree's │)
conds_sel() {
	cells | sed -n 's/.*│ <0,0,0,1,d,d>\([^ ]*\).*/\1/p' | head -n 1
}
keys Down
keys Up
keys Down
wait_eq "email_consent" "the moves painted: the cursor on the second condition" conds_sel
whole_paint "after moves in the conditions panel"
keys Tab

# Ctrl-L: text written to the terminal behind the program's back goes.
pane_tty=$(tm display -p '#{pane_tty}')
scrub() {
	_s=$(cells)
	printf '\033[12;30HGARBAGE' >"$pane_tty"
	wait_for "GARBAGE" "$1: text written behind its back shows"
	keys C-l
	wait_gone "GARBAGE" "$1: Ctrl-L paints it away"
	wait_screen "$_s" "$1: the screen as it was"
}
scrub "in the tree"
keys a
wait_for "Name of the new segment" "a prompt"
keys -l "Half typed"
wait_for "Half typed" "typed in the prompt"
scrub "in a prompt"
keys Escape
wait_gone "Name of the new segment" "the prompt closed"
keys '?'
wait_for "Help: the segment tree" "the help"
wait_match "Ctrl-L +paint the whole screen again" "the help lists Ctrl-L"
scrub "on the help screen"
keys Escape
keys q
wait_for "[exit 0]" "q quits"
finish
