#!/bin/sh
# `oai chat` and `oai run` against oai-emulator: streamed text and the
# thread id, continuing a thread, code interpreter output, function calls
# answered by --tool in the same stream (checked in the request log),
# --events against the raw stream, --text-only, API and run errors, --help.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || fail "curl is missing"
[ -x "${OAI_JSONL_CHECK:-}" ] || fail "OAI_JSONL_CHECK is not set"
start_emulator --api-key "$KEY"

A=$(id_of "$OAI" assistants create --id --json '{"model":"gpt-4o","name":"chat test",
  "tools":[{"type":"code_interpreter"},{"type":"function","function":{"name":"get_weather",
  "description":"Weather of a city","parameters":{"type":"object",
  "properties":{"city":{"type":"string"}},"required":["city"]}}}]}')

# --help and usage errors
for sub in chat run; do
    run 0 "$OAI" "$sub" --help
    grep -qi "usage: oai $sub" "$WORK/out" || fail "no usage for $sub"
    for word in --tool --events --text-only "Exit status" --base-url; do has out "$word"; done
done
run 0 "$OAI" --help
has out "chat"
run 2 "$OAI" chat "no assistant"
run 2 "$OAI" chat --assistant "$A"                     # no message
run 2 "$OAI" chat --assistant "$A" one two             # two messages
run 2 "$OAI" chat --assistant "$A" --events --text-only hi
run 2 "$OAI" chat --assistant "$A" --tool get_weather hi
run 2 "$OAI" chat --assistant "$A" --tool-timeout 0 --tool f=true hi
run 2 "$OAI" chat --assistant "$A" --json '[1]' hi
run 2 "$OAI" run --assistant "$A"                      # no --thread
run 2 "$OAI" run --assistant "$A" --thread thread_1 extra

# A plain message: a new thread (id on stderr), the reply streamed.
run 0 "$OAI" chat --assistant "$A" "hello emulator"
has out "assistant > Hello! You said: hello emulator"
T=$(sed -n 's/^thread: //p' "$WORK/err")
case $T in thread_*) ;; *) fail "no thread id on stderr" ;; esac
grep -q '"path":"/v1/threads/runs".*"stream":true' "$WORK/emulator.log" ||
    fail "chat without --thread did not stream a create-and-run"

# Continuing it: the message is added to the thread, then a run streams.
run 0 "$OAI" chat --assistant "$A" --thread "$T" "second question"
has out "assistant > Hello! You said: second question"
hasnt err "thread:"
grep -q "\"method\":\"POST\",\"path\":\"/v1/threads/$T/messages\"" "$WORK/emulator.log" ||
    fail "the message was not added to $T"
run 0 "$OAI" messages list --thread "$T" --text
has out "user > hello emulator"
has out "assistant > Hello! You said: hello emulator"
has out "user > second question"
has out "assistant > Hello! You said: second question"

# oai run: a run of what the thread holds, no new message.
run 0 "$OAI" run --thread "$T" --assistant "$A"
has out "assistant > Hello! You said: second question"
[ "$(grep -c "\"method\":\"POST\",\"path\":\"/v1/threads/$T/messages\"" "$WORK/emulator.log")" -eq 1 ] ||
    fail "oai run added a message"

# Code interpreter: tool call type, streamed input, output > with the logs.
run 0 "$OAI" chat --assistant "$A" "#scenario:code"
has out "assistant > code_interpreter"
has out "print(math.sqrt(16))"
has out "output >"
grep -qx "4.0" "$WORK/out" || fail "logs 4.0 not shown"
grep -q "^\[image file-[A-Za-z0-9]*\]$" "$WORK/out" || fail "the image output is not named"
has out "assistant > The square root of 16 is 4.0"

# A function call answered by --tool: arguments on the command's stdin,
# its stdout submitted in the same stream, the final text quotes it.
run 0 "$OAI" chat --assistant "$A" "#scenario:function" \
    --tool "get_weather=tee '$WORK/tool.in' | tr -d '{}\"' | sed 's/^/sunny in /'"
[ "$(cat "$WORK/tool.in")" = '{"city":"emulated"}' ] || fail "tool stdin: $(cat "$WORK/tool.in")"
has out "assistant > function"
has out 'function > get_weather({"city":"emulated"})'
has out "result > sunny in city:emulated"
has out "get_weather returned sunny in city:emulated"
grep 'submit_tool_outputs"' "$WORK/emulator.log" >"$WORK/submits" || fail "no submit_tool_outputs request"
[ "$(wc -l <"$WORK/submits")" -eq 1 ] || fail "more than one submit_tool_outputs"
grep -q '"output":"sunny in city:emulated"}],"stream":true' "$WORK/submits" ||
    fail "submitted outputs: $(cat "$WORK/submits")"
grep -q '"x-stainless-stream-helper":"threads.runs.submit_tool_outputs_stream"' "$WORK/submits" ||
    fail "outputs not submitted by the stream helper"

# Function calls without a --tool for them, or a failing command: exit 6,
# nothing submitted.
run 6 "$OAI" chat --assistant "$A" "#scenario:function"
has err "answer it with --tool get_weather=COMMAND"
run 6 "$OAI" chat --assistant "$A" "#scenario:function" --tool "get_weather=exit 3"
has err "status 3"
run 6 "$OAI" chat --assistant "$A" "#scenario:function" --tool-timeout 0.5 \
    --tool "get_weather=sleep 5"
has err "timed out"
[ "$(grep -c 'submit_tool_outputs"' "$WORK/emulator.log")" -eq 1 ] || fail "a failed tool submitted"

# --events: one JSON line per event, the same events as the raw stream.
run 0 "$OAI" chat --assistant "$A" --events "count these events"
"$OAI_JSONL_CHECK" <"$WORK/out" >"$WORK/names" || fail "--events output is not JSON lines"
has names "thread.created"
has names "thread.message.delta"
has names "thread.run.completed"
curl -sfN -X POST "$OPENAI_BASE_URL/threads/runs" -H "Authorization: Bearer $KEY" \
    -H "OpenAI-Beta: assistants=v2" -H "Content-Type: application/json" \
    -d "{\"assistant_id\":\"$A\",\"stream\":true,\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":\"count these events\"}]}}" \
    >"$WORK/raw.sse" || fail "raw stream request failed"
sed -n 's/^event: //p' "$WORK/raw.sse" | grep -vx done >"$WORK/raw.names"
[ -s "$WORK/raw.names" ] || fail "raw stream has no events"
cmp -s "$WORK/names" "$WORK/raw.names" ||
    fail "--events printed $(wc -l <"$WORK/names") events, the raw stream has $(wc -l <"$WORK/raw.names")"
# ... also across the tool loop: both responses' events in one output.
run 0 "$OAI" chat --assistant "$A" --events "#scenario:function" --tool "get_weather=echo ok"
"$OAI_JSONL_CHECK" <"$WORK/out" >"$WORK/names" || fail "--events output is not JSON lines"
[ "$(grep -c -x thread.run.requires_action "$WORK/names")" -eq 1 ] || fail "no requires_action"
[ "$(tail -n 1 "$WORK/names")" = thread.run.completed ] || fail "tool loop did not complete"

# --text-only: the text deltas and nothing else.
run 0 "$OAI" chat --assistant "$A" --text-only "just the text"
[ "$(cat "$WORK/out")" = "Hello! You said: just the text" ] || fail "--text-only: $(cat "$WORK/out")"
run 0 "$OAI" chat --assistant "$A" --text-only "#scenario:code"
hasnt out "output >"
hasnt out "math"
has out "The square root of 16 is 4.0"

# API error: message, HTTP status, request id; never the key.
run 1 "$OAI" chat --assistant asst_missing "hi"
has err "No assistant found with id 'asst_missing'"
has err "HTTP 404"
has err "request id req_"
hasnt err "$KEY"
hasnt out "$KEY"
run 1 "$OAI" run --assistant "$A" --thread thread_missing
has err "HTTP 404"
run 1 "$OAI" chat --assistant "$A" --thread thread_missing "hi"
has err "HTTP 404"
run 1 "$OAI" chat --api-key sk-wrong-key-123456 --assistant "$A" "hi" --base-url "$OPENAI_BASE_URL"
hasnt err "sk-wrong-key-123456"

# The run ends failed: exit 5 with the run's error; a broken stream: exit 4.
run 5 "$OAI" chat --assistant "$A" "#scenario:fail rate_limit_exceeded"
has err "ended failed: rate_limit_exceeded"
run 4 "$OAI" chat --assistant "$A" "#scenario:error"
has out "assistant > "
echo "cli_chat: ok"
