#!/bin/sh
# `oai replay FILE.sse` without --trace prints what the streaming example of
# the Python SDK's helpers.md prints for the same events: "\nassistant > "
# when a text starts, then its deltas; "\nassistant > TYPE\n" (plus print's
# newline) when a tool call starts; code interpreter input deltas from the
# call's second delta on; "\n\noutput >" and "\nLOGS" lines for logs outputs.
# Usage: replay_human.sh OAI CORPUS_DIR
set -eu
oai=$1
corpus=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

check() { # name, expected bytes (printf format)
    printf "$2" > "$dir/want"
    "$oai" replay "$corpus/handwritten/$1" > "$dir/got"
    if ! cmp -s "$dir/want" "$dir/got"; then
        echo "oai replay $1: output differs" >&2
        od -c "$dir/want" >&2
        od -c "$dir/got" >&2
        exit 1
    fi
}

# text "Hel" "lo", an image_file block, text "Bye"
check A.sse '\nassistant > Hello\nassistant > Bye'
# code_interpreter (input "a" then "b", logs "x"), file_search, text "Done"
check B.sse '\nassistant > code_interpreter\n\nb\n\noutput >\n\nx\n\nassistant > file_search\n\n\nassistant > Done'
echo ok
