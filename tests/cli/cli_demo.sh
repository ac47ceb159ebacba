#!/bin/sh
# scripts/demo (the main job of `make demo`) against the built tree: every
# part of the display shows, the emulator it starts is stopped after
# success, failure and SIGTERM, and with OPENAI_BASE_URL/OPENAI_API_KEY set
# it uses that server and starts none.
. "$(dirname "$0")/lib.sh"
DEMO="$OAI_SOURCE_DIR/scripts/demo"
export OAI OAI_EMULATOR OAI_BUILD_DIR

# The emulator pid the demo announced.
demo_emu_pid() {
    sed -n 's/^demo: oai-emulator (pid \([0-9]*\)).*/\1/p' "$WORK/out"
}
# Fails unless process $1 is gone (bounded wait).
gone() {
    i=0
    while kill -0 "$1" 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -le 100 ] || fail "emulator $1 still running after the demo"
        sleep 0.05
    done
}

run 0 env -u OPENAI_BASE_URL -u OPENAI_API_KEY "$DEMO"
P=$(demo_emu_pid)
[ -n "$P" ] || fail "the demo did not start an emulator"
gone "$P"
has err "demo: emulator stopped"
has out "==> oai assistants create"
has out "assistant > Hello! You said: Hello! What can you do?"
has err "thread: thread_"
has out "assistant > code_interpreter"
has out "print(math.sqrt(16))"
has out "output >"
grep -qx "4.0" "$WORK/out" || fail "no code interpreter logs"
has out 'function > get_weather({"city":"emulated"})'
has out 'result > {"city":"emulated","sky":"sunny","celsius":21}'
has out 'get_weather returned {"city":"emulated","sky":"sunny","celsius":21}'
has err "progress: 3/3"
has err ": completed, 3 files (3 completed, 0 failed)"
has out "user > #scenario:function get_weather"
has out "==> oai respond --tool"
has out 'result > {"sky":"sunny","celsius":21}'
has out 'get_weather returned {"sky":"sunny","celsius":21}'
has err "progress: response completed"
grep -qx "status: completed" "$WORK/out" || fail "the background response was not polled to completion"
grep -qx "A background stream survives a broken connection: every word arrives once." "$WORK/out" ||
    fail "the resumed stream's text is not whole"
grep -qE '^demo: the connection was cut after 3000 bytes; resumed after event [0-9]+$' "$WORK/out" ||
    fail "no resume shown"
has out "demo: done"

# A failing step: non-zero exit naming the step, emulator stopped.
run 1 env -u OPENAI_BASE_URL -u OPENAI_API_KEY OAI=/bin/false "$DEMO"
has err "demo: FAILED during: oai assistants create"
P=$(demo_emu_pid)
[ -n "$P" ] || fail "the demo did not start an emulator"
gone "$P"

# SIGTERM while it runs: the trap stops the emulator.
env -u OPENAI_BASE_URL -u OPENAI_API_KEY "$DEMO" >"$WORK/out" 2>"$WORK/err" &
DEMO_PID=$!
i=0
until [ -n "$(demo_emu_pid)" ]; do
    i=$((i + 1))
    [ "$i" -le 400 ] || fail "the demo did not start"
    sleep 0.02
done
kill -TERM "$DEMO_PID"
set +e
wait "$DEMO_PID"
st=$?
set -e
[ "$st" -eq 143 ] || fail "demo exit status $st after SIGTERM, wanted 143"
gone "$(demo_emu_pid)"
has err "demo: emulator stopped"
has err "demo: interrupted during: "         # an interruption is no failure
hasnt err "FAILED"

# A configured server: used as it is, nothing started, resources deleted.
start_emulator
run 0 "$DEMO"
has out "demo: using the server at $OPENAI_BASE_URL"
hasnt out "oai-emulator (pid"
has out "assistant > Hello! You said: What is the weather in Paris?"
grep -q '"method":"POST","path":"/v1/responses"' "$WORK/emulator.log" || fail "no Responses request"
grep -q '"method":"DELETE","path":"/v1/assistants/asst_' "$WORK/emulator.log" ||
    fail "the demo left its assistant on the server"
echo "cli_demo: ok"
