#!/bin/sh
# The customer list (Enter on a segment): its first rows are those of
# `clientele export` of the segment, in the same order; sorted by the
# column under the cursor both ways as the sqlite3 shell sorts it; `/`
# then `n` land on the rows SQL finds; Space marks three customers, M
# clears them; the help from its key table; and on a generated base of
# 100 000, PgDn and End reach the last row, the one the CLI writes last.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-list
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || { fail "the fixture base"; finish; }
"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null ||
	{ fail "the fixture tree"; finish; }
clients=$("$C" count "$db" --segment Clients)
where="status IN ('one_time', 'seasonal', 'regular')"

# The emails of the rows on the screen (the list's lines, under its
# header), one a line, empty for a row without one.
emails() {
	screen | sed -n '3,27p' | awk '{ e = ""; for (i = 1; i <= NF; i++) if ($i ~ /@/) e = $i; print e }'
}

tui_start -- "$db"
resize 200 30 # wide enough for whole emails
wait_for "Clients" "the tree is painted"
keys Down Enter
wait_for "Customers: Clients" "Enter opens the list of Clients"
wait_for "row 1 of $clients " "the total, as clientele count says ($clients)"
"$C" export "$db" --segment Clients -c email -o - 2>/dev/null | sed -n '2,26p' >"$tmp/export.txt"
emails >"$tmp/screen.txt"
same "the first 25 rows are the export's, in its order" "$(cat "$tmp/export.txt")" "$(cat "$tmp/screen.txt")"

# Sorting: → to the email column, s ascending, S descending.
keys Right s
wait_for "sorted by Email ↑ │" "s sorts by the column under the cursor"
if have_sqlite3; then
	k="nullif(lower(email), '')"
	sql "$db" "SELECT coalesce(email, '') FROM customers WHERE $where ORDER BY $k IS NULL, $k, id LIMIT 25" >"$tmp/want.txt"
	wait_for "$(head -n 1 "$tmp/want.txt")" "the first email, as SQL sorts them"
	same "ascending: the first 25 as SQL sorts them" "$(cat "$tmp/want.txt")" "$(emails)"
	keys S
	wait_for "sorted by Email ↓ │" "S sorts descending"
	sql "$db" "SELECT coalesce(email, '') FROM customers WHERE $where ORDER BY $k IS NULL, $k DESC, id DESC LIMIT 25" >"$tmp/want.txt"
	wait_for "$(head -n 1 "$tmp/want.txt")" "the first email, descending"
	same "descending: the first 25 as SQL sorts them" "$(cat "$tmp/want.txt")" "$(emails)"

	# Search from the cursor, then n: the rows SQL numbers the same way.
	rank="SELECT rn FROM (SELECT email, row_number() OVER (ORDER BY $k IS NULL, $k DESC, id DESC) AS rn FROM customers WHERE $where) WHERE instr(lower(email), 'alekseev') > 0 ORDER BY rn"
	r1=$(sql "$db" "$rank LIMIT 1")
	r2=$(sql "$db" "$rank LIMIT 1 OFFSET 1")
	keys /
	wait_for "Search name, email, phone:" "/ asks what to search"
	keys -l "ALEKSEEV"
	keys Enter
	wait_for "row $r1 of $clients " "/ goes to the first match (row $r1), in any case"
	keys n
	wait_for "row $r2 of $clients " "n goes to the next one (row $r2)"
	keys N
	wait_for "row $r1 of $clients " "N back to the previous one"
	# Cyrillic folded: a name typed in capitals
	rankc="SELECT rn FROM (SELECT first_name, last_name, row_number() OVER (ORDER BY $k IS NULL, $k DESC, id DESC) AS rn FROM customers WHERE $where) WHERE instr(coalesce(first_name, '') || ' ' || coalesce(last_name, ''), 'Иванов') > 0 ORDER BY rn LIMIT 1"
	rc=$(sql "$db" "$rankc")
	keys g /
	wait_for "Search name, email, phone:" "/ again"
	keys -l "иВАНОВ"
	keys Enter
	wait_for "row $rc of $clients " "a Cyrillic name in another case (row $rc)"
fi

# Marks: three rows, the count in the status line; M clears them.
keys g
wait_for "row 1 of $clients " "g: the first row"
keys Space Space Space
wait_for "marked: 3 " "Space marks three customers"
wait_for "row 4 of $clients " "going down as it marks"
check "the marked rows show it" sh -c "[ \$(tmux -S '$tsock' capture-pane -p | grep -c '^✓') -eq 3 ]"
keys k Space
wait_for "marked: 2 " "Space on a marked one unmarks it"
keys M
wait_for "marked: 0 " "M clears the marks"
keys '\;'
wait_for "Nothing is marked: Space or m" "; with nothing marked says how to mark"

# Tagging: three marked customers get a new tag (Cyrillic), that tag:NAME
# then finds; T takes it off one; u undoes each step.
wait_count() { # RULE WANT DESC: the CLI's count of RULE reaches WANT
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
keys g Space Space Space
wait_for "marked: 3 " "three marked again"
keys '\;' s
wait_for "; takes t, T or |: nothing done." "; then a key that is not t, T or |: nothing"
check "the list is not sorted by it" sh -c "! tmux -S '$tsock' capture-pane -p | grep -q 'sorted by Name'"
keys '\;'
wait_for "; t, T or | for the 3 marked customers" "; announces the marked customers"
keys t
wait_for "Put a tag on 3 customers" "t: the tag picker, for the marked ones"
keys -l "Акция-Х"
wait_for '+ new tag "Акция-Х"' "the picker offers to create the tag typed"
keys Enter
wait_for 'Tag "Акция-Х" put on 3 customers' "the tag is put on the three"
wait_count 'tag:"акция-х"' 3 "tag:NAME finds the three"
check "the list shows it in their tags" sh -c "[ \$(tmux -S '$tsock' capture-pane -p | sed -n '3,5p' | grep -c 'Акция-Х') -eq 3 ]"
keys M g T
wait_for "Take a tag off 1 customers" "T with no marks: the current customer"
keys -l "акция"
keys Enter
wait_for 'Tag "Акция-Х" taken off 1 customers' "taken off the first one"
wait_count 'tag:"акция-х"' 2 "two keep it"
keys u
wait_for "Undone" "u in the list undoes"
wait_count 'tag:"акция-х"' 3 "the three have it again"
keys u
wait_count 'tag:"акция-х"' 0 "u again: nobody has it"

# m: the customers matching a rule, within the list; then t on them.
moscow=$("$C" count "$db" 'status in (one_time, seasonal, regular) and city = Москва')
keys m
wait_for "Mark the customers matching:" "m asks for a rule"
keys -l "city = москва"
keys Enter
wait_for "marked: $moscow " "m marks the $moscow of the list that match"
keys t
wait_for "Put a tag on $moscow customers" "t on them"
keys -l "vip"
keys Enter
wait_match "Tag \"vip\" put on [0-9]+ customers" "vip put on them"
wait_count 'tag:vip and city = Москва and status in (one_time, seasonal, regular)' "$moscow" "all of them have it"
# |: only the marked ones, and back
keys '|'
wait_for "Customers: Clients, the marked ones" "| narrows the list to the marked customers"
wait_for "row 1 of $moscow " "their number is the total"
keys End
wait_for "row $moscow of $moscow " "End: the last of them"
check "every row is in Москва" sh -c "[ \$(tmux -S '$tsock' capture-pane -p | sed -n '3,27p' | grep -v '^ *\$' | grep -vc 'Москва') -eq 0 ]"
keys '|'
wait_for "row 1 of $clients " "| again: the whole list"
keys u M
keys '|'
wait_for "Nothing is marked" "| with nothing marked says how to mark"

# c: a field becomes a column (its values those of the base), and goes.
keys c
wait_for "Field (type to search" "c opens the field picker"
keys -l "lead_sc"
keys Enter
wait_for "Column lead_score added" "lead_score becomes a column"
wait_match "^ *Name .* Tags +Lead sc" "its head is last in the header"
keys Escape
wait_for "of parent" "Esc: the tree"
keys Enter
wait_for "Customers: Clients" "the list again"
wait_match "^ *Name .* Tags +Lead sc" "it keeps the columns chosen"
# the first row's lead score is the base's for that row's email
r1=$(screen | sed -n 3p)
e1=$(printf '%s\n' "$r1" | grep -oE '[^ ]+@[^ ]+' | head -n 1)
want=$(sql "$db" "SELECT CAST(lead_score AS INTEGER) FROM customers WHERE email = '$e1'")
check "the first row ($e1) shows its lead score ($want)" \
	sh -c "printf '%s\n' \"\$1\" | grep -qE ' $want *\$'" - "$r1"
keys c
keys -l "lead_sc"
keys Enter
wait_for "Column lead_score taken out" "c again takes it out"
wait_gone "Lead score" "the header without it"

keys '?'
wait_for "Help: Customers" "? shows the list's help"
wait_for "sort by the column, descending" "generated from its key table"
wait_for "the next match" "with n"
keys Escape
wait_for "Customers: Clients" "back on the list"
keys Escape
wait_for "of parent" "Esc: the tree"
keys q
wait_for "[exit 0]" "q quits"

# 100 000 customers: PgDn and End, only pages read; the last row is the
# last one the CLI exports.
big=$tmp/big.db
"$CLIENTELE_GEN" --customers 100000 --orders-per-customer 0 --out "$tmp/gen" >/dev/null &&
	"$C" import "$big" --customers "$tmp/gen/customers.csv" --quiet ||
	{ fail "the 100 000-customer base"; finish; }
last=$("$C" export "$big" --where '' -c email -o - 2>/dev/null | tail -n 1)
tui_start -- "$big"
resize 200 30
wait_for "All customers" "the big base's tree"
keys Enter
wait_for "row 1 of 100000 " "the list of 100 000"
keys PageDown
wait_for "row 26 of 100000 " "PgDn: a page down"
keys End
wait_for "row 100000 of 100000 " "End: the last row"
check "it is the CLI's last row ($last)" sh -c "tmux -S '$tsock' capture-pane -p | grep -qF -- '$last'"
keys PageUp
wait_for "row 99975 of 100000 " "PgUp from the end: the rows before it are read back"
if have_sqlite3; then
	k="nullif(lower(email), '')"
	first=$(sql "$big" "SELECT email FROM customers ORDER BY $k IS NULL, $k DESC, id DESC LIMIT 1")
	keys Right S
	wait_for "sorted by Email ↓ │" "sorting 100 000"
	wait_for "$first" "the first row, as SQL sorts them ($first)"
	# pages of the sorted list are read by ids, anywhere in it
	keys PageDown PageDown
	wait_for "row 51 of 100000 " "PgDn twice in the sorted list"
	sql "$big" "SELECT coalesce(email, '') FROM customers ORDER BY $k IS NULL, $k DESC, id DESC LIMIT 25 OFFSET 50" >"$tmp/want.txt"
	wait_for "$(head -n 1 "$tmp/want.txt")" "row 51, as SQL sorts them"
	same "rows 51-75 of the sorted 100 000, as SQL sorts them" "$(cat "$tmp/want.txt")" "$(emails)"
	mid=$(sql "$big" "SELECT email FROM customers ORDER BY $k IS NULL, $k DESC, id DESC LIMIT 1 OFFSET 70000")
	keys /
	keys -l "$mid"
	keys Enter
	wait_for "row 70001 of 100000 " "searching finds a row deep in the sorted list (row 70 001)"
	keys n
	wait_for "Search wrapped to the top." "n past the only match wraps around"
	keys g
	keys /
	keys -l "$first"
	keys Enter
	wait_for "row 1 of 100000 " "searching 100 000 finds it"
fi

# Many marked customers: the tag goes on under a gauge; Esc cancels it and
# nothing changes; again without Esc, they all have it.
n_at=$("$C" count "$big" 'email contains "@"')
keys m
wait_for "Mark the customers matching:" "m on the big list"
keys -l 'email contains "@"'
keys Enter
wait_for "marked: $n_at " "m marks the $n_at with an email, counted in the background"
keys t
wait_for "Put a tag on $n_at customers" "t for all of them"
keys -l "массовый"
wait_for '+ new tag "массовый"' "a new tag"
keys Enter Escape
wait_for "Cancelled: no tag was put on or taken off." "Esc on the gauge cancels the tagging"
check "the tag was not even created" sh -c "! '$C' tags '$big' | grep -q 'массовый'"
keys t
wait_for "Put a tag on $n_at customers" "t again"
keys -l "массовый"
wait_for '+ new tag "массовый"' "the tag is still new"
keys Enter
wait_for "Tag \"массовый\" put on $n_at customers" "without Esc the gauge runs to the end"
check "clientele count finds them all" [ "$("$C" count "$big" 'tag:массовый')" = "$n_at" ]
keys q q
wait_for "[exit 0]" "q, q: quits"
finish
