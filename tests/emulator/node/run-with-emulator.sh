#!/bin/sh
# Runs a node script against a fresh oai-emulator with the official openai-node
# SDK installed in NODE_SDK_DIR (scripts/install-node-sdk). Exit 77 (skipped)
# when node/npm are missing or the SDK cannot be installed.
#   run-with-emulator.sh EMULATOR SOURCE_DIR NODE_SDK_DIR SCRIPT [ARGS...]
# The script gets EMU_BASE (http://127.0.0.1:PORT/v1) and OPENAI_NODE_DIR.
set -eu
emulator=$1
src=$2
sdk=$3
script=$4
shift 4
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed" >&2
    exit 77
fi
rc=0
"$src/scripts/install-node-sdk" "$sdk" || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "SKIP: the openai-node SDK could not be installed (npm missing or offline)" >&2
    exit 77
fi
tmp=$(mktemp -d)
"$emulator" --port 0 --port-file "$tmp/port" --quiet --step-ms 5 --delta-ms 1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while [ ! -s "$tmp/port" ]; do
    i=$((i + 1))
    [ "$i" -gt 200 ] && { echo "the emulator did not start" >&2; exit 1; }
    sleep 0.05
done
EMU_BASE="http://127.0.0.1:$(cat "$tmp/port")/v1" OPENAI_NODE_DIR="$sdk/node_modules/openai" \
    TMPDIR_STREAMS="$tmp" node "$script" "$@"
