#!/bin/sh
# An import killed with SIGKILL, or interrupted with SIGINT, leaves the base
# exactly as it was: it still opens, and its dump is the one before.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup sigkill
C=$CLIENTELE
db=$tmp/shop.db
big=$tmp/big.csv
rows=400000

expect_exit 0 "the base: customers_ru.csv" "$C" import "$db" --customers "$DATA/customers_ru.csv" --quiet ||
	finish
# schema: the statements of the schema, sorted (an import that drops and
# rebuilds indexes moves them to the end of sqlite_schema).
schema() {
	sql "$db" .schema | sort
}

schema=
have_sqlite3 && schema=$(schema)
before=$(base_state "$db")

# Big enough to take a few seconds; the ids do not meet the base's.
awk -v n="$rows" 'BEGIN {
	print "id,email,phone,first_name,last_name,city,birth_date,lead_score"
	for (i = 1; i <= n; i++)
		printf "%d,user%d@example.com,+7912%07d,Имя%d,Фамилия%d,Город%d,19%02d-%02d-%02d,%d\n",
		    500000 + i, i, i, i, i, i % 500, 50 + i % 50, 1 + i % 12, 1 + i % 28, i % 100
}' >"$big" || fail "writing $big"
size=$(wc -c <"$big")

# start: the big import in the background; its pid in $pid.
start() {
	"$C" import "$db" --customers "$big" --quiet </dev/null >"$tmp/bg.out" 2>"$tmp/bg.err" &
	pid=$!
}

# alive: the background import has not exited yet.
alive() {
	kill -0 "$pid" 2>/dev/null
}

# wait_until COND...: polls COND while the import runs, for 60 s at most.
# Fails (status 1) when the import ended or the deadline passed first.
wait_until() {
	_deadline=$(($(date +%s) + 60))
	while alive; do
		"$@" && return 0
		[ "$(date +%s)" -lt "$_deadline" ] || return 1
		sleep 0.05 # a poll interval, not a synchronisation
	done
	return 1
}

# reading: the import is well into the rows (it has opened the base and
# begun its transaction): it has read half the file's size, by
# /proc/PID/io where Linux has it, else it has used a second of CPU.
reading() {
	if [ -r "/proc/$pid/io" ]; then
		_read=$(sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null)
		[ -n "$_read" ] && [ "$_read" -gt $((size / 2)) ]
	else
		# ps prints [[dd-]hh:]mm:ss: anything but zeros is a second.
		_cpu=$(ps -o time= -p "$pid" 2>/dev/null | tr -d ' :0-')
		[ -n "$_cpu" ]
	fi
}

# writing: pages of the import are in the -wal file (a spill of the page
# cache or the commit itself under way).
writing() {
	test -s "$db-wal"
}

# intact WHAT: the base opens and holds what it held before.
intact() {
	expect_exit 0 "$1: the base opens (clientele info)" "$C" info "$db" --json &&
		same "$1: still 8 customers" 8 "$(json customers)"
	same "$1: the dump is the one before" "$before" "$(base_state "$db")"
	if have_sqlite3; then
		same "$1: integrity_check" ok "$(sql "$db" "PRAGMA integrity_check")"
		same "$1: the schema is the one before (indexes too)" "$schema" "$(schema)"
	fi
}

# --- SIGKILL in the middle of the rows ----------------------------------------------
start
if wait_until reading; then
	kill -KILL "$pid"
	ws=0
	wait "$pid" || ws=$?
	same "SIGKILL mid-import: killed by the signal" 137 "$ws"
	intact "SIGKILL mid-import"
else
	wait "$pid"
	fail "SIGKILL mid-import: the import ended before it could be killed (make $big bigger)"
fi

# --- SIGINT (Ctrl-C) in the middle of the rows -----------------------------------------
start
if wait_until reading; then
	kill -INT "$pid"
	ws=0
	wait "$pid" || ws=$?
	check "SIGINT: the import fails (exit $ws)" test "$ws" -ne 0
	if grep -q 'interrupted' "$tmp/bg.err"; then
		pass "SIGINT: stderr says the import was interrupted"
	else
		fail "SIGINT: stderr does not mention 'interrupted'"
		show "$tmp/bg.err"
	fi
	check "SIGINT: no -wal or -shm file left (a clean exit)" test ! -e "$db-wal" -a ! -e "$db-shm"
	intact "SIGINT"
else
	wait "$pid"
	fail "SIGINT: the import ended before it could be interrupted (make $big bigger)"
fi

# --- SIGKILL while pages are going to the -wal -------------------------------------------
# Racy by nature: the kill may come while uncommitted pages are being
# written, or after the commit. The base must then be either exactly as
# before or hold the whole import, never a part of it.
start
wait_until writing
kill -KILL "$pid" 2>/dev/null
ws=0
wait "$pid" || ws=$?
run "$C" info "$db" --json
n=$(json customers)
if [ "$n" = 8 ]; then
	pass "SIGKILL while writing the -wal (exit $ws): the base is as before"
	intact "SIGKILL while writing the -wal"
elif [ "$n" = $((8 + rows)) ]; then
	pass "# SIGKILL while writing the -wal came after the commit (exit $ws): the import is whole"
	if have_sqlite3; then
		same "the whole import: metrics for every customer" "$n" \
			"$(sql "$db" "select count(*) from customer_metrics")"
		same "the whole import: integrity_check" ok "$(sql "$db" "PRAGMA integrity_check")"
		same "the whole import: the schema is the one before" "$schema" "$(schema)"
	fi
else
	fail "SIGKILL while writing the -wal (exit $ws): the base holds '$n' customers, neither 8 nor $((8 + rows))"
	show "$tmp/err"
fi

# After all that, the base still takes an import.
expect_exit 0 "the base takes an import afterwards" "$C" import "$db" --orders "$DATA/orders_ru.csv" --quiet

# --- SIGKILL mid-import into a new base ----------------------------------------------
# A new base is built under a temporary name and given its own once the
# import has succeeded: a killed one leaves no base under the name, and
# the next import creates it whole.
new=$tmp/new.db
"$C" import "$new" --customers "$big" --quiet </dev/null >"$tmp/bg.out" 2>"$tmp/bg.err" &
pid=$!
if wait_until reading; then
	kill -KILL "$pid"
	ws=0
	wait "$pid" || ws=$?
	same "SIGKILL into a new base: killed by the signal" 137 "$ws"
	check "SIGKILL into a new base: no base under its name" test ! -e "$new"
	check "SIGKILL into a new base: no -journal or -wal under its name" \
		test ! -e "$new-journal" -a ! -e "$new-wal"
	# What the killed import wrote stays under its temporary name (a
	# killed process removes nothing); it is not the base, and the next
	# import into that name removes it (its flock died with the process).
	left=$(ls "$new".new-* 2>/dev/null | wc -l)
	check "SIGKILL into a new base: its temporary file is left" test "$left" -ge 1
	expect_exit 0 "SIGKILL into a new base: the next import creates it" \
		"$C" import "$new" --customers "$big" --quiet
	run "$C" info "$new" --json
	same "SIGKILL into a new base: then it holds every customer" "$rows" "$(json customers)"
	same "SIGKILL into a new base: the next import removed the temporary file" "" \
		"$(ls "$new".new-* 2>/dev/null)"
else
	wait "$pid"
	fail "SIGKILL into a new base: the import ended before it could be killed (make $big bigger)"
fi

finish
