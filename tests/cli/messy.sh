#!/bin/sh
# A messy export (mixed-case cities with г., phones as 8 (916) ..., dates
# as DD.MM.YYYY, NULL and N/A, stray spaces, decimal commas, ids written as
# floats, genders as words) imports to exactly the same base as its clean
# twin: the generator writes both from the same seed.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup messy
need_sqlite3 "comparing the two bases"
[ -x "${CLIENTELE_GEN:-}" ] || skip "the generator is not built"

for kind in clean messy; do
	flag=
	[ $kind = messy ] && flag=--messy
	# shellcheck disable=SC2086 # $flag is one word or none
	"$CLIENTELE_GEN" --customers 3000 --seed 11 $flag --out "$tmp/$kind" >/dev/null ||
		fail "generating the $kind files"
	expect_exit 0 "the $kind files import" "$CLIENTELE" import "$tmp/$kind.db" \
		--customers "$tmp/$kind/customers.csv" --orders "$tmp/$kind/orders.csv" --quiet
done
check "the two files differ as text" sh -c "! cmp -s '$tmp/clean/customers.csv' '$tmp/messy/customers.csv'"

q='SELECT ext_id, email, phone, first_name, last_name, gender, birth_date, city, region,
	country, status, stage, source, device, created_at, last_activity, last_email_open,
	email_consent, sms_consent, lead_score, cf_school_stage, cf_grade, cf_interests
	FROM customers ORDER BY ext_id'
sql "$tmp/clean.db" "$q" >"$tmp/clean.txt"
sql "$tmp/messy.db" "$q" >"$tmp/messy.txt"
if cmp -s "$tmp/clean.txt" "$tmp/messy.txt"; then
	pass "every customer field is the same in both bases"
else
	fail "customers differ: $(diff "$tmp/clean.txt" "$tmp/messy.txt" | grep -c '^<') rows"
	diff "$tmp/clean.txt" "$tmp/messy.txt" | sed -n '1,6s/^/#   /p'
fi
same "3000 customers" 3000 "$(sql "$tmp/messy.db" 'SELECT count(*) FROM customers')"
q='SELECT order_no, printf("%.2f", amount), date, cancelled, category FROM orders ORDER BY order_no'
same "the orders are the same" "$(sql "$tmp/clean.db" "$q" | sha256sum)" \
	"$(sql "$tmp/messy.db" "$q" | sha256sum)"
q='SELECT group_concat(t.name_fold || ":" || c.ext_id, ",") FROM (SELECT * FROM customer_tags
	ORDER BY customer_id, tag_id) ct JOIN tags t ON t.id = ct.tag_id JOIN customers c ON c.id = ct.customer_id'
same "the tags are the same" "$(sql "$tmp/clean.db" "$q")" "$(sql "$tmp/messy.db" "$q")"
q='SELECT sum(orders), printf("%.2f", sum(spent)), group_concat(rfm, "") FROM customer_metrics'
same "the metrics are the same" "$(sql "$tmp/clean.db" "$q" | sha256sum)" \
	"$(sql "$tmp/messy.db" "$q" | sha256sum)"
finish
