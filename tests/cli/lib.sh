# Shared by the tests/cli/*.sh tests (POSIX sh). The ctest entries pass:
#   OAI            path of the oai executable
#   OAI_EMULATOR   path of oai-emulator
#   OAI_SOURCE_DIR repository root
# Every wait is bounded; the emulator is stopped on exit, failure included.
set -eu

WORK=$(mktemp -d "${TMPDIR:-/tmp}/oai-cli-test.XXXXXX")
EMU_PID=""
KEY="sk-cli-test-key-7f3a9c1d2e"

cleanup() {
    st=$?
    trap - EXIT
    if [ -n "$EMU_PID" ]; then
        kill "$EMU_PID" 2>/dev/null || true
        wait "$EMU_PID" 2>/dev/null || true
    fi
    if [ "$st" -ne 0 ] && [ -s "$WORK/emulator.log" ]; then
        echo "--- emulator log (tail)" >&2
        tail -n 30 "$WORK/emulator.log" >&2
    fi
    rm -rf "$WORK"
    exit "$st"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAIL: $*" >&2
    for f in out err; do
        if [ -f "$WORK/$f" ]; then
            echo "--- $f:" >&2
            cat "$WORK/$f" >&2
        fi
    done
    exit 1
}

# Starts the emulator on an ephemeral port and points the environment at it.
start_emulator() {
    "$OAI_EMULATOR" --port 0 --port-file "$WORK/port" --log "$WORK/emulator.log" "$@" \
        >"$WORK/emulator.out" 2>&1 &
    EMU_PID=$!
    i=0
    while [ ! -s "$WORK/port" ]; do
        i=$((i + 1))
        [ "$i" -le 200 ] || fail "emulator did not write its port file"
        kill -0 "$EMU_PID" 2>/dev/null || { cat "$WORK/emulator.out" >&2; fail "emulator exited"; }
        sleep 0.05
    done
    OPENAI_BASE_URL="http://127.0.0.1:$(cat "$WORK/port")/v1"
    OPENAI_API_KEY="$KEY"
    export OPENAI_BASE_URL OPENAI_API_KEY
}

# run STATUS CMD...: runs CMD (bounded to 60 s) with stdout in $WORK/out and
# stderr in $WORK/err, and checks its exit status.
run() {
    want=$1
    shift
    set +e
    timeout 60 "$@" >"$WORK/out" 2>"$WORK/err"
    got=$?
    set -e
    [ "$got" -eq "$want" ] || fail "exit status $got, wanted $want: $*"
}

# has FILE TEXT / hasnt FILE TEXT: fixed-string checks on out/err files.
has() {
    grep -qF -- "$2" "$WORK/$1" || fail "$1 lacks: $2"
}
hasnt() {
    if grep -qF -- "$2" "$WORK/$1"; then fail "$1 should not contain: $2"; fi
}

# The id printed by a `--id` command.
id_of() {
    run 0 "$@"
    id=$(cat "$WORK/out")
    [ -n "$id" ] || fail "no id from: $*"
    printf '%s' "$id"
}
