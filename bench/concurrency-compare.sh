#!/bin/sh
# concurrency-compare.sh: openai-c, its libcurl floor and the official
# openai-node SDK on the same N concurrent create-and-run streams against
# oai-emulator with the same pacing, alternating, one line each per round:
#
#   bench/concurrency-compare.sh [--build DIR] [--streams N] [--words W]
#       [--step-ms MS] [--delta-ms MS] [--level2] [--rounds K]
#
# Round by round: `concurrency_bench --floor` (openai-c, then the bare
# libcurl multi, in one process, with its own emulator), then
# bench/node-concurrency.mjs (openai-node 7.57.0, installed into
# DIR/node-sdk by scripts/install-node-sdk) against a fresh emulator.
# Then the medians over the rounds and the ratios:
#
#   median openai-c: cpu_us_per_event=A per_stream_kib=K peak_rss_mib=R
#   median floor: cpu_us_per_event=F
#   median openai-node: cpu_us_per_event=B per_stream_kib=L peak_rss_mib=S
#   median ratios: floor_ratio=A/F node_cpu_ratio=B/A node_mem_ratio=L/K node_peak_ratio=S/R
#
# Each ratio is taken within a round, then the median over the rounds.
# openai-node's CPU is the part spent from its first stream on (its
# startup and SDK import are left out, in its favour); openai-c's is the
# whole process's.
#
# DIR defaults to build/ beside this script's folder; the bench must be
# built (cmake --build DIR --target concurrency_bench oai-emulator).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build"
n=1000 words=190 step=5 delta=20 level2="" rounds=1
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$2; shift ;;
    --streams) n=$2; shift ;;
    --words) words=$2; shift ;;
    --step-ms) step=$2; shift ;;
    --delta-ms) delta=$2; shift ;;
    --level2) level2=--level2 ;;
    --rounds) rounds=$2; shift ;;
    *) echo "usage: $0 [--build DIR] [--streams N] [--words W] [--step-ms MS] [--delta-ms MS] [--level2] [--rounds K]" >&2
       exit 2 ;;
    esac
    shift
done
bench="$build/bench/concurrency_bench"
emu="$build/emulator/oai-emulator"
[ -x "$bench" ] && [ -x "$emu" ] || { echo "$0: build $bench and $emu first" >&2; exit 2; }
"$here/../scripts/install-node-sdk" "$build/node-sdk" || { echo "$0: openai-node is not installed" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d "${TMPDIR:-/tmp}/oai-compare.XXXXXX")
emu_pid=""
trap '[ -z "$emu_pid" ] || kill "$emu_pid" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

field() { # KEY LINE
    echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'
}

node_round() {
    rm -f "$work/port"
    "$emu" --port 0 --port-file "$work/port" --step-ms "$step" --delta-ms "$delta" --quiet &
    emu_pid=$!
    i=0
    while [ ! -s "$work/port" ]; do
        i=$((i + 1))
        [ "$i" -le 200 ] || { echo "$0: the emulator did not start" >&2; exit 1; }
        sleep 0.05
    done
    OAI_NODE_SDK="$build/node-sdk" node --max-old-space-size=8192 "$here/node-concurrency.mjs" \
        --base-url "http://127.0.0.1:$(cat "$work/port")/v1" --streams "$n" --words "$words" \
        >"$work/node.out" || { cat "$work/node.out" >&2; echo "$0: openai-node lost streams" >&2; }
    kill "$emu_pid"
    wait "$emu_pid" 2>/dev/null || true
    emu_pid=""
    tail -n 1 "$work/node.out"
}

: >"$work/rounds"
r=1
while [ "$r" -le "$rounds" ]; do
    "$bench" --streams "$n" --words "$words" --step-ms "$step" --delta-ms "$delta" \
        --emulator "$emu" --floor $level2 >"$work/bench.out" || { cat "$work/bench.out" >&2; exit 1; }
    line=$(tail -n 1 "$work/bench.out")
    us=$(field cpu_us_per_event "$(grep '^wall_s=' "$work/bench.out")")
    kib=$(field per_stream_kib "$line") mib=$(field peak_rss_mib "$line")
    fus=$(field floor_us_per_event "$line")
    echo "round $r openai-c: $line cpu_us_per_event=$us"
    nline=$(node_round)
    echo "round $r openai-node: $nline"
    nus=$(field stream_cpu_us_per_event "$nline")
    nkib=$(field per_stream_kib "$nline") nmib=$(field peak_rss_mib "$nline")
    echo "$us $kib $mib $fus $nus $nkib $nmib" | awk '{
        print $1, $2, $3, $4, $5, $6, $7, $1 / $4, $5 / $1, $6 / $2, $7 / $3 }' >>"$work/rounds"
    r=$((r + 1))
done

median() { # FILE COLUMN
    awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END {
        printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
m() { median "$work/rounds" "$1"; }
echo "median openai-c: cpu_us_per_event=$(m 1) per_stream_kib=$(m 2) peak_rss_mib=$(m 3)"
echo "median floor: cpu_us_per_event=$(m 4)"
echo "median openai-node: cpu_us_per_event=$(m 5) per_stream_kib=$(m 6) peak_rss_mib=$(m 7)"
echo "median ratios: floor_ratio=$(m 8) node_cpu_ratio=$(m 9) node_mem_ratio=$(m 10) node_peak_ratio=$(m 11)"
