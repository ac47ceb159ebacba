#!/bin/sh
# oai responses create|get|poll|cancel|delete and oai conversations
# create|get|update|delete|items against the emulator, with the exit
# codes of the man page.
. "$(dirname "$0")/lib.sh"
start_emulator --step-ms 20 --delta-ms 2

run 0 "$OAI" responses --help
for word in create get poll cancel delete --max-wait "Exit status"; do has out "$word"; done
run 0 "$OAI" conversations --help
for word in create get update delete "items list" "items create"; do has out "$word"; done
run 2 "$OAI" responses
run 2 "$OAI" responses frobnicate
run 2 "$OAI" responses get
run 2 "$OAI" responses get 'bad id'
run 2 "$OAI" responses poll resp_1 --max-wait 0
run 2 "$OAI" conversations items
run 2 "$OAI" conversations items get conv_1

# A background response polled to completion, each status change shown once.
R=$(id_of "$OAI" responses create --model gpt-4o --background --id "#scenario:long 30")
run 0 "$OAI" responses poll "$R" --poll-interval 20
has out '"status": "completed"'
has err "response completed"
[ "$(grep -c 'response in_progress' "$WORK/err")" -le 1 ] || fail "status repeated"
run 0 "$OAI" responses get "$R"
has out "\"id\": \"$R\""

# Failed and incomplete end with 5; --max-wait with 7 and the last state.
R=$(id_of "$OAI" responses create --model gpt-4o --background --id "#scenario:fail")
run 5 "$OAI" responses poll "$R" --poll-interval 20
has out '"status": "failed"'
R=$(id_of "$OAI" responses create --model gpt-4o --background --id "#scenario:long 400 20")
run 7 "$OAI" responses poll "$R" --poll-interval 20 --max-wait 0.3
has out '"status": "in_progress"'
has err "max_wait"
run 0 "$OAI" responses cancel "$R"
has out '"status": "cancelled"'
run 5 "$OAI" responses poll "$R"
has out '"status": "cancelled"'

# Only background responses can be cancelled: the API's error, exit 1.
F=$(id_of "$OAI" responses create --model gpt-4o --id "hello")
run 1 "$OAI" responses cancel "$F"
has err "Cannot cancel a synchronous response"
has err "HTTP 400"
run 0 "$OAI" responses delete "$F"
has out '"deleted": true'
run 1 "$OAI" responses get "$F"
has err "HTTP 404"

# Conversations and their items.
C=$(id_of "$OAI" conversations create --message "first" --metadata topic=demo --id)
run 0 "$OAI" conversations get "$C"
has out '"topic": "demo"'
run 0 "$OAI" conversations update "$C" --metadata topic=other
has out '"topic": "other"'
run 0 "$OAI" responses create --model gpt-4o --json "{\"conversation\":\"$C\"}" "#scenario:text Noted."
has out "\"id\": \"$C\""
run 0 "$OAI" conversations items create "$C" --message "second" --message "third"
has out '"text": "third"'
run 0 "$OAI" conversations items list "$C" --order asc --limit 2 --all
has out '"text": "first"'
has out '"text": "Noted."'
I=$(sed -n 's/^    "id": "\(msg_[^"]*\)".*/\1/p' "$WORK/out" | head -n 1)
[ -n "$I" ] || fail "no item id in the list"
[ "$(grep -c '"type": "message"' "$WORK/out")" -eq 5 ] || fail "wanted 5 items"
run 0 "$OAI" conversations items get "$C" "$I"
has out "\"id\": \"$I\""
run 0 "$OAI" conversations items delete "$C" "$I"
run 1 "$OAI" conversations items get "$C" "$I"
has err "HTTP 404"
run 2 "$OAI" conversations items create "$C"
run 2 "$OAI" conversations items create "$C" --json '{"not":"an array"}'
run 0 "$OAI" conversations delete "$C"
has out '"deleted": true'
echo "cli_responses: ok"
