# shellcheck shell=sh disable=SC2034 # FAILED and the figures are run.sh's
# The interface's part of the benchmark (SPEC §8), sourced by bench/run.sh
# after bench_count: clientele on the imported base in a private tmux
# server (a 100x30 window), driven with send-keys and read back by polling
# capture-pane with nanosecond timestamps. It measures start-up to the
# first painted tree, a keystroke in the `:` line to the updated count of a
# three-level segment, opening a facet panel (F on a condition) to its
# values, and the
# interface's peak resident memory; beside them, as baselines of the same
# run, the harness's own costs (a capture-pane, a send-keys, tmux starting
# a program that prints the same text) and `clientele count` of the same
# rule as a process.
#
# Uses run.sh's CLIENTELE, WORK, RESULTS, SEG_*, say and FAILED; POSIX sh
# and awk, GNU date's %N where there is one.

TUI_RUNS=${BENCH_TUI_RUNS:-7} # repetitions of each measurement (the median)
TUI_TIMEOUT=60                # seconds any awaited screen may take

# Nanoseconds since the epoch (whole seconds where date(1) has no %N).
now_ns() {
	_t=$(date +%s%N 2>/dev/null)
	case $_t in
	*N* | '') echo "$(date +%s)000000000" ;;
	*) echo "$_t" ;;
	esac
}

ttm() { tmux -S "$TUI_SOCK" "$@"; }

# tui_poll EREGEX: polls the pane until its text matches; prints the time
# just after the capture that showed it (so a figure is at most one poll
# late: see the poll's resolution), or fails after TUI_TIMEOUT.
tui_poll() {
	_end=$(($(date +%s) + TUI_TIMEOUT))
	while :; do
		if ttm capture-pane -p -t bench:0 | grep -Eq -- "$1"; then
			now_ns
			return 0
		fi
		[ "$(date +%s)" -ge "$_end" ] && return 1
	done
}

# tui_ms T0 T1: milliseconds between two now_ns.
tui_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

# tui_median NAME: the median of the figures in $WORK/NAME.ms, with the
# minimum and the maximum; recorded in the results (in seconds).
tui_median() {
	_st=$(sort -n "$WORK/$1.ms" | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		printf "%.1f|median of %d (min %.1f, max %.1f ms)", v[int((NR + 1) / 2)], NR, v[1], v[NR] }') || {
		say "  $1: not measured"
		printf '%s|-|-|not measured\n' "$1" >>"$RESULTS"
		FAILED=1
		return 1
	}
	say "  $1: ${_st%%|*} ms (${_st#*|})"
	printf '%s|%s|-|%s\n' "$1" "$(awk -v m="${_st%%|*}" 'BEGIN { printf "%.4f", m / 1000 }')" \
		"${_st#*|}" >>"$RESULTS"
}

# tui_launch CMD: CMD in the bench window again (the old one killed), with
# a clean screen.
tui_launch() {
	ttm respawn-pane -k -t bench:0 "$1"
}

# tui_time_launch NAME CMD REGEX: TUI_RUNS times, from launching CMD in the
# window to REGEX on its screen, into $WORK/NAME.ms; then their median.
tui_time_launch() {
	: >"$WORK/$1.ms"
	_n=0
	while [ $_n -lt "$TUI_RUNS" ]; do
		_t0=$(now_ns)
		tui_launch "$2"
		_t1=$(tui_poll "$3") || break
		tui_ms "$_t0" "$_t1" >>"$WORK/$1.ms"
		echo >>"$WORK/$1.ms"
		_n=$((_n + 1))
	done
	tui_median "$1"
}

tui_check() { # LABEL VALUE LIMIT UNIT
	if [ -z "$2" ] || [ "$2" = - ]; then
		say "$1: not measured -> FAIL"
		FAILED=1
		return
	fi
	_v=$(awk -v s="$2" -v l="$3" -v u="$4" 'BEGIN {
		printf "%s %s, target: under %s %s -> %s", s, u, l, u, (s + 0 < l + 0 ? "PASS" : "FAIL") }')
	say "$1: $_v"
	case $_v in *FAIL) FAILED=1 ;; esac
}

TUI_STARTUP='' TUI_KEY='' TUI_FACET='' TUI_RSS=''

bench_tui() {
	db=$WORK/fresh.db
	say ""
	say "the interface in tmux (100x30), each the median of $TUI_RUNS"
	if ! command -v tmux >/dev/null 2>&1; then
		say "  tmux not found: the interface is not measured"
		FAILED=1
		return
	fi
	if [ ! -f "$db" ] || [ ! -x "$CLIENTELE" ]; then
		say "  no imported base $db or no $CLIENTELE: skipped"
		FAILED=1
		return
	fi
	# bench_count's three-level segment (already there unless it was skipped).
	for seg in "Clients|$SEG_L1" "Clients/Primary|$SEG_L2" "Clients/Primary/Coders|$SEG_L3"; do
		"$CLIENTELE" segment add "$db" "${seg%%|*}" --rule "${seg#*|}" >/dev/null 2>&1
	done
	term=tmux-256color
	infocmp $term >/dev/null 2>&1 || term=screen-256color
	TUI_SOCK=$WORK/tmux.sock
	ttm kill-server >/dev/null 2>&1
	# The server and its window first, so that starting it is not counted.
	ttm -f /dev/null new-session -d -s bench -x 100 -y 30 "exec cat" || {
		say "  tmux does not start"
		FAILED=1
		return
	}
	ttm set -s escape-time 0
	ui="exec env TERM=$term LC_ALL=C.UTF-8 XDG_STATE_HOME=$WORK/state $CLIENTELE '$db'"

	# The harness's own figures, to read the others against.
	: >"$WORK/tui_poll.ms"
	i=0
	while [ $i -lt 21 ]; do
		t0=$(now_ns)
		ttm capture-pane -p -t bench:0 | grep -q 'no such text'
		t1=$(now_ns)
		tui_ms "$t0" "$t1" >>"$WORK/tui_poll.ms"
		echo >>"$WORK/tui_poll.ms"
		i=$((i + 1))
	done
	tui_median tui_poll
	tui_time_launch tui_harness_start "printf 'All customers'; exec cat" "All customers"

	# Start-up: from starting it to the painted tree.
	tui_time_launch tui_startup "$ui" "^ *▾ All customers" && TUI_STARTUP=$(tui_msof tui_startup)
	# The last one goes on: its tree counted (the spinner gone) ...
	tui_poll "Coders +[0-9]" >/dev/null
	_end=$(($(date +%s) + TUI_TIMEOUT))
	while ttm capture-pane -p -t bench:0 | grep -q "counting…" && [ "$(date +%s)" -lt "$_end" ]; do :; done
	say "  the tree counted (the spinner gone) $(tui_ms "$t0" "$(now_ns)") ms after the start"

	# ... then the `:` line on Clients/Primary/Coders, with a condition
	# added: one key turns `lead_score > 5` into `> 50` (Backspace back),
	# each a new rule to count within Clients/Primary, shown in the line.
	ttm send-keys -t bench:0 j j j
	tui_poll "│ Clients/Primary/Coders" >/dev/null || say "  the cursor did not reach Clients/Primary/Coders"
	rule5="$SEG_L3 and lead_score > 5"
	n5=$("$CLIENTELE" count "$db" "in segment \"Clients/Primary\" and $rule5")
	n50=$("$CLIENTELE" count "$db" "in segment \"Clients/Primary\" and ${rule5}0")
	say "  the rule: $rule5 (0 appended: > 50) within Clients/Primary; clientele count: $n5 and $n50"
	: >"$WORK/tui_key_count.ms"
	: >"$WORK/tui_send_keys.ms"
	if [ "$n5" = "$n50" ] || [ -z "$n5" ]; then
		say "  the two rules count the same: a key's count cannot be seen"
	else
		ttm send-keys -t bench:0 :
		tui_poll "→ [0-9]+\$" >/dev/null || say "  the : line shows no count"
		ttm send-keys -t bench:0 -l " and lead_score > 5"
		tui_poll "→ $n5\$" >/dev/null || say "  the : line does not count the rule"
		i=0
		while [ $i -lt "$TUI_RUNS" ]; do
			for step in "0|$n50" "BSpace|$n5"; do
				t0=$(now_ns)
				ttm send-keys -t bench:0 "${step%%|*}"
				ts=$(now_ns)
				t1=$(tui_poll "→ ${step#*|}\$") || break 2
				tui_ms "$t0" "$t1" >>"$WORK/tui_key_count.ms"
				echo >>"$WORK/tui_key_count.ms"
				tui_ms "$t0" "$ts" >>"$WORK/tui_send_keys.ms"
				echo >>"$WORK/tui_send_keys.ms"
			done
			i=$((i + 1))
		done
	fi
	tui_median tui_send_keys
	tui_median tui_key_count && TUI_KEY=$(tui_msof tui_key_count)
	repeat count_rule_3level "$CUSTOMERS" "$TUI_RUNS" "$CLIENTELE" count "$db" \
		"in segment \"Clients/Primary\" and ${rule5}0"
	ttm send-keys -t bench:0 Escape

	# A facet: F on Coders' condition `interests = programming` opens the
	# values of interests within Clients/Primary.
	ttm send-keys -t bench:0 Tab
	tui_poll "│ interests = " >/dev/null || say "  no condition on interests"
	ttm send-keys -t bench:0 j
	: >"$WORK/tui_facet.ms"
	i=0
	while [ $i -lt "$TUI_RUNS" ]; do
		t0=$(now_ns)
		ttm send-keys -t bench:0 F
		t1=$(tui_poll "│ [✓ ] [^ ].* █+ +[0-9]+ *\$") || break
		tui_ms "$t0" "$t1" >>"$WORK/tui_facet.ms"
		echo >>"$WORK/tui_facet.ms"
		ttm send-keys -t bench:0 Escape
		_end=$(($(date +%s) + TUI_TIMEOUT))
		while ttm capture-pane -p -t bench:0 | grep -q "Facet: " && [ "$(date +%s)" -lt "$_end" ]; do :; done
		i=$((i + 1))
	done
	tui_median tui_facet && TUI_FACET=$(tui_msof tui_facet)
	# No command prints a facet: the count of the members it groups, as a
	# process, is the nearest baseline.
	repeat count_facet_members "$CUSTOMERS" "$TUI_RUNS" "$CLIENTELE" count "$db" --segment Clients/Primary

	bench_list "$db"

	# The interface's peak resident memory, as it quits.
	pid=$(ttm display -p -t bench:0 '#{pane_pid}')
	TUI_RSS=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
	say "  peak resident memory (VmHWM of pid $pid): ${TUI_RSS:-unknown} MB"
	ttm kill-server >/dev/null 2>&1
}

# tui_time_keys NAME KEYS REGEX [BACK]: TUI_RUNS times, from sending KEYS
# to the pane matching REGEX; BACK (keys) after each, to start again.
tui_time_keys() {
	: >"$WORK/$1.ms"
	_i=0
	while [ $_i -lt "$TUI_RUNS" ]; do
		_t0=$(now_ns)
		ttm send-keys -t bench:0 $2
		_t1=$(tui_poll "$3") || break
		tui_ms "$_t0" "$_t1" >>"$WORK/$1.ms"
		echo >>"$WORK/$1.ms"
		[ -n "${4:-}" ] && ttm send-keys -t bench:0 $4
		_i=$((_i + 1))
	done
	tui_median "$1"
}

# The customer list of the whole base (Enter on All customers): opening
# it to its first rows and to its total, a page down in import order,
# sorting by name both ways (to the sorted rows), and a page down in that
# order. Beside them, the sqlite3 shell sorting the same names.
bench_list() {
	ttm send-keys -t bench:0 Escape Tab g
	tui_poll "^ *▾ All customers" >/dev/null || say "  the tree's root is not there"
	: >"$WORK/tui_list_open.ms"
	: >"$WORK/tui_list_total.ms"
	_i=0
	while [ $_i -lt "$TUI_RUNS" ]; do
		t0=$(now_ns)
		ttm send-keys -t bench:0 Enter
		t1=$(tui_poll "row 1 of ") || break
		t2=$(tui_poll "row 1 of [0-9]") || break
		tui_ms "$t0" "$t1" >>"$WORK/tui_list_open.ms"
		echo >>"$WORK/tui_list_open.ms"
		tui_ms "$t0" "$t2" >>"$WORK/tui_list_total.ms"
		echo >>"$WORK/tui_list_total.ms"
		ttm send-keys -t bench:0 Escape
		tui_poll "^ *▾ All customers" >/dev/null || break
		_i=$((_i + 1))
	done
	tui_median tui_list_open && TUI_LIST_OPEN=$(tui_msof tui_list_open)
	tui_median tui_list_total
	ttm send-keys -t bench:0 Enter
	tui_poll "row 1 of [0-9]" >/dev/null || say "  the list did not open"
	tui_time_keys tui_list_pgdn NPage "row 26 of " g && TUI_LIST_PGDN=$(tui_msof tui_list_pgdn)
	# s and S in turn: each a new order of the million
	: >"$WORK/tui_list_sort.ms"
	_i=0
	while [ $_i -lt "$TUI_RUNS" ]; do
		for step in "s|↑" "S|↓"; do
			t0=$(now_ns)
			ttm send-keys -t bench:0 "${step%%|*}"
			t1=$(tui_poll "sorted by [^ ]+ ${step#*|} │") || break 2
			tui_ms "$t0" "$t1" >>"$WORK/tui_list_sort.ms"
			echo >>"$WORK/tui_list_sort.ms"
		done
		_i=$((_i + 1))
	done
	tui_median tui_list_sort && TUI_LIST_SORT=$(tui_msof tui_list_sort)
	tui_time_keys tui_list_sorted_pgdn NPage "row 26 of " g && TUI_LIST_SPGDN=$(tui_msof tui_list_sorted_pgdn)
	if command -v "$SQLITE3" >/dev/null 2>&1; then
		repeat list_sort_sqlite3 "$CUSTOMERS" 3 "$SQLITE3" "$db" \
			"SELECT count(*) FROM (SELECT id FROM customers ORDER BY lower(coalesce(nullif(full_name, ''), first_name || ' ' || last_name)) DESC, id DESC)"
	fi
	ttm send-keys -t bench:0 Escape
}

# tui_msof NAME: a recorded figure in milliseconds.
tui_msof() { awk -v s="$(secs_of "$1")" 'BEGIN { printf "%.1f", s * 1000 }'; }

report_tui() {
	tui_check "interface start-up to the painted tree (tmux starting a program: $(tui_msof tui_harness_start) ms)" \
		"$TUI_STARTUP" 200 ms
	tui_check "interface: a key in the : line to the count of a 3-level segment" "$TUI_KEY" 50 ms
	tui_check "interface: opening a facet panel to its values" "$TUI_FACET" 30 ms
	tui_check "interface: opening the list of every customer to its first rows" "$TUI_LIST_OPEN" 200 ms
	tui_check "interface: a page down in that list" "$TUI_LIST_PGDN" 50 ms
	tui_check "interface: a page down in it sorted by name" "$TUI_LIST_SPGDN" 50 ms
	say "  interface: sorting it by name, s or S to the sorted rows: ${TUI_LIST_SORT:-?} ms" \
		"(keys answered meanwhile; the sqlite3 shell's sort of the same names: $(secs_of list_sort_sqlite3) s)"
	tui_check "interface: peak resident memory" "$TUI_RSS" 100 MB
	say "  (the poll's resolution: one capture-pane, $(tui_msof tui_poll) ms; a figure is at most that late." \
		"The key's figure includes tmux's send-keys, $(tui_msof tui_send_keys) ms)"
}
