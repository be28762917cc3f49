#!/bin/sh
# Who is a customer: a row with an id is that customer whatever its email or
# phone say, so customers that share a family mailbox or a placeholder
# address under different ids are all kept (and counted as possible
# duplicates, listed by info --duplicates, left out of a mailing by export
# --dedupe); a row without an id matches by email, else phone, and a row
# with a new id adopts a stored customer that has no id yet. Expected
# figures come from awk and the sqlite3 shell, not from clientele.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup identity
C=$CLIENTELE
db=$tmp/shop.db

# --- a small file: a family mailbox, a placeholder, a repeated id -----------------
cat >"$tmp/family.csv" <<'CSV'
id,email,phone,first_name
1,family@example.ru,,Анна
2,family@example.ru,,Иван
3,FAMILY@example.ru,+79160000003,Мария
4,noemail@example.com,,Пётр
5,noemail@example.com,,Олег
6,solo@example.ru,+79160000003,Ника
1,family@example.ru,,Анна Сергеевна
CSV
expect_exit 0 "family.csv imports" "$C" import "$db" --customers "$tmp/family.csv" --json
same "six ids, six customers" 6 "$(json customers.inserted)"
same "the repeated id 1 is merged with itself" 1 "$(json customers.merged)"
# 2 and 3 share 1's mailbox, 5 shares 4's placeholder, 6 shares 3's phone.
same "four customers share an email or phone with an earlier one" 4 \
	"$(json customers.possible_duplicates)"
run "$C" info "$db" --json
same "info: 6 customers" 6 "$(json customers)"

# The same rows in other bytes (CRLF), so that they are matched again.
sed 's/$/\r/' "$tmp/family.csv" >"$tmp/family_crlf.csv"
run "$C" import "$db" --customers "$tmp/family_crlf.csv" --dry-run
check "the summary counts the possible duplicates" grep -Fxq \
	"possible duplicates: 4 customers have the email or phone of an earlier" "$tmp/out"
check "the summary names info --duplicates" grep -Fxq \
	"  customer; they are kept apart (clientele info $db --duplicates lists" "$tmp/out"

expect_exit 0 "info --duplicates" "$C" info "$db" --duplicates
cat >"$tmp/dups.txt" <<TXT
email family@example.ru (3 customers):
  id 1            Анна Сергеевна
  id 2            Иван
  id 3            Мария
email noemail@example.com (2 customers):
  id 4            Пётр
  id 5            Олег
phone +79160000003 (2 customers):
  id 3            Мария
  id 6            Ника
possible duplicates: 6 customers share an email or phone with another customer (groups: 3); imports keep them apart
TXT
check "info --duplicates lists the three groups" cmp -s "$tmp/dups.txt" "$tmp/out" || show "$tmp/out"
expect_exit 0 "info --duplicates --json" "$C" info "$db" --duplicates --json
same "--json: 6 customers in groups" 6 "$(json customers)"
if json_valid "$tmp/out"; then pass "--json parses"; else [ $? -eq 77 ] || fail "--json does not parse"; fi

# export --dedupe email keeps the first customer (by id) of each address.
expect_exit 0 "export --dedupe email" "$C" export "$db" --where '' --columns id,email \
	--dedupe email -o "$tmp/mailing.csv"
same "the mailing has one row per address (awk)" \
	"$(awk -F, 'NR > 1 { print tolower($2) }' "$tmp/family.csv" | sort -u | wc -l | tr -d ' ')" \
	"$(awk 'NR > 1' "$tmp/mailing.csv" | wc -l | tr -d ' ')"
same "the mailing keeps 1, 4 and 6, drops 2, 3 and 5" "1 4 6" \
	"$(awk -F, 'NR > 1 { printf "%s%s", s, $1; s = " " }' "$tmp/mailing.csv")"

# --- rows without an id -----------------------------------------------------------
cat >"$tmp/list.csv" <<'CSV'
email,phone,city
solo@example.ru,,Казань
family@example.ru,,Тверь
new@example.ru,+79160000009,Сочи
,+79160000009,Омск
CSV
expect_exit 0 "a list without ids imports" "$C" import "$db" --customers "$tmp/list.csv" --json
same "solo@ updates 6; family@ (three ids share it) is nobody's: new; new@ is new" 2 \
	"$(json customers.inserted)"
same "the phone-only row matches new@ by phone" 1 "$(json customers.merged)"
same "6 moved to Казань" Казань "$(sql "$db" "SELECT city FROM customers WHERE ext_id = '6'")"
same "Анна, Иван and Мария keep no city" 0 \
	"$(sql "$db" "SELECT count(city) FROM customers WHERE ext_id IN ('1','2','3')")"

# A CRM export with ids: 7 adopts the id-less new@ customer; 8 has the
# family mailbox and is a customer of its own.
cat >"$tmp/crm.csv" <<'CSV'
id,email
7,new@example.ru
8,family@example.ru
CSV
expect_exit 0 "ids for id-less customers" "$C" import "$db" --customers "$tmp/crm.csv" --json
same "7 adopts new@ (updated), 8 is new" "1 1" "$(json customers.updated) $(json customers.inserted)"
same "new@ has the id 7, and the city of the row that matched it by phone" "7|Омск|+79160000009" \
	"$(sql "$db" "SELECT ext_id || '|' || city || '|' || phone FROM customers WHERE email = 'new@example.ru'")"
same "nobody lost: 6 + 2 + 1 customers" 9 "$(sql "$db" "SELECT count(*) FROM customers")"

# --- files and rows without an id, email or phone ---------------------------------
# A survey export: no identifying column; two answers alike are two people.
cat >"$tmp/survey.csv" <<'CSV'
Имя,Город,Возраст,Ответ
Анна,Москва,34,да
Борис,Казань,41,нет
Анна,Москва,34,да
Вера,Омск,29,да
CSV
expect_exit 0 "a file without an id, email or phone column imports" \
	"$C" import "$tmp/survey.db" --customers "$tmp/survey.csv"
rows=$(awk 'END { print NR - 1 }' "$tmp/survey.csv")
same "one customer per row, the two alike included ($rows, awk)" "$rows" \
	"$(sql "$tmp/survey.db" 'SELECT count(*) FROM customers')"
check "the summary says they cannot be matched later, and names --map" grep -Fq \
	'  value changes. If a column identifies them, name it: --map "COLUMN=id"' "$tmp/out"
same "no digest shows as an id" 0 "$(sql "$tmp/survey.db" 'SELECT count(ext_id) FROM customers')"
# The same rows with CRLF line ends: another file, the same content.
sed 's/$/\r/' "$tmp/survey.csv" >"$tmp/survey_again.csv"
expect_exit 0 "the same content imported again" \
	"$C" import "$tmp/survey.db" --customers "$tmp/survey_again.csv" --json
same "nothing new" 0 "$(json customers.inserted)"
same "every row found again by its content" "$rows" "$(json customers.keyed_by_content)"
same "still $rows customers" "$rows" "$(sql "$tmp/survey.db" 'SELECT count(*) FROM customers')"
same "no customer changed" \
	"$(sql "$tmp/survey.db" 'SELECT count(*) FROM customers WHERE first_import = 1')" \
	"$(sql "$tmp/survey.db" 'SELECT count(*) FROM customers')"

# A CRM export with one row that has neither id, email nor phone: kept.
expect_exit 0 "no_identifier_row.csv imports" "$C" import "$tmp/row.db" \
	--customers "$DATA/no_identifier_row.csv" --json
same "all three rows are customers (awk)" "$(awk 'END { print NR - 1 }' "$DATA/no_identifier_row.csv")" \
	"$(sql "$tmp/row.db" 'SELECT count(*) FROM customers')"
same "Борис is keyed by his row" 1 "$(json customers.keyed_by_content)"

# The Kaggle marketing campaign without its ID column: 2,240 customers,
# some of whose rows are alike.
mc=$SRCDIR/../shared/data/marketing_campaign.csv
if [ -r "$mc" ]; then
	cut -d ';' -f 2- "$mc" >"$tmp/mc.csv"
	expect_exit 0 "marketing_campaign.csv without ID imports" \
		"$C" import "$tmp/mc.db" --customers "$tmp/mc.csv" --quiet
	same "one customer per row (awk)" "$(awk 'END { print NR - 1 }' "$tmp/mc.csv")" \
		"$(sql "$tmp/mc.db" 'SELECT count(*) FROM customers')"
fi

# --- the generator's customers with one in ten sharing an address -----------------
if [ -x "${CLIENTELE_GEN:-}" ]; then
	"$CLIENTELE_GEN" --customers 2000 --seed 6 --out "$tmp/gen" >/dev/null || fail "generating"
	# Every tenth row takes the email of the row before it (a family
	# mailbox), every 97th a placeholder: ids stay distinct.
	awk -F, -v OFS=, 'NR > 2 && NR % 10 == 0 { $2 = prev }
		NR > 1 && NR % 97 == 0 { $2 = "noemail@example.com" }
		{ prev = $2; print }' "$tmp/gen/customers.csv" >"$tmp/shared.csv"
	ids=$(awk -F, 'NR > 1 { print $1 }' "$tmp/shared.csv" | sort -u | wc -l | tr -d ' ')
	dups=$(awk -F, 'NR > 1 { d = ($2 != "" && e[$2]++) + ($3 != "" && p[$3]++); n += d > 0 }
		END { print n }' "$tmp/shared.csv")
	expect_exit 0 "the generator's file with shared addresses imports" \
		"$C" import "$tmp/gen.db" --customers "$tmp/shared.csv" --json
	same "one customer per id ($ids, awk)" "$ids" "$(sql "$tmp/gen.db" 'SELECT count(*) FROM customers')"
	same "possible duplicates as awk counts them ($dups)" "$dups" "$(json customers.possible_duplicates)"
	same "nothing merged" 0 "$(json customers.merged)"
fi
finish
