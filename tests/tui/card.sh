#!/bin/sh
# The customer card (Enter in the customer list): its "why" line for line
# as `clientele segment why` prints it for the segment the list came from,
# before and after a hand edit; a hand edit of the city that a re-import
# of a file changing it leaves alone, and that u undoes (the CLI then sees
# the old city, and the next import moves it again); a bad value named in
# the message line and not written; a tag put on from the card that
# `clientele count 'tag:NAME'` finds, and u takes off; the base's list has
# no segment to explain; the help; a small window.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-card
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || { fail "the fixture base"; finish; }
"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" Clients/Big --rule 'orders >= 3 or city = Москва' >/dev/null ||
	{ fail "the fixture tree"; finish; }

# A customer of Clients/Big in Москва with fewer than three orders: the
# city alone lets her in, so that the hand edit below takes her out.
pick=$("$C" export "$db" --segment Clients/Big --where 'city = Москва and orders < 3' \
	-c id,email -o - 2>/dev/null | awk -F, 'NR > 1 && $2 != "" { print; exit }')
ext=${pick%%,*}
email=${pick#*,}
city=Москва
[ -n "$ext" ] && [ -n "$email" ] || { fail "a customer of Clients/Big in Москва"; finish; }
[ "$("$C" count "$db" "id = \"$ext\" and city = \"$city\"")" = 1 ] ||
	{ fail "the CLI finds the customer $ext by id and city"; finish; }

# wait_count RULE WANT DESC: the CLI's count of RULE reaches WANT.
wait_count() {
	_end=$(($(date +%s) + TUI_DEADLINE))
	while [ "$("$C" count "$db" "$1" 2>/dev/null)" != "$2" ]; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$3: clientele count '$1' is $("$C" count "$db" "$1" 2>&1), not $2"
			return 1
		fi
		sleep 0.1 # the poll's pace
	done
	pass "$3"
}

# The CLI's why, without its first line, and the card's: the lines under
# its "Why" title that say in/not in and met/not met.
cli_why() {
	"$C" segment why "$db" Clients/Big "$ext"
}
card_why() {
	screen | sed -n '/^Why: /,$p' | grep -E '^  (in|not in) |^    (met|not met) '
}
# compare_why DESC: the card's why is the CLI's, line for line, and says
# "in" or "not in" as its first line does.
compare_why() {
	keys w
	wait_for "Why: " "$1: w shows the why"
	if cli_why | head -n 1 | grep -q ' is in "Clients/Big"$'; then
		wait_for 'Why: in "Clients/Big"' "$1: in the segment, as the CLI says"
	else
		wait_for 'Why: not in "Clients/Big"' "$1: not in the segment, as the CLI says"
	fi
	same "$1: each step and condition, met or not, with the value, as the CLI" \
		"$(cli_why | sed 1d)" "$(card_why)"
}

tui_start -- "$db"
resize 200 54 # wide enough for whole conditions, tall enough for the orders
wait_for "Clients" "the tree is painted"
keys Down Right Down Enter
wait_for "Customers: Clients/Big" "Enter on Clients/Big opens its list"
wait_match "row 1 of [0-9]" "its first row"
n_open=$("$C" count "$db" --segment Clients/Big)
keys /
wait_for "Search name, email, phone:" "/ to find the customer"
keys -l "$email"
keys Enter
# Found: the highlighted row (reverse video) is hers. (Her email may be
# on the screen before the search lands, and "row 1 of" is.)
on_her_row() {
	if cells | grep -E '^<[01],[01],[01],1,' | grep -qF "$email"; then echo yes; else echo no; fi
}
wait_eq yes "found: the cursor on her row" on_her_row
keys Enter
wait_for "Customer: " "Enter opens the card"
wait_for "Orders (" "the orders' section"
wait_for "Fields" "the fields' section"
wait_match "^  City +$city" "the city ($city)"
wait_match "^  interests " "a custom field, with its label"
wait_match "^  Spent .* computed$" "computed fields are marked"
compare_why "before the edit"

# A hand edit of the city: the prompt holds the value, the card marks it.
keys g
for _i in 1 2 3 4 5 6 7 8 9; do keys Down; done
wait_for "│ city │" "the cursor on the city"
keys e
wait_for "City (empty clears it): $city" "e: a prompt with the current value"
keys C-u
keys -l "г. Самара"
keys Enter
wait_for "City edited by hand" "the edit is said"
wait_match "^  City +Самара +edited by hand$" "the card shows it, normalised, marked edited by hand"
wait_count "id = \"$ext\" and city = Самара" 1 "the CLI sees the new city"
compare_why "after the edit"
wait_for 'Why: not in "Clients/Big"' "the edit took her out of Clients/Big"

# A re-import of a file that changes the city: the hand edit stays.
printf 'id,city\n%s,Тула\n' "$ext" >"$tmp/again.csv"
run "$C" import "$db" --customers "$tmp/again.csv"
same "the re-import runs" 0 "$st"
grep -q 'updated *1' "$tmp/out" && pass "it updates the customer" || fail "it updates the customer: $(cat "$tmp/out")"
same "after the re-import the hand edit stays" 1 "$("$C" count "$db" "id = \"$ext\" and city = Самара")"
if have_sqlite3; then
	same "hand_edits holds the city" 1 \
		"$(sql "$db" "SELECT count(*) FROM hand_edits h JOIN customers c ON c.id = h.customer_id WHERE c.ext_id = '$ext' AND h.field = 'city'")"
fi

# u undoes it: the old city, and the hand edit forgotten.
keys u
wait_for 'Undone: edited "city"' "u undoes the hand edit"
wait_count "id = \"$ext\" and city = \"$city\"" 1 "the old city is back ($city)"
keys g
wait_match "^  City +$city$" "the card shows it, no longer marked"
if have_sqlite3; then
	same "hand_edits forgets it" 0 "$(sql "$db" "SELECT count(*) FROM hand_edits")"
fi
printf 'id,city\n%s,Тверь\n' "$ext" >"$tmp/third.csv"
run "$C" import "$db" --customers "$tmp/third.csv"
same "after the undo, an import moves the city again" 1 "$("$C" count "$db" "id = \"$ext\" and city = Тверь")"

# A bad value: named in the message line, nothing written.
keys g Down Down
wait_for "│ email │" "the cursor on the email"
keys e C-u
keys -l "not-an-email"
keys Enter
wait_for 'invalid Email "not-an-email" (expected' "a bad email is named, with what is expected"
same "the email is unchanged" 1 "$("$C" count "$db" "id = \"$ext\" and email = \"$email\"")"
keys End
wait_gone 'invalid Email' "the message goes with the next key"
keys g Down
keys e
wait_for "ID (empty clears it): $ext" "the id too is edited in a prompt"
keys Escape
wait_gone "ID (empty clears it)" "Esc leaves the prompt"

# A tag from the card: put on, found by the CLI, undone.
keys t
wait_for "A tag to put on this customer" "t opens the tag picker"
keys -l "Карта-1"
wait_for '+ new tag "Карта-1"' "the picker offers to create it"
keys Enter
wait_for 'Tag "Карта-1" put on this customer' "the tag is put on"
wait_count 'tag:"карта-1"' 1 "tag:NAME finds one customer"
same "and it is this one" 1 "$("$C" count "$db" "tag:\"карта-1\" and id = \"$ext\"")"
keys End
wait_match "^  Карта-1$" "the card lists the tag"
keys t
wait_for "A tag to put on this customer" "t again"
keys -l "карта"
keys Enter
wait_for 'Tag "Карта-1" taken off this customer' "t on a tag the customer has takes it off"
wait_count 'tag:"карта-1"' 0 "nobody has it"
keys u
wait_count 'tag:"карта-1"' 1 "u puts it back"

# The help, from the card's key table.
keys '?'
wait_for "Help: Customer" "? shows the card's help"
wait_for "edit the field by hand" "with e"
keys q
wait_gone "Help: Customer" "q closes it"

# A small window: the card still draws, and scrolls.
resize 40 12
wait_for "Customer: " "at 40x12 the card is there"
keys g
wait_for "Fields" "its top"
resize 200 54

# Back on the list: it was read again after the card's edits (she left
# Clients/Big when the import moved her to Тверь; the tag edits since
# made the list read its order again).
n_now=$("$C" count "$db" --segment Clients/Big)
check "she is no longer in Clients/Big ($n_open, now $n_now)" [ "$n_now" -eq $((n_open - 1)) ]
keys q
wait_for "Customers: Clients/Big" "q: the list under the card"
wait_match "row [0-9]+ of $n_now " "the list's total follows the card's edits ($n_now)"

# The base's list: no segment to explain.
keys q
wait_for "Clients" "back on the tree"
keys g Enter
wait_for "Customers: All customers" "the base's list"
keys Enter
wait_for "Customer: " "its card"
keys w
wait_for "Why: no segment" "no segment"
wait_for "there is none to explain" "it says so"

finish
