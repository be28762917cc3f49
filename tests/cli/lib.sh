# Shared helpers of the command-line tests (sourced, not run): the scratch
# directory, checks that print "ok - ..." / "not ok - ...", JSON fields.
#
# A script does:   . "$SRCDIR/tests/cli/lib.sh"; setup NAME; ...checks...; finish
# Scratch files live only under $BUILDDIR/tests/tmp (distcheck's source tree
# is read-only); they are removed when every check passed, kept otherwise.

: "${CLIENTELE:?set by the test harness (the program under test)}"
: "${SRCDIR:?set by the test harness (the source tree)}"
: "${BUILDDIR:?set by the test harness (the build tree)}"
SQLITE3=${SQLITE3-}
DATA=$SRCDIR/tests/data
# shellcheck disable=SC2034 # used by the scripts
BAD=$DATA/bad

failures=0
checks=0
tmp=

# setup NAME: the scratch directory $tmp, removed on success by finish.
setup() {
	if [ ! -x "$CLIENTELE" ]; then
		echo "not ok - $CLIENTELE is not built"
		exit 1
	fi
	mkdir -p "$BUILDDIR/tests/tmp" || exit 1
	tmp=$(mktemp -d "$BUILDDIR/tests/tmp/$1-XXXX") || exit 1
	trap 'on_exit' EXIT
	trap 'exit 1' INT TERM HUP
}

on_exit() {
	status=$?
	if [ "$status" -eq 0 ] && [ -n "$tmp" ]; then
		rm -rf "$tmp"
	elif [ -n "$tmp" ]; then
		echo "# scratch files kept in $tmp"
	fi
	exit "$status"
}

# skip WHY: the whole script is skipped (automake's status 77).
skip() {
	echo "skip - $*"
	[ -n "$tmp" ] && rm -rf "$tmp"
	tmp=
	exit 77
}

# have_sqlite3: the sqlite3 shell is there; need_sqlite3 WHAT: skip without.
have_sqlite3() {
	[ -n "$SQLITE3" ] && [ -x "$(command -v "$SQLITE3" 2>/dev/null)" ]
}

need_sqlite3() {
	have_sqlite3 || skip "${1:-this test} needs the sqlite3 shell (SQLITE3 is empty)"
}

pass() {
	checks=$((checks + 1))
	echo "ok - $*"
}

fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "not ok - $*"
}

# show FILE: a file's first lines, indented, after a failed check.
show() {
	[ -s "$1" ] && sed -n '1,8s/^/#   /p' "$1"
	return 0
}

# check DESC CMD...: passes when CMD succeeds.
check() {
	_desc=$1
	shift
	if "$@"; then
		pass "$_desc"
	else
		fail "$_desc"
	fi
}

# same DESC EXPECTED GOT: passes when the two strings are equal.
same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1 (expected \"$2\", got \"$3\")"
	fi
}

# run CMD...: runs CMD with stdout in $tmp/out and stderr in $tmp/err; its
# exit status is in $st. Never fails by itself.
run() {
	st=0
	"$@" </dev/null >"$tmp/out" 2>"$tmp/err" || st=$?
}

# expect_exit N DESC CMD...: runs CMD (as run does) and checks its status.
expect_exit() {
	_want=$1 _desc=$2
	shift 2
	run "$@"
	if [ "$st" -eq "$_want" ]; then
		pass "$_desc (exit $_want)"
		return 0
	fi
	fail "$_desc: exit $st, expected $_want"
	show "$tmp/err"
	return 1
}

# err_has DESC TEXT: the last command's stderr holds the line TEXT exactly.
err_has() {
	if grep -Fxq -- "$2" "$tmp/err"; then
		pass "$1"
	else
		fail "$1: stderr lacks the line: $2"
		show "$tmp/err"
	fi
}

# err_contains DESC TEXT: the last command's stderr holds TEXT somewhere.
err_contains() {
	if grep -Fq -- "$2" "$tmp/err"; then
		pass "$1"
	else
		fail "$1: stderr lacks \"$2\""
		show "$tmp/err"
	fi
}

# json KEY [FILE]: a number, string (unquoted) or literal of the program's
# one-line JSON (FILE, default $tmp/out). KEY is "name" for a top-level
# field or "object.name" for a field of a flat nested object, e.g.
# "orders.inserted". Prints nothing when the field is missing.
json() {
	_f=${2:-$tmp/out}
	case $1 in
	*.*)
		_obj=${1%%.*} _key=${1#*.}
		# The nested objects of our JSON hold no braces: cut out the
		# text between "obj": { and the next }.
		_txt=$(sed -n "s/.*\"$_obj\": *{\([^}]*\)}.*/\1/p" "$_f" | head -n 1)
		;;
	*)
		_key=$1
		# Top-level fields come before or after nested objects: drop the
		# outer braces, then the nested objects, so their keys cannot match.
		_txt=$(sed -e 's/^ *{//' -e 's/} *$//' -e 's/{[^{}]*}/{}/g' "$_f" | head -n 1)
		;;
	esac
	printf '%s\n' "$_txt" |
		sed -n -E -e "s/.*\"$_key\": *(\"[^\"]*\"|[^,}]*).*/\1/p" |
		sed -e 's/^"//' -e 's/"$//' -e 's/ *$//'
}

# json_valid FILE: FILE parses as JSON (with python3 or jq); status 77 when
# neither is there.
json_valid() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null
	elif command -v jq >/dev/null 2>&1; then
		jq -e . "$1" >/dev/null 2>&1
	else
		return 77
	fi
}

# base_state DB: a digest of what the base holds (its SQL dump; without the
# sqlite3 shell, clientele's own info, which covers less).
base_state() {
	if have_sqlite3; then
		# engine_cache is derived (the engine's columns, which a count
		# may write): not the base's state
		"$SQLITE3" "$1" .dump | grep -v '^INSERT INTO engine_cache' | sha256sum | cut -d ' ' -f 1
	else
		"$CLIENTELE" info "$1" --json | sha256sum | cut -d ' ' -f 1
	fi
}

# sql DB QUERY: one value from the base through the sqlite3 shell.
sql() {
	"$SQLITE3" "$1" "$2"
}

# finish: the verdict.
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "# $failures of $checks checks failed"
		exit 1
	fi
	echo "# all $checks checks passed"
	exit 0
}

# An awk function, for the program after it: fields(line) splits a CSV
# line into f[1..n] and returns n (-1 on a broken quote): quoted fields
# with commas and doubled quotes, no field spanning lines. Used as
# awk "$AWK_CSV_FIELDS"'...program...'.
AWK_CSV_FIELDS='
function fields(s,    n, v) {
	if (index(s, "\"") == 0)
		return split(s, f, ",")
	n = 0
	while (1) {
		if (substr(s, 1, 1) == "\"") {
			if (!match(s, /^"([^"]|"")*"/))
				return -1
			v = substr(s, 2, RLENGTH - 2)
			gsub(/""/, "\"", v)
		} else {
			match(s, /^[^,]*/)
			v = substr(s, 1, RLENGTH)
		}
		f[++n] = v
		s = substr(s, RLENGTH + 1)
		if (s == "")
			return n
		if (substr(s, 1, 1) != ",")
			return -1
		s = substr(s, 2)
	}
}
'
