#!/bin/sh
# Two programs at one base: parallel imports never lose committed data nor
# fail with a spurious "already exists"; a held base is called busy, with
# who holds it, while readers keep reading; a hot journal left by a killed
# writer is rolled back by the next open, of any kind.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup concurrent
C=$CLIENTELE
CUST=$DATA/customers_ru.csv
# The customers the file holds (one a line after the header), counted here.
ncust=$(awk 'NR > 1 && NF > 0' "$CUST" | wc -l)
# Waits for a busy base are short here: the tests hold it on purpose.
CLIENTELE_BUSY_TIMEOUT=200
export CLIENTELE_BUSY_TIMEOUT

# pair DB ROUND: two imports of the same file at once into DB; their exit
# statuses in $s1 $s2, their stderr in $tmp/e1.ROUND $tmp/e2.ROUND.
pair() {
	"$C" import "$1" --customers "$CUST" --quiet </dev/null >/dev/null 2>"$tmp/e1.$2" &
	_p1=$!
	"$C" import "$1" --customers "$CUST" --quiet </dev/null >/dev/null 2>"$tmp/e2.$2" &
	_p2=$!
	s1=0 s2=0
	wait "$_p1" || s1=$?
	wait "$_p2" || s2=$?
}

# judge WHAT DB ROUND: after a pair, the base holds the file's customers when
# either import succeeded, and a failure only ever says the base was busy.
judge() {
	if [ "$s1" -eq 0 ] || [ "$s2" -eq 0 ]; then
		_n=$("$C" count "$2" 'email is not empty or email is empty' 2>&1)
		if [ "$_n" != "$ncust" ]; then
			fail "$1, round $3: exits $s1/$s2, but the base holds '$_n' customers, not $ncust"
			return
		fi
	else
		fail "$1, round $3: both imports failed ($s1/$s2)"
		show "$tmp/e1.$3"
		return
	fi
	for _e in "$tmp/e1.$3" "$tmp/e2.$3"; do
		if grep -q 'already exists' "$_e" ||
			{ [ -s "$_e" ] && ! grep -q 'is busy\|created by another import' "$_e"; }; then
			fail "$1, round $3: a failure that is not 'busy'"
			show "$_e"
			return
		fi
	done
	ok_rounds=$((ok_rounds + 1))
}

# --- Two imports at once into a base that does not exist yet ----------------------
ok_rounds=0 both=0
r=1
while [ $r -le 30 ]; do
	pair "$tmp/new$r.db" "n$r"
	judge "new base" "$tmp/new$r.db" "n$r"
	[ "$s1" -eq 0 ] && [ "$s2" -eq 0 ] && both=$((both + 1))
	r=$((r + 1))
done
same "new base: 30 rounds of two parallel imports keep the data, fail only as busy" 30 "$ok_rounds"
same "new base: both imports of every round succeed" 30 "$both"
check "new base: no temporary file is left" test -z "$(find "$tmp" -name '*.new-*')"
[ -e "$tmp/new1.db" ] && check "new base: mode 0600" test "$(stat -c %a "$tmp/new1.db")" = 600

# --- The same into an existing base: the custom field "Бонусы" is new to it --------
"$C" import "$tmp/seed.db" --orders "$DATA/orders_ru.csv" --quiet </dev/null >/dev/null 2>&1 ||
	fail "seed base: import of orders_ru.csv"
ok_rounds=0
r=1
while [ $r -le 30 ]; do
	cp "$tmp/seed.db" "$tmp/old$r.db"
	pair "$tmp/old$r.db" "o$r"
	judge "existing base" "$tmp/old$r.db" "o$r"
	r=$((r + 1))
done
same "existing base: 30 rounds of two parallel imports, no spurious 'already exists'" 30 "$ok_rounds"

# --- A base held by a writer -----------------------------------------------------------
db=$tmp/shop.db
expect_exit 0 "the base: customers_ru.csv" "$C" import "$db" --customers "$CUST" --quiet || finish
# A segment, whose count segments would add to the history.
expect_exit 0 "the base: a segment" "$C" segment add "$db" Moscow --rule 'city = "Москва"'

if have_sqlite3; then
	# The sqlite3 shell holds the write lock, fed through a FIFO: it deletes
	# every customer in a transaction it does not commit.
	moscow=$(sql "$db" "SELECT count(*) FROM customers WHERE city = 'Москва'")
	mkfifo "$tmp/fifo"
	"$SQLITE3" "$db" <"$tmp/fifo" >"$tmp/shell.out" 2>&1 &
	shell=$!
	exec 3>"$tmp/fifo"
	echo "BEGIN EXCLUSIVE; DELETE FROM customers; SELECT 'held';" >&3
	deadline=$(($(date +%s) + 20))
	until grep -q held "$tmp/shell.out" || [ "$(date +%s)" -ge "$deadline" ]; do
		sleep 0.05 # a poll interval, not a synchronisation
	done
	expect_exit 1 "held by sqlite3: tags --create is refused" "$C" tags "$db" --create VIP
	err_has "held by sqlite3: the message says busy and who holds it" \
		"clientele: the base $db is busy: sqlite3 (pid $shell) is writing it; try again when it has finished"
	# A file not imported yet: the same file again would be left alone
	# without writing anything, busy base or not.
	printf 'email,city\nheld@example.com,Москва\n' >"$tmp/new.csv"
	expect_exit 1 "held by sqlite3: an import is refused" "$C" import "$db" --customers "$tmp/new.csv" --quiet
	err_contains "held by sqlite3: the import says busy" "is busy: sqlite3 (pid $shell)"
	if grep -q 'not a clientele base' "$tmp/err"; then
		fail "held by sqlite3: the base is called 'not a clientele base'"
	fi
	expect_exit 0 "held by sqlite3: count reads the base" "$C" count "$db" 'email is not empty or email is empty'
	same "held by sqlite3: count sees the committed customers" "$ncust" "$(cat "$tmp/out")"
	expect_exit 0 "held by sqlite3: info reads the base" "$C" info "$db" --json
	same "held by sqlite3: info sees the committed customers" "$ncust" "$(json customers)"
	expect_exit 0 "held by sqlite3: segments reads the base, without waiting to record" \
		"$C" segments "$db"
	check "held by sqlite3: segments counts the segment" \
		grep -Eq "^  Moscow +$moscow " "$tmp/out"
	echo "ROLLBACK; .quit" >&3
	exec 3>&-
	wait "$shell"
fi

# A long import holds the base: readers read the data before it, writers
# are told who is writing.
rows=200000
awk -v n="$rows" 'BEGIN {
	print "id,email,phone,first_name,last_name,city"
	for (i = 1; i <= n; i++)
		printf "%d,user%d@example.com,+7912%07d,Имя%d,Фамилия%d,Город%d\n",
		    500000 + i, i, i, i, i, i % 500
}' >"$tmp/big.csv"
size=$(wc -c <"$tmp/big.csv")
"$C" import "$db" --customers "$tmp/big.csv" --quiet </dev/null >"$tmp/bg.out" 2>"$tmp/bg.err" &
pid=$!
# Into its transaction: it has read half the file (Linux /proc/PID/io).
deadline=$(($(date +%s) + 60))
into=no
while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do
	read_bytes=$(sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null)
	if [ -n "$read_bytes" ] && [ "$read_bytes" -gt $((size / 2)) ]; then
		into=yes
		break
	fi
	sleep 0.05 # a poll interval, not a synchronisation
done
if [ "$into" = yes ]; then
	run "$C" count "$db" 'email is not empty or email is empty'
	alive=no
	kill -0 "$pid" 2>/dev/null && alive=yes
	if [ "$alive" = yes ]; then
		same "during a long import: count reads the base (exit $st)" "0 $ncust" "$st $(cat "$tmp/out")"
		run "$C" tags "$db" --create VIP
		if kill -0 "$pid" 2>/dev/null; then
			same "during a long import: tags --create exits 1" 1 "$st"
			err_has "during a long import: the message names the import and its pid" \
				"clientele: the base $db is busy: clientele import (pid $pid) is writing it; try again when it has finished"
		fi
	fi
	kill -INT "$pid" 2>/dev/null
else
	echo "ok - # skip: no /proc/PID/io, or the import ended too soon"
fi
wait "$pid"

# --- A hot journal left by a killed writer ---------------------------------------------
if have_sqlite3; then
	db=$tmp/hot.db
	"$C" import "$db" --customers "$CUST" --quiet </dev/null >/dev/null 2>&1
	before=$(base_state "$db")
	# The shell takes the base to a rollback journal, writes more pages than
	# its cache holds (they spill into the base), and is killed.
	mkfifo "$tmp/fifo2"
	"$SQLITE3" "$db" <"$tmp/fifo2" >"$tmp/shell2.out" 2>&1 &
	shell=$!
	exec 4>"$tmp/fifo2"
	cat >&4 <<'EOF'
PRAGMA journal_mode = DELETE;
PRAGMA cache_size = 10;
BEGIN;
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000)
INSERT INTO meta(key, value) SELECT 'junk' || i, hex(randomblob(300)) FROM r;
UPDATE customers SET city = 'Нигде';
SELECT 'spilled';
EOF
	deadline=$(($(date +%s) + 20))
	until grep -q spilled "$tmp/shell2.out" || [ "$(date +%s)" -ge "$deadline" ]; do
		sleep 0.05 # a poll interval, not a synchronisation
	done
	# While it holds the base with a rollback journal (the lock is on the
	# base itself, not on a -shm), it is named too.
	expect_exit 1 "rollback journal held by sqlite3: tags --create is refused" \
		"$C" tags "$db" --create VIP
	err_contains "rollback journal held by sqlite3: the message names it" "is busy: sqlite3 (pid $shell)"
	kill -KILL "$shell"
	exec 4>&-
	wait "$shell" 2>/dev/null
	check "killed writer: a hot journal is left" test -s "$db-journal"
	expect_exit 0 "hot journal: count opens the base" "$C" count "$db" 'city = "Нигде"'
	same "hot journal: count sees none of the killed writer's changes" 0 "$(cat "$tmp/out")"
	expect_exit 0 "hot journal: info opens the base" "$C" info "$db" --json
	same "hot journal: info sees the customers" "$ncust" "$(json customers)"
	expect_exit 0 "hot journal: segments opens the base" "$C" segments "$db"
	check "hot journal: rolled back (the journal is gone)" test ! -s "$db-journal"
	same "hot journal: the base is the one before the killed writer" "$before" "$(base_state "$db")"
fi

finish
