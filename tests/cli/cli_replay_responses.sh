# oai replay on Responses streams: `--trace` over every corpus stream (fed
# in 7-byte pieces) equals the expected trace; the human display prints the
# text and tool activity.
. "$OAI_SOURCE_DIR/tests/cli/lib.sh"

CORPUS="$OAI_RESPONSES_CORPUS_DIR"
n=0
tail -n +2 "$CORPUS/expected/MANIFEST.tsv" | while IFS="$(printf '\t')" read -r rel mode rest; do
    [ -n "$rel" ] || continue
    want="$CORPUS/expected/${rel%.sse}.trace.jsonl"
    "$OAI" replay --trace --chunk 7 "$CORPUS/$rel" >"$WORK/got" || fail "replay --trace $rel exited $?"
    "$TRACE_EQUAL" "$WORK/got" "$want" "$mode" || fail "trace of $rel"
    n=$((n + 1))
    echo "$n" >"$WORK/count"
done
[ "$(cat "$WORK/count")" -ge 140 ] || fail "only $(cat "$WORK/count") streams"

# human display: text as it arrives, reasoning and tool activity
f="$CORPUS/real/openai-dotnet/ResponsesToolTests/MCPToolStreamingWorks@65d5703f/00_POST_responses.sse"
"$OAI" replay "$f" >"$WORK/out" || fail "replay exited $?"
grep -q '^\[mcp_call completed\]' "$WORK/out" || fail "no tool activity: $(cat "$WORK/out")"
# a stream with an error event exits non-zero and says why
f="$CORPUS/fixtures-from-real/vercel-ai/openai/openai-error.1@23f132b4/stream.reframed.sse"
if "$OAI" replay "$f" >"$WORK/out" 2>"$WORK/err"; then fail "error stream exited 0"; fi
[ -s "$WORK/err" ] || fail "no error message"
echo "cli_replay_responses: ok ($(cat "$WORK/count") traces)"
