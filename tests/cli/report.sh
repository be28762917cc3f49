#!/bin/sh
# clientele report on the demo data with a small tree whose names and plans
# hold Cyrillic and HTML's special characters: the file is parsed (xmllint's
# HTML parser, Debian's libxml2-utils) and holds no script, no link outside
# itself; each segment's size is `clientele count --segment`'s, the plans
# read back as typed (escaped, not markup), the grids' numbers are those of
# `clientele rfm --csv` and `abc --csv`, the compare table's sizes the
# counts, the histograms' bars `clientele hist --csv`'s; the headings follow
# LANG; the file is replaced only with --force and a failure leaves none;
# the exit statuses are SPEC §7's.
set -u
. "$SRCDIR/tests/cli/lib.sh"
command -v xmllint >/dev/null 2>&1 ||
	skip "report.sh parses the report with xmllint (Debian's libxml2-utils)"
setup report
C=$CLIENTELE
db=$tmp/demo.db
html=$tmp/report.html

# x XPATH [FILE]: the XPath's value in the report, as xmllint's HTML parser
# reads it.
x() {
	xmllint --html --xpath "$1" "${2:-$html}" 2>/dev/null
}

expect_exit 0 "the demo base" "$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || finish
mums='Мамы <script>'
moscow="$mums/Москва & Co"
expect_exit 0 "a segment named with <script>" "$C" segment add "$db" "$mums" --rule 'gender = F'
expect_exit 0 "a child named with &" "$C" segment add "$db" "$moscow" --rule 'city = Москва'
expect_exit 0 "a second top-level segment" "$C" segment add "$db" 'Clients "VIP"' \
	--rule 'orders >= 5'
who='Мамы школьников <b>"Київ"</b> & папы'
strategy='<script>alert("x")</script> & <img src=x onerror=alert(1)>
вторая строка'
expect_exit 0 "a plan with markup in it" "$C" segment plan-set "$db" "$mums" --who "$who" \
	--strategy "$strategy"
expect_exit 0 "a plan of the child" "$C" segment plan-set "$db" "$moscow" --where "Telegram's <channel>"

# --- usage and files ------------------------------------------------------------
expect_exit 2 "report without -o" "$C" report "$db"
err_contains "report without -o says where to" "-o FILE"
expect_exit 66 "report of a missing base" "$C" report "$tmp/nosuch.db" -o "$html"
check "a missing base writes no report" test ! -e "$html"
expect_exit 2 "report --hist of an unknown field" "$C" report "$db" -o "$html" --hist nosuch
err_contains "the unknown field is named" '"nosuch"'
expect_exit 65 "report --compare of an unknown segment" "$C" report "$db" -o "$html" --compare Nope
same "a failed report leaves no file, not even a temporary one" \
	"demo.db" "$(cd "$tmp" && ls -A | grep -v '^demo\.db-\|^out$\|^err$' | tr '\n' ' ' | sed 's/ $//')"
expect_exit 2 "report over the base itself" "$C" report "$db" -o "$db" --force
err_contains "the base is not overwritten" "the base itself"

expect_exit 0 "report" "$C" report "$db" -o "$html" || finish
check "the report is written" test -s "$html"
same "and nothing else beside it" "demo.db report.html" \
	"$(cd "$tmp" && ls -A | grep -v '^demo\.db-\|^out$\|^err$' | tr '\n' ' ' | sed 's/ $//')"
echo mine >"$tmp/mine.html"
expect_exit 1 "an existing file without --force" "$C" report "$db" -o "$tmp/mine.html"
err_contains "the message names --force" "--force"
same "the existing file is kept" "mine" "$(cat "$tmp/mine.html")"
expect_exit 0 "an existing file with --force" "$C" report "$db" -o "$tmp/mine.html" --force
same "--force replaces it with the report" "$(tail -n 1 "$html")" "$(tail -n 1 "$tmp/mine.html")"
expect_exit 0 "report -o - writes to standard output" "$C" report "$db" -o -
same "-o - prints the document" "<!DOCTYPE html>" "$(head -n 1 "$tmp/out")"

# --- a document that parses, self-contained ---------------------------------------
xmllint --html --noout "$html" 2>"$tmp/parse"
# libxml2's parser is HTML 4's: inline SVG's elements are unknown to it
grep 'parser error' "$tmp/parse" | grep -v 'Tag \(svg\|rect\|line\|text\|title\) invalid' \
	>"$tmp/bad_parse"
if [ -s "$tmp/bad_parse" ]; then
	fail "xmllint --html parses the report (SVG's tags aside)"
	show "$tmp/bad_parse"
else
	pass "xmllint --html parses the report (SVG's tags aside)"
fi
# each inline SVG is well-formed XML on its own
awk '/^<svg /{n++; f=sprintf("%s/svg%d.xml", dir, n)} f{print > f} /^<\/svg>/{close(f); f=""}' \
	dir="$tmp" "$html"
bad=0
for f in "$tmp"/svg*.xml; do
	xmllint --noout "$f" 2>/dev/null || { bad=1; show "$f"; }
done
same "each histogram is well-formed SVG" 0 "$bad"
same "the document says its encoding" "utf-8" "$(x 'string(//meta/@charset)')"
same "no script element" 0 "$(x 'count(//script)')"
same "no element that loads something" 0 \
	"$(x 'count(//link|//img|//iframe|//object|//embed|//audio|//video|//source)')"
same "no src attribute" 0 "$(x 'count(//@src)')"
same "no event handler attribute" 0 "$(x 'count(//@*[starts-with(name(), "on")])')"
same "every link stays in the page" 0 "$(x 'count(//@href[not(starts-with(., "#"))])')"
check "no URL anywhere (no http, no url(), no @import)" \
	sh -c '! grep -Eqi "https?:|url\(|@import|javascript:" "$1"' sh "$html"
check "a style for print" grep -q '@media print' "$html"
check "sections start on a new page in print" grep -q 'break-before:page' "$html"

# --- the tree: each segment's size is clientele count's ---------------------------
same "all customers" "$("$C" count "$db" 'orders >= 0')" \
	"$(x 'string(//table[@class="tree"]/tr[@data-path=""]/td[2])')"
bad=0
for p in "$mums" "$moscow" 'Clients "VIP"'; do
	want=$("$C" count "$db" --segment "$p")
	got=$(x "string(//table[@class=\"tree\"]/tr[@data-path='$p']/td[2])")
	[ "$want" = "$got" ] || { bad=1; echo "# $p: the report says \"$got\", count says $want"; }
done
same "each segment's size is clientele count --segment's" 0 "$bad"
same "the child is shown by its name" "Москва & Co" \
	"$(x 'string(//table[@class="tree"]/tr[4]/td[1])')"

# the trend since the previous recorded count, as clientele segments shows it
cp "$db" "$tmp/trend.db"
run "$C" segments "$tmp/trend.db"
before=$("$C" count "$tmp/trend.db" --segment 'Clients "VIP"')
expect_exit 0 "a wider rule" "$C" segment rule "$tmp/trend.db" 'Clients "VIP"' 'orders >= 3'
run "$C" segments "$tmp/trend.db"
after=$("$C" count "$tmp/trend.db" --segment 'Clients "VIP"')
expect_exit 0 "report after the change" "$C" report "$tmp/trend.db" -o "$tmp/t.html"
same "the trend is the change since the previous count" "↑$((after - before))" \
	"$(x "string(//table[@class=\"tree\"]/tr[@data-path='Clients \"VIP\"']/td[5])" "$tmp/t.html")"
same "a segment whose count did not change has no trend" "" \
	"$(x "string(//table[@class=\"tree\"]/tr[@data-path='$mums']/td[5])" "$tmp/t.html")"

# --- the plans: escaped, read back as typed -----------------------------------------
plan="//div[@class=\"plan\"][@data-path='$mums']"
same "the plan's who reads as typed" "$who" "$(x "string($plan//dd[1])")"
same "the plan's strategy reads as typed, its two lines kept" "$strategy" \
	"$(x "string($plan//dd[2])")"
same "the plan's markup stays text" 0 "$(x "count($plan//b|$plan//img)")"
check "the plan's < and & are escaped in the file" \
	grep -Fq '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img' "$html"
same "the child's plan" "Telegram's <channel>" \
	"$(x "string(//div[@class=\"plan\"][@data-path=\"$moscow\"]//dd[1])")"

# --- the grids: rfm --csv's and abc --csv's figures ----------------------------------
expect_exit 0 "rfm --csv" "$C" rfm "$db" --csv
tr -d '\r' <"$tmp/out" >"$tmp/rfm.csv"
bad=0
n=0
while IFS=, read -r kind _r _f name rule count _rest; do
	case $kind in
	cell) got=$(x "string(//table[@id=\"rfm-grid\"]//td[@data-rule=\"$rule\"]/b)") ;;
	segment) got=$(x "string(//tr[@data-rule=\"$rule\"]/td[2])") ;;
	*) continue ;;
	esac
	n=$((n + 1))
	[ "$got" = "$count" ] || { bad=1; echo "# $kind $name $rule: report $got, rfm --csv $count"; }
done <"$tmp/rfm.csv"
same "the 25 cells and 10 named segments are compared" 35 "$n"
same "the RFM grid and named segments have rfm --csv's counts" 0 "$bad"
none=$(awk -F, '$1 == "none" { print $6 }' "$tmp/rfm.csv")
check "the customers without a purchase ($none) are said" \
	grep -q "Without a purchase: $none<" "$html"
expect_exit 0 "abc --csv" "$C" abc "$db" --csv
tr -d '\r' <"$tmp/out" >"$tmp/abc.csv"
bad=0
n=0
while IFS=, read -r _abc _xyz rule count _rest; do
	[ "$rule" = rule ] && continue
	n=$((n + 1))
	got=$(x "string(//table[@id=\"abc-grid\"]//td[@data-rule=\"$rule\"]/b)")
	[ "$got" = "$count" ] || { bad=1; echo "# $rule: report $got, abc --csv $count"; }
done <"$tmp/abc.csv"
same "the 16 ABC×XYZ cells are compared" 16 "$n"
same "the ABC×XYZ grid has abc --csv's counts" 0 "$bad"
same "the grid's cells are coloured" 25 \
	"$(x 'count(//table[@id="rfm-grid"]//td[starts-with(@style, "background:#")])')"

# --- the compare table ---------------------------------------------------------------
same "by default: all customers and the two top-level segments" 3 \
	"$(x 'count(//table[@class="compare"]/tr[1]/th[@data-path])')"
same "the compare table's sizes are the counts" \
	"$("$C" count "$db" 'orders >= 0') $("$C" count "$db" --segment "$mums") $("$C" count "$db" --segment 'Clients "VIP"')" \
	"$(x '//table[@class="compare"]/tr[2]/td' | sed 's/<[^>]*>//g' | tr '\n' ' ' | sed 's/ $//')"
expect_exit 0 "report --compare two segments" "$C" report "$db" -o "$tmp/c.html" \
	--compare "$moscow" --compare ""
same "--compare: those columns, in that order" "$moscow|" \
	"$(x 'concat(//table[@class="compare"]/tr[1]/th[2]/@data-path, "|", //table[@class="compare"]/tr[1]/th[3]/@data-path)' "$tmp/c.html")"
same "--compare: the child's size" "$("$C" count "$db" --segment "$moscow")" \
	"$(x 'string(//table[@class="compare"]/tr[2]/td[1])' "$tmp/c.html")"

expect_exit 2 "--compare seven times" "$C" report "$db" -o "$tmp/c7.html" --compare "" \
	--compare "" --compare "" --compare "" --compare "" --compare "" --compare ""
cp "$db" "$tmp/wide.db"
for k in 3 4 5 6; do
	run "$C" segment add "$tmp/wide.db" "Top $k" --rule "orders >= $k"
done
expect_exit 0 "report of a tree with six top-level segments" "$C" report "$tmp/wide.db" \
	-o "$tmp/wide.html"
same "the default table: all customers and the first five" "|$mums|Clients \"VIP\"|Top 3|Top 4|Top 5" \
	"$(x '//table[@class="compare"]/tr[1]/th/@data-path' "$tmp/wide.html" |
		sed 's/^ *data-path="\(.*\)"$/\1/; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' | tr '\n' '|' | sed 's/|$//')"
check "the note says one more is left out" grep -q 'Top-level segments left out: 1;' "$tmp/wide.html"

# --- histograms: hist --csv's buckets --------------------------------------------------
same "four histograms by default" "spent orders last_order age" \
	"$(x '//div[@class="chart"]/@data-field' | sed 's/ *data-field="\([^"]*\)"/\1/' | tr '\n' ' ' |
		sed 's/ $//')"
expect_exit 0 "report --hist age" "$C" report "$db" -o "$tmp/h.html" --hist age
same "--hist: that one alone" 1 "$(x 'count(//svg)' "$tmp/h.html")"
expect_exit 0 "hist age --csv" "$C" hist "$db" age --csv
tr -d '\r' <"$tmp/out" | awk -F, 'NR > 1 { print ($1 == "" ? "(empty)" : $1 " – " $2) ": " $4 }' \
	>"$tmp/want_bars"
n=$(x 'count(//svg//*[local-name()="title"])' "$tmp/h.html")
i=1
: >"$tmp/got_bars"
while [ "$i" -le "$n" ]; do
	printf '%s\n' "$(x "string((//svg//*[local-name()=\"title\"])[$i])" "$tmp/h.html")" \
		>>"$tmp/got_bars"
	i=$((i + 1))
done
same "each bar is a bucket of hist --csv with its count" "$(cat "$tmp/want_bars")" \
	"$(cat "$tmp/got_bars")"

# --- the user's language ----------------------------------------------------------------
if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\{0,1\}8$'; then
	expect_exit 0 "report in Russian" env LANG=ru_RU.UTF-8 LC_ALL= LANGUAGE= "$C" report "$db" \
		-o "$tmp/ru.html"
	same "the Russian report says its language" "ru" "$(x 'string(/html/@lang)' "$tmp/ru.html")"
	same "its title is Russian" "Отчёт о сегментации" "$(x 'string(//h1)' "$tmp/ru.html")"
	same "its headings are Russian" "Сегменты|Планы|Сравнение сегментов|RFM|ABC×XYZ|Гистограммы" \
		"$(x '//h2' "$tmp/ru.html" | sed 's/<[^>]*>//g' | tr '\n' '|' | sed 's/|$//')"
else
	echo "# skipped the Russian report: no ru_RU.UTF-8 locale"
fi

# --- a segment that cannot be counted ----------------------------------------------------
if have_sqlite3; then
	cp "$db" "$tmp/broken.db"
	sql "$tmp/broken.db" "UPDATE segments SET rule = 'orders >= three' WHERE name = 'Clients \"VIP\"'"
	expect_exit 65 "a segment that cannot be counted: the report, and 65" "$C" report \
		"$tmp/broken.db" -o "$tmp/b.html"
	check "its row says why" grep -q 'class="err"' "$tmp/b.html"
	same "it is left out of the compare table" 2 \
		"$(x 'count(//table[@class="compare"]/tr[1]/th[@data-path])' "$tmp/b.html")"
fi
finish
