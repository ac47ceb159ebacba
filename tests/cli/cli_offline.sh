#!/bin/sh
# oai without a server: --help on every subcommand, usage errors (exit 2),
# connection failures (exit 3) without leaking the key.
. "$(dirname "$0")/lib.sh"

run 0 "$OAI" --help
has out "upload"
has out "Exit status"
for sub in upload poll assistants threads messages runs steps files \
           vector-stores emulator replay; do
    run 0 "$OAI" "$sub" --help
    grep -qi "usage: oai $sub" "$WORK/out" || fail "no usage for $sub"
done

# Help lists only the verbs a resource has.
for sub in runs steps; do
    run 0 "$OAI" "$sub" --help
    hasnt out "create"
done

run 2 "$OAI" no-such-command
run 2 "$OAI" assistants frobnicate
run 2 "$OAI" assistants get                           # no id
run 2 "$OAI" assistants get "../../etc"               # not an id
run 2 "$OAI" messages list                            # no --thread
run 2 "$OAI" threads create --json '[1,2]'            # not an object
run 2 "$OAI" threads create --json '{bad'
run 2 "$OAI" assistants create --message hi           # flag for another resource
run 2 "$OAI" upload a.txt                             # no --vector-store
run 2 "$OAI" poll run --thread t_1                    # no id
run 2 "$OAI" poll sideways x

# No key anywhere: the client cannot be built (usage: configuration).
env -u OPENAI_API_KEY "$OAI" assistants list >"$WORK/out" 2>"$WORK/err" && fail "no key accepted"
has err "OPENAI_API_KEY"

# Nothing listens on port 9 of loopback: transport error, key never shown.
OPENAI_API_KEY=$KEY
export OPENAI_API_KEY
run 3 "$OAI" assistants list --base-url http://127.0.0.1:9/v1 --timeout 5
hasnt err "$KEY"
run 3 "$OAI" --base-url http://127.0.0.1:9/v1 --api-key "$KEY" threads get thread_1
hasnt err "$KEY"
hasnt out "$KEY"
has err "Connection error"
echo "cli_offline: ok"
