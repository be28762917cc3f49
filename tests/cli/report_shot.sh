#!/bin/sh
# The report as a browser shows and prints it: Debian's chromium, headless,
# takes a screenshot of the demo's report (a PNG of the window's size, with
# far more drawn on it than on a blank page's) and prints it to PDF (a page
# at least for each of the six sections, which start on a new page).
# Skipped where chromium is not installed (it is not in CI's packages).
set -u
. "$SRCDIR/tests/cli/lib.sh"
browser=
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
[ -n "$browser" ] || skip "report_shot.sh needs chromium (Debian's chromium package)"
command -v timeout >/dev/null 2>&1 || skip "report_shot.sh needs timeout (coreutils)"
setup report_shot
C=$CLIENTELE
db=$tmp/demo.db

# browse ARGS...: headless chromium with its profile in the scratch directory
# (root in a container needs --no-sandbox).
browse() {
	HOME=$tmp/home timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$tmp/profile" "$@" >"$tmp/browser.log" 2>&1
}

# url FILE: its file:// URL.
url() {
	printf 'file://%s\n' "$1" | sed 's/%/%25/g; s/ /%20/g; s/#/%23/g'
}

# png_size FILE: "WIDTHxHEIGHT" from a PNG's IHDR.
png_size() {
	od -An -tu1 -j16 -N8 "$1" |
		awk '{ printf "%dx%d\n", $1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
			$5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

mkdir -p "$tmp/home" || finish
expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish
expect_exit 0 "a segment" "$C" segment add "$db" 'Мамы <script>' --rule 'gender = F'
expect_exit 0 "its plan" "$C" segment plan-set "$db" 'Мамы <script>' --who 'Мамы & папы' \
	--strategy 'Скидка <10 %>'
expect_exit 0 "the report" "$C" report "$db" -o "$tmp/report.html" || finish
printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>x</title></head><body></body></html>\n' \
	>"$tmp/blank.html"

browse --window-size=1000,3000 --screenshot="$tmp/blank.png" "$(url "$tmp/blank.html")"
browse --window-size=1000,3000 --screenshot="$tmp/report.png" "$(url "$tmp/report.html")"
if [ ! -s "$tmp/report.png" ]; then
	fail "chromium takes a screenshot of the report"
	show "$tmp/browser.log"
	finish
fi
pass "chromium takes a screenshot of the report"
same "the screenshot is a PNG" "89 50 4e 47" "$(od -An -tx1 -N4 "$tmp/report.png" | sed 's/^ *//')"
same "of the window's size" "1000x3000" "$(png_size "$tmp/report.png")"
r=$(wc -c <"$tmp/report.png")
b=$(wc -c <"$tmp/blank.png")
check "the report draws far more than a blank page ($r bytes against $b)" test "$r" -gt $((4 * b))

browse --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" "$(url "$tmp/report.html")"
check "chromium prints the report to PDF" test -s "$tmp/report.pdf"
pages=$(grep -ao '/Count [0-9]*' "$tmp/report.pdf" | awk '{ if ($2 > n) n = $2 } END { print n + 0 }')
check "each of the six sections starts a page ($pages pages)" test "$pages" -ge 6
finish
