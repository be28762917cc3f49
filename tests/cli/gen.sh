#!/bin/sh
# The base generator: reproduces the demo data byte for byte, is deterministic
# per seed, gives exact order counts, and rejects bad options with status 2.
set -eu

: "${CLIENTELE_GEN:?set by the test harness}"
: "${SRCDIR:?set by the test harness}"
: "${BUILDDIR:?set by the test harness}"

if [ ! -x "$CLIENTELE_GEN" ]; then
	echo "skip - $CLIENTELE_GEN not built"
	exit 77
fi

# Not tests/cli/lib.sh: that one needs the program, this test only the generator.
mkdir -p "$BUILDDIR/tests/tmp"
tmp=$(mktemp -d "$BUILDDIR/tests/tmp/gen-XXXX")
# Scratch files are removed when every check passed, kept otherwise.
trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$tmp"; else echo "# scratch files kept in $tmp"; fi; exit $status' EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "not ok - $*"
	exit 1
}

# The command and seed of data/demo/README.md.
"$CLIENTELE_GEN" --customers 3000 --orders-per-customer 5 --seed 2026 --out "$tmp/demo" ||
	fail "generating the demo base"
for f in customers.csv orders.csv; do
	cmp -s "$tmp/demo/$f" "$SRCDIR/data/demo/$f" ||
		fail "data/demo/$f is not what the generator writes (regenerate it, see data/demo/README.md)"
done
echo "ok - the demo base is reproduced byte for byte"

"$CLIENTELE_GEN" --customers 1000 --seed 7 --out "$tmp/a" || fail "seed 7, first run"
"$CLIENTELE_GEN" --customers 1000 --seed 7 --out "$tmp/b" || fail "seed 7, second run"
for f in customers.csv orders.csv; do
	cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "two runs with seed 7 differ in $f"
done
echo "ok - the same seed gives the same files"

"$CLIENTELE_GEN" --customers 1000 --seed 8 --out "$tmp/c" || fail "seed 8"
for f in customers.csv orders.csv; do
	if cmp -s "$tmp/a/$f" "$tmp/c/$f"; then
		fail "seeds 7 and 8 give the same $f"
	fi
done
echo "ok - another seed gives other files"

"$CLIENTELE_GEN" --customers 1000 --orders 5000 --seed 7 --out "$tmp/d" || fail "--orders 5000"
rows=$(($(wc -l <"$tmp/d/orders.csv") - 1))
[ "$rows" -eq 5000 ] || fail "--orders 5000 wrote $rows order rows"
rows=$(($(wc -l <"$tmp/d/customers.csv") - 1))
[ "$rows" -eq 1000 ] || fail "--customers 1000 wrote $rows customer rows"
echo "ok - --orders 5000 writes exactly 5000 order rows"

head -n 1 "$tmp/d/customers.csv" >"$tmp/header"
echo "id,email,phone,first_name,last_name,gender,birth_date,city,region,country,status,stage,source,device,created_at,last_activity,last_email_open,email_consent,sms_consent,lead_score,school_stage,grade,interests,tags" |
	cmp -s - "$tmp/header" || fail "customers.csv header changed"
head -n 1 "$tmp/d/orders.csv" >"$tmp/header"
echo "order_id,customer_id,date,amount,category,product" |
	cmp -s - "$tmp/header" || fail "orders.csv header changed"
echo "ok - the headers are as documented"

"$CLIENTELE_GEN" --customers 1000 --seed 7 --messy --out "$tmp/m" || fail "--messy"
rows=$(($(wc -l <"$tmp/m/customers.csv") - 1))
[ "$rows" -eq 1000 ] || fail "--messy wrote $rows customer rows"
grep -q 'NULL\|N/A' "$tmp/m/customers.csv" || fail "--messy wrote no NULL or N/A marker"
echo "ok - --messy writes the same number of rows, untidily"

status=0
"$CLIENTELE_GEN" --no-such-option >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || fail "a bad option exits $status, not 2"
grep -q '^clientele-gen: ' "$tmp/err" || fail "a bad option's message lacks the 'clientele-gen: ' prefix"
status=0
"$CLIENTELE_GEN" --customers many >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || fail "a bad number exits $status, not 2"
status=0
"$CLIENTELE_GEN" --orders 10 --orders-per-customer 2 >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] || fail "--orders with --orders-per-customer exits $status, not 2"
echo "ok - bad options exit 2 with a message"

"$CLIENTELE_GEN" --help >"$tmp/out" || fail "--help failed"
grep -q '^Usage: clientele-gen' "$tmp/out" || fail "--help prints no usage"
echo "ok - --help prints the usage"
