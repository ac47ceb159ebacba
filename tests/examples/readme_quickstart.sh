#!/bin/sh
# The C program of README.md's "Quick start" section: extracted, compiled
# with warnings as errors, linked against liboai, run without a key and
# without a server (it must say why it failed), then against oai-emulator.
# Arguments: README CC LIB [CFLAGS...]; LIB is the library's path, or
# "pkg-config" to build against an installed liboai.
. "$OAI_SOURCE_DIR/tests/cli/lib.sh"
README=$1 CC=$2 LIB=$3
shift 3

awk '/^## Quick start/ { q = 1; next }
     q && /^## / { exit }
     q && /^```c$/ { c = 1; next }
     c && /^```$/ { exit }
     c { print }' "$README" >"$WORK/quickstart.c"
grep -q 'int main' "$WORK/quickstart.c" || fail "no C program in the Quick start section of $README"

if [ "$LIB" = pkg-config ]; then # the installed headers and library, as the README says
    set -- "$@" $(pkg-config --cflags oai) "$WORK/quickstart.c" $(pkg-config --libs oai)
else
    set -- "$@" -I"$OAI_SOURCE_DIR/include" "$WORK/quickstart.c" "$LIB" -Wl,-rpath,"$(dirname "$LIB")"
fi
run 0 "$CC" -std=c11 -Wall -Wextra -Werror -pedantic "$@" -o "$WORK/quickstart"

# Without a key it says so, whatever else is set.
OPENAI_BASE_URL=http://127.0.0.1:9/v1 run 1 env -u OPENAI_API_KEY "$WORK/quickstart"
has err "OPENAI_API_KEY"
# A server that is not there: the request's error, not silence.
OPENAI_BASE_URL=http://127.0.0.1:9/v1 OPENAI_API_KEY=$KEY run 1 "$WORK/quickstart"
grep -q "^error: ." "$WORK/err" || fail "no reason printed for a connection failure"

start_emulator --step-ms 2 --delta-ms 1
run 0 "$WORK/quickstart"
line=$(head -n 1 "$WORK/out")
[ "$line" = "Hello! You said: Say hi." ] || fail "unexpected reply: $line"
echo "ok: README quick start"
