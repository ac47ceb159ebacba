#!/bin/sh
# oai replay --trace on Chat Completions streams: told apart from Assistants
# streams by their first event (also behind a leading comment and when
# read a few bytes at a time), the same trace whatever the read size, and
# equal to the corpus's expected trace.
set -eu
oai=$1
corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # FILE: whole and 3-byte reads print the same trace, ending ok
    "$oai" replay --trace "$corpus/$1" >"$tmp/whole"
    "$oai" replay --trace --chunk 3 "$corpus/$1" >"$tmp/small"
    cmp "$tmp/whole" "$tmp/small"
    head -n 1 "$tmp/whole" | grep -q '^{"chunk":0,'
    tail -n 2 "$tmp/whole" | head -n 1 | grep -q '^{"final":{'
    tail -n 1 "$tmp/whole" | grep -qx '{"end":"ok"}'
}
check 'real/openai-python/test_completions_streaming/unknown@09eba209/00_POST_chat.completions.sse'
# a leading `: OPENROUTER PROCESSING` comment
check 'real/fantasy/TestOpenRouterCommon/gemini/simple_streaming@43a2aa51/00_POST_chat.completions.sse'

# an error payload: the expected trace byte for byte, also from stdin
f='real/pydantic-ai/test_groq/test_tool_use_failed_error_streaming@175ef81b/00_POST_chat.completions'
"$oai" replay --trace --chunk 5 - <"$corpus/$f.sse" >"$tmp/err"
cmp "$tmp/err" "$corpus/expected/$f.trace.jsonl"
tail -n 1 "$tmp/err" | grep -q '"end":"error","kind":"api_error"'
echo ok
