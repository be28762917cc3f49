# Shared helpers of the interface's end-to-end tests (sourced, not run):
# the real program in a private tmux server, keys sent, the screen read
# back with capture-pane and polled until a text appears or a deadline
# passes (tmux's regress/*.sh). Builds on tests/cli/lib.sh's checks.
#
# A script does:  . "$SRCDIR/tests/tui/lib.sh"; tui_setup NAME; tui_start ARGS...;
#                 wait_for TEXT DESC; keys ...; ...; finish

. "$SRCDIR/tests/cli/lib.sh"

TUI_DEADLINE=${TUI_DEADLINE:-20}   # seconds a text may take to appear
tsock=
tnum=0

# tui_setup NAME: the scratch directory, and tmux or a skip.
tui_setup() {
	command -v tmux >/dev/null 2>&1 || skip "the interface tests need tmux"
	setup "$1"
	trap 'tui_exit' EXIT
}

tui_exit() {
	_st=$?
	[ -n "$tsock" ] && tmux -S "$tsock" kill-server >/dev/null 2>&1
	(exit "$_st")
	on_exit
}

tm() {
	tmux -S "$tsock" "$@"
}

# tui_start [ENV=VALUE...] -- ARGS...: clientele ARGS in a 100x30 window
# of a new private server (the previous one is killed); the window stays
# after it exits, so that the last screen and the exit status can be read.
tui_start() {
	[ -n "$tsock" ] && tm kill-server >/dev/null 2>&1
	tnum=$((tnum + 1))
	tsock=$tmp/tmux$tnum.sock
	_env="TERM=tmux-256color LC_ALL=${TUI_LC:-C.UTF-8} XDG_STATE_HOME=$tmp/state"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		_env="$_env $1"
		shift
	done
	[ "${1-}" = "--" ] && shift
	infocmp tmux-256color >/dev/null 2>&1 || _env=$(printf '%s' "$_env" | sed 's/TERM=tmux-256color/TERM=screen-256color/')
	_cmd="env $_env $CLIENTELE"
	for _a in "$@"; do
		_cmd="$_cmd '$_a'"
	done
	printf '%s\n' "$_cmd; echo \"[exit \$?]\"; exec cat" >"$tmp/run.sh"
	tm -f /dev/null new-session -d -x 100 -y 30 "sh $tmp/run.sh" || {
		fail "tmux starts"
		finish
	}
	tm set -s escape-time 0
	tm set -g remain-on-exit on
}

# screen: the pane as text.
screen() {
	tm capture-pane -p
}

# screen_joined: the same with lines the terminal wrapped joined again, so
# that a long message (a path in a deep build directory) is found whole.
screen_joined() {
	tm capture-pane -p -J
}

# keys KEY...: tmux send-keys (literal text with -l first).
keys() {
	tm send-keys "$@"
}

# _wait WANT GREP PATTERN DESC WHY: passes when `screen | grep GREP PATTERN`
# succeeds (WANT yes) or fails (WANT no) before the deadline; fails with WHY
# and the last screen otherwise.
_wait() {
	_end=$(($(date +%s) + TUI_DEADLINE))
	while :; do
		if ${_wscreen:-screen} | grep "$2" -- "$3"; then _seen=yes; else _seen=no; fi
		if [ "$_seen" = "$1" ]; then
			pass "$4"
			return 0
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$4: $5"
			screen | sed 's/^/#   /'
			return 1
		fi
		sleep 0.1 # the poll's pace, not a synchronisation
	done
}

# wait_for TEXT DESC: passes when TEXT shows on the screen before the
# deadline; fails with the last screen otherwise.
wait_for() {
	_wscreen=screen_joined
	_wait yes -Fq "$1" "$2" "\"$1\" never showed"
	_wst=$?
	_wscreen=screen
	return $_wst
}

# wait_match REGEX DESC: as wait_for, for an extended regular expression.
wait_match() {
	_wait yes -Eq "$1" "$2" "/$1/ never showed"
}

# wait_gone TEXT DESC: passes when TEXT is no longer on the screen.
wait_gone() {
	_wait no -Fq "$1" "$2" "\"$1\" is still there"
}

# wait_eq WANT DESC CMD...: passes when what CMD... prints becomes WANT
# before the deadline (a count in the tree, the highlighted row, the base's
# tree); fails with what it printed last and the screen.
wait_eq() {
	_want=$1 _desc=$2
	shift 2
	_end=$(($(date +%s) + TUI_DEADLINE))
	while [ "$("$@")" != "$_want" ]; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$_desc: \"$("$@")\", not \"$_want\""
			screen | sed 's/^/#   /'
			return 1
		fi
		sleep 0.05 # the poll's pace, not a synchronisation
	done
	pass "$_desc"
}

# big_base DB N: a base of 200 000 generated customers with N segments sN
# (each with a child sN/t), whose counts take seconds: long enough to see
# the interface answer keys while they run. Fails the test when it cannot.
big_base() {
	"$CLIENTELE_GEN" --customers 200000 --orders-per-customer 0 --out "$tmp/gen" >/dev/null &&
		"$CLIENTELE" import "$1" --customers "$tmp/gen/customers.csv" --quiet ||
		{ fail "the 200 000-customer base"; finish; }
	_i=1
	while [ $_i -le "$2" ]; do
		"$CLIENTELE" segment add "$1" "s$_i" \
			--rule "lead_score > $_i and email contains \"a$((_i % 10))\"" >/dev/null &&
			"$CLIENTELE" segment add "$1" "s$_i/t" \
				--rule 'city contains "о" or interests contains "m"' >/dev/null ||
			{ fail "segment s$_i"; finish; }
		_i=$((_i + 1))
	done
}

# row NAME: the screen line of the tree row named NAME (first match).
row() {
	screen | grep -E "^ *[▾▸ ] $1 " | head -n 1
}

# resize W H: the window's new size.
resize() {
	tm resize-window -x "$1" -y "$2"
}

# cells: the screen with its colours, each line's text in runs marked with
# their attributes <bold,dim,underline,reverse,fg,bg>: the same cells give
# the same text, wherever tmux puts its escape sequences (they depend on
# what the terminal was sent before, not on what it shows).
cells() {
	tm capture-pane -p -e | awk '
	function sgr(p,   n, a, i) {
		n = split(p == "" ? "0" : p, a, ";")
		for (i = 1; i <= n; i++) {
			v = a[i] + 0
			if (v == 0) { b = d = u = r = 0; fg = bg = "d" }
			else if (v == 1) b = 1
			else if (v == 2) d = 1
			else if (v == 4) u = 1
			else if (v == 7) r = 1
			else if (v == 22) b = d = 0
			else if (v == 24) u = 0
			else if (v == 27) r = 0
			else if (v == 39) fg = "d"
			else if (v == 49) bg = "d"
			else if (v == 38 || v == 48) {
				c = a[i + 1] == 5 ? a[i + 2] : a[i + 2] "/" a[i + 3] "/" a[i + 4]
				i += a[i + 1] == 5 ? 2 : 4
				if (v == 38) fg = c; else bg = c
			} else if (v < 40 || (v >= 90 && v < 100)) fg = v
			else bg = v
		}
	}
	BEGIN { b = d = u = r = 0; fg = bg = "d"; esc = sprintf("%c", 27) }
	{
		line = $0; out = ""; shown = ""
		while (line != "") {
			if (match(line, esc "\\[[0-9;]*m") == 1) {
				sgr(substr(line, 3, RLENGTH - 3))
				line = substr(line, RLENGTH + 1)
				continue
			}
			n = index(line, esc)
			text = n > 0 ? substr(line, 1, n - 1) : line
			line = n > 0 ? substr(line, n) : ""
			st = "<" b "," d "," u "," r "," fg "," bg ">"
			if (st != shown)
				out = out st
			shown = st
			out = out text
		}
		if (shown == "<0,0,0,0,d,d>" || shown == "")
			sub(/ +$/, "", out)
		print out
	}'
}
