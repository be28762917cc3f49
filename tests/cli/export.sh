#!/bin/sh
# Exports on real files: the presets down to the bytes (BOM, ';', CRLF,
# header names), formula neutralising, hygiene counts in the summary,
# samples and splits, -o -, --force, and no file left behind by a failed or
# interrupted export.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup export
C=$CLIENTELE
db=$tmp/shop.db
hyg=$tmp/hyg.db

expect_exit 0 "the base: customers_ru.csv" "$C" import "$db" --customers "$DATA/customers_ru.csv" --quiet ||
	finish

# A base for hygiene: consents, opens, tags, cells a spreadsheet would run.
cat >"$tmp/hyg.csv" <<'EOF'
id,email,phone,first_name,last_name,city,email_consent,sms_consent,last_email_open,tags
1,anna@example.ru,+79161234501,Анна,Иванова,Москва,yes,yes,2026-10-01,vip; beta
2,boris@example.ru,+79161234502,Борис,Петров,Казань,no,yes,2026-09-15,
3,,89161234503,Вера,Сидорова,Москва,yes,no,2026-10-20,
5,old@example.com,+447700900005,Old,Timer,London,yes,,2025-01-01,
6,formula@example.com,+79161234506,"=HYPERLINK(""http://x"")",-minus,@SUM(A1),yes,yes,2026-10-29,
7,quote@example.com,+79161234507,"Say ""hi""","Line
break","Semi;colon",yes,yes,2026-10-30,beta
EOF
expect_exit 0 "the hygiene base" "$C" import "$hyg" --customers "$tmp/hyg.csv" --as-of 2026-10-31 --quiet ||
	finish

# --- the default export --------------------------------------------------------------
out=$tmp/out.csv
expect_exit 0 "export of Moscow" "$C" export "$db" --where 'city = "москва"' -o "$out"
same "summary: selected" "selected         4" "$(sed -n 1p "$tmp/out")"
same "summary: written" "written          4 to $out" "$(sed -n 2p "$tmp/out")"
same "default header, id first" "id,email,phone,first_name,last_name,city,tags" "$(sed -n 1p "$out")"
same "a +7 phone is neutralised by default" \
	"1001,anna.ivanova@example.ru,'+79123456701,Анна,Иванова,Москва," "$(sed -n 2p "$out")"
same "4 customers and the header" 5 "$(wc -l <"$out" | tr -d ' ')"
same "mode 0600: personal data" 600 "$(stat -c %a "$out" 2>/dev/null || stat -f %Lp "$out")"

# --- overwriting ----------------------------------------------------------------------
cp "$out" "$tmp/before.csv"
expect_exit 1 "an existing file is not overwritten" "$C" export "$db" --where '' -o "$out"
err_has "the message names the file and --force" "clientele: $out exists; give --force to overwrite it"
check "the file is untouched" cmp -s "$out" "$tmp/before.csv"
expect_exit 0 "--force overwrites" "$C" export "$db" --where '' -o "$out" --force
same "now the whole base" 9 "$(wc -l <"$out" | tr -d ' ')"

# --- presets, byte by byte -----------------------------------------------------------
printf 'Email Address,First Name,Last Name,Phone Number\nanna.ivanova@example.ru,Анна,Иванова,+79123456701\nolga.k@example.ua,Ольга,Коваленко,+380441234567\n' >"$tmp/want"
expect_exit 0 "--preset mailchimp" "$C" export "$db" --where 'id in (1001, 1003)' --preset mailchimp -o "$tmp/mc.csv"
check "mailchimp: header names, E.164 phones as they are, ',' and LF, no BOM" cmp -s "$tmp/want" "$tmp/mc.csv"

printf 'EMAIL,FIRSTNAME,LASTNAME,SMS\nanna.ivanova@example.ru,Анна,Иванова,+79123456701\n' >"$tmp/want"
expect_exit 0 "--preset brevo" "$C" export "$db" --where 'id = 1001' --preset brevo -o "$tmp/br.csv"
check "brevo: EMAIL, FIRSTNAME, LASTNAME, SMS" cmp -s "$tmp/want" "$tmp/br.csv"

printf 'email,Name,phone\nanna.ivanova@example.ru,Анна,+79123456701\n' >"$tmp/want"
expect_exit 0 "--preset unisender" "$C" export "$db" --where 'id = 1001' --preset unisender -o "$tmp/us.csv"
check "unisender: email, Name, phone" cmp -s "$tmp/want" "$tmp/us.csv"

printf '\357\273\277id;email;phone;first_name;last_name;city;tags\r\n1001;anna.ivanova@example.ru;'"'"'+79123456701;Анна;Иванова;Москва;\r\n' >"$tmp/want"
expect_exit 0 "--preset excel" "$C" export "$db" --where 'id = 1001' --preset excel -o "$tmp/xl.csv"
check "excel: BOM, ';', CRLF" cmp -s "$tmp/want" "$tmp/xl.csv"
same "excel: the first bytes are the BOM" "ef bb bf" "$(od -An -tx1 -N3 "$tmp/xl.csv" | sed 's/^ *//')"

printf 'email\tfirst_name\nanna.ivanova@example.ru\tАнна\n' >"$tmp/want"
expect_exit 0 "--format tsv" "$C" export "$db" --where 'id = 1001' --format tsv --columns email,first_name -o "$tmp/t.tsv"
check "tsv: tab-separated" cmp -s "$tmp/want" "$tmp/t.tsv"

printf '\357\273\277E-mail;Бонусы\nanna.ivanova@example.ru;120.0\n' >"$tmp/want"
expect_exit 0 "--columns with a header, --delimiter ';' --bom" "$C" export "$db" --where 'id = 1001' \
	--columns 'email:E-mail,бонусы:Бонусы' --delimiter ';' --bom -o "$tmp/c.csv"
check "custom field, renamed header, ';' and BOM" cmp -s "$tmp/want" "$tmp/c.csv"

# --- formulas and quoting ------------------------------------------------------------------
expect_exit 0 "cells a spreadsheet would run" "$C" export "$hyg" --where 'id = 6' \
	--columns first_name,last_name,city -o "$tmp/f.csv"
same "=HYPERLINK, - and @ neutralised" "\"'=HYPERLINK(\"\"http://x\"\")\",'-minus,'@SUM(A1)" "$(sed -n 2p "$tmp/f.csv")"
expect_exit 0 "--raw" "$C" export "$hyg" --where 'id = 6' --columns first_name,last_name,city --raw -o "$tmp/r.csv"
same "--raw leaves them" "\"=HYPERLINK(\"\"http://x\"\")\",-minus,@SUM(A1)" "$(sed -n 2p "$tmp/r.csv")"
printf 'first_name,last_name,city,tags\n"Say ""hi""","Line\nbreak",Semi;colon,beta\n' >"$tmp/want"
expect_exit 0 "quotes, ';' and a newline" "$C" export "$hyg" --where 'id = 7' \
	--columns first_name,last_name,city,tags -o "$tmp/q.csv"
check "RFC 4180 quoting" cmp -s "$tmp/want" "$tmp/q.csv"

# --- hygiene and the summary -------------------------------------------------------------
expect_exit 0 "--consent email --valid-only --active-within 30d" "$C" export "$hyg" --where '' \
	--consent email --valid-only --active-within 30d --columns id -o "$tmp/h.csv" --json
check "the summary is JSON" json_valid "$tmp/out"
same "selected" 6 "$(json selected)"
same "no consent (2)" 1 "$(json dropped.no_consent)"
same "inactive (5)" 1 "$(json dropped.inactive)"
same "invalid: no email (3)" 1 "$(json dropped.invalid)"
same "written" 3 "$(json written)"
same "the kept ones" "id 1 6 7" "$(tr '\n' ' ' <"$tmp/h.csv" | sed 's/ $//')"

expect_exit 0 "--consent sms --valid-only: E.164 only" "$C" export "$hyg" --where '' \
	--consent sms --valid-only --columns id -o "$tmp/s.csv"
same "summary: no consent" "  no consent     2" "$(grep 'no consent' "$tmp/out")"
same "summary: invalid phone" "  invalid phone  0" "$(grep 'invalid' "$tmp/out")"
same "sms list" "id 1 2 6 7" "$(tr '\n' ' ' <"$tmp/s.csv" | sed 's/ $//')"

if have_sqlite3; then
	sql "$hyg" "UPDATE customers SET email = 'anna@example.ru' WHERE ext_id = '7'"
	expect_exit 0 "--dedupe email" "$C" export "$hyg" --where '' --dedupe email --columns id -o "$tmp/d.csv" --json
	same "one duplicate dropped" 1 "$(json dropped.duplicate)"
	same "the first by id wins" "id 1 2 3 5 6" "$(tr '\n' ' ' <"$tmp/d.csv" | sed 's/ $//')"
fi

# --- samples and splits ------------------------------------------------------------------------
expect_exit 0 "--sample 3 --seed 1" "$C" export "$db" --where '' --sample 3 --seed 1 --columns id -o "$tmp/s1.csv"
same "3 rows" 4 "$(wc -l <"$tmp/s1.csv" | tr -d ' ')"
same "the summary names the seed" "seed             1 (--seed 1 draws the same again)" "$(grep '^seed' "$tmp/out")"
expect_exit 0 "the same seed again" "$C" export "$db" --where '' --sample 3 --seed 1 --columns id -o "$tmp/s2.csv"
check "the same sample" cmp -s "$tmp/s1.csv" "$tmp/s2.csv"
differs=no
for seed in 2 3 4 5; do
	"$C" export "$db" --where '' --sample 3 --seed $seed --columns id -o "$tmp/s3.csv" --force -q
	cmp -s "$tmp/s1.csv" "$tmp/s3.csv" || differs=yes
done
same "other seeds draw other samples" yes "$differs"
expect_exit 0 "--sample 50%" "$C" export "$db" --where '' --sample 50% --seed 1 --columns id -o "$tmp/p.csv" --json
same "50% of 8" 4 "$(json written)"

expect_exit 0 "--split 3" "$C" export "$db" --where '' --split 3 --seed 7 --columns id -o "$tmp/ab.csv" --json
same "files A, B, C" "ab.A.csv ab.B.csv ab.C.csv" "$(cd "$tmp" && ls ab.*.csv | tr '\n' ' ' | sed 's/ $//')"
same "balanced: 3 3 2" "3 3 2" "$(for g in A B C; do sed 1d "$tmp/ab.$g.csv" | wc -l | tr -d ' '; done | tr '\n' ' ' | sed 's/ $//')"
cat "$tmp/ab.A.csv" "$tmp/ab.B.csv" "$tmp/ab.C.csv" | grep -v '^id$' | sort >"$tmp/union"
"$C" export "$db" --where '' --columns id -o - -q | grep -v '^id$' | sort >"$tmp/all"
check "disjoint and covering: the union is the base" cmp -s "$tmp/union" "$tmp/all"
expect_exit 2 "--split with -o -" "$C" export "$db" --where '' --split 2 -o -

# --- standard output ---------------------------------------------------------------------------
expect_exit 0 "-o -" "$C" export "$db" --where 'id = 1001' --columns email,first_name -o -
same "data on stdout" "email,first_name
anna.ivanova@example.ru,Анна" "$(cat "$tmp/out")"
err_contains "summary on stderr" "written          1 to standard output"

# --- usage and data errors -------------------------------------------------------------------------
expect_exit 2 "no -o" "$C" export "$db" --where ''
expect_exit 2 "neither --segment nor --where" "$C" export "$db" -o "$tmp/x.csv"
expect_exit 2 "an unknown preset" "$C" export "$db" --where '' --preset gmail -o "$tmp/x.csv"
expect_exit 2 "an unknown column" "$C" export "$db" --where '' --columns email,cyty -o "$tmp/x.csv"
err_contains "did you mean" 'did you mean "city"?'
expect_exit 2 "--sample 0" "$C" export "$db" --where '' --sample 0 -o "$tmp/x.csv"
expect_exit 2 "--split 1" "$C" export "$db" --where '' --split 1 -o "$tmp/x.csv"
expect_exit 2 "--active-within soon" "$C" export "$db" --where '' --active-within soon -o "$tmp/x.csv"
expect_exit 2 "-o a folder" "$C" export "$db" --where '' -o "$tmp" --force
err_contains "a folder: the message" "is a folder: give a file name"
expect_exit 65 "a malformed rule" "$C" export "$db" --where 'orders >= three' -o "$tmp/x.csv"
expect_exit 66 "a missing base" "$C" export "$tmp/nope.db" --where '' -o "$tmp/x.csv"
check "no file from the failures" test ! -e "$tmp/x.csv"

# --- failures leave nothing ------------------------------------------------------------------------------
# A write error half-way (the file size limit; SIGXFSZ ignored so write()
# fails with EFBIG): no file, no temporary file.
big=$tmp/big.db
expect_exit 0 "the demo customers" "$C" import "$big" --customers "$SRCDIR/data/demo/customers.csv" --quiet
mkdir "$tmp/lim"
run sh -c 'trap "" XFSZ; ulimit -f 100; exec "$0" export "$1" --where "" -o "$2" \
	--columns email,phone,first_name,last_name,full_name,city,region,country,status,source,device' \
	"$C" "$big" "$tmp/lim/out.csv"
same "a write error: exit 1" 1 "$st"
err_contains "the error says what" "clientele: writing $tmp/lim/out.csv:"
same "a write error leaves no file, nor a temporary one" "" "$(ls -A "$tmp/lim")"

# SIGINT while the export runs (stopped as soon as its temporary file is
# there, so that the signal lands mid-way).
awk -v n=100000 'BEGIN { print "id,email,first_name"
	for (i = 1; i <= n; i++) printf "%d,user%d@example.com,Имя%d\n", i, i, i }' >"$tmp/many.csv"
expect_exit 0 "100,000 customers" "$C" import "$big" --customers "$tmp/many.csv" --quiet
mkdir "$tmp/int"
"$C" export "$big" --where '' --sample 50% --dedupe email -o "$tmp/int/out.csv" >/dev/null 2>"$tmp/int.err" &
pid=$!
caught=no
i=0
while [ $i -lt 200000 ] && kill -0 "$pid" 2>/dev/null; do
	for f in "$tmp"/int/.out.csv.*; do
		if [ -e "$f" ]; then
			kill -STOP "$pid" 2>/dev/null && caught=yes
			break 2
		fi
	done
	i=$((i + 1))
done
if [ "$caught" = yes ] && [ ! -e "$tmp/int/out.csv" ]; then
	kill -INT "$pid"
	kill -CONT "$pid"
	st=0
	wait "$pid" || st=$?
	same "interrupted: exit 1" 1 "$st"
	same "interrupted: the message" "clientele: export interrupted; nothing was written" "$(cat "$tmp/int.err")"
	same "interrupted: no file, no temporary file" "" "$(ls -A "$tmp/int")"
else
	wait "$pid" 2>/dev/null
	pass "# the export ended before it could be interrupted: not checked"
fi

# --- kill -9 leaves a temporary file; the next export removes it ---------------------------------
mkdir "$tmp/k9"
"$C" export "$big" --where '' --sample 50% --dedupe email -o "$tmp/k9/out.csv" >/dev/null 2>&1 &
pid=$!
caught=no
i=0
while [ $i -lt 200000 ] && kill -0 "$pid" 2>/dev/null; do
	for f in "$tmp"/k9/.out.csv.*; do
		if [ -e "$f" ]; then
			kill -KILL "$pid" 2>/dev/null && caught=yes
			break 2
		fi
	done
	i=$((i + 1))
done
wait "$pid" 2>/dev/null
if [ "$caught" = yes ]; then
	pass "# killed with -9 mid-way"
else
	# it ended first: what kill -9 would have left (mkstemp's name, 0600)
	rm -f "$tmp/k9/out.csv"
	: >"$tmp/k9/.out.csv.Ab12Cd" && chmod 600 "$tmp/k9/.out.csv.Ab12Cd"
	pass "# the export ended before kill -9: a stale temporary file made by hand"
fi
stale=$(cd "$tmp/k9" && ls -A | grep '^\.out\.csv\.')
same "one temporary file left behind" 1 "$(printf '%s\n' "$stale" | grep -c .)"
: >"$tmp/k9/.other.csv.Xy12Zw" && chmod 600 "$tmp/k9/.other.csv.Xy12Zw"
expect_exit 0 "the next export to the same file" "$C" export "$db" --where '' --columns id -o "$tmp/k9/out.csv"
same "it says so" "removed $tmp/k9/$stale, a temporary file left by an interrupted export" \
	"$(grep '^removed' "$tmp/out")"
same "it is gone; another target's is not ours to remove" ".other.csv.Xy12Zw out.csv" \
	"$(ls -A "$tmp/k9" | tr '\n' ' ' | sed 's/ $//')"
: >"$tmp/k9/.out.csv.Qw34Er" && chmod 600 "$tmp/k9/.out.csv.Qw34Er"
expect_exit 0 "--json lists it" "$C" export "$db" --where '' --columns id -o "$tmp/k9/out.csv" --force --json
check "the summary is JSON" json_valid "$tmp/out"
check "removed_temporary_files" grep -Fq "\"removed_temporary_files\": [\"$tmp/k9/.out.csv.Qw34Er\"]" "$tmp/out"
: >"$tmp/k9/.out.csv.Ty56Ui" && chmod 600 "$tmp/k9/.out.csv.Ty56Ui"
expect_exit 2 "an export that fails after the clean-up" "$C" export "$db" --where '' --columns nosuch \
	-o "$tmp/k9/out.csv" --force
err_has "still says what it removed" \
	"clientele: removed $tmp/k9/.out.csv.Ty56Ui, a temporary file left by an interrupted export"

# --- only a regular file is ever replaced ------------------------------------------------------
mkdir "$tmp/kinds"
mkfifo "$tmp/kinds/fifo"
cat "$tmp/kinds/fifo" >"$tmp/kinds/fifo.out" &
reader=$!
expect_exit 0 "a FIFO is written to, without --force" "$C" export "$db" --where 'id in (1001, 1002)' \
	--columns id,first_name -o "$tmp/kinds/fifo"
[ "$st" -eq 0 ] || kill "$reader" 2>/dev/null
wait "$reader"
printf 'id,first_name\n1001,Анна\n1002,Пётр\n' >"$tmp/want"
check "its reader got the CSV" cmp -s "$tmp/want" "$tmp/kinds/fifo.out"
check "the FIFO is still a FIFO" test -p "$tmp/kinds/fifo"
same "no temporary file" "fifo fifo.out" "$(ls -A "$tmp/kinds" | tr '\n' ' ' | sed 's/ $//')"
expect_exit 2 "--split beside a FIFO" "$C" export "$db" --where '' --split 2 -o "$tmp/kinds/fifo"
err_contains "the reason" "is not a file name"

if [ "$(id -u)" = 0 ] && mknod "$tmp/kinds/null" c 1 3 2>/dev/null; then
	expect_exit 0 "a character device of our own (/dev/null's numbers), no --force needed" \
		"$C" export "$db" --where '' -o "$tmp/kinds/null"
	expect_exit 0 "and with --force" "$C" export "$db" --where '' -o "$tmp/kinds/null" --force
	check "still a character device, not renamed over" test -c "$tmp/kinds/null"
	same "its numbers unchanged" "1 3" "$(stat -c '%t %T' "$tmp/kinds/null")"
	rm -f "$tmp/kinds/null"
else
	pass "# not root (or no mknod here): no device of our own, not checked"
fi

mkdir "$tmp/kinds/dir"
expect_exit 2 "a folder is refused" "$C" export "$db" --where '' -o "$tmp/kinds/dir"
err_has "with the reason" "clientele export: $tmp/kinds/dir is a folder: give a file name (-o $tmp/kinds/dir/list.csv)"
check "the folder is untouched" test -d "$tmp/kinds/dir"

printf 'old\n' >"$tmp/kinds/real.csv"
ln -s real.csv "$tmp/kinds/link.csv"
expect_exit 1 "a link to a file: not without --force" "$C" export "$db" --where 'id = 1001' --columns id \
	-o "$tmp/kinds/link.csv"
expect_exit 0 "a link to a file, --force" "$C" export "$db" --where 'id = 1001' --columns id \
	-o "$tmp/kinds/link.csv" --force
check "the link stays a link" test -L "$tmp/kinds/link.csv"
same "the file it names is replaced" "id 1001" "$(tr '\n' ' ' <"$tmp/kinds/real.csv" | sed 's/ $//')"
ln -s nowhere/x.csv "$tmp/kinds/dangling"
expect_exit 2 "a link to nothing is refused" "$C" export "$db" --where '' -o "$tmp/kinds/dangling"
err_contains "with the reason" "is a symbolic link to nowhere/x.csv, which cannot be reached"

run sh -c '"$0" export "$1" --where "id = 1001" --columns id -o /dev/stdout | cat' "$C" "$db"
same "-o /dev/stdout into a pipe: only the CSV" "id 1001" "$(tr '\n' ' ' <"$tmp/out" | sed 's/ $//')"
err_contains "the summary on stderr" "written          1 to /dev/stdout"
expect_exit 2 "--split with -o -: says why" "$C" export "$db" --where '' --split 2 -o -
err_contains "the reason" "--split writes one file per group"

# --- exports are never blank ------------------------------------------------------------------------
printf 'id,loyalty\n1,gold\n2,silver\n' >"$tmp/nocontact.csv"
expect_exit 0 "a base with ids and no contact" "$C" import "$tmp/nc.db" --customers "$tmp/nocontact.csv" --quiet
expect_exit 0 "its default export" "$C" export "$tmp/nc.db" --where '' -o "$tmp/nc.csv"
printf 'id,email,phone,first_name,last_name,city,tags\n1,,,,,,\n2,,,,,,\n' >"$tmp/want"
check "the id column says whose each row is" cmp -s "$tmp/want" "$tmp/nc.csv"
for col in email phone first_name last_name city tags; do
	err_has "warning: $col is empty" "clientele: warning: column \"$col\" is empty in every exported row"
done
same "one warning per column" 6 "$(grep -c 'warning: column' "$tmp/err")"
expect_exit 0 "a chosen column empty for the rows exported" "$C" export "$db" --where 'id = 1005' \
	--columns id,email:E-mail,phone -o "$tmp/e.csv"
same "named by its header, once" 'clientele: warning: column "E-mail" is empty in every exported row' \
	"$(cat "$tmp/err")"
expect_exit 0 "--quiet keeps the warnings" "$C" export "$db" --where 'id = 1005' --columns id,email \
	-o "$tmp/e.csv" --force -q
same "only the warning" 'clientele: warning: column "email" is empty in every exported row' "$(cat "$tmp/err")"

expect_exit 0 "a rule that selects nobody" "$C" export "$db" --where 'id = 999' -o "$tmp/n1.csv"
err_has "says so" "clientele: warning: no row written: the rule selects nobody"
same "the file has the header" "id,email,phone,first_name,last_name,city,tags" "$(cat "$tmp/n1.csv")"
expect_exit 0 "an empty segment" "$C" segment add "$db" Nobody --rule 'id = 999'
expect_exit 0 "its export" "$C" export "$db" --segment Nobody -o "$tmp/n2.csv"
err_has "says so" 'clientele: warning: no row written: segment "Nobody" is empty'
expect_exit 0 "one rule drops everyone" "$C" export "$hyg" --where 'id = 2' --consent email -o "$tmp/n3.csv"
err_has "names it" "clientele: warning: no row written: --consent email dropped all the selected customers (1)"
expect_exit 0 "two rules drop everyone" "$C" export "$hyg" --where 'id in (2, 3)' --consent email \
	--valid-only -o "$tmp/n4.csv" --json
err_has "names both" "clientele: warning: no row written: the hygiene rules dropped all 2 selected customers: --consent email 1, --valid-only email 1"
check "--json: the summary alone on stdout" json_valid "$tmp/out"

finish
