#!/bin/sh
# A marketer's whole day, in the interface alone, from nothing: a new base
# made from the start screen, the shop's customers then its orders
# imported through the import screen; three levels of segments (buyers,
# in Москва, women) typed at the `:` line; three women tagged by hand in
# the customer list; an A/B split 50 % sample for Mailchimp written from
# the export dialog; the third level's plan written in Russian; q. Then
# the command line checks what the day left: the base's customers and
# orders, each level's count, the tag, the two files (byte for byte those
# of `clientele export` with the same options) and the plan.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-day
C=$CLIENTELE
db=$tmp/shop.db

mkdir -p "$tmp/in" || { fail "the input folder"; finish; }
cp "$SRCDIR/data/demo/customers.csv" "$SRCDIR/data/demo/orders.csv" "$tmp/in/" ||
	{ fail "the shop's files"; finish; }
# what the files hold, counted apart from the program
ncust=$(($(wc -l <"$tmp/in/customers.csv") - 1))

# Short relative paths: the interface's folder is the scratch one.
cd "$tmp" || finish
tui_start "XDG_DATA_HOME=$tmp/data" --
wait_for "Import a CSV file" "no base yet: the start screen"

# 1. A new base, and the customers into it.
keys Down Enter
wait_for "The base to import into (a new file is created)" "the start screen asks the new base's name"
keys C-u
keys -l "shop.db"
keys Enter
wait_for "File to import (Tab completes):" "the import screen of the new base"
keys -l "in/cu"
keys Tab
wait_for "File to import (Tab completes): in/customers.csv" "Tab completes the file's name"
keys Enter
wait_for "read as customers (o)" "the preview reads it as customers"
keys r
wait_for "Imported in/customers.csv" "r imports it"
wait_match " inserted +$ncust" "all $ncust customers inserted"

# 2. The orders, the same way.
keys f
wait_for "File to import (Tab completes):" "f: another file"
keys C-u
keys -l "in/orders.csv"
keys Enter
wait_for "read as orders (o)" "the orders file is read as orders"
keys r
wait_for "Imported in/orders.csv" "the orders imported"
norders=$("$C" info "$db" --json | tr ',' '\n' | sed -n 's/^ *"orders": *\([0-9]*\).*/\1/p' | head -n 1)
check "the base has the orders ($norders)" test "${norders:-0}" -gt 0
keys Escape
wait_match "All customers +$ncust " "back on the tree: the base counted"

# 3. Three levels, each typed at the `:` line, each count the CLI's.
l1=$("$C" count "$db" 'orders >= 1')
l2=$("$C" count "$db" 'orders >= 1 and city = Москва')
l3=$("$C" count "$db" 'orders >= 1 and city = Москва and gender = F')
check "the fixture: three levels, each narrower" test "$l1" -gt "$l2" -a "$l2" -gt "$l3" -a "$l3" -ge 3
level() { # NAME RULE COUNT: a child of the selected segment
	keys a
	wait_for "Name of the new segment under" "a: $1's name asked for"
	keys -l "$1"
	keys Enter
	wait_match "Added \"([^\"]*/)?$1\"" "$1 added"
	keys :
	keys -l "$2"
	wait_for "→ $3" "$1: the count follows the typing ($3)"
	keys Enter
	wait_match "^ +$1 +$3 " "$1 stored with its count"
}
level Buyers "orders >= 1" "$l1"
level Moscow "city = Москва" "$l2"
level Women "gender = F" "$l3"

# 4. Three women tagged by hand, in Women's list.
keys Enter
wait_for "Customers: Buyers/Moscow/Women" "Enter: the women's list"
wait_for "row 1 of $l3 " "all $l3 of them"
keys Space Space Space
wait_for "marked: 3 " "three marked"
keys t
wait_for "Put a tag on 3 customers" "t: the tag picker"
keys -l "звонок"
wait_for '+ new tag "звонок"' "a new tag"
keys Enter
wait_for 'Tag "звонок" put on 3 customers' "the three tagged"
keys Escape
wait_for "of parent" "back on the tree"

# 5. An A/B split sample for Mailchimp, from the export dialog.
keys E
wait_for "Export: Buyers/Moscow/Women" "E: the export dialog on Women"
keys Enter Enter
wait_match "^ Preset +mailchimp( |\$)" "preset mailchimp"
keys Down Down Down Down Down Down Down Down Down Down Down Enter
wait_for "Sample:" "the sample asked for"
keys -l "50%"
keys Enter
wait_match "^ Sample +50%( |\$)" "a 50 % sample"
keys Down Enter C-u
keys -l "7"
keys Enter
wait_match "^ Seed +7( |\$)" "seed 7"
keys Down Enter
keys -l "2"
keys Enter
wait_match "^ Split +2 groups( |\$)" "split in two groups, A and B"
keys Down Down Enter C-u
keys -l "ab.csv"
keys Enter
wait_match "^ File +ab.csv( |\$)" "the file ab.csv"
keys w
wait_match "Exported [0-9]+ rows to 2 files\." "w writes both files"
keys Escape
wait_for "of parent" "back on the tree"

# 6. The plan of Women, in Russian.
keys p
wait_for "Plan: Buyers/Moscow/Women" "p: Women's plan"
keys -l "Москвички, покупавшие у нас"
keys Tab
keys -l "Скидка 15% на весеннюю коллекцию"
keys C-s
wait_match "Saved the plan of \"(Buyers/Moscow/)?Women\"" "Ctrl-S saves the plan"
keys Escape
wait_for "of parent" "back on the tree"

# 7. The day ends.
keys q
wait_for "[exit 0]" "q quits with 0"

# What the command line finds.
same "the customers, all of the file" "$ncust" "$("$C" count "$db" '')"
same "Buyers, as the rule counts it" "$l1" "$("$C" count "$db" --segment Buyers)"
same "Buyers/Moscow" "$l2" "$("$C" count "$db" --segment Buyers/Moscow)"
same "Buyers/Moscow/Women" "$l3" "$("$C" count "$db" --segment Buyers/Moscow/Women)"
same "three women carry the tag" 3 \
	"$("$C" count "$db" 'tag:"звонок" and in segment "Buyers/Moscow/Women"')"
same "and nobody else" 3 "$("$C" count "$db" 'tag:"звонок"')"
"$C" export "$db" --segment Buyers/Moscow/Women --preset mailchimp --sample 50% --seed 7 \
	--split 2 -o "$tmp/cli.csv" -q || fail "the CLI's export"
check "ab.A.csv is the CLI's A file, byte for byte" cmp "$tmp/cli.A.csv" "$tmp/ab.A.csv"
check "ab.B.csv is the CLI's B file, byte for byte" cmp "$tmp/cli.B.csv" "$tmp/ab.B.csv"
check "A and B hold different customers" sh -c "! cmp -s '$tmp/ab.A.csv' '$tmp/ab.B.csv'"
"$C" plan "$db" >"$tmp/plan.md"
check "the plan has the who" grep -q "Москвички, покупавшие у нас" "$tmp/plan.md"
check "and the what" grep -q "Скидка 15% на весеннюю коллекцию" "$tmp/plan.md"
check "beside Women's size" grep -q "Women.*$l3" "$tmp/plan.md"
finish
