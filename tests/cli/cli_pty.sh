#!/bin/sh
# oai under a pseudo-terminal (script -qec): the streamed display reaches
# the terminal as it arrives, and `oai upload` draws a live progress bar
# (carriage-return redraws) instead of plain progress lines.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || fail "script(1) (bsdutils) is missing"
start_emulator

for n in 1 2 3; do printf 'doc %s\n' "$n" >"$WORK/doc$n.txt"; done
VS=$(id_of "$OAI" vector-stores create --id --name pty)
timeout 60 script -qec "'$OAI' upload --vector-store '$VS' --quiet '$WORK/doc1.txt' '$WORK/doc2.txt' '$WORK/doc3.txt'" \
    "$WORK/upload.typescript" >"$WORK/out" 2>"$WORK/err" || fail "upload under a pty failed"
# The bar: redrawn in place with \r, ends at 100% and 3/3.
tr '\r' '\n' <"$WORK/out" >"$WORK/lines"
grep -q '^\[#*\.*\] ' "$WORK/lines" || fail "no progress bar drawn"
grep -q '100% 3/3' "$WORK/lines" || fail "bar did not reach 3/3"
grep -q 'progress:' "$WORK/out" && fail "plain progress lines on a terminal"
has out "completed"

# Without a terminal the same command prints plain lines.
run 0 "$OAI" upload --vector-store "$VS" --quiet "$WORK/doc1.txt"
has err "progress: 1/1"
hasnt err "["
echo "cli_pty: ok"
