#!/bin/sh
# Tags and undo end to end on the demo base: tags listed with counts, put
# on and taken off by rule, segment and id, created, renamed, merged and
# deleted, every edit undone back to the same base; usage errors and exit
# statuses; a re-import keeping hand-put tags.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "tags.sh (it reads customer_tags)"
setup tags
C=$CLIENTELE
db=$tmp/demo.db
DEMO=$SRCDIR/data/demo

expect_exit 0 "importing the demo base" "$C" import "$db" --customers "$DEMO/customers.csv" \
	--orders "$DEMO/orders.csv" --quiet || finish

# tagged FOLDED_NAME: how many customers carry the tag.
tagged() {
	sql "$db" "select count(*) from customer_tags ct join tags t on t.id = ct.tag_id
		where t.name_fold = '$1'"
}

# changed: the "changed" of tag --json (a flat object, which json() skips).
changed() {
	sed -n 's/.*"changed": *\([0-9]*\).*/\1/p' "$tmp/out"
}

# state: what undo must put back exactly (tags and who carries them).
state() {
	sql "$db" "select t.id, t.name, t.name_fold, ct.customer_id from tags t
		left join customer_tags ct on ct.tag_id = t.id order by 1, 4" | sha256sum
}

# --- the list ------------------------------------------------------------------------
expect_exit 0 "tags" "$C" tags "$db"
same "tags: a header and one line a tag" "$(($(sql "$db" "select count(*) from tags") + 1))" \
	"$(wc -l <"$tmp/out" | tr -d ' ')"
vip=$(tagged vip)
same "tags: vip with its count" "vip $vip" "$(grep '^vip ' "$tmp/out" | tr -s ' ')"
# Cyrillic names take as many columns as letters: the counts line up.
widths=$(while IFS= read -r line; do printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m; done <"$tmp/out" |
	tr -d ' ' | sort -u | wc -l | tr -d ' ')
same "tags: counts end in the same column" 1 "$widths"
expect_exit 0 "tags --json" "$C" tags "$db" --json
json_valid "$tmp/out"
case $? in
0) pass "tags --json: valid JSON" ;;
77) ;;
*) fail "tags --json: valid JSON" && show "$tmp/out" ;;
esac
check "tags --json: vip with its count" grep -Fq "{\"name\": \"vip\", \"customers\": $vip}" "$tmp/out"

# --- put on, take off -----------------------------------------------------------------
s0=$(state)
expect_exit 0 "count of buyers of 3+ orders without vip" "$C" count "$db" 'orders >= 3 and not tag:vip'
new=$(cat "$tmp/out")
expect_exit 0 "tag --add VIP --where" "$C" tag "$db" --add VIP --where 'orders >= 3'
same "tag --add: says how many changed, with the name as stored" \
	"put tag \"vip\" on $new customers" "$(cat "$tmp/out")"
same "tag --add: vip on them" "$((vip + new))" "$(tagged vip)"
s1=$(state)
expect_exit 0 "the same again" "$C" tag "$db" --add vip --where 'orders >= 3' --json
same "the same again: nothing changed" 0 "$(changed)"
expect_exit 0 "undo --list" "$C" undo "$db" --list
same "undo --list: one step (no step for no change)" 1 "$(wc -l <"$tmp/out" | tr -d ' ')"

first=$(sql "$db" "select ext_id from customer_tags ct join tags t on t.id = ct.tag_id
	join customers c on c.id = ct.customer_id where t.name_fold = 'vip' order by c.id limit 1")
second=$(sql "$db" "select ext_id from customer_tags ct join tags t on t.id = ct.tag_id
	join customers c on c.id = ct.customer_id where t.name_fold = 'vip' order by c.id limit 1 offset 1")
expect_exit 0 "tag --remove --id twice" "$C" tag "$db" --remove vip --id "$first" --id "$second"
same "tag --remove: 2 changed" "took tag \"vip\" off 2 customers" "$(cat "$tmp/out")"
s2=$(state)

expect_exit 0 "tag --add by segment" "$C" segment add "$db" "Регулярные" --rule 'buyer_type = regular'
expect_exit 0 "count regular buyers" "$C" count "$db" 'buyer_type = regular'
regular=$(cat "$tmp/out")
expect_exit 0 "tag --add --segment" "$C" tag "$db" --add "Постоянные" --segment "Регулярные" --json
same "tag --add --segment: the segment's members" "$regular" "$(changed)"
same "tag --add --segment: a new Cyrillic tag" "$regular" "$(tagged постоянные)"

# --- create, rename, merge, delete -----------------------------------------------------
expect_exit 0 "tags --create" "$C" tags "$db" --create "Ждёт звонка"
same "tags --create" "created tag \"Ждёт звонка\"" "$(cat "$tmp/out")"
expect_exit 65 "tags --create in another case" "$C" tags "$db" --create "ЖДЁТ ЗВОНКА"
err_has "tags --create: names the existing tag" "clientele: tag \"Ждёт звонка\" already exists"
expect_exit 65 "tags --rename onto another tag" "$C" tags "$db" --rename "ждёт звонка" VIP
err_contains "tags --rename onto another: says to merge" "merge"
expect_exit 0 "tags --rename" "$C" tags "$db" --rename "ждёт звонка" "Перезвонить"
expect_exit 0 "tags --merge" "$C" tags "$db" --merge "постоянные" vip
same "tags --merge: gone" 0 "$(tagged постоянные)"
expect_exit 0 "tags --delete" "$C" tags "$db" --delete "Перезвонить"
same "tags --delete: gone" 0 "$(sql "$db" "select count(*) from tags where name_fold = 'перезвонить'")"
expect_exit 65 "tags --delete a missing tag" "$C" tags "$db" --delete "Перезвонить"
err_has "tags --delete missing: the message" "clientele: no tag \"Перезвонить\" (clientele tags lists them)"

# --- undo, all the way back --------------------------------------------------------------
expect_exit 0 "undo --list --json" "$C" undo "$db" --list --json
json_valid "$tmp/out"
case $? in
0) pass "undo --list --json: valid JSON" ;;
77) ;;
*) fail "undo --list --json: valid JSON" && show "$tmp/out" ;;
esac
expect_exit 0 "undo the delete" "$C" undo "$db"
same "undo: says what it undid" "undid: deleted tag \"Перезвонить\" (it was on 0 customers)" "$(cat "$tmp/out")"
expect_exit 0 "undo the merge" "$C" undo "$db"
same "undo the merge: the tag is back with its customers" "$regular" "$(tagged постоянные)"
expect_exit 0 "undo the rename" "$C" undo "$db"
expect_exit 0 "undo the create" "$C" undo "$db"
expect_exit 0 "undo the tag on the segment" "$C" undo "$db"
expect_exit 0 "undo the segment" "$C" undo "$db"
same "undo the segment: the tags as before it" "$s2" "$(state)"
expect_exit 0 "undo the removal" "$C" undo "$db"
same "undo the removal: exactly as after the add" "$s1" "$(state)"
expect_exit 0 "undo the add" "$C" undo "$db"
same "undo: the undo message" "undid: put tag \"vip\" on $new customers" "$(cat "$tmp/out")"
same "undo the add: exactly as imported" "$s0" "$(state)"
expect_exit 1 "undo with nothing left" "$C" undo "$db"
err_has "nothing to undo: the message" "clientele: nothing to undo in $db"
expect_exit 0 "undo --list when empty" "$C" undo "$db" --list
same "undo --list when empty: nothing" "" "$(cat "$tmp/out")"

# --- usage and data errors ---------------------------------------------------------------
expect_exit 2 "tag without --add/--remove" "$C" tag "$db" --where 'orders >= 1'
err_contains "tag without --add: the usage" "usage: clientele tag DB"
expect_exit 2 "tag with --add and --remove" "$C" tag "$db" --add a --remove b --where ''
expect_exit 2 "tag without a target" "$C" tag "$db" --add a
expect_exit 2 "tag with two targets" "$C" tag "$db" --add a --where '' --id 1
expect_exit 2 "tag with an unknown option" "$C" tag "$db" --add a --all
err_contains "unknown option: named" "unknown option --all"
expect_exit 2 "tag --add without its value" "$C" tag "$db" --where '' --add
expect_exit 2 "tags with two edits" "$C" tags "$db" --create a --delete b
expect_exit 2 "tags --rename without the new name" "$C" tags "$db" --rename a
expect_exit 2 "tags --json with an edit" "$C" tags "$db" --create a --json
expect_exit 2 "undo with an extra word" "$C" undo "$db" now
expect_exit 65 "tag with a bad rule" "$C" tag "$db" --add a --where 'cyty = 1'
err_has "bad rule: where and what" "clientele: 1:1: unknown field \"cyty\"; did you mean \"city\"?"
expect_exit 65 "tag with an unknown id" "$C" tag "$db" --add a --id no-such-id
err_contains "unknown id: named" "no customer with id \"no-such-id\""
expect_exit 65 "tag with an unknown segment" "$C" tag "$db" --add a --segment "Нет такого"
expect_exit 65 "tag --remove of a missing tag" "$C" tag "$db" --remove nope --where ''
expect_exit 65 "tag with an empty name" "$C" tag "$db" --add '  ' --where ''
expect_exit 66 "tag on a missing base" "$C" tag "$tmp/none.db" --add a --where ''
expect_exit 66 "tags on a missing base" "$C" tags "$tmp/none.db"
expect_exit 66 "undo on a missing base" "$C" undo "$tmp/none.db"
same "errors changed nothing" "$s0" "$(state)"
same "errors left no step" 0 "$(sql "$db" "select count(*) from undo_log")"
for cmd in tag tags undo; do
	expect_exit 0 "$cmd --help" "$C" "$cmd" --help
	check "$cmd --help: the usage line" grep -q "^usage: clientele $cmd DB" "$tmp/out"
done

# --- a re-import keeps tags ----------------------------------------------------------------
expect_exit 0 "a hand tag on everyone" "$C" tag "$db" --add "по рукам" --where ''
all=$(sql "$db" "select count(*) from customers")
s3=$(state)
expect_exit 0 "re-importing the demo customers" "$C" import "$db" --customers "$DEMO/customers.csv" --quiet
same "re-import: the hand tag is on everyone still" "$all" "$(tagged 'по рукам')"
same "re-import: every tag as it was" "$s3" "$(state)"

finish
