#!/bin/sh
# The segment tree end to end on the demo data: the four levels of SPEC §2
# ("Clients/Primary school/Grades 5-6/Programming"), counts checked with
# plain SQL, the plan as Markdown and CSV, a snapshot and its diff after the
# data changed, why, overlap, the rest, `in segment`, errors and exit codes.
set -u
. "$SRCDIR/tests/cli/lib.sh"
need_sqlite3 "segments.sh (it checks counts with plain SQL)"
setup segments
C=$CLIENTELE
db=$tmp/demo.db
P="Clients/Primary school/Grades 5-6/Programming"

# flat KEY: a number of the last command's flat one-line JSON object
# (lib.sh's json reads the top level of objects that nest others).
flat() {
	sed -n -E "s/.*\"$1\": *([^,}]*).*/\1/p" "$tmp/out"
}

expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish

# --- building the tree --------------------------------------------------------
expect_exit 0 "add Clients" "$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)'
expect_exit 0 "add Primary school" "$C" segment add "$db" "Clients/Primary school" --rule 'school_stage = primary'
expect_exit 0 "add Grades 5-6" "$C" segment add "$db" "Clients/Primary school/Grades 5-6" --rule 'grade in (5, 6)'
expect_exit 0 "add Programming" "$C" segment add "$db" "$P" --rule 'interests contains programming'

clients=$(sql "$db" "select count(*) from customers where status in ('one_time','seasonal','regular')")
primary=$(sql "$db" "select count(*) from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary'")
grades=$(sql "$db" "select count(*) from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary' and cf_grade in (5, 6)")
prog=$(sql "$db" "select count(*) from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary' and cf_grade in (5, 6) and instr(lower(cf_interests), 'programming') > 0")
base=$(sql "$db" "select count(*) from customers")

run "$C" count "$db" --segment "$P"
same "count --segment: four levels" "$prog" "$(cat "$tmp/out")"
run "$C" count "$db" --segment "clients/PRIMARY SCHOOL/grades 5-6" --json
same "count --segment --json: count (names in any case)" "$grades" "$(flat count)"
same "count --segment --json: parent" "$primary" "$(flat parent)"
same "count --segment --json: base" "$base" "$(flat base)"
run "$C" count "$db" 'in segment "Clients/Primary school"'
same "count RULE still works, with in segment" "$primary" "$(cat "$tmp/out")"

expect_exit 0 "segments" "$C" segments "$db"
same "segments: the root line" "All customers $base 100.0 100.0" \
	"$(sed -n 2p "$tmp/out" | tr -s ' ')"
same "segments: indented Programming with its count and %" \
	"        Programming $prog $(awk "BEGIN { printf \"%.1f %.1f\", 100 * $prog / $grades, 100 * $prog / $base }")" \
	"$(grep Programming "$tmp/out" | tr -s ' ' | sed 's/^ *Programming/        Programming/')"
expect_exit 0 "segments --json" "$C" segments "$db" --json
check "segments --json is JSON" json_valid "$tmp/out"

# --- the trend: a change of data shows ↑ since the last count ---------------------
sql "$db" "update customers set cf_interests = 'programming' where ext_id = (select ext_id from customers where status = 'regular' and cf_school_stage = 'primary' and cf_grade = 5 and instr(lower(coalesce(cf_interests, '')), 'programming') = 0 limit 1)"
expect_exit 0 "segments after a change" "$C" segments "$db"
case $(grep Programming "$tmp/out") in
*"↑1") pass "trend ↑1 on Programming" ;;
*) fail "trend ↑1 on Programming: $(grep Programming "$tmp/out")" ;;
esac
prog=$((prog + 1))

# --- plan ------------------------------------------------------------------------
expect_exit 0 "plan-set" "$C" segment plan-set "$db" "$P" --who 'parents | of coders' \
	--what 'Python, "first month free"' --where 'VK, Telegram' --strategy 'trial lesson'
expect_exit 2 "plan-set without a field" "$C" segment plan-set "$db" "$P"
expect_exit 0 "plan (Markdown)" "$C" plan "$db"
same "plan: header" "| Segment | Size | Who | What | Why | When | Where | Strategy |" "$(sed -n 1p "$tmp/out")"
same "plan: the Programming row, | escaped" \
	"| $P | $prog | parents \\| of coders | Python, \"first month free\" |  |  | VK, Telegram | trial lesson |" \
	"$(grep '/Programming' "$tmp/out")"
expect_exit 0 "plan --csv" "$C" plan "$db" --csv
same "plan --csv: header" "segment,size,who,what,why,when,where,strategy" "$(sed -n 1p "$tmp/out" | tr -d '\r')"
same "plan --csv: RFC 4180 quoting" \
	"$P,$prog,parents | of coders,\"Python, \"\"first month free\"\"\",,,\"VK, Telegram\",trial lesson" \
	"$(grep '/Programming' "$tmp/out" | tr -d '\r')"
check "plan --csv: CRLF line ends" grep -q "$(printf '\r')\$" "$tmp/out"
expect_exit 0 "plan-set a formula-like cell" "$C" segment plan-set "$db" "$P" --when '=1+1'
expect_exit 0 "plan --csv again" "$C" plan "$db" --csv
check "plan --csv: a cell that starts like a formula is neutralised" \
	grep -q ",'=1+1," "$tmp/out"

# --- freeze and diff -------------------------------------------------------------------
expect_exit 0 "freeze" "$C" segment freeze "$db" "Clients/Primary school/Grades 5-6" --as "Mailing 1" --json
same "freeze: members" "$grades" "$(flat members)"
# two of its members move to grade 7 (left); one grade-4 client to grade 6 (joined)
sql "$db" "update customers set cf_grade = 7 where id in (select id from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary' and cf_grade in (5, 6) order by id limit 2);
update customers set cf_grade = 6 where id = (select id from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary' and cf_grade = 4 order by id limit 1)"
expect_exit 0 "diff" "$C" segment diff "$db" "Clients/Primary school/Mailing 1" --json
same "diff: joined" 1 "$(flat joined)"
same "diff: left" 2 "$(flat left)"
same "diff: kept" $((grades - 2)) "$(flat kept)"
expect_exit 0 "diff --list" "$C" segment diff "$db" "Clients/Primary school/Mailing 1" --list
same "diff --list: one joined row" 1 "$(grep -c '^joined	' "$tmp/out")"
same "diff --list: two left rows" 2 "$(grep -c '^left	' "$tmp/out")"
expect_exit 65 "diff of a live segment" "$C" segment diff "$db" Clients
run "$C" count "$db" --segment "Clients/Primary school/Mailing 1"
same "a snapshot keeps its members" "$grades" "$(cat "$tmp/out")"

# --- why ----------------------------------------------------------------------------
member=$(sql "$db" "select ext_id from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary' and cf_grade in (5, 6) and instr(lower(cf_interests), 'programming') > 0 order by id limit 1")
other=$(sql "$db" "select email from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary' and cf_grade in (5, 6) and instr(lower(coalesce(cf_interests, '')), 'programming') = 0 and email is not null order by id limit 1")
expect_exit 0 "why for a member" "$C" segment why "$db" "$P" "$member"
check "why: is in" grep -q "is in \"$P\"" "$tmp/out"
check "why: the grade condition met, with her grade" \
	grep -q "^    met      grade in (5, 6) (grade [56])\$" "$tmp/out"
expect_exit 0 "why for a non-member (by email)" "$C" segment why "$db" "$P" "$other" --json
same "why --json: not a member" false "$(json member)"
check "why --json is JSON" json_valid "$tmp/out"
expect_exit 65 "why for nobody" "$C" segment why "$db" "$P" nobody@example.com
err_has "why for nobody: message" "clientele: no customer with the id or email \"nobody@example.com\""

# --- overlap, rest ------------------------------------------------------------------
expect_exit 0 "overlap" "$C" segment overlap "$db" "Clients/Primary school" "$P" --json
same "overlap: both" "$prog" "$(flat both)"
expect_exit 0 "rest" "$C" segment rest "$db" "Clients/Primary school/Grades 5-6" --json
grades_now=$(sql "$db" "select count(*) from customers where status in ('one_time','seasonal','regular') and cf_school_stage = 'primary' and cf_grade in (5, 6)")
same "rest: Grades 5-6 minus Programming" $((grades_now - prog)) "$(flat rest)"

# --- rename, move, in segment, rm, undo ---------------------------------------------------
expect_exit 0 "a segment by reference" "$C" segment add "$db" Coders --rule 'in segment "Clients/Primary school" and interests contains programming'
expect_exit 0 "rename the referenced segment" "$C" segment rename "$db" "Clients/Primary school" "Начальная школа"
expect_exit 0 "segments after the rename" "$C" segments "$db" --json
check "the reference shows the new path" grep -q '"rule": "in segment \\"Clients/Начальная школа\\" and interests contains programming"' "$tmp/out"
expect_exit 65 "a cycle" "$C" segment rule "$db" Clients 'in segment Coders'
err_has "a cycle: message" "clientele: segments refer to each other in a circle: \"Clients\" -> \"Coders\" -> \"Clients/Начальная школа\" -> \"Clients\"; change one of these rules"
expect_exit 65 "a bad rule" "$C" segment add "$db" X --rule 'orders >= three'
err_has "a bad rule: position" "clientele: 1:11: expected a number after '>='"
expect_exit 65 "a missing parent" "$C" segment add "$db" "Nope/X"
expect_exit 65 "a duplicate name" "$C" segment add "$db" "CLIENTS"
expect_exit 65 "move under itself" "$C" segment move "$db" Clients "Clients/Начальная школа"
expect_exit 0 "reorder" "$C" segment move "$db" Coders / --position 1
run "$C" segments "$db" --json
case $(cat "$tmp/out") in
*'"segments": [{"id": '[0-9]*', "path": "Coders"'*) pass "Coders first" ;;
*) fail "Coders first" ;;
esac
expect_exit 65 "rm of a referenced segment" "$C" segment rm "$db" "Clients" --yes
expect_exit 0 "dup" "$C" segment dup "$db" "Clients/Начальная школа/Grades 5-6"
expect_exit 2 "rm of a subtree without --yes" "$C" segment rm "$db" "Clients/Начальная школа/Grades 5-6 (copy)"
expect_exit 0 "rm --yes" "$C" segment rm "$db" "Clients/Начальная школа/Grades 5-6 (copy)" --yes
same "rm: what went" "deleted 2 segments (undo with: clientele undo $db)" "$(cat "$tmp/out")"
expect_exit 0 "undo the rm" "$C" undo "$db"
run "$C" count "$db" --segment "Clients/Начальная школа/Grades 5-6 (copy)/Programming"
same "undo brought the subtree back" "$prog" "$(cat "$tmp/out")"

# --- usage ----------------------------------------------------------------------------
expect_exit 2 "no subcommand" "$C" segment
expect_exit 2 "an unknown subcommand" "$C" segment frobnicate "$db"
expect_exit 2 "freeze without --as" "$C" segment freeze "$db" Clients
expect_exit 2 "an unknown option" "$C" segments "$db" --bogus
expect_exit 2 "count with both" "$C" count "$db" 'orders > 1' --segment Clients
expect_exit 66 "a missing base" "$C" segments "$tmp/nope.db"
expect_exit 0 "segment add --help" "$C" segment add --help
check "add --help names --rule" grep -q -- "--rule RULE" "$tmp/out"
expect_exit 0 "plan --help" "$C" plan --help

finish
