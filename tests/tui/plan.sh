#!/bin/sh
# The plan editor (p on the tree): six labelled fields, Cyrillic and CJK
# typed as they are (q and ? typed too, not taken as keys), Tab between the
# fields, Esc with unsaved changes asking (Esc stays, d discards), Ctrl-S
# saving, checked with `clientele plan` and the sqlite3 shell, u on the
# tree undoing it. Then the plan view (P): the tree with its sizes as
# `clientele count --segment` gives them, saved as Markdown and as CSV to a
# typed name and compared byte for byte with `clientele plan` (and
# --csv), asking before it replaces a file; Enter there edits a row's
# plan, and the view shows it when saved.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-plan
need_sqlite3 "the plan editor's test"
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" Moscow --rule 'city = Москва' >/dev/null &&
	"$C" segment add "$db" Moscow/Loyal --rule 'email contains "a"' >/dev/null || {
	fail "the fixture"
	finish
}
# who: the stored plan_who of Moscow.
who() {
	sql "$db" "SELECT coalesce(plan_who, 'NULL') FROM segments WHERE name = 'Moscow'"
}

tui_start -- "$db"
wait_for "All customers" "the tree"
# The tree's help has the new keys, whole, beside the conditions panel's.
keys '?'
wait_match " p +edit the segment.s plan" "the help lists p"
wait_match " P +the plan of the whole tree" "the help lists P, not written over"
wait_match " S +the snapshots: each one" "the help lists S"
wait_match " In the conditions panel \\(Tab\\): *\$" "the panel's heading on a line of its own"
keys Escape
wait_gone "Help: the segment tree" "Esc closes the help"
keys p
wait_for "All customers has no plan" "p on the root says it has no plan"
keys Down
wait_match "^ *[▾▸ ] Moscow " "the cursor on Moscow"
keys p
wait_for "Plan: Moscow" "p opens the plan editor of Moscow"
for f in "Who — who they are" "What — " "Why — " "When — " "Where — " "Strategy — "; do
	wait_for "$f" "the field \"${f%% —*}\" is labelled"
done
wait_for "Who (1 of 6)" "the first field has the keys"
keys -l "Мамы школьников, Київ"
keys Enter
keys -l "東京 q?"
wait_for "Мамы школьников, Київ" "Cyrillic shows as typed"
wait_for "東京 q?" "a new line; CJK, q and ? typed, not taken as keys"
wait_for "│ not saved" "the status line says it is not saved"
keys Tab
wait_for "What (2 of 6)" "Tab: the next field"
keys -l "Скидка 10%"
keys BTab
wait_for "Who (1 of 6)" "Shift-Tab: the previous field"
keys Tab Tab Tab Tab Tab
wait_for "Strategy (6 of 6)" "Tab to the strategy"
keys -l "a|b"
same "nothing is stored before saving" "NULL" "$(who)"
keys Escape
wait_for "Unsaved changes: s saves them, d discards them, Esc stays here." "Esc asks"
keys Escape
wait_gone "Unsaved changes" "Esc answers: stay"
wait_for "Strategy (6 of 6)" "still in the editor"
keys C-s
wait_for 'Saved the plan of "Moscow"' "Ctrl-S saves"
wait_gone "│ not saved" "nothing is unsaved after"
same "the base has who, with its line break" "Мамы школьников, Київ
東京 q?" "$(who)"
same "and what" "Скидка 10%" "$(sql "$db" "SELECT plan_what FROM segments WHERE name = 'Moscow'")"
"$C" plan "$db" >"$tmp/cli.md"
check "clientele plan shows it" grep -qF "| Moscow | $("$C" count "$db" --segment Moscow) | Мамы школьников, Київ<br>東京 q? | Скидка 10% |  |  |  | a\|b |" "$tmp/cli.md"

# A change then Esc, d: discarded, back on the tree.
keys -l "zzz"
keys Escape
wait_for "Unsaved changes" "Esc asks again"
keys d
wait_for "All customers" "d: back on the tree"
check "the discarded change is not stored" test "$(sql "$db" "SELECT strategy FROM segments WHERE name = 'Moscow'")" = "a|b"

# Opened again, the editor shows what is stored.
keys p
wait_for "Мамы школьников, Київ" "the saved plan shows again"
keys Escape
wait_for "All customers" "Esc without changes leaves at once"

# The plan view: the tree with the sizes and plans.
keys P
wait_for "The plan" "P opens the plan view"
moscow=$("$C" count "$db" --segment Moscow)
loyal=$("$C" count "$db" --segment Moscow/Loyal)
wait_match "^ Moscow +$moscow +Мамы" "Moscow's size ($moscow) and plan"
wait_match "^   Loyal +$loyal( |\$)" "Loyal's size ($loyal), indented"
rel=${tmp#"$PWD"/}
keys s
wait_for "Save the plan to (name.md, or name.csv for CSV): plan.md" "s asks for a file name"
keys C-u
keys -l "$rel/plan.md"
keys Enter
wait_for "Saved the plan to $rel/plan.md (Markdown)." "saved as Markdown"
"$C" plan "$db" >"$tmp/cli.md"
check "the file is clientele plan's output, byte for byte" cmp "$tmp/plan.md" "$tmp/cli.md"
check "no temporary file is left" test -z "$(ls -A "$tmp" | grep '^\.plan')"
# the same name again: asked first; n keeps the file
echo old >"$tmp/plan.md"
keys s C-u
keys -l "$rel/plan.md"
keys Enter
wait_for "plan.md exists. Replace it? (y/n)" "an existing file: asked first"
keys n
wait_gone "Replace it?" "n declines"
same "the file is untouched" "old" "$(cat "$tmp/plan.md")"
keys s C-u
keys -l "$rel/plan.md"
keys Enter
wait_for "Replace it?" "asked again"
keys y
wait_for "Saved the plan to $rel/plan.md (Markdown)." "y replaces it"
check "replaced with the plan" cmp "$tmp/plan.md" "$tmp/cli.md"
keys s C-u
keys -l "$rel/plan.csv"
keys Enter
wait_for "Saved the plan to $rel/plan.csv (CSV)." "a .csv name: CSV"
"$C" plan "$db" --csv >"$tmp/cli.csv"
check "the CSV is clientele plan --csv's, byte for byte" cmp "$tmp/plan.csv" "$tmp/cli.csv"

# Enter on a row edits its plan; saved, the view shows it.
keys Down
wait_for " Moscow/Loyal: $loyal │" "the cursor on Loyal"
keys Enter
wait_for "Plan: Moscow/Loyal" "Enter opens Loyal's plan editor"
keys -l "Бабушки"
keys F2
wait_for 'Saved the plan of "Moscow/Loyal"' "F2 saves"
keys Escape
wait_for "The plan" "Esc: back to the plan view"
wait_match "^   Loyal +$loyal +Бабушки" "the view shows Loyal's new plan"
keys Escape
wait_for "All customers" "Esc: back to the tree"

# Each save was one edit: u undoes Loyal's, then Moscow's.
keys u
wait_for "Undone" "u on the tree undoes the last save"
same "Loyal's plan is gone" "NULL" \
	"$(sql "$db" "SELECT coalesce(plan_who, 'NULL') FROM segments WHERE name = 'Loyal'")"
same "Moscow's is still there" "Мамы школьников, Київ
東京 q?" "$(who)"
keys u
wait_match "Undone.*plan of \"Moscow\"" "u again undoes Moscow's"
same "who is gone again" "NULL" "$(who)"
keys q
wait_for "[exit 0]" "q quits"
finish
