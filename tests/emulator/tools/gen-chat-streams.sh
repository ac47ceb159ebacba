#!/bin/sh
# Saves one Chat Completions stream of a running oai-emulator per scenario into
# OUTDIR (NAME.sse), plus OUTDIR/MANIFEST.tsv: NAME, the expected end of the
# stream's trace (ok | error), the finish_reason of every choice of the final
# completion (or -), and the number of choices.
# The streams cover every scenario, n > 1, include_usage, logprobs (content and
# refusal), a max_tokens cut and the follow-up turn that answers tool calls.
#   gen-chat-streams.sh BASE_URL OUTDIR      (BASE_URL: http://127.0.0.1:PORT/v1)
set -eu
base=$1
out=$2
mkdir -p "$out"
: >"$out/MANIFEST.tsv"
tools='[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}}]'

post() { # post NAME BODY
    curl -sS -N -H 'Authorization: Bearer sk-emulator' -H 'Content-Type: application/json' \
        -d "$2" "$base/chat/completions" >"$out/$1.sse"
}
expect() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$out/MANIFEST.tsv"; }
scenario() { # scenario NAME MESSAGE END FINISH [EXTRA_MEMBERS [CHOICES]]
    post "$1" "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"tools\":$tools,\"messages\":[{\"role\":\"user\",\"content\":\"$2\"}]${5:+,$5}}"
    expect "$1" "$3" "$4" "${6:-1}"
}

scenario hello 'Hello there' ok stop
scenario text '#scenario:text The quick brown fox' ok stop
scenario function '#scenario:function get_weather' ok tool_calls
scenario parallel '#scenario:parallel 3' ok tool_calls
scenario refusal '#scenario:refusal' ok stop
scenario length '#scenario:length' ok length
scenario max_tokens '#scenario:text one two three four five' ok length '"max_completion_tokens":3'
scenario keepalive '#scenario:keepalive' ok stop
scenario long '#scenario:long 200 0' ok stop
scenario include_usage '#scenario:text counted words' ok stop '"stream_options":{"include_usage":true}'
scenario choices '#scenario:text three of these' ok stop '"n":3,"stream_options":{"include_usage":true}' 3
scenario parallel_choices '#scenario:parallel 2' ok tool_calls '"n":2' 2
scenario logprobs '#scenario:text with token logprobs' ok stop '"logprobs":true,"top_logprobs":3'
scenario refusal_logprobs '#scenario:refusal' ok stop '"logprobs":true,"top_logprobs":2'
# the error payload mid-stream: the SDK rejects the stream there
scenario error '#scenario:error' error -
scenario error_event '#scenario:error event' error -

# the follow-up turn: the assistant's calls and one tool message per call
ids=$(grep -o '"id":"call_[A-Za-z0-9]*"' "$out/parallel.sse" | sed 's/.*"\(call_[A-Za-z0-9]*\)"/\1/')
calls='' answers=''
k=0
for id in $ids; do
    calls="$calls${calls:+,}{\"id\":\"$id\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}"
    answers="$answers,{\"role\":\"tool\",\"tool_call_id\":\"$id\",\"content\":\"answer $k\"}"
    k=$((k + 1))
done
post tool_output "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"tools\":$tools,\"messages\":[{\"role\":\"user\",\"content\":\"#scenario:parallel 3\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[$calls]}$answers]}"
expect tool_output ok stop 1
