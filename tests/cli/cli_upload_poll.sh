#!/bin/sh
# oai upload (file batch upload_and_poll) and oai poll run|file|batch.
. "$(dirname "$0")/lib.sh"
start_emulator

for n in 1 2 3 4 5 6; do printf 'document %s\n' "$n" >"$WORK/d$n.txt"; done
VS=$(id_of "$OAI" vector-stores create --id --name up)
run 0 "$OAI" upload --vector-store "$VS" --max-concurrency 2 --poll-interval 20 \
    "$WORK/d1.txt" "$WORK/d2.txt" "$WORK/d3.txt" "$WORK/d4.txt" "$WORK/d5.txt" "$WORK/d6.txt"
has out '"object": "vector_store.file_batch"'
has out '"completed": 6'
has err "progress: 6/6"
has err "(6 completed, 0 failed)"
B=$(sed -n 's/^  "id": "\([^"]*\)".*/\1/p' "$WORK/out")
[ -n "$B" ] || fail "no batch id"

run 0 "$OAI" upload --vector-store "$VS" --poll-interval 20 "$WORK/d1.txt"
has err ", 1 file (1 completed, 0 failed)"

run 0 "$OAI" poll batch --vector-store "$VS" "$B"
has out "\"id\": \"$B\""
run 2 "$OAI" upload --vector-store "$VS" --max-concurrency 0 "$WORK/d1.txt"
run 6 "$OAI" upload --vector-store "$VS" "$WORK/missing.txt"
has err "missing.txt"

# A file of the batch, polled as a vector-store file.
run 0 "$OAI" files list --all
F=$(sed -n 's/^      "id": "\([^"]*\)".*/\1/p' "$WORK/out" | head -n 1)
[ -n "$F" ] || fail "no file id in files list"
run 0 "$OAI" poll file --vector-store "$VS" "$F"
has out '"object": "vector_store.file"'
has out '"status": "completed"'
F2=$(id_of "$OAI" files create "$WORK/d1.txt" --id)
run 1 "$OAI" poll file --vector-store "$VS" "$F2"   # never attached: 404
has err "HTTP 404"
echo "cli_upload_poll: ok"
