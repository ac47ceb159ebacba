#!/bin/sh
# `oai chat` under a pseudo-terminal (script -qec): the reply reaches the
# terminal delta by delta while the run is still streaming, and the whole
# display arrives with terminal line endings.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || fail "script(1) (bsdutils) is missing"
start_emulator

A=$(id_of "$OAI" assistants create --id --model gpt-4o --tool code_interpreter)

# 20 deltas 150 ms apart: the first words must show before the last one
# is even sent.
timeout 60 script -qec "'$OAI' chat --assistant '$A' '#scenario:long 20 150'" /dev/null \
    >"$WORK/out" 2>"$WORK/err" &
PTY_PID=$!
i=0
until grep -q "assistant > w1 w2" "$WORK/out"; do
    i=$((i + 1))
    [ "$i" -le 400 ] || fail "no streamed text on the terminal"
    kill -0 "$PTY_PID" 2>/dev/null || break
    sleep 0.02
done
grep -q "w20" "$WORK/out" && fail "text arrived all at once, not as it streamed"
wait "$PTY_PID" || fail "oai chat under a pty failed"
tr -d '\r' <"$WORK/out" >"$WORK/lines"
grep -q "^thread: thread_" "$WORK/lines" || fail "no thread id on the terminal"
grep -qx "assistant > w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20" \
    "$WORK/lines" || fail "reply not shown whole"

# The code interpreter display on a terminal.
timeout 60 script -qec "'$OAI' chat --assistant '$A' '#scenario:code'" /dev/null \
    >"$WORK/out" 2>"$WORK/err" || fail "code scenario under a pty failed"
tr -d '\r' <"$WORK/out" >"$WORK/lines"
grep -qx "assistant > code_interpreter" "$WORK/lines" || fail "no tool call line"
grep -qx "print(math.sqrt(16))" "$WORK/lines" || fail "no code input"
grep -qx "output >" "$WORK/lines" || fail "no output >"
grep -qx "4.0" "$WORK/lines" || fail "no logs"
echo "cli_chat_pty: ok"
