#!/bin/sh
# The interface in Russian (LC_ALL=ru_RU.UTF-8): its labels, the help, a
# confirmation answered with the Russian "д", and counts grouped by the
# locale's separator (3 000), while rules keep their C form.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-ru
locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$' || skip "the ru_RU.UTF-8 locale is not installed"
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" "Клиенты" --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" "Старые" --rule 'status = lapsed' >/dev/null &&
	"$C" segment add "$db" "Клиенты/Длинное" --rule 'city in ("Москва", "Санкт-Петербург", "Екатеринбург", "Новосибирск", "Нижний Новгород", "Ростов-на-Дону")' >/dev/null ||
	{ fail "the fixture"; finish; }
base=$("$C" count "$db" '')
clients=$("$C" count "$db" --segment "Клиенты")
# The locale's own grouping, by coreutils' printf, not by the program.
gbase=$(LC_ALL=ru_RU.UTF-8 /usr/bin/printf "%'d" "$base")
gclients=$(LC_ALL=ru_RU.UTF-8 /usr/bin/printf "%'d" "$clients")
check "the base has thousands (the grouping shows)" test "$base" -ge 1000

TUI_LC=ru_RU.UTF-8 tui_start -- "$db"
wait_for "Все клиенты" "the root is named in Russian"
wait_for "$gbase  100.0%" "the base's count is grouped ($gbase)"
check "on the root's row" sh -c "tmux -S '$tsock' capture-pane -p | grep -q 'Все клиенты  *$gbase '"
wait_for "Клиенты" "a Cyrillic segment name"
# the segments' counts come after the base's, from another request
wait_match "▾ Клиенты  *$gclients " "the segment's count is grouped ($gclients)"
wait_for "Выход" "the function-key bar in Russian"
wait_for "от родителя" "the status line in Russian"
keys Down
wait_for "status in (one_time, seasonal, regular)" "rules keep their C form"
# A long Cyrillic rule: the status line cuts it at a character, with "…".
keys Down
wait_for "Санкт-Петербург" "the long rule on the right"
status=$(screen | sed -n '29p')
case $status in
*"…") pass "the status line ends with …" ;;
*) fail "the status line ends with … (got: $status)" ;;
esac
check "the status line is whole characters" sh -c "printf '%s' '$status' | iconv -f UTF-8 -t UTF-8 >/dev/null"
same "the status line fits the 100 columns" 100 "$(printf '%s' "$status" | sed 's/ *$//' | LC_ALL=C.UTF-8 wc -m | tr -d ' ')"
keys Up

keys '?'
wait_for "показать эту справку" "the help in Russian"
keys Escape
wait_gone "показать эту справку" "closed"
# The field picker: built-in labels in Russian, and found by them.
keys Tab f
wait_for "Город" "the field picker shows city's label in Russian"
keys -l "дата рожд"
wait_match "birth_date +Дата рождения " "found by its Russian label"
keys Escape
wait_gone "Дата рождения" "Esc closes the picker"
keys Tab
keys End x
wait_for "Удалить «Старые»? (д/н)" "the question in Russian"
keys -l "д"
wait_for "«Старые» удалён" "д answers yes"
keys u
wait_for "Отменено" "undone, in Russian"
# The customer list in Russian: its title, header and status line, its
# total grouped by the locale.
keys Home Down Enter
wait_for "Клиенты: Клиенты" "Enter: the list, titled in Russian"
wait_for "строка 1 из $gclients " "its status line, the total grouped ($gclients)"
wait_for "Телефон" "its header in Russian"
keys '?'
wait_for "Справка: Клиенты" "its help in Russian"
wait_for "сортировать по столбцу" "its keys explained in Russian"
keys Escape Escape
wait_for "Все клиенты" "Esc, Esc: the help, then the list closed"
keys F10
wait_for "[exit 0]" "F10 quits"
finish
