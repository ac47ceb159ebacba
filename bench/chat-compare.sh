#!/bin/sh
# The CPU per chunk of a Chat Completions stream: the official openai-node
# ChatCompletionStream fed stream_bench's synthetic chat streams in-process
# (node-chat-stream.mjs), beside liboai's chat stream on the same streams
# (stream_bench --chat). Build with -DCMAKE_BUILD_TYPE=Release to compare.
#   bench/chat-compare.sh BUILD_DIR [DELTAS]      (default 100000)
# Installs the SDK into BUILD_DIR/node-sdk with scripts/install-node-sdk.
set -eu
build=$1
n=${2:-100000}
here=$(cd "$(dirname "$0")" && pwd)
"$here/../scripts/install-node-sdk" "$build/node-sdk"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for kind in content tool; do
    arg=""
    [ "$kind" = tool ] && arg=tool
    "$build/bench/stream_bench" --emit-chat "$n" $arg >"$tmp/$kind.sse"
    echo "openai-node kind=$kind deltas=$n $(OAI_NODE_SDK="$build/node-sdk" node "$here/node-chat-stream.mjs" "$tmp/$kind.sse")"
done
# liboai on the same synthetic streams (engine_ns_per_event: per chunk)
"$build/bench/stream_bench" --chat
