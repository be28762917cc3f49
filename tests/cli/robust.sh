#!/bin/sh
# Files that are not ours and output that cannot be written: another
# program's SQLite database is refused by every command and left untouched,
# a dry run writes nothing at all, output to a full device is a failure, and
# a full disk or a read-only base is said in words (the SQL under --verbose).
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup robust
C=$CLIENTELE
CUST=$DATA/customers_ru.csv

# files DIR: the names in DIR, sorted, on one line.
files() {
	(cd "$1" && ls -A | sort | tr '\n' ' ')
}

# --- Another program's SQLite database ------------------------------------------------
if have_sqlite3; then
	mkdir "$tmp/foreign"
	f=$tmp/foreign/app.db
	"$SQLITE3" "$f" "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
		INSERT INTO notes(body) VALUES ('keep me');"
	sum=$(sha256sum <"$f")
	listing=$(files "$tmp/foreign")
	for cmd in "import --customers $CUST --dry-run" "import --customers $CUST" "segments" \
		"tags --create VIP" "tags" "count:city = 1" "sql:city = 1" "info --json" "plan" \
		"segment add:X" "undo" "tag --add VIP --where:city = 1" "export --where:city = 1"; do
		case $cmd in
		*:*) rule=${cmd#*:} cmd=${cmd%%:*} ;;
		*) rule= ;;
		esac
		name=${cmd%% *}
		# shellcheck disable=SC2086 # the options are words
		case $cmd in
		"segment add") set -- segment add "$f" "$rule" ;;
		"tag --add VIP --where") set -- tag "$f" --add VIP --where "$rule" ;;
		"export --where") set -- export "$f" --where "$rule" -o "$tmp/out.csv" ;;
		*)
			if [ -n "$rule" ]; then
				set -- $cmd "$f" "$rule"
			else
				set -- $name "$f" ${cmd#"$name"}
			fi
			;;
		esac
		expect_exit 65 "foreign database: $cmd refuses it" "$C" "$@"
		err_contains "foreign database: $cmd says it is another program's" \
			"not a clientele base: it is another program's SQLite database"
		same "foreign database: $cmd leaves its bytes as they were" "$sum" "$(sha256sum <"$f")"
		same "foreign database: $cmd creates no file beside it" "$listing" "$(files "$tmp/foreign")"
	done
	same "foreign database: still in its journal mode" delete "$(sql "$f" 'PRAGMA journal_mode')"
	same "foreign database: still 1 object" 1 "$(sql "$f" 'SELECT count(*) FROM sqlite_schema')"
	# A schema version of its own does not make it ours either.
	sql "$f" 'PRAGMA user_version = 2'
	sum=$(sha256sum <"$f")
	expect_exit 65 "foreign database with user_version 2: tags --create refuses it" \
		"$C" tags "$f" --create VIP
	same "foreign database with user_version 2: left as it was" "$sum" "$(sha256sum <"$f")"
fi

# --- A dry run writes nothing at all ---------------------------------------------------
mkdir "$tmp/dry"
expect_exit 0 "dry run into a new file" "$C" import "$tmp/dry/new.db" --customers "$CUST" --dry-run --json
same "dry run into a new file: the summary counts the customers" \
	"$(awk 'NR > 1 && NF > 0' "$CUST" | wc -l)" "$(json customers.inserted)"
same "dry run into a new file: no file is created" "" "$(files "$tmp/dry")"
: >"$tmp/dry/empty.db"
expect_exit 0 "dry run into an empty file" "$C" import "$tmp/dry/empty.db" --customers "$CUST" --dry-run
same "dry run into an empty file: it stays empty" 0 "$(wc -c <"$tmp/dry/empty.db")"
rm -f "$tmp/dry/empty.db"
db=$tmp/dry/shop.db
expect_exit 0 "the base: customers_ru.csv" "$C" import "$db" --customers "$CUST" --quiet
sum=$(sha256sum <"$db")
expect_exit 0 "dry run of orders into a base" "$C" import "$db" --orders "$DATA/orders_ru.csv" --dry-run
same "dry run into a base: its bytes are as they were" "$sum" "$(sha256sum <"$db")"
same "dry run into a base: no file is left beside it" "shop.db " "$(files "$tmp/dry")"

# A dangling symbolic link is a name taken, not a new base: a plain error,
# no temporary file left, and no endless "created by another import".
ln -s "$tmp/nowhere/x.db" "$tmp/dry/link.db"
to=
command -v timeout >/dev/null 2>&1 && to="timeout 30"
expect_exit 66 "import into a dangling symbolic link" $to "$C" import "$tmp/dry/link.db" \
	--customers "$CUST" --quiet
same "import into a dangling symbolic link: nothing left beside it" "link.db shop.db " \
	"$(files "$tmp/dry")"
rm -f "$tmp/dry/link.db"

# --- Output that cannot be written -----------------------------------------------------
if [ -w /dev/full ]; then
	"$C" segment add "$db" Москвичи --rule 'city = "Москва"' >/dev/null 2>&1
	"$C" tags "$db" --create Постоянные >/dev/null 2>&1
	for cmd in "count:city = \"Москва\"" "sql:city = \"Москва\"" "segments" "info --json" "plan" \
		"tags" "--help"; do
		case $cmd in
		*:*) set -- "${cmd%%:*}" "$db" "${cmd#*:}" ;;
		--help) set -- --help ;;
		# shellcheck disable=SC2086 # the options are words
		*) set -- ${cmd%% *} "$db" ${cmd#"${cmd%% *}"} ;;
		esac
		st=0
		"$C" "$@" </dev/null >/dev/full 2>"$tmp/err" || st=$?
		same "${cmd%%:*} >/dev/full: exit 1" 1 "$st"
		err_has "${cmd%%:*} >/dev/full: says so" "clientele: write error: No space left on device"
	done
else
	echo "ok - # skip: no /dev/full"
fi

# --- A full disk -------------------------------------------------------------------------
# The file size limit (ulimit -f) stands in for a full disk: a write past it
# fails with EFBIG, as one fails with ENOSPC on a full disk; no root needed.
awk -v n=100000 'BEGIN {
	print "id,email,phone,first_name,city"
	for (i = 1; i <= n; i++)
		printf "%d,u%d@example.com,+7912%07d,Имя%d,Город%d\n", 500000 + i, i, i, i, i % 500
}' >"$tmp/big.csv"
before=$(base_state "$db")
# limited VERBOSE: the import of big.csv with files limited to 2 MB.
limited() {
	st=0
	sh -c 'trap "" XFSZ; ulimit -f 4096 && exec "$@"' sh \
		"$C" import "$db" --customers "$tmp/big.csv" --quiet $1 </dev/null >"$tmp/out" 2>"$tmp/err" ||
		st=$?
}
limited ""
same "full disk: the import exits 1" 1 "$st"
err_has "full disk: the message says what happened and what to do" \
	"clientele: the disk is full (writing $db): free some space and try again; nothing was changed"
if grep -q 'INSERT\|running' "$tmp/err"; then
	fail "full disk: the message shows SQL without --verbose"
	show "$tmp/err"
else
	pass "full disk: no SQL without --verbose"
fi
limited --verbose
err_contains "full disk, --verbose: the SQL is shown" '[running "INSERT INTO customers('
same "full disk: the base is as it was" "$before" "$(base_state "$db")"
sh -c 'trap "" XFSZ; ulimit -f 4096 && exec "$@"' sh \
	"$C" import "$tmp/dry/full.db" --customers "$tmp/big.csv" --quiet </dev/null >/dev/null 2>&1
same "full disk: a new base is not left behind" "shop.db " "$(files "$tmp/dry")"

# --- A read-only base --------------------------------------------------------------------
# chmod stops anyone but root; root is stopped by the immutable attribute.
ro=no
if [ "$(id -u)" != 0 ]; then
	chmod 0400 "$db" && ro=yes
elif command -v chattr >/dev/null 2>&1 && chattr +i "$db" 2>/dev/null; then
	ro=immutable
fi
if [ "$ro" != no ]; then
	expect_exit 1 "read-only base: tags --create fails" "$C" tags "$db" --create VIP
	err_has "read-only base: the message says the base is read-only" \
		"clientele: the base $db is read-only (its file, or the disk it is on): nothing was changed; make it writable, or work on a copy"
	expect_exit 1 "read-only base, --verbose" "$C" tags "$db" --create VIP --verbose
	err_contains "read-only base, --verbose: SQLite's words are shown" "attempt to write a readonly database"
	expect_exit 0 "read-only base: count still reads it" "$C" count "$db" 'city = "Москва"'
	if [ "$ro" = immutable ]; then
		chattr -i "$db"
	else
		chmod 0600 "$db"
	fi
else
	echo "ok - # skip: cannot make a file read-only for root here (no chattr +i)"
fi

finish
