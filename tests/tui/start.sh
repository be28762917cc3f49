#!/bin/sh
# Starting the interface: without a terminal it names the subcommands and
# exits 2 (for a base, for no argument, for --demo); with one, `clientele`
# alone opens the base used last, and when that one cannot be opened, the
# start screen lists the recent bases and Enter opens the one chosen.
set -u
. "$SRCDIR/tests/tui/lib.sh"
setup tui-start
C=$CLIENTELE
db=$tmp/base.db
XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data
export XDG_STATE_HOME XDG_DATA_HOME

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet ||
	{ fail "the fixture base"; finish; }

expect_exit 2 "a base without a terminal" "$C" "$db"
err_contains "it says the interface needs a terminal" "the interface needs a terminal"
err_contains "it names the subcommands for scripts" "  count "
check "nothing on stdout" test ! -s "$tmp/out"
expect_exit 2 "no argument without a terminal" "$C"
err_contains "the same message" "the interface needs a terminal"
expect_exit 2 "--demo without a terminal" "$C" --demo
err_contains "--demo says where the base is" "demo base at $tmp/data/clientele/demo.db"
err_contains "and that the interface needs a terminal" "the interface needs a terminal"
check "nothing was recorded among the recent bases" test ! -e "$tmp/state/clientele/recent"

command -v tmux >/dev/null 2>&1 || { echo "# no tmux: the rest is skipped"; finish; }

# A base that is not there: said on stderr once the screen is left, 66.
tui_start -- "$tmp/missing.db"
wait_for "[exit 66]" "a missing base: exit 66"
wait_for "no base at $tmp/missing.db" "the message names it"

# No base used before: the start screen, its import row (the base's name
# asked for, Esc back; tests/tui/import.sh goes on), then the demo.
tui_start "XDG_DATA_HOME=$tmp/data2" --
wait_for "Open the demo base" "clientele alone, the first time: the start screen"
keys Down Enter
wait_for "The base to import into (a new file is created): customers.db" "the import row asks for the base's name"
keys Escape
wait_gone "The base to import into" "Esc takes the question away"
keys Up Enter
wait_for "data2/clientele/demo.db" "the demo row builds the demo and opens it"
wait_for "All customers" "its tree"
keys q
wait_for "[exit 0]" "quit from the demo"
same "the demo is now the last base" "$(cd "$tmp" && pwd -P)/data2/clientele/demo.db" "$(head -n 1 "$tmp/state/clientele/recent")"
tui_start "XDG_DATA_HOME=$tmp/data2" --
wait_for "data2/clientele/demo.db" "clientele alone opens it now"
keys q
wait_for "[exit 0]" "quit"

trap 'tui_exit' EXIT
tui_start -- "$db"
wait_for "All customers" "the interface on the base"
keys q
wait_for "[exit 0]" "quit"
same "the base is recorded as the last one" "$(cd "$tmp" && pwd -P)/base.db" "$(head -n 1 "$tmp/state/clientele/recent")"
tui_start --
wait_for "base.db" "clientele alone opens the last base"
keys q
wait_for "[exit 0]" "quit again"

# The last base cannot be opened: the start screen says why and lists the
# recent bases, most recent first, above the demo; Enter opens the chosen one.
abs=$(cd "$tmp" && pwd -P)
# A base in a folder whose path is wider than the screen, then a third one.
long=$tmp/a-folder-whose-name-is-long-enough-that-its-path-is-wider-than-the-screen-of-one-hundred-columns
mkdir -p "$long"
cp "$db" "$long/deep.db"
tui_start -- "$long/deep.db"
wait_for "All customers" "a base at a long path opened"
keys q
wait_for "[exit 0]" "quit it"
cp "$db" "$tmp/broken.db"
tui_start -- "$tmp/broken.db"
wait_for "All customers" "a third base opened"
keys q
wait_for "[exit 0]" "quit it"
awk 'BEGIN { for (i = 0; i < 100; i++) print "this is not a base" }' >"$tmp/broken.db"
tui_start "XDG_DATA_HOME=$tmp/data2" --
wait_for "not a clientele base" "the last base is broken: the start screen says why"
s=$(screen)
# the list's rows (indented; the message line is not): the three recent
# bases, then the demo row; a path too long for the row keeps its end
rows=$(printf '%s\n' "$s" | awk '
	!/^    / { next }
	index($0, "/broken.db") { print "broken" }
	index($0, "…") && index($0, "-columns/deep.db") { print "deep (its path cut at the start)" }
	index($0, "/base.db") { print "base" }
	index($0, "/data2/clientele/demo.db") { print "demo.db" }
	index($0, "Open the demo base") { print "demo" }' | tr '\n' ' ')
same "the recent bases, most recent first, above the demo" \
	"broken deep (its path cut at the start) base demo.db demo " "$rows"
keys Down Down Enter
wait_match "^ clientele — .*/${abs##*/}/base\.db" "Enter on the second opens that base"
wait_for "All customers" "its tree"
keys q
wait_for "[exit 0]" "quit it too"
same "it is now the last base" "$abs/base.db" "$(head -n 1 "$tmp/state/clientele/recent")"
finish
