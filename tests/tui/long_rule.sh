#!/bin/sh
# A rule longer than the window, and longer than 255 characters (the line's
# old size), opens whole in the `:` line and is stored whole: a marketer's
# list of forty cities must never come back cut. A rule longer than a line
# can edit is refused with a message and left exactly as it was.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-long-rule
C=$CLIENTELE
db=$tmp/base.db

cities='Москва, Санкт-Петербург, Казань, Новосибирск, Екатеринбург, "Нижний Новгород"'
cities="$cities, Челябинск, Самара, Омск, Ростов-на-Дону, Уфа, Красноярск, Пермь"
cities="$cities, Воронеж, Волгоград, Краснодар, Саратов, Тюмень, Тольятти, Ижевск"
cities="$cities, Барнаул, Ульяновск, Иркутск, Хабаровск, Ярославль, Владивосток"
cities="$cities, Махачкала, Томск, Оренбург, Кемерово, Новокузнецк, Рязань"
long="city in ($cities) and orders >= 1"
# Over 4095 characters: more than the line holds.
huge="city in (Город0"
i=1
while [ $i -lt 600 ]; do
	huge="$huge, Город$i"
	i=$((i + 1))
done
huge="$huge)"

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet &&
	"$C" segment add "$db" Cities --rule "$long" >/dev/null &&
	"$C" segment add "$db" Huge --rule "$huge" >/dev/null ||
	{ fail "the fixture"; finish; }
check "the rule is longer than 255 characters" test "$(printf '%s' "$long" | wc -m)" -gt 255
check "the huge rule is longer than 4095 characters" test "$(printf '%s' "$huge" | wc -m)" -gt 4095
n=$("$C" count "$db" "$long")
want=$("$C" count "$db" "$long and gender = f")
rule_of() {
	sqlite3 "$db" "SELECT rule FROM segments WHERE name = '$1'"
}

tui_start -- "$db"
wait_for "Cities" "the tree"
keys Down
wait_for "│ Cities" "Cities selected"
keys :
wait_match "^:.*Рязань\) and orders >= 1 +→ $n$" "the whole rule in the line, its end shown"
keys -l " and gender = f"
wait_for "→ $want" "the count of the whole rule with the condition added"
keys Enter
wait_for "Rule stored" "Enter stores it"
same "the stored rule is the whole rule and the addition" "$long and gender = f" "$(rule_of Cities)"

keys Down
wait_for "│ Huge" "Huge selected"
keys :
wait_for "longer than 4095 characters" "a rule too long to edit is refused with a message"
same "the line did not open" "" "$(screen | grep '^:')"
same "the huge rule is left as it was" "$huge" "$(rule_of Huge)"
finish
