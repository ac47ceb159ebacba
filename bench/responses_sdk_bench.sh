#!/bin/sh
# CPU per event of a 100k-delta Responses stream: openai-node 7.57's
# ResponseStream (a listener on every event) beside openai-c's response
# stream (a hook on every event), in the same run, and their ratio.
#   bench/responses_sdk_bench.sh [BUILD_DIR] [DELTAS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
n=${2:-100000}
sdk="$build/node-sdk"
"$root/scripts/install-node-sdk" "$sdk"
file="$build/responses-$n.sse"
"$build/bench/stream_bench" --responses-dump "$n" "$file"
node_line=$(OPENAI_NODE_DIR="$sdk/node_modules/openai" node "$root/bench/responses_sdk_bench.mjs" "$file")
c_line=$("$build/bench/stream_bench" --responses-file "$file")
echo "$node_line"
echo "$c_line"
node_us=${node_line##*=}
c_us=${c_line##*=}
awk -v a="$node_us" -v b="$c_us" 'BEGIN { printf "ratio=%.1f (openai-node CPU per event / openai-c)\n", a / b }'
