#!/bin/sh
# The panels' figures never block keys: on a base whose tree takes seconds
# to count (200 000 customers, 60 segments with text searches), the
# conditions panel's "removes" figures and the facet's histogram wait
# behind the tree's counts in the counter, shown as "…", while `?` is
# answered with the help screen and Esc brings the panel back still
# waiting (counted in the interface's thread, they would be there before
# the keys); they come after, equal to `clientele count`. After `!` a
# condition that stayed keeps its last figure, dimmed, until the recount;
# Space on a bucket marks it at once, the histogram dimmed until recounted.
# On the `:` line a value Tab asked for while the counter is busy is
# dropped when the line changed before it came, applied when not.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-panels-async
C=$CLIENTELE
db=$tmp/big.db

big_base "$db" 30

# The expected figures, from the command line.
t1='lead_score > 1' t2='email contains a1'
full=$("$C" count "$db" --segment s1)
base=$("$C" count "$db" "")
r1=$(($("$C" count "$db" "$t2") - full))
r2=$(($("$C" count "$db" "$t1") - full))
b0=$("$C" count "$db" "lead_score between 0 and 4")
check "the fixture's figures" test "$r1" -gt 0 -a "$r2" -gt 0 -a "$b0" -gt 0

# facet_row N: the Nth row under the facet's title, the right panel only.
facet_row() {
	screen | sed -n '/Facet: /,$p' | sed -n "$(($1 + 1))p" | sed 's/.*│ //'
}
removes() {
	screen | grep -F -- "$1" | grep -F "removes" | head -n 1 | sed -E 's/.*✦ removes +([0-9?…]+).*/\1/'
}
# still_counting DESC: the counts are still in flight (else the check
# that follows could not tell a blocking interface from a quick count).
still_counting() {
	case $(screen) in
	*"counting…"*) return 0 ;;
	*) fail "$1: the counts ended before the screen was read"; return 1 ;;
	esac
}

# SQL answers (CLIENTELE_ENGINE=sql): counts that take their time, which
# the column engine would answer before the screen is read.
tui_start CLIENTELE_ENGINE=sql -- "$db"
wait_match "^ +▾ s1 " "the tree, at once"
# s1, the panel, the facet of its first condition's field
keys Down Tab F
wait_for "Facet: lead_score" "F opens the facet of lead_score"
if still_counting "the panels at the start"; then
	same "the facet waits for its histogram" "…" "$(facet_row 1)"
	same "the conditions wait for their figures" "…" "$(removes "$t1")"
fi
keys '?'
wait_for "Help: the segment tree" "? meanwhile: the help screen"
keys Escape
wait_for "Facet: lead_score" "Esc: the panels are back"
if still_counting "back from the help"; then
	same "the histogram is still awaited: the keys came first" "…" "$(facet_row 1)"
fi
wait_gone "counting…" "the counts arrive"
wait_match "with all of them: $full of $base" "s1: the count with all its conditions"
same "$t1 removes" "$r1" "$(removes "$t1")"
same "$t2 removes" "$r2" "$(removes "$t2")"
wait_match "0 – 4 +█+ +$b0" "the first bucket's count equals clientele count"

# ! on the first condition: the second keeps its figure, dimmed, while
# the tree and the panel count again. (The engine keeps its columns across
# an edit of a rule: its new figure may come before the tree's, undimmed.)
n1=$("$C" count "$db" "not ($t1) and $t2")
r2new=$(($("$C" count "$db" "not ($t1)") - n1))
keys '!'
wait_for "not lead_score > 1 " "! negates the first condition"
s=$(tm capture-pane -p -e)
line=$(printf '%s\n' "$s" | grep -F "$t2" | head -n 1)
plain=$(printf '%s' "$line" | sed 's/\x1b\[[0-9;]*m//g')
if still_counting "after !"; then
	case $(printf '%s' "$plain" | tr -s ' ') in
	*"removes $r2 "* | *"removes $r2") pass "meanwhile $t2 keeps its last figure"
		case $line in
		*"$(printf '\033')[2m"*) pass "drawn dimmed" ;;
		*) fail "$t2's stale figure is not dimmed: $(printf '%s' "$line" | od -c | head -3)" ;;
		esac ;;
	*"removes $r2new"*)
		case $line in
		*"$(printf '\033')[2m"*) fail "$t2's new figure is dimmed: $plain" ;;
		*) pass "$t2's new figure already there, not dimmed" ;;
		esac ;;
	*) fail "$t2's last figure is gone while counting: $plain" ;;
	esac
fi
wait_gone "counting…" "the recount arrives"
same "after !: $t2 removes" "$r2new" "$(removes "$t2")"
keys u
wait_for "Undone" "u undoes it"
wait_gone "counting…" "the counts after the undo"

# Space on the first bucket while everything counts again: its ✓ comes at
# once, the histogram stays, dimmed, until it is counted again.
keys Space
wait_for "Range set" "Space on a bucket"
wait_match "│ ✓ 0 – 4 " "its ✓ at once"
s=$(tm capture-pane -p -e)
if still_counting "after Space"; then
	line=$(printf '%s\n' "$s" | grep -F " 5 – 9 " | head -n 1)
	case $line in
	*"$(printf '\033')[2m"*) pass "the histogram is drawn dimmed meanwhile" ;;
	*) fail "the stale histogram is not dimmed: $(printf '%s' "$line" | od -c | head -3)" ;;
	esac
fi
wait_gone "counting…" "the counts after Space"
same "s1 has the range" "$t2 and lead_score between 0 and 4" \
	"$("$C" segments "$db" --json | grep -o '"path": "s1"[^}]*' | sed -E 's/.*"rule": "([^"]*)".*/\1/')"
wait_match "│ ✓ 0 – 4 +█+ +$b0" "the histogram, counted again, is the same"
keys u
wait_for "Undone" "u undoes it"
wait_gone "counting…" "the counts after the undo"

# The : line: Tab on a value while the counter is busy, then a key that
# changes the line: the values come too late and are dropped.
# (another program changed the base: else the column engine answers at
# once from what it holds)
sqlite3 "$db" "INSERT OR REPLACE INTO meta (key, value) VALUES ('touched', random())"
keys Escape Tab c
wait_for "counting…" "c counts again"
keys :
wait_for ": $t1 and $t2" "the : line"
keys End
keys -l " and city = Мос"
keys Tab
keys -l x
wait_for "city = Мосx" "a key typed after Tab goes to the line"
still_counting "Tab on a value"
wait_gone "counting…" "the counts arrive"
case $(screen) in
*"Москваx"*) fail "the value was completed after the line changed" ;;
*) pass "the values that came after the line changed were dropped" ;;
esac
keys BSpace Tab
wait_for "city = Москва" "Tab: the value completed when it comes, the line unchanged"
keys Escape q
wait_for "[exit 0]" "q quits"
finish
