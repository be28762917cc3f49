#!/bin/sh
# export --preview N: the first rows exactly as the file would begin (the
# same bytes as the export then writes, with a BOM, ';', CRLF, a preset, a
# sample, a split), no file written, and the figures of the export that
# would follow: each rule's drops equal to those of the real export.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup export_preview
C=$CLIENTELE
db=$tmp/hyg.db

cat >"$tmp/hyg.csv" <<'EOF2'
id,email,phone,first_name,last_name,city,email_consent,sms_consent,last_email_open
1,anna@example.ru,+79161234501,Анна,Иванова,Москва,yes,yes,2026-10-01
2,boris@example.ru,+79161234502,Борис,Петров,Казань,no,yes,2026-09-15
3,,89161234503,Вера,Сидорова,Москва,yes,no,2026-10-20
4,ANNA@example.ru,+79161234501,Анна,Дубль,Москва,yes,yes,2026-10-02
5,old@example.com,+447700900005,Old,Timer,London,yes,,2025-01-01
6,formula@example.com,+79161234506,=HYPERLINK(1),-minus,@SUM(A1),yes,yes,2026-10-29
7,ten@example.com,+79161234510,Десять,Last,"Comma, city",yes,yes,2026-10-27
8,eight@example.com,+79161234508,Восемь,Last,Москва,yes,yes,2026-10-26
EOF2
expect_exit 0 "the base" "$C" import "$db" --customers "$tmp/hyg.csv" --as-of 2026-10-31 --quiet ||
	finish

# preview NAME N OPTIONS...: --preview N equals the first N rows (and the
# header) of the file the export writes with OPTIONS; no file is written
# by the preview.
preview() {
	_name=$1 _n=$2
	shift 2
	expect_exit 0 "$_name: --preview $_n" "$C" export "$db" "$@" -o "$tmp/$_name.csv" --preview "$_n" ||
		return
	cp "$tmp/out" "$tmp/$_name.preview"
	check "$_name: the preview writes no file" test ! -e "$tmp/$_name.csv" -a ! -e "$tmp/$_name.A.csv"
	expect_exit 0 "$_name: the export" "$C" export "$db" "$@" -o "$tmp/$_name.csv" -q || return
	_file=$tmp/$_name.csv
	[ -e "$_file" ] || _file=$tmp/$_name.A.csv
	head -n $((_n + 1)) "$_file" >"$tmp/$_name.head"
	check "$_name: the preview is the file's first $_n rows, byte for byte" \
		cmp -s "$tmp/$_name.head" "$tmp/$_name.preview"
	same "$_name: header and $_n rows" $((_n + 1)) "$(wc -l <"$tmp/$_name.preview" | tr -d ' ')"
}

preview plain 3 --where ''
preview excel 2 --where '' --preset excel --columns email,first_name,city
preview bom 4 --where '' --bom --delimiter ';' --crlf
preview mailchimp 2 --where '' --preset mailchimp --consent email --valid-only
preview sample 3 --where '' --sample 5 --seed 42 --dedupe email
preview split 2 --where '' --split 2 --seed 9
preview header 0 --where '' --columns id,email

# --- the figures: what the real export reports -----------------------------------
opts="--consent email --active-within 2m --valid-only --dedupe email --sample 2 --seed 3 --limit 1"
# shellcheck disable=SC2086
expect_exit 0 "--preview 0 --json with every rule" "$C" export "$db" --where '' $opts --preview 0 --json
cp "$tmp/err" "$tmp/pv.json"
same "the preview's summary goes to standard error; the data alone to standard output" \
	"id,email,phone,first_name,last_name,city,tags" "$(cat "$tmp/out")"
# shellcheck disable=SC2086
expect_exit 0 "the real export --json" "$C" export "$db" --where '' $opts -o "$tmp/all.csv" --json
for k in selected written; do
	same "$k as the export reports it" "$(json $k)" "$(json $k "$tmp/pv.json")"
done
for k in no_consent inactive invalid duplicate not_sampled over_limit; do
	same "dropped by $k as the export reports it" "$(json dropped.$k)" "$(json dropped.$k "$tmp/pv.json")"
done
same "every rule dropped someone" "1 1 1 1 1 1" \
	"$(for k in no_consent inactive invalid duplicate not_sampled over_limit; do
		[ "$(json dropped.$k "$tmp/pv.json")" -gt 0 ] && printf 1 || printf 0
		[ $k = over_limit ] || printf ' '
	done)"
same "the rows the file holds" "$(json written)" "$(($(wc -l <"$tmp/all.csv") - 1))"

expect_exit 0 "the text summary, without -o" "$C" export "$db" --where '' --consent email --preview 1
err_has "selected" "selected         8"
err_has "no consent" "  no consent     1"
err_has "would write, not written" "would write      7"

expect_exit 2 "--preview takes a count" "$C" export "$db" --where '' --preview -1
err_has "says so" "clientele export: --preview takes a number of rows (0: the header alone), not \"-1\""
expect_exit 2 "without -o nor --preview" "$C" export "$db" --where ''

finish
