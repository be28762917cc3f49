#!/bin/sh
# Where the program finds its catalogs and demo data: from its build tree,
# that tree's (it knows the tree by src/clientele-srcdir beside it);
# installed, under $(localedir) and $(pkgdatadir). No build-tree path is
# compiled in: a copy of the program, as make install makes, holds none.
set -u
. "$SRCDIR/tests/cli/lib.sh"
: "${PKGDATADIR:?set by the test harness}"
setup paths

if command -v strings >/dev/null 2>&1; then
	strings "$CLIENTELE" >"$tmp/strings"
	check "the program names no build-tree path" sh -c "! grep -Fq '$BUILDDIR' '$tmp/strings'"
	check "the program names no source-tree data path" sh -c "! grep -Fq '$SRCDIR/data' '$tmp/strings'"
else
	echo "ok - # skip: no strings(1)"
fi

# A copy of the program with a tree of its own beside it: a tiny demo in
# SRC/data/demo and the build's catalogs in BUILD/locale.
mkdir -p "$tmp/build/src" "$tmp/src/data/demo" "$tmp/xdg"
cp "$CLIENTELE" "$tmp/build/src/clientele"
echo "$tmp/src" >"$tmp/build/src/clientele-srcdir"
printf 'id,email\n1,a@example.com\n2,b@example.com\n' >"$tmp/src/data/demo/customers.csv"
printf 'order_id,customer_id,date,amount\n10,1,2024-01-02,5.00\n' >"$tmp/src/data/demo/orders.csv"
# (exit 2: no terminal to open it in, but the base is built)
expect_exit 2 "a program in a build tree builds the demo from that tree" \
	env -u CLIENTELE_DATADIR XDG_DATA_HOME="$tmp/xdg" "$tmp/build/src/clientele" --demo
run "$tmp/build/src/clientele" info "$tmp/xdg/clientele/demo.db"
check "the demo is that tree's (2 customers)" grep -q '^customers  *2$' "$tmp/out"

if locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\{0,1\}8$' && [ -d "$BUILDDIR/locale/ru" ]; then
	cp -R "$BUILDDIR/locale" "$tmp/build/locale"
	env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 \
		"$tmp/build/src/clientele" --help >"$tmp/help" 2>&1
	check "it speaks Russian with that tree's catalogs" \
		grep -Fq 'использование: clientele [DB]' "$tmp/help"
	rm -rf "$tmp/build/locale/ru"
	env -u LANGUAGE -u CLIENTELE_LOCALEDIR LC_ALL=ru_RU.UTF-8 \
		"$tmp/build/src/clientele" --help >"$tmp/help" 2>&1
	check "and only with that tree's catalogs" \
		sh -c "! grep -Fq 'использование: clientele [DB]' '$tmp/help'"
else
	echo "ok - # skip: the ru_RU.UTF-8 locale or the build's catalogs are missing"
fi

# Without the file beside it, the program is installed: the demo is under
# $(pkgdatadir)/demo, never the source tree's.
rm "$tmp/build/src/clientele-srcdir"
if [ -f "$PKGDATADIR/demo/customers.csv" ]; then
	echo "ok - # skip: the demo is installed in $PKGDATADIR"
else
	expect_exit 66 "an installed program without its data says so" \
		env -u CLIENTELE_DATADIR XDG_DATA_HOME="$tmp/xdg" "$tmp/build/src/clientele" --demo
	err_contains "it looked in \$(pkgdatadir)/demo" "looked in $PKGDATADIR/demo"
fi
finish
