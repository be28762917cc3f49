#!/bin/sh
# Values at import: the date forms --as-of takes, phones made E.164 with an
# assumed country, values impossible in context (birth dates, ages, NUL
# bytes), and spent net of refunds.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup values
C=$CLIENTELE
printf 'id,email\n1,a@b.cd\n' >"$tmp/one.csv"

# --- --as-of in every date form a file may use ------------------------------------
for d in 2024-03-31 31.03.2024 03/31/2024 31/03/2024 '2024-03-31 10:15' 31.03.2024T08:00; do
	rm -f "$tmp/asof.db"
	expect_exit 0 "import --as-of '$d'" "$C" import "$tmp/asof.db" --customers "$tmp/one.csv" \
		--as-of "$d" --json
	same "--as-of '$d' sets the reference date" 2024-03-31 "$(json reference_date)"
done
rm -f "$tmp/asof.db"
expect_exit 0 "import --as-of 03/04/2024 --date-format dd/mm/yyyy" \
	"$C" import "$tmp/asof.db" --customers "$tmp/one.csv" --as-of 03/04/2024 \
	--date-format dd/mm/yyyy --json
same "--as-of 03/04/2024, day first" 2024-04-03 "$(json reference_date)"
expect_exit 2 "import --as-of 03/04/2024 (day or month first?) alone" \
	"$C" import "$tmp/x.db" --customers "$tmp/one.csv" --as-of 03/04/2024
err_contains "the message says how to settle it" "--date-format"
expect_exit 2 "import --as-of 2024-02-30 (no such day)" \
	"$C" import "$tmp/x.db" --customers "$tmp/one.csv" --as-of 2024-02-30
check "no base is left behind by a bad --as-of" test ! -e "$tmp/x.db"

finish
