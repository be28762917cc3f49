#!/bin/sh
# The analysis screens on the demo data, within the segment Moscow (city =
# Москва): R's RFM grid, v's named segments, X's ABC×XYZ grid, V's value
# × speed grid, H's
# histogram of lead_score, and the compare screen of the segments marked
# with Space (C). Each opens a cell as a customer list whose total is
# `clientele count` of the cell's rule and the segment's; a adds a cell to
# the tree. NO_COLOR shades the cells by characters; the screens resize,
# and their help comes from their key tables.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-analysis
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet &&
	"$C" segment add "$db" Moscow --rule 'city = Москва' >/dev/null &&
	"$C" segment add "$db" Kazan --rule 'city = Казань' >/dev/null || {
	fail "the fixture"
	finish
}
# click X Y: a click at column X, line Y (0-based), as an X10 mouse report
# (each plus 33), pressed and released
xy() {
	printf '%b%b' "\\0$(printf %o $(($1 + 33)))" "\\0$(printf %o $(($2 + 33)))"
}
click() {
	keys -l "$(printf '\033[M ')$(xy "$1" "$2")"
	keys -l "$(printf '\033[M#')$(xy "$1" "$2")"
}
# within Moscow: its rule and the cell's
n() {
	"$C" count "$db" "city = Москва and ($1)"
}

# --- RFM ----------------------------------------------------------------------
tui_start -- "$db"
wait_for "All customers" "the tree"
keys Down
wait_match "^ *[▾▸ ] Moscow " "the cursor on Moscow"
keys R
wait_for "RFM: Moscow" "R opens the RFM grid of the selected segment"
wait_match "^ R=5 " "its rows, R from 5 down"
r5f1=$(n 'r = 5 and f = 1')
wait_for " $r5f1 customers │ r = 5 and f = 1 │" "the cursor on R=5 F=1: $r5f1 customers and its rule"
check "no shade characters in colour" sh -c '! tmux -S "$1" capture-pane -p | grep -q "[░▒▓]"' - "$tsock"
keys Down Right
r4f2=$(n 'r = 4 and f = 2')
check "the fixture's cell R=4 F=2 is not empty" test "$r4f2" -gt 0
wait_for " $r4f2 customers │ r = 4 and f = 2 │" "↓ →: R=4 F=2, $r4f2 customers"
keys Enter
wait_for "row 1 of $r4f2 " "Enter lists its $r4f2 customers (clientele count of its rule in Moscow)"
wait_for "Customers: Moscow: r = 4 and f = 2" "the list names the segment and the rule"
keys Escape
wait_for "RFM: Moscow" "Esc: back to the grid"
keys a
wait_for 'Name of the new segment under "Moscow": R4 F2' "a asks for the new segment's name"
keys Enter
wait_for 'Added "Moscow/R4 F2": r = 4 and f = 2' "a adds the cell under Moscow"
same "the new segment counts the cell's $r4f2" "$r4f2" "$("$C" count "$db" --segment "Moscow/R4 F2")"
keys v
wait_match "^ champions +[0-9]" "v: the named segments"
keys Down
loyal=$(n 'rfm = loyal')
wait_for " $loyal customers │ rfm = loyal │" "↓: loyal, $loyal customers"
keys Enter
wait_for "row 1 of $loyal " "Enter lists the $loyal loyal customers of Moscow"
keys Escape
keys v
wait_match "^ R=1 " "v again: the grid"
# the cells start on line 3, column 10, 3 lines by 17 columns at 100×30
r3f4=$(n 'r = 3 and f = 4')
click 65 9
wait_for " $r3f4 customers │ r = 3 and f = 4 │" "a click on R=3 F=4 selects it"
keys '?'
wait_for "switch between the grid and the named segments" "? shows the grid's keys"
keys Escape
wait_for "RFM: Moscow" "the help closes"
resize 60 20
wait_match "^ R=1 " "the grid at 60×20: every row"
wait_for "r = 3 and f = 4 │" "... and its status line"
resize 100 30
keys Escape
wait_match "^ *[▾▸ ] Moscow " "Esc: back to the tree"

# --- ABC×XYZ -------------------------------------------------------------------
keys X
wait_for "ABC×XYZ: Moscow" "X opens the ABC×XYZ grid"
wait_match "^ no class " "its no-class row"
# the demo has no customer with an XYZ class (too few months of orders)
if [ "$("$C" count "$db" 'xyz is empty')" = "$("$C" count "$db" '')" ]; then
	wait_for "No customer here has an XYZ class" "the screen says there is no XYZ class"
fi
keys End Right Right Right
none=$(n 'abc is empty and xyz is empty')
wait_for " $none customers │ abc is empty and xyz is empty │" "End → → →: no class, $none customers"
keys Home
abc_a=$(n 'abc = A and xyz is empty')
wait_for " $abc_a customers │ abc = A and xyz is empty │" "Home: A without an XYZ class"
keys Enter
wait_for "row 1 of $abc_a " "Enter lists its $abc_a customers"
keys Escape Escape
wait_match "^ *[▾▸ ] Moscow " "back to the tree"

# --- value × speed -----------------------------------------------------------------
keys V
wait_for "Value × speed: Moscow" "V opens the value × speed grid"
wait_match "^ high value " "its rows: high value ..."
wait_match "^ low value " "... and low value"
wait_match "^ +fast +slow" "its columns: fast, slow"
vnone=$(n 'value_speed is empty')
wait_for "No class (no purchase or no created_at): $vnone (" "no class under it: $vnone, as count says"
# the base's medians, as clientele value-speed prints them
med=$("$C" value-speed "$db" | sed -n 's/^Medians of the base (customers with a class: [0-9]*): spent \([0-9.]*\), days to the first order \([0-9.]*\)$/\1 \2/p')
check "clientele value-speed prints the medians" test -n "$med"
wait_match "^ Medians of the base: spent [0-9 ]*${med%%.* *}\.[0-9]{2}, days to the first order ${med#* }\$" \
	"the base's medians under it (spent ${med% *}, ${med#* } days)"
fh=$(n 'value_speed = fast_high')
wait_for " $fh customers │ value_speed = fast_high │" "the cursor on high value, fast: $fh customers"
keys Down Right
sl=$(n 'value_speed = slow_low')
check "the fixture's cell slow_low is not empty" test "$sl" -gt 0
wait_for " $sl customers │ value_speed = slow_low │" "↓ →: low value, slow, $sl customers"
keys Enter
wait_for "row 1 of $sl " "Enter lists its $sl customers (clientele count of its rule in Moscow)"
wait_for "Customers: Moscow: value_speed = slow_low" "the list names the segment and the rule"
keys Escape
wait_for "Value × speed: Moscow" "Esc: back to the grid"
keys a
wait_for 'Name of the new segment under "Moscow": low value, slow' "a asks for the new segment's name"
keys Enter
wait_for 'Added "Moscow/low value, slow": value_speed = slow_low' "a adds the cell under Moscow"
same "the new segment counts the cell's $sl" "$sl" "$("$C" count "$db" --segment "Moscow/low value, slow")"
keys '?'
wait_for "the cell's customers, as a list" "? shows the grid's keys"
keys Escape
wait_for "Value × speed: Moscow" "the help closes"
keys Escape
wait_match "^ *[▾▸ ] Moscow " "back to the tree"
wait_match "^ +low value, slow +$sl " "the new segment in the tree, with its $sl"
keys u
wait_for 'Undone: add segment "Moscow/low value, slow"' "u undoes it (the sections below walk the tree as it was)"

# --- histogram ---------------------------------------------------------------------
keys H
wait_for "Search:" "H asks for a field"
keys -l lead_score
keys Enter
wait_for "Histogram: lead_score in Moscow" "the histogram of lead_score in Moscow"
keys Down Down
wait_match "│ lead_score between [0-9.]+ and [0-9.]+ │" "↓ ↓: the third bucket's rule"
rule=$(screen | sed -n 's/.*│ \(lead_score between [0-9.]* and [0-9.]*\) │.*/\1/p' | head -n 1)
bucket=$(n "$rule")
wait_for " $bucket customers │ $rule │" "its $bucket customers"
keys Enter
wait_for "row 1 of $bucket " "Enter lists the bucket's $bucket customers"
keys Escape
wait_for "Histogram: lead_score in Moscow" "back to the histogram"
# the fifth bar is on line 7 (the title, a gap, the summary, a gap)
lo=$(screen | sed -n 8p | awk '{ print $1 }')
hi=$(screen | sed -n 8p | awk '{ print $3 }')
click 10 7
wait_for "│ lead_score between $lo and $hi │" "a click on the fifth bar ($lo – $hi) selects it"
keys f
wait_for "Search:" "f asks for another field"
keys -l city
keys Enter
wait_for '"city" is not a number or a date field' "a text field is refused, in the message line"
wait_for "Histogram: lead_score in Moscow" "... and the histogram stays"
keys f
wait_for "Search:" "f again"
keys -l created_at
keys Enter
wait_for "Histogram: created_at in Moscow" "f: a date field's histogram instead"
keys End
wait_match "│ created_at between [0-9-]+ and [0-9-]+ │" "End: the last bucket, between two dates"
rule=$(screen | sed -n 's/.*│ \(created_at between [0-9-]* and [0-9-]*\) │.*/\1/p' | head -n 1)
bucket=$(n "$rule")
wait_for " $bucket customers │ $rule │" "its $bucket customers"
keys Enter
wait_for "row 1 of $bucket " "Enter lists the date bucket's $bucket customers"
keys Escape
wait_for "Histogram: created_at in Moscow" "back to the histogram"
keys Escape
wait_match "^ *[▾▸ ] Moscow " "Esc: one histogram screen, back to the tree"
keys H
wait_for "Search:" "H again"
keys Escape
wait_match "^ *[▾▸ ] Moscow " "back to the tree"

# --- compare -------------------------------------------------------------------------
keys C
wait_for "0 segments marked: mark 2 to 6 with Space on the tree, then C." "C without marks says how"
keys Space
wait_match "^ *[▾▸ ] ✓ Moscow " "Space marks Moscow"
wait_for "1 segment marked" "... and says so"
keys Home
wait_match "^ *[▾▸ ] All customers " "the cursor on All customers"
keys Down Down Down
wait_match "^ *[▾▸ ] Kazan " "the cursor on Kazan"
keys Space
wait_match "^ *[▾▸ ] ✓ Kazan " "Space marks Kazan"
keys C
wait_for "clientele — Compare" "C: the compare screen"
m=$("$C" count "$db" --segment Moscow)
k=$("$C" count "$db" --segment Kazan)
wait_match "^ Customers +$m +$k *\$" "the sizes side by side: $m and $k"
keys Down Down Down Down Down Down Down Down Down Down Down Down Right
kc=$("$C" count "$db" 'city = Казань and email_consent = yes')
wait_for " Kazan │ email_consent = yes │" "the consent row of Kazan"
wait_match "^ Email consent +[0-9]+ \([0-9.]+%\) +$kc \(" "Kazan's consent: $kc"
keys Enter
wait_for "row 1 of $kc " "Enter lists the $kc consenting customers of Kazan"
keys Escape
wait_for "clientele — Compare" "back to compare"
# Men is the fourth row, on line 6; Moscow's column is left of column 54
click 40 6
wait_for " Moscow │ gender = M │" "a click on Moscow's men selects that figure"
keys Right
wait_for " Kazan │ gender = M │" "→: Kazan's men"
resize 44 20
wait_for "◂" "at 44 columns the segments scroll: Moscow is off to the left"
resize 100 30
keys q
wait_match "^ *[▾▸ ] ✓ Kazan " "back to the tree, the marks kept"
keys '?'
wait_match " R +RFM grid and named segments" "the main help has R"
wait_match " C +compare the marked segments" "... and C"
wait_match " V +value × speed grid" "... and V"
keys Escape

# --- NO_COLOR ---------------------------------------------------------------------------
tui_start NO_COLOR=1 -- "$db"
wait_for "All customers" "the tree, without colour"
keys Down R
wait_for "RFM: Moscow" "the RFM grid"
wait_match "^ R=5 .*[░▒▓█]" "NO_COLOR: the cells shaded by characters"
wait_match "Scale: ░░░ ≤[0-9]+ ▒▒▒ ≤[0-9]+ ▓▓▓ ≤[0-9]+ ███ ≤[0-9]+" "... and the legend says what each is"
keys Escape V
wait_for "Value × speed: Moscow" "the value × speed grid"
wait_match "^ high value .*[░▒▓█]" "NO_COLOR: its cells shaded by characters too"
keys F10
wait_for "[exit 0]" "F10 quits"

# --- in Russian ---------------------------------------------------------------------------
if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$'; then
	TUI_LC=ru_RU.UTF-8 tui_start -- "$db"
	wait_for "Все клиенты" "the tree in Russian"
	keys Down R
	wait_for " клиентов: $r5f1 │ r = 5 and f = 1 │ Enter — список" "the grid's status line in Russian"
	wait_for "Без покупок:" "... and what it leaves out"
	keys Escape H
	wait_for "Поиск:" "H asks for a field, in Russian"
	keys Escape Space Down Space C
	wait_for "Сравнение" "the compare screen in Russian"
	keys Escape X
	wait_match "^ без класса +[0-9]" "the ABC×XYZ grid's no-class row, whole in Russian"
	keys Escape V
	wait_match "^ ценность выше +[0-9]" "the value × speed grid's rows in Russian"
	wait_for "Без класса (нет покупки или created_at):" "... and what it leaves out"
	keys F10
fi
finish
