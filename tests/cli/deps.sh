#!/bin/sh
# bootstrap installs what the build and the tests use, the same packages as
# CI (.ci/run, which adds ca-certificates for its own downloads), and the
# README lists them: the README's two commands are then enough on a fresh
# Debian machine.
set -u
. "$SRCDIR/tests/cli/lib.sh"
setup deps

# The words of bootstrap's PKGS="...", of .ci/run's apt-get install line(s),
# and of the README's "Dependencies (Debian packages): `...`", one a line.
sed -n '/^PKGS="/,/"/p' "$SRCDIR/bootstrap" | tr -d '"' | sed 's/^PKGS=//' |
	tr ' \t' '\n\n' | grep . | sort -u >"$tmp/bootstrap"
sed -n '/apt-get install/,/>\/dev\/null/p' "$SRCDIR/.ci/run" | tr -d '\\' |
	sed 's/.*--no-install-recommends//; s/>\/dev\/null.*//' |
	tr ' \t' '\n\n' | grep . | grep -vx 'ca-certificates' | sort -u >"$tmp/ci"
sed -n '/^Dependencies (Debian packages)/,/`\./p' "$SRCDIR/README.md" | tr '\n' ' ' |
	sed 's/^[^`]*`//; s/`.*//' | tr ' ' '\n' | grep . | sort -u >"$tmp/readme"

check "bootstrap lists packages" test -s "$tmp/bootstrap"
for p in jq procps sqlite3 libcmocka-dev locales; do
	check "bootstrap installs $p" grep -qx "$p" "$tmp/bootstrap"
done
same "bootstrap installs what CI installs" "$(cat "$tmp/ci")" "$(cat "$tmp/bootstrap")"
same "the README lists what bootstrap installs" "$(cat "$tmp/bootstrap")" "$(cat "$tmp/readme")"
finish
