#!/bin/sh
# Translations: po/ru.po and po/uk.po are complete and valid, the compiled
# catalogs (po/*.gmo) hold the Russian and Ukrainian text of key messages,
# and the program, pointed at them with CLIENTELE_LOCALEDIR or by itself
# from the build tree, speaks Russian and Ukrainian while its numbers, JSON
# and rules keep a '.' decimal point.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup i18n

locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\{0,1\}8$' ||
	skip "the ru_RU.UTF-8 locale is not installed"
for tool in msgunfmt msggrep msgfmt; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool (gettext-tools) is not installed"
done

# gmo LANG: the compiled catalog, in the build tree or (distcheck: shipped in
# the tarball) in the source tree.
gmo() {
	for _d in "$BUILDDIR/po" "$SRCDIR/po"; do
		if [ -f "$_d/$1.gmo" ]; then
			echo "$_d/$1.gmo"
			return 0
		fi
	done
	return 1
}

# translated LANG MSGID TEXT: the entry whose msgid holds MSGID is translated
# with a msgstr holding TEXT.
# shellcheck disable=SC2317 # called through check
translated() {
	msggrep --msgid -F -e "$2" "$tmp/$1.po" >"$tmp/hit" 2>/dev/null &&
		sed -n '/^msgstr/,$p' "$tmp/hit" | grep -Fq -- "$3"
}

for lang in ru uk; do
	# The source catalogs: valid (formats, headers) and complete.
	po=$SRCDIR/po/$lang.po
	if msgfmt -c --statistics -o /dev/null "$po" 2>"$tmp/stats"; then
		pass "$lang.po compiles with msgfmt -c"
	else
		fail "$lang.po does not compile with msgfmt -c"
		show "$tmp/stats"
	fi
	if grep -q 'untranslated\|fuzzy' "$tmp/stats"; then
		fail "$lang.po has untranslated or fuzzy messages: $(cat "$tmp/stats")"
	else
		pass "$lang.po has every message translated"
	fi

	# The compiled catalogs, read back.
	if ! f=$(gmo "$lang"); then
		fail "po/$lang.gmo is not built"
		continue
	fi
	if ! msgunfmt --no-wrap -o "$tmp/$lang.po" "$f" 2>"$tmp/err"; then
		fail "msgunfmt cannot read $f"
		show "$tmp/err"
		continue
	fi
	check "$lang.gmo is for Language: $lang" grep -Fq "Language: $lang\\n" "$tmp/$lang.po"
	check "$lang.gmo has the three plural forms" grep -Fq 'Plural-Forms: nplurals=3;' "$tmp/$lang.po"
	case $lang in
	ru)
		usage='использование: clientele [DB]'
		rows='прочитано строк'
		nothing='нечего импортировать: укажите --customers FILE'
		help='импортировать корректные строки'
		nosegment='нет сегмента «%s»; вы имели в виду «%s»?'
		;;
	uk)
		usage='використання: clientele [DB]'
		rows='прочитано рядків'
		nothing='нічого імпортувати: вкажіть --customers FILE'
		help='імпортувати коректні рядки'
		nosegment='немає сегмента «%s»; ви мали на увазі «%s»?'
		;;
	esac
	check "$lang: the usage of --help" translated "$lang" 'usage: clientele [DB]' "$usage"
	check "$lang: \"rows read\" of the import summary" translated "$lang" '  rows read ' "$rows"
	check "$lang: an error message" translated "$lang" 'nothing to import' "$nothing"
	check "$lang: a core error message" translated "$lang" 'no segment "%s"; did you mean' "$nosegment"
	check "$lang: the help line of import --skip-bad" \
		translated "$lang" 'import the good rows; record the bad ones' "$help"

	# The program itself, with the catalog where CLIENTELE_LOCALEDIR says.
	mkdir -p "$tmp/locale/$lang/LC_MESSAGES"
	cp "$f" "$tmp/locale/$lang/LC_MESSAGES/clientele.mo"
	loc=ru_RU.UTF-8
	[ "$lang" = uk ] && loc=uk_UA.UTF-8
	if locale -a 2>/dev/null | grep -qi "^${loc%.UTF-8}\.utf-\{0,1\}8\$"; then
		env -u LANGUAGE CLIENTELE_LOCALEDIR="$tmp/locale" LC_ALL=$loc \
			"$CLIENTELE" --help >"$tmp/help.$lang" 2>&1
		check "$lang: the program's --help is translated" grep -Fq "$usage" "$tmp/help.$lang"
		# The options of import --help, each with its help in its column.
		env -u LANGUAGE CLIENTELE_LOCALEDIR="$tmp/locale" LC_ALL=$loc \
			"$CLIENTELE" import --help >"$tmp/import-help.$lang" 2>&1
		spec=$("$CLIENTELE" import --help | sed -n 's/^\(  --skip-bad  *\).*/\1/p')
		check "$lang: import --help keeps its options and columns" \
			grep -Fq -- "$spec$help" "$tmp/import-help.$lang"
	else
		echo "ok - # skip: the $loc locale is not installed"
	fi
done

# The program run from the build tree finds its catalogs by itself (make
# lays them out in $BUILDDIR/locale), as after the README's two commands.
env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 "$CLIENTELE" --help >"$tmp/help.self" 2>&1
check "ru: the uninstalled program speaks Russian without CLIENTELE_LOCALEDIR" \
	grep -Fq 'использование: clientele [DB]' "$tmp/help.self"
env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 "$CLIENTELE" import "$tmp/x.db" >"$tmp/out" 2>"$tmp/err"
err_contains "ru: a usage error of the uninstalled program is Russian" 'нечего импортировать'

# A count takes the plural form its number needs (one, a few, many).
printf 'id,email\n1,a@x.ru\n2,a@x.ru\n' >"$tmp/dup1.csv"
printf 'id,email\n1,b@x.ru\n2,b@x.ru\n3,b@x.ru\n4,b@x.ru\n' >"$tmp/dup3.csv"
for n in 1 3; do
	env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 \
		"$CLIENTELE" import "$tmp/dup$n.db" --customers "$tmp/dup$n.csv" >"$tmp/out$n" 2>&1
done
check "ru: 1 possible duplicate is \"у 1 клиента\"" grep -Fq "у 1 клиента email" "$tmp/out1"
check "ru: 3 possible duplicates are \"у 3 клиентов\"" grep -Fq "у 3 клиентов email" "$tmp/out3"
env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=uk_UA.UTF-8 \
	"$CLIENTELE" info "$tmp/dup1.db" --duplicates >"$tmp/out" 2>&1
check "uk: 2 possible duplicates are \"2 клієнти мають\"" grep -Fq "2 клієнти мають" "$tmp/out"
"$CLIENTELE" import "$tmp/dup1e.db" --customers "$tmp/dup1.csv" >"$tmp/out" 2>&1
check "en: 1 possible duplicate is \"1 customer has\"" grep -Fq "1 customer has the email" "$tmp/out"

# An undo step is stored as a kind and its arguments, and its label is made
# when shown: steps recorded under LC_ALL=C are listed and undone in Russian
# and Ukrainian, a count in the plural form it needs.
u=$tmp/undo.db
run "$CLIENTELE" import "$u" --customers "$DATA/customers_ru.csv"
run env LC_ALL=C "$CLIENTELE" tag "$u" --add vip --id 1001
run env LC_ALL=C "$CLIENTELE" tag "$u" --add vip --id 1002 --id 1003 --id 1004
run env LC_ALL=C "$CLIENTELE" segment add "$u" Clients
run env LC_ALL=C "$CLIENTELE" segment add "$u" Clients/Kyiv
run env LC_ALL=C "$CLIENTELE" segment rm "$u" Clients --yes
ru() { env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 "$@"; }
ru "$CLIENTELE" undo "$u" --list >"$tmp/list.ru" 2>&1
check "ru: undo --list says 1 customer in Russian" grep -Fq 'тег «vip» поставлен 1 клиенту' "$tmp/list.ru"
check "ru: undo --list says 3 customers in Russian" grep -Fq 'тег «vip» поставлен 3 клиентам' "$tmp/list.ru"
check "ru: undo --list names a segment edit in Russian" \
	grep -Fq 'добавление сегмента «Clients/Kyiv»' "$tmp/list.ru"
env LC_ALL=C "$CLIENTELE" undo "$u" --list >"$tmp/list.c" 2>&1
check "C: the same steps in English" grep -Fq 'put tag "vip" on 3 customers' "$tmp/list.c"
if locale -a 2>/dev/null | grep -qi '^uk_UA\.utf-\{0,1\}8$'; then
	env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=uk_UA.UTF-8 "$CLIENTELE" undo "$u" --list \
		>"$tmp/list.uk" 2>&1
	check "uk: undo --list in Ukrainian" grep -Fq 'тег «vip» поставлено 3 клієнтам' "$tmp/list.uk"
fi
ru "$CLIENTELE" undo "$u" >"$tmp/out" 2>&1
check "ru: undo says what it undid in Russian" \
	grep -Fxq 'отменено: удаление сегмента «Clients» и 1 вложенного' "$tmp/out"
# The core's own messages are translated too (tag.c, undo.c).
ru "$CLIENTELE" tags "$u" --delete nosuch >"$tmp/out" 2>"$tmp/err"
err_contains "ru: a core error (no such tag) is Russian" 'нет тега «nosuch» (список тегов: clientele tags)'
n=$tmp/none.db
run "$CLIENTELE" import "$n" --customers "$DATA/customers_ru.csv"
ru "$CLIENTELE" undo "$n" >"$tmp/out" 2>"$tmp/err"
err_contains "ru: nothing to undo is Russian" "нечего отменять"
# A base of schema 4 kept English labels in its steps: they stay as stored.
if have_sqlite3; then
	sql "$u" "ALTER TABLE undo_log DROP COLUMN kind; ALTER TABLE undo_log DROP COLUMN args;
		ALTER TABLE customer_metrics DROP COLUMN value_speed;
		ALTER TABLE customer_metrics DROP COLUMN lead_temp;
		UPDATE undo_log SET action = 'put tag \"old\" on 5 customers'; PRAGMA user_version = 4;"
	ru "$CLIENTELE" undo "$u" --list >"$tmp/list.old" 2>&1
	check "ru: a step of a schema-4 base keeps its stored label" \
		grep -Fq 'put tag "old" on 5 customers' "$tmp/list.old"
	ru "$CLIENTELE" tag "$u" --add vip --id 1005 >"$tmp/out" 2>&1
	check "ru: after the migration a new step is in Russian" \
		grep -Fxq 'тег «vip» поставлен 1 клиенту' "$tmp/out"
else
	echo "ok - # skip: the schema-4 base needs the sqlite3 shell"
fi

# Numbers stay machine-readable under a locale whose decimal mark is ','.
db=$tmp/n.db
run "$CLIENTELE" import "$db" --customers "$DATA/customers_ru.csv" --orders "$DATA/orders_ru.csv"
run "$CLIENTELE" segment add "$db" Buyers --rule 'spent > 2.5'
env LC_ALL=ru_RU.UTF-8 "$CLIENTELE" segments "$db" --json >"$tmp/json" 2>&1
check "ru_RU: JSON numbers keep a '.' decimal point" grep -Eq '"pct_base": [0-9]+\.[0-9]' "$tmp/json"
env LC_ALL=ru_RU.UTF-8 "$CLIENTELE" sql "$db" 'spent > 2.5' >"$tmp/sql" 2>&1
check "ru_RU: a rule's 2.5 stays 2.5" grep -q '= 2\.5$' "$tmp/sql"

# The core speaks the user's language too: `segment why` (its phrases, in
# columns padded to their display width) and a segment command's error.
ru() { env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 "$@"; }
run "$CLIENTELE" tag "$db" --add vip --where 'city = Москва'
run "$CLIENTELE" segment add "$db" Buyers/Recent \
	--rule 'last_order within 30d and city is not empty and tag:vip'
ref=$(sql "$db" "select date(max(date), '+1 day') from orders")
last=$(sql "$db" "select substr(max(o.date), 1, 10) from orders o join customers c on c.id = o.customer_id where c.ext_id = '1001'")
days=$(sql "$db" "select cast(julianday('$ref') - julianday('$last') as integer)")
# the Russian plural form of "day" for that number
form=$(echo "$days" | awk '{ n = $1 % 100; m = $1 % 10
	print (m == 1 && n != 11) ? "день" : (m >= 2 && m <= 4 && (n < 12 || n > 14)) ? "дня" : "дней" }')
ru "$CLIENTELE" segment why "$db" Buyers/Recent 1001 >"$tmp/why" 2>&1
check "ru: why says a customer is not in the segment" \
	grep -qxF 'Анна Иванова <anna.ivanova@example.ru> (id 1001) не входит в «Buyers/Recent»' "$tmp/why"
check "ru: why, a condition not met ($days $form before the reference date)" grep -qxF \
	"    не выполнено last_order within 30d (last_order $last, $days $form до даты отсчёта)" "$tmp/why"
check "ru: why, \"met\" padded to the width of \"не выполнено\"" \
	grep -qxF '    выполнено    city is not empty (city Москва)' "$tmp/why"
check "ru: why, the customer's tags" grep -qxF '    выполнено    tag:vip (теги: vip)' "$tmp/why"
check "ru: why, the segment column padded to the width of \"не входит\"" \
	grep -qxF '  входит    Buyers' "$tmp/why"
ru "$CLIENTELE" segment why "$db" Buyers/Recent 1004 >"$tmp/why" 2>&1
check "ru: why, a customer without tags" grep -qxF '    не выполнено tag:vip (тегов нет)' "$tmp/why"
ru "$CLIENTELE" segment why "$db" Buyerz 1001 >"$tmp/out" 2>"$tmp/err"
err_contains "ru: a missing segment, with the nearest path, is Russian" \
	'clientele: нет сегмента «Buyerz»; вы имели в виду «Buyers»?'
ru "$CLIENTELE" segment add "$db" Buyerz/X >"$tmp/out" 2>"$tmp/err"
err_contains "ru: a missing parent of segment add is Russian" \
	'clientele: нет сегмента «Buyerz», чтобы добавить в него «X»; вы имели в виду «Buyers»? (или сначала добавьте его)'
env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=uk_UA.UTF-8 \
	"$CLIENTELE" segment why "$db" Buyers/Recent 1004 >"$tmp/why" 2>&1
check "uk: why, a customer without tags" grep -qxF '    не виконано tag:vip (тегів немає)' "$tmp/why"

# The core's errors are Russian too, with their position kept as numbers:
# a rule's line:column, and an import's file:line:column.
env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 \
	"$CLIENTELE" count "$db" 'orders >= three' >"$tmp/out" 2>"$tmp/err"
err_has "ru: a rule error is Russian, at its column" \
	"clientele: 1:11: после '>=' ожидалось число"
printf 'email,birth_date\na@x.ru,1990-01-02\nb@x.ru,31.02.2024\n' >"$tmp/bad.csv"
env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 \
	"$CLIENTELE" import "$tmp/bad.db" --customers "$tmp/bad.csv" >"$tmp/out" 2>"$tmp/err"
err_has "ru: a bad value of an import is Russian, at file:line:col" \
	"clientele: $tmp/bad.csv:3:2: недопустимое значение birth_date «31.02.2024» (ожидалось: существующая календарная дата)"
err_contains "ru: and so is the import's verdict" "1 строка с ошибкой: ничего не импортировано"
printf 'email,city\na@x.ru,"Kyiv\n' >"$tmp/quote.csv"
env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 \
	"$CLIENTELE" import "$tmp/quote.db" --customers "$tmp/quote.csv" >"$tmp/out" 2>"$tmp/err"
err_has "ru: an error of the CSV reader is Russian, at file:line:col" \
	"clientele: $tmp/quote.csv:2:2: незакрытое поле в кавычках (открытая здесь '\"' нигде не закрыта)"

finish
