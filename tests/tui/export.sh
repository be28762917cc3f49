#!/bin/sh
# The export dialog (E on a tree row or in the customer list): options set
# through its rows (preset mailchimp, consent email, a 50 % sample with a
# seed, a split in 2), a bad value named in the message line, the preview
# equal to the first lines `clientele export` writes, the figures of the
# CLI, the files written byte for byte as `clientele export` writes them
# with the same options, the overwrite question (n keeps the files as they
# were, y replaces them), the dialog from the list, its help; and, on a
# generated base of 200 000, an export cancelled under its gauge leaving
# neither the files nor a temporary file; and the dialog in Russian.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-export
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" \
	--orders "$SRCDIR/data/demo/orders.csv" --quiet || { fail "the fixture base"; finish; }
"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null ||
	{ fail "the fixture tree"; finish; }
# the files are named relative to the interface's folder: here
cd "$tmp" || { fail "cd to the scratch folder"; finish; }

cli_opts="--segment Clients --preset mailchimp --consent email --sample 50% --seed 42 --split 2"
# shellcheck disable=SC2086
"$C" export "$db" $cli_opts -o "$tmp/cli.csv" -q || { fail "the CLI's export"; finish; }
selected=$("$C" count "$db" --segment Clients)
consented=$("$C" export "$db" --segment Clients --consent email -c id -o - 2>/dev/null | tail -n +2 | wc -l)
rows_a=$(($(wc -l <"$tmp/cli.A.csv") - 1))
rows_b=$(($(wc -l <"$tmp/cli.B.csv") - 1))
total=$((rows_a + rows_b))
check "the fixture: the sample is half of those who consented" \
	test "$total" -eq $(((consented + 1) / 2)) -o "$total" -eq $((consented / 2))

tui_start -- "$db"
wait_for "Clients" "the tree is painted"
keys Down E
wait_for "Export: Clients" "E opens the export dialog on the selected segment"
wait_match "^ Preset +none( |\$)" "the preset row, none at first"
wait_match "selected +$selected *\$" "the figures: the $selected selected, as clientele count says"

# Preset: Enter cycles none → generic → mailchimp.
keys Enter Enter
wait_match "^ Preset +mailchimp( |\$)" "Enter cycles the preset to mailchimp"
# Consent (7 rows down): email.
keys Down Down Down Down Down Down Down Enter
wait_match "^ Consent +email( |\$)" "Enter sets the consent to email"
wait_match "  no consent +$((selected - consented)) *\$" "the rows without consent, as the CLI finds them"
# Sample (4 down): a value typed at the prompt.
keys Down Down Down Down Enter
wait_for "Sample:" "Enter on the sample asks for its value"
keys -l "50%"
keys Enter
wait_match "^ Sample +50%( |\$)" "the sample is 50%"
# Seed: the one drawn when the dialog opened, replaced.
keys Down Enter C-u
keys -l "42"
keys Enter
wait_match "^ Seed +42( |\$)" "the seed is 42"
# Split: a bad value first, named in the message line with what it takes.
keys Down Enter
keys -l "1"
keys Enter
wait_for '--split takes a number of groups from 2 to 26, not "1"' "a bad split is an error naming the option and what it takes"
wait_match "^ Split +one file( |\$)" "the bad value changed nothing"
keys Enter
keys -l "2"
keys Enter
wait_match "^ Split +2 groups( |\$)" "the split is 2 groups"
# File: relative, in the interface's folder.
keys Down Down Enter C-u
keys -l "dlg.csv"
keys Enter
wait_match "^ File +dlg.csv( |\$)" "the file is dlg.csv"

# The figures and the preview, before writing.
wait_match "  not sampled +$((consented - total)) *\$" "not sampled: the rest of those who consented"
wait_match "will write +$total *\$" "will write $total, the rows of the CLI's two files"
wait_match "  dlg.A.csv +$rows_a *\$" "group A: $rows_a, as the CLI's cli.A.csv"
wait_match "  dlg.B.csv +$rows_b *\$" "group B: $rows_b, as the CLI's cli.B.csv"
wait_for "First rows of dlg.A.csv, as written" "the preview names the first file"
head -n 4 "$tmp/cli.A.csv" | sed 's/^/ /' >"$tmp/want_preview"
wait_eq "$(cat "$tmp/want_preview")" "the preview is the first lines of the CLI's cli.A.csv" \
	sh -c "tmux -S '$tsock' capture-pane -p | grep -A4 'First rows of dlg.A.csv' | sed -n '2,5p' | sed 's/ *\$//'"

# Write: the files are the CLI's, byte for byte.
keys w
wait_for "Exported $total rows to 2 files." "w writes the export and says so"
check "dlg.A.csv is the CLI's cli.A.csv byte for byte" cmp "$tmp/cli.A.csv" "$tmp/dlg.A.csv"
check "dlg.B.csv is the CLI's cli.B.csv byte for byte" cmp "$tmp/cli.B.csv" "$tmp/dlg.B.csv"
check "no other file was written" test "$(ls "$tmp" | grep -c '^dlg')" -eq 2
wait_for "What the export did" "the summary replaces the forecast"
wait_match "written +$total *\$" "the summary: the rows written"
wait_match "  dlg.A.csv +$rows_a *\$" "the summary: group A's rows"
wait_match "  no consent +$((selected - consented)) *\$" "the summary: what consent dropped"

# Overwrite: another seed, w, n keeps the files; w, y replaces them.
cp "$tmp/dlg.A.csv" "$tmp/old.A"
cp "$tmp/dlg.B.csv" "$tmp/old.B"
keys Up Up Up Enter C-u
keys -l "43"
keys Enter
wait_match "^ Seed +43( |\$)" "the seed is 43"
wait_for "What the export will do" "a changed option: the forecast again"
keys w
wait_for "dlg.A.csv, dlg.B.csv exist: replace them? (y/n)" "w asks before replacing, naming both files"
keys n
wait_gone "replace them?" "n answers"
check "n kept dlg.A.csv as it was" cmp "$tmp/old.A" "$tmp/dlg.A.csv"
check "n kept dlg.B.csv as it was" cmp "$tmp/old.B" "$tmp/dlg.B.csv"
keys w
wait_for "exist: replace them? (y/n)" "w asks again"
keys y
wait_for "What the export did" "y writes"
# shellcheck disable=SC2086
"$C" export "$db" $(echo "$cli_opts" | sed 's/--seed 42/--seed 43/') -o "$tmp/cli43.csv" -q
check "y replaced dlg.A.csv with the seed 43's" cmp "$tmp/cli43.A.csv" "$tmp/dlg.A.csv"
check "y replaced dlg.B.csv with the seed 43's" cmp "$tmp/cli43.B.csv" "$tmp/dlg.B.csv"

# A column no row fills: the summary warns as the CLI does.
# shellcheck disable=SC2086
empty=$("$C" export "$db" $(echo "$cli_opts" | sed 's/--seed 42/--seed 43/') -c email,full_name \
	-o "$tmp/cli_empty.csv" -q 2>&1 | sed -n 's/.*column "\(.*\)" is empty.*/\1/p')
check "the fixture: full_name is empty in every row" test -n "$empty"
keys Home Down Enter C-u
keys -l "email,full_name"
keys Enter
wait_match "^ Columns +email,full_name( |\$)" "the columns are set"
keys w
wait_for "exist: replace them? (y/n)" "w asks"
keys y
wait_for "empty in every row: $empty" "the summary names the empty column, as the CLI warns"
check "and the file is the CLI's" cmp "$tmp/cli_empty.A.csv" "$tmp/dlg.A.csv"

# Its help, from its key table.
keys '?'
wait_for "Help: Export" "? shows the dialog's help"
wait_for "write the file (asks before replacing one" "the help names w"
keys Escape
wait_gone "Help: Export" "Esc closes the help"

# From the customer list: E on the list's segment.
keys Escape
wait_for "All customers" "Esc goes back to the tree"
keys Enter
wait_for "Customers: Clients" "Enter opens the list of Clients"
keys E
wait_for "Export: Clients" "E in the list opens the export dialog on its segment"
wait_match "selected +$selected *\$" "the list's selection: $selected"
keys Escape
wait_for "Customers: Clients" "Esc goes back to the list"

# In Russian: the title, the rows, the figures grouped, the help.
TUI_LC=ru_RU.UTF-8 tui_start -- "$db"
wait_for "Clients" "the tree in Russian"
keys Down E
wait_for "Выгрузка: Clients" "the dialog's title in Russian"
wait_match "^ Пресет +нет( |\$)" "its rows in Russian"
# the locale's own grouping, by coreutils' printf, not by the program
gselected=$(LC_ALL=ru_RU.UTF-8 /usr/bin/printf "%'d" "$selected")
wait_match "отобрано +$gselected *\$" "the figures in Russian, grouped ($gselected)"
keys '?'
wait_for "записать файл (спросит, прежде чем заменить" "the help in Russian"

# A cancelled export on a big base: no file, no temporary file.
big_base "$tmp/big.db" 0
tui_start -- "$tmp/big.db"
wait_for "All customers" "the big base's tree"
keys E
wait_for "Export: All customers" "E on All customers"
wait_match "selected +200.?000 *\$" "the 200 000 selected"
# columns enough to make the export last (a second or so), sampled and split
cols=$(for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf 'email:e%d,city:c%d,' $i $i; done)tags
keys Down Enter C-u
keys -l "$cols"
keys Enter
wait_match "^ Columns +email:e1,city:c1," "the columns are set"
keys Down Down Down Down Down Down Down Down Down Down Enter
keys -l "90%"
keys Enter
wait_match "^ Sample +90%( |\$)" "the sample is 90%"
keys Down Down Enter
keys -l "2"
keys Enter
keys Down Down Enter C-u
keys -l "big.csv"
keys Enter
wait_match "^ File +big.csv( |\$)" "the file is big.csv"
# w and Esc at once: the export starts and is cancelled at its first rows
keys w Escape
wait_for "Export cancelled: no file was written." "Esc right after w cancels the export"
check "no file" sh -c "! ls -A '$tmp' | grep -q 'big\\..*csv'"
# the gauge, then Esc while it runs
keys w
wait_for "Esc cancels: nothing is kept" "w shows the gauge"
keys Escape
wait_for "Export cancelled: no file was written." "Esc on the gauge cancels the export"
check "neither the files nor a temporary file are left" sh -c "! ls -A '$tmp' | grep -q 'big\\..*csv'"
ls -A "$tmp" | grep 'big\..*csv' | sed 's/^/#   left: /'
finish
