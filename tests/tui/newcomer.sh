#!/bin/sh
# The issue's "done when", as a newcomer does it: clientele --demo, under
# the example tree's Clients a second level typed at `:` and a third
# built with the facet panel (F on its condition, Space on a value), each
# count on the screen checked against `clientele count`; u undoes the
# facet's edit; q quits with 0. Then the same start in Russian: the
# example tree, the labels and the grouped counts are Russian.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-newcomer
C=$CLIENTELE
db=$tmp/data/clientele/demo.db

rule_of() {
	"$C" segments "$db" --json | tr '{' '\n' | grep -F "\"path\": \"$1\"" |
		sed -E 's/.*"rule": "([^"]*)".*/\1/'
}

tui_start "XDG_DATA_HOME=$tmp/data" -- --demo
wait_for "Repeat buyers" "the demo opens on its example tree"

# Level 2: under Clients, a new segment whose rule is typed at `:`.
keys Down a
wait_for "Name of the new segment under" "a asks for a name"
keys -l "Women"
keys Enter
wait_for 'Added "Clients/Women"' "Women is added under Clients"
keys :
wait_for ": " "the command line opens on the new, empty rule"
keys -l "gender = F"
w=$("$C" count "$db" 'in segment Clients and gender = F')
wait_for "→ $w" "the count follows the typing, within Clients"
keys Enter
wait_match "^ +Women +$w " "Enter stores it: the tree's count is the command line's"
same "in the base" "gender = F" "$(rule_of Clients/Women)"

# Level 3: under Women, a segment built in the facet panel.
keys a
wait_for "Name of the new segment under" "a child of Women"
keys -l "Moscow"
keys Enter
wait_for 'Added "Clients/Women/Moscow"' "Moscow is added under Women"
keys :
keys -l "city = Москва"
keys Enter
m=$("$C" count "$db" 'in segment Clients and gender = F and city = Москва')
wait_match "^ +Moscow +$m " "the third level counts within the second"
keys Tab
wait_for "│ city = Москва" "its condition in the panel"
keys F
wait_for "Facet: city" "F opens the facet of the condition's field"
wait_match "✓ Москва +█+ +$m *$" "Москва is marked, with its count within Women"
# The first unmarked value (the most frequent other city): Space on it
# widens the condition. The rows are by count; Москва need not be first.
rows=$(screen | sed -n '/Facet: /,$p' | sed 's/.*│ //' | grep -E '^[✓ ] .* █+ +[0-9]+ *$')
n=$(printf '%s\n' "$rows" | grep -n '^ ' | head -n 1 | cut -d: -f1)
other=$(printf '%s\n' "$rows" | sed -n "${n}p" | sed -E 's/^[✓ ] (.*[^ ]) +█+ +[0-9]+ *$/\1/')
check "another city is offered" test -n "$other"
keys Home
k=1
while [ "$k" -lt "$n" ]; do keys Down; k=$((k + 1)); done
keys Space
both=$("$C" count "$db" "in segment Clients and gender = F and city in (Москва, $other)")
wait_match "^ +Moscow +$both " "Space widens the condition: the tree's count follows"
same "in the base" "city in (Москва, $other)" "$(rule_of Clients/Women/Moscow)"
keys u
wait_match "^ +Moscow +$m " "u undoes it: the count is back"
same "and the rule" "city = Москва" "$(rule_of Clients/Women/Moscow)"
keys q
wait_for "[exit 0]" "q quits"

# In Russian: a fresh demo, its tree and labels in Russian.
if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$'; then
	TUI_LC=ru_RU.UTF-8 tui_start "XDG_DATA_HOME=$tmp/data" -- --demo
	wait_for "Постоянные покупатели" "the Russian demo's example tree"
	g=$(LC_ALL=ru_RU.UTF-8 /usr/bin/printf "%'d" "$("$C" count "$db" --segment Клиенты)")
	wait_match "Клиенты +$g " "its counts grouped as the locale writes them"
	wait_for "Помощь" "the function-key bar in Russian"
	keys q
	wait_for "[exit 0]" "q quits"
else
	echo "# no ru_RU.UTF-8 locale: the Russian part is skipped"
fi
finish
