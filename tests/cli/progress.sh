#!/bin/sh
# The progress bar: drawn on a terminal (a pty made by script(1)), with the
# phase, the file and a bar; never when stderr is not a terminal, with
# --quiet, or under CI=true.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup progress

command -v script >/dev/null 2>&1 || skip "script(1) is not installed"
file=$SRCDIR/data/demo/customers.csv

# on_tty OUT CMD: runs CMD (a string) on a pseudo-terminal, CI unset.
on_tty() {
	env -u CI script -qec "$2" /dev/null >"$1" 2>&1 </dev/null
}

on_tty "$tmp/tty" "'$CLIENTELE' import '$tmp/a.db' --customers '$file'"
check "on a terminal the bar shows the phase, the file and a bar" \
	grep -aq "importing customers.csv \[[#.]*\] *[0-9]*%" "$tmp/tty"
check "the bar is redrawn in place (carriage returns)" grep -aq "$(printf '\r')" "$tmp/tty"
check "the summary follows" grep -aq "rows read *3000" "$tmp/tty"

on_tty "$tmp/quiet" "'$CLIENTELE' import '$tmp/b.db' --customers '$file' --quiet"
check "--quiet draws no bar" sh -c "! grep -aq 'importing' '$tmp/quiet'"

on_tty "$tmp/ci" "CI=true '$CLIENTELE' import '$tmp/c.db' --customers '$file'"
check "CI=true draws no bar" sh -c "! grep -aq 'importing' '$tmp/ci'"

run "$CLIENTELE" import "$tmp/d.db" --customers "$file"
check "stderr that is not a terminal gets no bar" sh -c "! grep -aq 'importing' '$tmp/err'"
check "and no carriage return" sh -c "! grep -aq '$(printf '\r')' '$tmp/err'"

# export: the rows read of those selected, per pass; the file the same
# as without a bar
"$CLIENTELE" export "$tmp/d.db" --where '' --sample 50% --seed 3 -o "$tmp/plain.csv" --quiet
on_tty "$tmp/xtty" "'$CLIENTELE' export '$tmp/d.db' --where '' --sample 50% --seed 3 -o '$tmp/bar.csv'"
check "export on a terminal: the draw's bar" grep -aq "drawing the sample *\[[#.]*\] *[0-9]*%" "$tmp/xtty"
check "export on a terminal: the writing bar" grep -aq "writing *\[[#.]*\] *[0-9]*%" "$tmp/xtty"
check "export: the summary follows" grep -aEq "written *1.?500 to" "$tmp/xtty"
check "export: the file is the one written without a bar" cmp "$tmp/plain.csv" "$tmp/bar.csv"
on_tty "$tmp/xquiet" "'$CLIENTELE' export '$tmp/d.db' --where '' -o '$tmp/q.csv' --force --quiet"
check "export --quiet draws no bar" sh -c "! grep -aq 'writing' '$tmp/xquiet'"
finish
