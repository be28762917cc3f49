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
		;;
	uk)
		usage='використання: clientele [DB]'
		rows='прочитано рядків'
		nothing='нічого імпортувати: вкажіть --customers FILE'
		help='імпортувати коректні рядки'
		;;
	esac
	check "$lang: the usage of --help" translated "$lang" 'usage: clientele [DB]' "$usage"
	check "$lang: \"rows read\" of the import summary" translated "$lang" '  rows read ' "$rows"
	check "$lang: an error message" translated "$lang" 'nothing to import' "$nothing"
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

# Numbers stay machine-readable under a locale whose decimal mark is ','.
db=$tmp/n.db
run "$CLIENTELE" import "$db" --customers "$DATA/customers_ru.csv" --orders "$DATA/orders_ru.csv"
run "$CLIENTELE" segment add "$db" Buyers --rule 'spent > 2.5'
env LC_ALL=ru_RU.UTF-8 "$CLIENTELE" segments "$db" --json >"$tmp/json" 2>&1
check "ru_RU: JSON numbers keep a '.' decimal point" grep -Eq '"pct_base": [0-9]+\.[0-9]' "$tmp/json"
env LC_ALL=ru_RU.UTF-8 "$CLIENTELE" sql "$db" 'spent > 2.5' >"$tmp/sql" 2>&1
check "ru_RU: a rule's 2.5 stays 2.5" grep -q '= 2\.5$' "$tmp/sql"

finish
