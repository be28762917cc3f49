#!/bin/sh
# Counts never block keys: on a base whose tree takes seconds to count
# (200 000 customers, 40 segments with text searches), `?` pressed right
# at the start is answered with the help screen while the counts are still
# in flight (its title shows the spinner); the counts come after, and
# q quits mid-count.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-async
C=$CLIENTELE
db=$tmp/big.db

big_base "$db" 20

tui_start -- "$db"
keys '?'
wait_for "Help: the segment tree" "? at the start: the help screen"
s=$(screen)
case $s in
*"counting…"*) pass "it came while the counts were still running (the spinner)" ;;
*) fail "the help screen came only after the counts"; printf '%s\n' "$s" | sed 's/^/#   /' ;;
esac
keys Escape
wait_for "All customers" "Esc: back to the tree"
wait_gone "counting…" "the counts arrive: the spinner goes"
check "s1 has its count" sh -c "printf '%s' \"\$1\" | grep -q '[0-9]'" - "$(row s1)"
before=$(row s1 | grep -oE '[0-9][0-9,]* +[0-9.]+%')
# c after another program changed the base (else the column engine
# answers at once from what it holds): SQL counts while it reads again
sqlite3 "$db" "INSERT OR REPLACE INTO meta (key, value) VALUES ('touched', random())"
keys c
wait_for "counting…" "c counts again: the spinner is back"
s=$(tm capture-pane -p -e)
case $s in *"counting…"*) ;; *) fail "the count ended before the screen was read" ;; esac
line=$(printf '%s\n' "$s" | grep -E "[▾▸ ] s1 " | head -n 1)
plain=$(printf '%s' "$line" | sed 's/\x1b\[[0-9;]*m//g')
case $plain in
*"$before"*) pass "meanwhile s1 keeps its last count ($before)" ;;
*) fail "s1's last count is gone while counting: $plain" ;;
esac
case $line in
*"$(printf '\033')[2m"*) pass "drawn dimmed" ;;
*) fail "s1's stale count is not dimmed: $(printf '%s' "$line" | od -c | head -3)" ;;
esac
# The spinner turns (its corner repainted alone) while the rest stays.
frame() {
	screen | sed -n 1p | sed -n 's/.* \([^ ]\) counting….*/\1/p'
}
f1=$(frame)
_end=$(($(date +%s) + TUI_DEADLINE))
while [ "$(frame)" = "$f1" ] && [ -n "$f1" ] && [ "$(date +%s)" -lt "$_end" ]; do
	sleep 0.05 # the poll's pace
done
f2=$(frame)
if [ -z "$f1" ] || [ -z "$f2" ]; then
	echo "# the counts ended before the spinner could be watched turning"
else
	check "the spinner turns ($f1 → $f2)" test "$f1" != "$f2"
	check "the tree is still there meanwhile" sh -c "printf '%s' \"\$1\" | grep -q 's1'" - "$(row s1)"
fi
keys q
wait_for "[exit 0]" "q mid-count quits (the counter closed)"
finish
