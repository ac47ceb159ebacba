#!/bin/sh
# Runs one program of examples/ against oai-emulator and checks what it
# prints. Usage: run_example.sh NAME. The ctest entry passes EXAMPLES_DIR
# (the built examples) plus the variables of tests/cli/lib.sh.
. "$OAI_SOURCE_DIR/tests/cli/lib.sh"
NAME=$1
EX="$EXAMPLES_DIR/$NAME"
[ -x "$EX" ] || fail "no example $EX"
start_emulator --step-ms 2 --delta-ms 1 --file-process-ms 30

# line FILE TEXT: FILE has a line that is exactly TEXT.
line() {
    grep -qxF -- "$2" "$WORK/$1" || fail "$1 has no line: $2"
}
# logged TEXT: the emulator's request log contains TEXT.
logged() {
    grep -qF -- "$1" "$WORK/emulator.log" || fail "request log lacks: $1"
}

case "$NAME" in
event_handler)
    run 0 "$EX" "#scenario:code"
    line out "assistant > code_interpreter"
    line out "import math"
    line out "print(math.sqrt(16))"
    line out "output >"
    line out "4.0"
    line out "assistant > The square root of 16 is 4.0; the chart is attached."
    logged '"x-stainless-stream-helper":"threads.runs.create_and_stream"'
    run 1 "$EX" "#scenario:error"
    has err "error: The server had an error processing your request."
    ;;
stream_events)
    run 0 "$EX" "#scenario:text Hello from the emulator"
    line out "Hello from the emulator"
    # The question goes through the JSON builder: quotes and backslashes survive.
    run 0 "$EX" 'He said "hi" \ bye'
    line out 'Hello! You said: He said "hi" \ bye'
    ;;
stream_text)
    run 0 "$EX" "#scenario:text One two three"
    line out "One two three"
    run 0 "$EX"
    line out "Hello! You said: Write a haiku about C."
    run 1 "$EX" "#scenario:error"
    line out "This stream breaks in the"
    has err "error: The server had an error"
    ;;
runs_stream)
    run 0 "$EX" "#scenario:text Streams are fun"
    grep -qE '^run run_[A-Za-z0-9]+: completed$' "$WORK/out" || fail "no completed run"
    line out "assistant > Streams are fun"
    run 1 "$EX" "#scenario:fail"
    ;;
create_and_run_stream)
    run 0 "$EX"
    line out "Hello! You said: Give me one tip for writing C."
    grep -qE '^thread thread_[A-Za-z0-9]+, run completed$' "$WORK/out" || fail "no completed run"
    logged '"x-stainless-stream-helper":"threads.create_and_run_stream"'
    ;;
submit_tool_outputs_stream)
    run 0 "$EX" "#scenario:function"
    line out 'get_weather({"city":"emulated"})'
    line out "Thanks! The tools returned: get_weather returned sunny, 22 degrees"
    logged '"x-stainless-stream-helper":"threads.runs.submit_tool_outputs_stream"'
    run 1 "$EX" "no tool wanted"
    has err "the run did not call the function (status completed)"
    ;;
responses_background)
    run 0 "$EX" "#scenario:text Otters float."
    line out "Current status: completed"
    line out "Final status: completed"
    line out "Otters float."
    [ "$(grep -c '^Current status: in_progress$' "$WORK/out")" -le 1 ] || fail "status repeated"
    logged '"background":true'
    logged '"x-stainless-custom-poll-interval":"2000"'
    run 1 "$EX" "#scenario:fail"
    line out "Final status: failed"
    has err "error: The server had an error"
    ;;
responses_stream_text)
    run 0 "$EX" "#scenario:text One two three"
    line out "One two three"
    logged '"x-stainless-stream-helper":"responses.stream"'
    run 1 "$EX" "#scenario:fail"
    has err "error:"
    ;;
responses_stream_events)
    run 0 "$EX" "#scenario:text Hello events"
    line out "Hello events"
    grep -qE '^final response "resp_[A-Za-z0-9]+": completed$' "$WORK/out" || fail "no final response"
    ;;
responses_stream_handler)
    run 0 "$EX" "#scenario:web_search cats"
    line out "[web_search_call: searching]"
    line out "response completed"
    run 0 "$EX" "#scenario:incomplete"
    line out "response incomplete"
    ;;
responses_function_loop)
    run 0 "$EX" "#scenario:function get_weather"
    line out 'get_weather({"city":"emulated"})'
    line out "Thanks! The tools returned: get_weather returned sunny, 22 degrees"
    logged '"previous_response_id":"resp_'
    ;;
responses_resume)
    run 0 "$EX" "#scenario:text Otters float and hold paws while they sleep."
    line out "Otters float and hold paws while they sleep."
    grep -qE '^Final status: completed after event [0-9]+$' "$WORK/out" || fail "no final status"
    # cut the first stream after 2500 bytes: the example resumes it
    kill "$EMU_PID"
    wait "$EMU_PID" 2>/dev/null || true
    rm -f "$WORK/port" "$WORK/emulator.log"
    start_emulator --step-ms 2 --delta-ms 1 --fault 'cut-after=2500;count=1'
    run 0 "$EX" "#scenario:text Otters float and hold paws while they sleep."
    line out "Otters float and hold paws while they sleep."
    grep -qE '^Final status: completed after event [0-9]+$' "$WORK/out" || fail "no final status"
    logged 'starting_after'
    ;;
runs_create_and_poll)
    run 0 "$EX"
    grep -qE '^run run_[A-Za-z0-9]+: completed$' "$WORK/out" || fail "no completed run"
    line out "assistant > Hello! You said: What is 3 + 4?"
    logged '"x-stainless-poll-helper":"true"'
    run 1 "$EX" "#scenario:fail"
    grep -qE '^run run_[A-Za-z0-9]+: failed$' "$WORK/out" || fail "no failed run"
    ;;
create_and_run_poll)
    run 0 "$EX"
    grep -qE '^thread thread_[A-Za-z0-9]+, run run_[A-Za-z0-9]+: completed$' "$WORK/out" \
        || fail "no completed run"
    logged '"x-stainless-poll-helper":"true"'
    run 1 "$EX" "#scenario:expired"
    has out ": expired"
    ;;
submit_tool_outputs_and_poll)
    run 0 "$EX" "#scenario:function"
    line out 'get_weather({"city":"emulated"})'
    line out "run completed"
    line out "assistant > Thanks! The tools returned: get_weather returned sunny, 22 degrees"
    logged '/submit_tool_outputs"'
    logged '"x-stainless-poll-helper":"true"'
    run 1 "$EX" "no tool wanted"
    has err "the run did not call the function (status completed)"
    ;;
vector_store_files_upload_and_poll)
    run 0 "$EX"
    grep -qE '^file file-[A-Za-z0-9]+: completed, 57 bytes$' "$WORK/out" || fail "not completed"
    printf 'this one has the #fail marker\n' >"$WORK/bad.txt"
    run 1 "$EX" "$WORK/bad.txt"
    has out ": failed, 0 bytes"
    has err "not processed: "
    ;;
vector_store_files_create_and_poll)
    run 0 "$EX"
    grep -qE '^file file-[A-Za-z0-9]+ in vs_[A-Za-z0-9]+: completed$' "$WORK/out" \
        || fail "not completed"
    printf 'notes from disk\n' >"$WORK/disk.txt"
    run 0 "$EX" "$WORK/disk.txt"
    has out ": completed"
    run 1 "$EX" "$WORK/missing.txt"
    has err "missing.txt"
    ;;
file_batches_create_and_poll)
    run 0 "$EX"
    has out ": completed, 3 completed, 0 failed, 3 total"
    printf 'one\n' >"$WORK/a.txt"
    printf 'two #fail\n' >"$WORK/b.txt"
    run 1 "$EX" "$WORK/a.txt" "$WORK/b.txt"
    has out ": completed, 1 completed, 1 failed, 2 total"
    ;;
file_batches_upload_and_poll)
    run 0 "$EX"
    for n in 1 2 3; do has out "uploaded note$n.txt ("; done
    has out ": completed, 3 completed, 0 failed, 3 total"
    for n in 1 2 3 4 5; do printf 'document %s\n' "$n" >"$WORK/d$n.txt"; done
    printf 'broken #fail\n' >"$WORK/d6.txt"
    run 1 "$EX" "$WORK/d1.txt" "$WORK/d2.txt" "$WORK/d3.txt" "$WORK/d4.txt" "$WORK/d5.txt" "$WORK/d6.txt"
    line out "uploaded d6.txt (13 bytes)"
    has out ": completed, 5 completed, 1 failed, 6 total"
    run 1 "$EX" "$WORK/d1.txt" "$WORK/missing.txt"
    has err "missing.txt"
    ;;
upload_pollers)
    run 0 "$EX"
    for n in 1 2 3; do has out "batch: uploaded note$n.txt ("; done
    line out "file: uploaded extra.txt (55 bytes)"
    line out "batch: completed"
    line out "file: completed"
    grep -qE '^vector store vs_[A-Za-z0-9]+: 3 files in the batch, 1 more file$' "$WORK/out" ||
        fail "no summary line"
    ;;
chat_stream)
    run 0 "$EX" "#scenario:text One two three"
    line out "One two three"
    line out "finish_reason: stop"
    logged '"x-stainless-stream-helper":"chat.completions.stream"'
    run 0 "$EX" "#scenario:length"
    line out "finish_reason: length"
    run 1 "$EX" "#scenario:error"
    has err "error: "
    ;;
*)
    fail "no checks for example $NAME"
    ;;
esac
echo "ok: $NAME"
