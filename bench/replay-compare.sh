#!/bin/sh
# Whole-process CPU of `oai replay` on a 200k-delta assistant stream beside
# the official openai-node AssistantStream fed the same bytes in-process
# (node-assistant-stream.mjs), in one run, best of 5 each, alternating
# (`oai replay` output to /dev/null; one sample of ours is the mean of 10
# replays in a row, as time(1) counts in 10 ms steps):
#
#   bench/replay-compare.sh BUILD_DIR [DELTAS]      (default 200000)
#
# prints `openai-node cpu_s=..`, `openai-c cpu_s=..` and `ratio=..` (the
# node CPU over ours). The SDK is looked for in OPENAI_NODE_DIR (default
# BUILD_DIR/node-sdk/node_modules/openai, where scripts/install-node-sdk
# BUILD_DIR/node-sdk puts it); without it or node, only our figure is
# printed. Build with -DCMAKE_BUILD_TYPE=Release to compare.
set -eu
build=$1
n=${2:-200000}
here=$(cd "$(dirname "$0")" && pwd)
sdk=${OPENAI_NODE_DIR:-$build/node-sdk/node_modules/openai}
runs=5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bench/stream_bench" --emit "$n" >"$tmp/stream.sse"
node_ok=1
if ! command -v node >/dev/null 2>&1 || [ ! -f "$sdk/index.mjs" ]; then
    echo "openai-node skipped: no node or no SDK in $sdk (set OPENAI_NODE_DIR)"
    node_ok=0
fi

# the smaller of two CPU times (in seconds)
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

# one sample of ours: `reps` replays under one time(1), whose figures
# have 10 ms steps, divided by reps
reps=10
c_best="" node_best=""
i=0
while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "%U %S" -o "$tmp/time" sh -c \
        'i=0; while [ $i -lt "$1" ]; do "$2" replay "$3" >/dev/null; i=$((i + 1)); done' \
        sh "$reps" "$build/cli/oai" "$tmp/stream.sse"
    c_best=$(best "$c_best" "$(awk -v r="$reps" '{ print ($1 + $2) / r }' "$tmp/time")")
    if [ "$node_ok" = 1 ]; then
        line=$(OPENAI_NODE_DIR="$sdk" node "$here/node-assistant-stream.mjs" "$tmp/stream.sse")
        node_best=$(best "$node_best" "${line##*cpu_s=}")
    fi
    i=$((i + 1))
done
bytes=$(wc -c <"$tmp/stream.sse")
echo "deltas=$n bytes=$bytes runs=$runs (best of each)"
[ "$node_ok" = 1 ] && echo "openai-node cpu_s=$node_best"
echo "openai-c cpu_s=$c_best"
[ "$node_ok" = 1 ] && awk -v a="$node_best" -v b="$c_best" \
    'BEGIN { printf "ratio=%.1f\n", (b > 0 ? a / b : 0) }'
exit 0
