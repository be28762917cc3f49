#!/bin/sh
# Editing the tree from the interface: add a child, add a sibling, rename,
# duplicate, delete (after a confirmation), move and indent; each edit is
# checked in the base with `clientele segments` and undone with u.
set -u
. "$SRCDIR/tests/tui/lib.sh"
tui_setup tui-edit
C=$CLIENTELE
db=$tmp/base.db

"$C" import "$db" --customers "$SRCDIR/data/demo/customers.csv" --quiet &&
	"$C" segment add "$db" Clients --rule 'status in (one_time, seasonal, regular)' >/dev/null &&
	"$C" segment add "$db" VIP --rule 'tag:vip' >/dev/null || { fail "the fixture"; finish; }

# paths: the segments' paths, one a line, in tree order.
paths() {
	"$C" segments "$db" --json | tr '{' '\n' | sed -n 's/.*"path": *"\([^"]*\)".*/\1/p' | tr '\n' ' '
}
before=$(paths)
same "the fixture tree" "Clients VIP " "$before"

tui_start -- "$db"
wait_for "VIP" "the tree"

# Add a child under Clients (a Cyrillic name, its last letter erased).
keys Down a
wait_for "Name of the new segment under" "a asks for a name"
keys -l "Новыеё"
keys BSpace Enter
wait_for 'Added "Clients/Новые"' "the child is added"
same "the base has it" "Clients Clients/Новые VIP " "$(paths)"
keys u
wait_for "Undone" "u undoes the add"
same "the base is as before" "$before" "$(paths)"

# Rename VIP (the cursor stays on Clients after the undo: go down).
keys End r
wait_for "New name:" "r asks for the new name"
keys C-u
keys -l "Gold"
keys Enter
wait_for 'Renamed "VIP" to "Gold"' "renamed"
same "the base has the new name" "Clients Gold " "$(paths)"
keys u
wait_for "Undone" "u undoes the rename"
same "the name is back" "$before" "$(paths)"

# Add a sibling beside Clients, then duplicate Clients.
keys Home Down A
wait_for "beside" "A asks for a sibling's name"
keys -l "Leads"
keys Enter
wait_for 'Added "Leads"' "the sibling is added"
same "the base has it at the top level" "Clients VIP Leads " "$(paths)"
keys u
wait_for "Undone" "undone"
keys Home Down d
wait_for 'Copied as "Clients (copy)"' "d duplicates"
same "the copy is right after it" "Clients Clients (copy) VIP " "$(paths)"
keys u
wait_for "Undone" "undone"
same "back to the fixture" "$before" "$(paths)"

# Move VIP up, then down, indent it under Clients, then outdent it.
# wait_paths WANT DESC: the base's tree becomes WANT before the deadline.
wait_paths() {
	wait_eq "$1" "$2" paths
}
keys End K
wait_paths "VIP Clients " "K moves VIP up"
keys J
wait_paths "Clients VIP " "J moves it down"
keys '>'
wait_paths "Clients Clients/VIP " "> puts it under Clients"
keys '<'
wait_paths "Clients VIP " "< puts it back beside Clients"

# Delete: n keeps it, y deletes it, u brings it back.
keys x
wait_for 'Delete "VIP"? (y/n)' "x asks first"
keys n
wait_gone "(y/n)" "n answers no"
same "nothing deleted" "Clients VIP " "$(paths)"
keys x
wait_for "(y/n)" "asked again"
keys y
wait_for 'Deleted "VIP"' "y deletes"
same "the base lost it" "Clients " "$(paths)"
keys u
wait_for "Undone" "u brings it back"
same "the base has it again" "Clients VIP " "$(paths)"

# A core error shows in the message line: a name that is taken.
keys Home Down A
keys -l "vip"
keys Enter
wait_for 'there is already a segment "VIP"' "a core error shows in the message line"
same "no segment was added" "Clients VIP " "$(paths)"
keys q
wait_for "[exit 0]" "quit"
finish
