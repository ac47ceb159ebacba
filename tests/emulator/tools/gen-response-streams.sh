#!/bin/sh
# Saves one Responses stream of a running oai-emulator per scenario into OUTDIR
# (NAME.sse), plus OUTDIR/MANIFEST.tsv: NAME, the expected end of the stream's
# trace (ok | error) and the status of its final response (or -).
# The streams cover every scenario, a background stream, a resumed suffix
# (starting_after=1, which starts at response.in_progress, as recorded) and the follow-up turn of a function call.
#   gen-response-streams.sh BASE_URL OUTDIR      (BASE_URL: http://127.0.0.1:PORT/v1)
set -eu
base=$1
out=$2
mkdir -p "$out"
: >"$out/MANIFEST.tsv"
tools='[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}},{"type":"function","name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}]'

post() { # post NAME BODY
    curl -sS -N -H 'Authorization: Bearer sk-emulator' -H 'Content-Type: application/json' \
        -d "$2" "$base/responses" >"$out/$1.sse"
}
expect() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$out/MANIFEST.tsv"; }
scenario() { # scenario NAME INPUT END STATUS
    post "$1" "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"tools\":$tools,\"input\":\"$2\"}"
    expect "$1" "$3" "$4"
}

scenario hello 'Hello there' ok completed
scenario text '#scenario:text The quick brown fox' ok completed
scenario function '#scenario:function get_weather' ok completed
scenario parallel '#scenario:parallel 2' ok completed
scenario reasoning '#scenario:reasoning' ok completed
scenario web_search '#scenario:web_search weather' ok completed
scenario file_search '#scenario:file_search food' ok completed
scenario code_interpreter '#scenario:code' ok completed
scenario refusal '#scenario:refusal' ok completed
scenario incomplete '#scenario:incomplete' ok incomplete
scenario keepalive '#scenario:keepalive' ok completed
scenario long '#scenario:long 200 0' ok completed
scenario unknown_scenario '#scenario:nonesuch' ok failed
# the nested error event: the SDK rejects the stream there (before response.failed)
scenario failed '#scenario:failed' error -

post max_output_tokens "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"max_output_tokens\":3,\"input\":\"#scenario:text one two three four five\"}"
expect max_output_tokens ok incomplete

post background "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"background\":true,\"input\":\"#scenario:text one two three\"}"
expect background ok completed
id=$(grep -o '"id":"resp_[A-Za-z0-9]*"' "$out/background.sse" | head -1 | sed 's/.*"\(resp_[A-Za-z0-9]*\)"/\1/')
curl -sS -N -H 'Authorization: Bearer sk-emulator' "$base/responses/$id?stream=true&starting_after=1" >"$out/resumed.sse"
expect resumed ok completed

call=$(grep -o '"call_id":"call_[A-Za-z0-9]*"' "$out/function.sse" | head -1 | sed 's/.*"\(call_[A-Za-z0-9]*\)"/\1/')
fid=$(grep -o '"id":"resp_[A-Za-z0-9]*"' "$out/function.sse" | head -1 | sed 's/.*"\(resp_[A-Za-z0-9]*\)"/\1/')
post function_output "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"previous_response_id\":\"$fid\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"$call\",\"output\":\"sunny\"}]}"
expect function_output ok completed
