#!/bin/sh
# oai respond against the emulator: streamed text, a function call answered
# by a --tool command in the same stream, a background response whose
# stream is cut and resumed, --events as JSON lines, --previous, the
# stall timeout, and the exit codes of the man page.
. "$(dirname "$0")/lib.sh"
start_emulator --step-ms 2 --delta-ms 1 --fault 'cut-after=3000;count=1;x-should-retry=false'

run 0 "$OAI" respond --help
for word in --model --instructions --tool --previous --conversation --background --events --stall-timeout "Exit status"; do
    has out "$word"
done
run 2 "$OAI" respond
run 2 "$OAI" respond a b
run 2 "$OAI" respond --tool nonsense hi
run 2 "$OAI" respond --previous 'bad id' hi
run 2 "$OAI" respond --stall-timeout -1 hi

# The first request of the emulator is cut after 3000 bytes: a background
# stream resumes and prints the whole text once.
run 0 "$OAI" respond --background "#scenario:text one two three four five six seven eight nine ten eleven twelve"
grep -qxF "one two three four five six seven eight nine ten eleven twelve" "$WORK/out" || fail "text not whole"
grep -qF 'starting_after' "$WORK/emulator.log" || fail "no resume request"
has err "response: resp_"

run 0 "$OAI" respond --model gpt-4o-mini --instructions "Be brief." "#scenario:text Hello there"
grep -qxF "Hello there" "$WORK/out" || fail "no text line"
grep -qF '"instructions":"Be brief."' "$WORK/emulator.log" || fail "instructions not sent"
PREV=$(sed -n 's/^response: //p' "$WORK/err")
run 0 "$OAI" respond --previous "$PREV" "#scenario:text Again"
grep -qF "\"previous_response_id\":\"$PREV\"" "$WORK/emulator.log" || fail "previous_response_id not sent"

# A function call answered locally; the reply goes on in the same stream.
run 0 "$OAI" respond --tool 'get_weather=cat >/dev/null; echo sunny' "#scenario:function get_weather"
has out "function > get_weather("
has out "result > sunny"
has out "get_weather returned sunny"
run 6 "$OAI" respond --tool 'get_weather=exit 3' "#scenario:function get_weather"
has err "exited with status 3"

# --events: one JSON object a line, the event's type as "event".
run 0 "$OAI" respond --events "#scenario:text JSON lines"
head -n 1 "$WORK/out" | grep -q '^{"event":"response.created","data":{' || fail "first line"
tail -n 1 "$WORK/out" | grep -q '^{"event":"response.completed",' || fail "last line"

# An error event mid-stream: 4; an error status before it: 1; nothing
# listening: 3; a stalled stream: 3.
run 4 "$OAI" respond "#scenario:fail"
run 1 "$OAI" respond --conversation conv_missing hi
run 3 "$OAI" respond --stall-timeout 0.2 "#scenario:slow 1000"
has err "stall"
OPENAI_BASE_URL=http://127.0.0.1:9/v1 run 3 "$OAI" respond hi
echo ok
