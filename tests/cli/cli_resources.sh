#!/bin/sh
# The setup subcommands against oai-emulator: create/get/list/delete of
# assistants, threads, messages, files, vector stores; runs and steps after
# a streamed run; JSON on stdout, --id, API errors with status and request id.
. "$(dirname "$0")/lib.sh"
start_emulator

A=$(id_of "$OAI" assistants create --id --model gpt-4o --name "CLI test" \
      --instructions "Be brief." --tool code_interpreter --function lookup:"Look it up" \
      --metadata team=cli)
case $A in asst_*) ;; *) fail "assistant id: $A" ;; esac
run 0 "$OAI" assistants get "$A"
has out '"name": "CLI test"'
has out '"type": "code_interpreter"'
has out '"name": "lookup"'
has out '"team": "cli"'
run 0 "$OAI" assistants create --json '{"model":"gpt-4o","name":"from json"}'
has out '"name": "from json"'
run 0 "$OAI" assistants list --limit 1
has out '"object": "list"'
has out '"has_more": true'
run 0 "$OAI" assistants list --all --limit 1
has out '"name": "CLI test"'
has out '"name": "from json"'

T=$(id_of "$OAI" threads create --id --message "first question")
run 0 "$OAI" threads get "$T"
has out "\"id\": \"$T\""
run 0 "$OAI" messages create --thread "$T" "second question"
has out '"role": "user"'
run 0 "$OAI" messages list --thread "$T" --text
has out "user > first question"
has out "user > second question"
# oldest first
[ "$(head -n 1 "$WORK/out")" = "user > first question" ] || fail "messages order"

printf 'hello file\n' >"$WORK/hello.txt"
F=$(id_of "$OAI" files create "$WORK/hello.txt" --id)
run 0 "$OAI" files get "$F"
has out '"filename": "hello.txt"'
run 0 "$OAI" files list
has out "$F"
run 6 "$OAI" files create "$WORK/does-not-exist.txt"
has err "does-not-exist.txt"
run 6 "$OAI" files create /dev/null
has err "'/dev/null': not a regular file"
hasnt err "Invalid argument"

VS=$(id_of "$OAI" vector-stores create --name "store" --id)
run 0 "$OAI" vector-stores get "$VS"
has out '"name": "store"'

# Errors: HTTP status, API message and request id on stderr; exit 1.
run 1 "$OAI" assistants get asst_missing
has err "HTTP 404"
has err "request id"
has err "asst_missing"
hasnt err ": 404 "        # the status once, in the parentheses
hasnt err "$KEY"

run 0 "$OAI" messages list --thread "$T"
run 0 "$OAI" files delete "$F"
has out '"deleted": true'
run 0 "$OAI" vector-stores delete "$VS"
run 0 "$OAI" threads delete "$T"
run 0 "$OAI" assistants delete "$A"
has out '"deleted": true'
run 1 "$OAI" assistants get "$A"
echo "cli_resources: ok"
