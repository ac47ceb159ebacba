#!/bin/sh
# `oai complete` against oai-emulator's /chat/completions: the streamed
# reply, --system and --model in the request, --events as JSON lines,
# --text-only, function calls answered by --tool in the same stream
# (single and parallel; the emulator checks the history), API errors and
# usage errors, --help.
. "$(dirname "$0")/lib.sh"
[ -x "${OAI_JSONL_CHECK:-}" ] || fail "OAI_JSONL_CHECK is not set"
start_emulator --api-key "$KEY"

run 0 "$OAI" complete --help
grep -qi "usage: oai complete" "$WORK/out" || fail "no usage"
for word in --model --system --tool --events --text-only "Exit status" --base-url; do has out "$word"; done
run 2 "$OAI" complete
run 2 "$OAI" complete one two
run 2 "$OAI" complete --events --text-only hi
run 2 "$OAI" complete --tool get_weather hi
run 2 "$OAI" complete --json '[1]' hi

run 0 "$OAI" complete --model my-model --system "Be brief." "hello emulator"
has out "assistant > Hello! You said: hello emulator"
grep '"path":"/v1/chat/completions"' "$WORK/emulator.log" | tail -n 1 >"$WORK/req"
for s in '"stream":true' '"model":"my-model"' '"role":"system","content":"Be brief."'; do
    grep -qF "$s" "$WORK/req" || fail "request lacks $s"
done

run 0 "$OAI" complete --text-only "#scenario:text one two three"
[ "$(cat "$WORK/out")" = "one two three" ] || fail "--text-only: $(cat "$WORK/out")"

run 0 "$OAI" complete --events "#scenario:text a b"
"$OAI_JSONL_CHECK" <"$WORK/out" >"$WORK/names" || fail "--events: not JSON lines"
[ "$(sort -u "$WORK/names")" = "chunk" ] || fail "--events: not chunk lines"
[ "$(wc -l <"$WORK/names")" -ge 4 ] || fail "--events: too few chunks"

# one function call, answered by a command: one stream, two requests
run 0 "$OAI" complete --tool 'get_weather=cat >/dev/null; echo sunny' \
    "#scenario:function get_weather"
has out "function > get_weather("
has out "result > sunny"
has out "assistant > Done: get_weather returned sunny."
grep '"path":"/v1/chat/completions"' "$WORK/emulator.log" | tail -n 1 >"$WORK/req"
grep -qF '"role":"tool"' "$WORK/req" || fail "no tool message in the follow-up"

# parallel calls, both answered in one submission
TOOLS='{"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{}}}},{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]}'
run 0 "$OAI" complete --tool 'get_weather=echo w' --tool 'get_time=echo t' \
    --json "$TOOLS" "#scenario:parallel 2"
has out "assistant > Done: get_weather returned w; get_time returned t."

# a call with no --tool for it, a failing command, an API error
run 6 "$OAI" complete --tool 'get_weather=true' --json "$TOOLS" "#scenario:function get_time"
has err "answer it with --tool get_time=COMMAND"
run 6 "$OAI" complete --tool 'get_weather=exit 3' "#scenario:function get_weather"
has err "exited with status 3"
run 1 "$OAI" complete "#scenario:nosuch"
has err "Unknown emulator scenario"
run 4 "$OAI" complete "#scenario:error"
echo ok
