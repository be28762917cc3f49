#!/bin/sh
# clientele --demo: a fresh copy of the demo base in the XDG data directory,
# populated, replaced on each run, private, and shown.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup demo

XDG_DATA_HOME=$tmp/xdg
export XDG_DATA_HOME
base=$tmp/xdg/clientele/demo.db

# Without a terminal the interface cannot open it (exit 2), but the base
# is built and named, for scripts.
expect_exit 2 "--demo builds the demo base (no terminal to open it)" "$CLIENTELE" --demo
check "the base is in \$XDG_DATA_HOME/clientele" test -f "$base"
same "the base is private" 600 "$(stat -c %a "$base")"
err_contains "it says where the base is" "demo base at $base"
check "no half-made copy is left beside it" sh -c "! ls -A '$tmp/xdg/clientele' | grep -q '^\.demo'"
expect_exit 0 "the demo base holds its customers" "$CLIENTELE" info "$base"
check "3000 customers" grep -q '^customers  *3000$' "$tmp/out"

expect_exit 0 "the demo base answers rules" "$CLIENTELE" count "$base" 'tag:vip'
vip=$(cat "$tmp/out")
check "some demo customers are tagged vip" test "$vip" -gt 0
expect_exit 0 "the demo has custom fields" "$CLIENTELE" count "$base" \
	'school_stage = primary and grade between 5 and 6 and interests = programming'
check "the spec's drill-down example is not empty" test "$(cat "$tmp/out")" -gt 0

# The example tree of data/demo/segments.tsv, each count as the rule alone
# gives it within its parent, and no undo step for the user to undo.
expect_exit 0 "the demo has example segments" "$CLIENTELE" segments "$base"
for p in "Clients" "Repeat buyers" "Moscow, mailable" "At risk" "Leads" "Newsletter"; do
	check "segment $p" grep -Fq -- "$p" "$tmp/out"
done
expect_exit 0 "count the deepest one" "$CLIENTELE" count "$base" --segment "Clients/Repeat buyers/Moscow, mailable"
deep=$(cat "$tmp/out")
expect_exit 0 "the same from its rules" "$CLIENTELE" count "$base" \
	'status in (one_time, seasonal, regular) and orders >= 2 and city = Москва and email_consent = yes and email is not empty'
same "the three levels are the three rules" "$(cat "$tmp/out")" "$deep"
check "it is not empty" test "$deep" -gt 0
expect_exit 0 "undo --list" "$CLIENTELE" undo "$base" --list
check "building the demo left nothing to undo" test "$(grep -c . "$tmp/out")" -le 1
expect_exit 1 "undo" "$CLIENTELE" undo "$base"
err_contains "nothing to undo" "nothing to undo"

# A second run starts again from the shipped data.
if have_sqlite3; then
	sql "$base" "DELETE FROM customer_tags" >/dev/null
	expect_exit 2 "--demo again (no terminal)" "$CLIENTELE" --demo
	expect_exit 0 "count again" "$CLIENTELE" count "$base" 'tag:vip'
	same "the demo is fresh again" "$vip" "$(cat "$tmp/out")"
fi

# In Russian the example tree is named in Russian.
if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$'; then
	LC_ALL=ru_RU.UTF-8 "$CLIENTELE" --demo >/dev/null 2>&1
	expect_exit 0 "segments of the Russian demo" "$CLIENTELE" segments "$base"
	check "its names are Russian" grep -q "Постоянные покупатели" "$tmp/out"
	expect_exit 0 "its deepest segment by its Russian path" "$CLIENTELE" count "$base" \
		--segment "Клиенты/Постоянные покупатели/Москва, с согласием на письма"
	same "the same count" "$deep" "$(cat "$tmp/out")"
fi

expect_exit 2 "--demo takes no arguments" "$CLIENTELE" --demo extra
finish
