#!/bin/sh
# The one grammar of tags and segments: the noun then the verb (tag add,
# tag remove, tag list|create|rename|merge|delete, segment list) beside the
# old spellings, which keep working; the one dispatcher of sub-verbs (its
# usage errors with "did you mean"); --help built from each command's
# option table.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "grammar.sh (it reads customer_tags)"
setup grammar
C=$CLIENTELE
db=$tmp/demo.db
DEMO=$SRCDIR/data/demo

expect_exit 0 "importing the demo base" "$C" import "$db" --customers "$DEMO/customers.csv" \
	--orders "$DEMO/orders.csv" --quiet || finish

# tagged FOLDED_NAME: how many customers carry the tag, read by sqlite3.
tagged() {
	sql "$db" "select count(*) from customer_tags ct join tags t on t.id = ct.tag_id
		where t.name_fold = '$1'"
}

# --- tag add / tag remove ---------------------------------------------------------
want=$(sql "$db" "select count(*) from customer_metrics where orders >= 3")
expect_exit 0 "tag add DB NAME --where" "$C" tag add "$db" gram --where 'orders >= 3' --json
same "tag add: the tag on every customer of the rule" "$want" "$(tagged gram)"
same "tag add --json: what changed" "$want" "$(json changed)"
same "tag add --json: the action" "add" "$(json action)"
seg_id=$(sql "$db" "select ext_id from customers where ext_id is not null order by id limit 1")
expect_exit 0 "tag add DB NAME --id" "$C" tag add "$db" one --id "$seg_id"
same "tag add --id: one customer" 1 "$(tagged one)"
expect_exit 0 "tag remove DB NAME --where" "$C" tag remove "$db" gram --where 'orders >= 5'
left=$(sql "$db" "select count(*) from customer_metrics where orders >= 3 and orders < 5")
same "tag remove: off the customers of the rule" "$left" "$(tagged gram)"
# The same edit in the old spelling gives the same base.
cp "$db" "$tmp/old.db"
expect_exit 0 "old spelling: tag DB --remove NAME --where" "$C" tag "$tmp/old.db" --remove gram \
	--where 'orders >= 4'
expect_exit 0 "new spelling: tag remove DB NAME --where" "$C" tag remove "$db" gram \
	--where 'orders >= 4'
same "tag remove and tag --remove: the same tags" \
	"$(sql "$tmp/old.db" "select count(*) from customer_tags")" \
	"$(sql "$db" "select count(*) from customer_tags")"
expect_exit 2 "tag add without the tag's name" "$C" tag add "$db" --where 'orders >= 3'
err_contains "tag add: says what is missing" "give the base and the tag's name"
expect_exit 2 "tag add without the customers" "$C" tag add "$db" gram
err_contains "tag add: asks which customers" "say which customers"
expect_exit 2 "tag add does not take --add" "$C" tag add "$db" gram --add x --where 'orders >= 3'
err_contains "tag add --add: an unknown option" "unknown option --add"

# --- tag list / create / rename / merge / delete -------------------------------------
expect_exit 0 "tag list DB" "$C" tag list "$db"
cp "$tmp/out" "$tmp/list.new"
expect_exit 0 "tags DB" "$C" tags "$db"
check "tag list prints what tags prints" cmp -s "$tmp/list.new" "$tmp/out"
expect_exit 0 "tag list DB --json" "$C" tag list "$db" --json
json_valid "$tmp/out"
case $? in
0) pass "tag list --json: valid JSON" ;;
77) ;;
*) fail "tag list --json: valid JSON" && show "$tmp/out" ;;
esac
check "tag list --json: gram with its count" grep -Fq "{\"name\": \"gram\", \"customers\": $(tagged gram)}" \
	"$tmp/out"
expect_exit 0 "tag create DB NAME" "$C" tag create "$db" "Ждёт звонка"
same "tag create: the tag, empty" 1 "$(sql "$db" "select count(*) from tags where name = 'Ждёт звонка'")"
expect_exit 0 "tag rename DB OLD NEW" "$C" tag rename "$db" one first
same "tag rename: the customer keeps it under the new name" 1 "$(tagged first)"
n=$(($(tagged gram) + 1))
expect_exit 0 "tag merge DB FROM INTO" "$C" tag merge "$db" first gram
same "tag merge: INTO on the customers of both" "$n" "$(tagged gram)"
same "tag merge: FROM gone" 0 "$(sql "$db" "select count(*) from tags where name_fold = 'first'")"
expect_exit 0 "tag delete DB NAME" "$C" tag delete "$db" gram
same "tag delete: gone" 0 "$(sql "$db" "select count(*) from tags where name_fold = 'gram'")"
expect_exit 0 "undo the delete" "$C" undo "$db"
same "undo: the deleted tag is back on its customers" "$n" "$(tagged gram)"
expect_exit 2 "tag rename with one name" "$C" tag rename "$db" gram
err_contains "tag rename: asks for the new name" "give the base, the tag and its new name"
expect_exit 2 "tag list takes no --create" "$C" tag list "$db" --create x
expect_exit 2 "a misspelt verb" "$C" tag creat "$db" x
err_contains "a misspelt verb: did you mean" 'unknown subcommand "creat"; did you mean "create"?'
err_contains "a misspelt verb: the usage line" "usage: clientele tag DB"
# A base that happens to be called like a verb is reached by its path.
cp "$db" "$tmp/list"
expect_exit 0 "tag ./list --add (a base called list)" sh -c \
	"cd '$tmp' && '$C' tag ./list --add x --where 'orders >= 3'"

# --- segment list -------------------------------------------------------------------
expect_exit 0 "segment add" "$C" segment add "$db" Buyers --rule 'orders >= 1'
expect_exit 0 "segment list DB --json" "$C" segment list "$db" --json
cp "$tmp/out" "$tmp/seg.new"
expect_exit 0 "segments DB --json" "$C" segments "$db" --json
check "segment list prints what segments prints" cmp -s "$tmp/seg.new" "$tmp/out"
same "segment list --json: the count" \
	"$(sql "$db" "select count(*) from customer_metrics where orders >= 1")" \
	"$(sed -n 's/.*"path": "Buyers".*"count": \([0-9]*\),.*/\1/p' "$tmp/seg.new")"
expect_exit 2 "segment list takes one base" "$C" segment list
err_contains "segment list: the usage names the verb" "usage: clientele segment list DB [--json]"

# --- the dispatcher ----------------------------------------------------------------------
expect_exit 2 "segment with a misspelt verb" "$C" segment lst "$db"
err_contains "segment: did you mean" 'unknown subcommand "lst"; did you mean "list"?'
expect_exit 2 "segment with an unknown verb" "$C" segment frobnicate "$db"
err_contains "segment: the verbs named" "the subcommands: add, rename, move, rm"
expect_exit 2 "segment without a verb" "$C" segment
err_contains "segment: which verb" "which subcommand? (add, rename, move, rm, dup, rule,"
expect_exit 2 "a verb's usage error names the verb" "$C" segment freeze "$db" Buyers
err_has "segment freeze: its own usage line" "usage: clientele segment freeze DB PATH --as NAME [--json]"

# --- --help from the option tables --------------------------------------------------
expect_exit 0 "tag add --help" "$C" tag add --help
check "tag add --help: its usage" grep -q '^usage: clientele tag add DB NAME ' "$tmp/out"
check "tag add --help: --where with its help" grep -Eq '^  --where RULE +the customers a rule selects' \
	"$tmp/out"
check "tag add --help: no --add (not its option)" sh -c "! grep -q -- '--add' '$tmp/out'"
expect_exit 0 "tag --help" "$C" tag --help
check "tag --help: the new spelling" grep -q '^  add DB NAME (--segment PATH' "$tmp/out"
check "tag --help: the old options" grep -Eq '^  --add NAME +put the tag NAME' "$tmp/out"
expect_exit 0 "export --help" "$C" export --help
check "export --help: short and long option" grep -Eq '^  -o, --output FILE +the file to write' \
	"$tmp/out"
check "export --help: a long-only option in the same column" \
	grep -Eq '^      --bom +start with a UTF-8 byte order mark' "$tmp/out"
check "export --help: an optional value" grep -q '^      --valid-only\[=email|sms\]  only' "$tmp/out"
# Every help line in one column per command: the options' help starts where
# the first option's does.
for cmd in import export tag tags info count undo plan segments; do
	"$C" "$cmd" --help | awk '/^  -/ {
		i = match($0, /[^ ]  +[^ ]/); c = i + RLENGTH - 1
		if (length($0) > 0 && (c < 30)) print c }' | sort -u >"$tmp/cols"
	same "$cmd --help: the help of every option in one column" 1 "$(wc -l <"$tmp/cols" | tr -d ' ')"
done
expect_exit 0 "segment why --help" "$C" segment why --help
check "segment why --help: --json" grep -Eq '^  --json +print \{"customer"' "$tmp/out"
# Short options come from the table too.
expect_exit 0 "export -s PATH -o FILE -q" "$C" export "$db" -s Buyers -o "$tmp/b.csv" -q
same "export -s -o: the members written" \
	"$(($(sql "$db" "select count(*) from customer_metrics where orders >= 1") + 1))" \
	"$(wc -l <"$tmp/b.csv" | tr -d ' ')"
expect_exit 2 "export -o without its value" "$C" export "$db" -s Buyers -o
err_contains "export -o: needs a value" "option -o needs a value"

finish
