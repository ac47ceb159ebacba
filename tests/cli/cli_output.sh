#!/bin/sh
# The streaming display is written in batches, not once per delta:
# `oai replay` of a 20,000-delta stream into a file makes far fewer write(2)
# calls than there are deltas (counted by the kernel: syscw of /proc/$$/io
# takes in the counts of reaped children), and the text is whole. Under a
# pseudo-terminal, the deltas of a stream piped in by halves show up as the
# first half arrives. A write that fails ends the command with status 6.
. "$(dirname "$0")/lib.sh"

# gen N [FROM TO]: an assistant stream whose text is "w1 w2 ... wN"; with
# FROM/TO only the deltas FROM..TO-1 (the created event when FROM is 0, the
# end when TO is past N).
gen() {
    awk -v n="$1" -v from="${2:-0}" -v to="${3:-}" 'BEGIN {
        if (to == "") to = n + 1
        if (from == 0) printf "event: thread.message.created\ndata: {\"id\":\"msg_1\",\"object\":\"thread.message\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}\n\n"
        for (i = (from > 1 ? from : 1); i <= n && i < to; i++)
            printf "event: thread.message.delta\ndata: {\"id\":\"msg_1\",\"object\":\"thread.message.delta\",\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\",\"text\":{\"value\":\"%sw%d\"}}]}}\n\n", (i > 1 ? " " : ""), i
        if (to > n) printf "event: done\ndata: [DONE]\n\n"
    }'
}
want() { # the display of gen N
    printf '\nassistant > '
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "%sw%d", (i > 1 ? " " : ""), i }'
}

N=20000
gen "$N" >"$WORK/big.sse"
want "$N" >"$WORK/want"
syscw() { awk '$1 == "syscw:" { print $2 }' "/proc/$$/io"; }
[ -r "/proc/$$/io" ] && [ -n "$(syscw)" ] || fail "/proc/PID/io is not available"

before=$(syscw)
"$OAI" replay "$WORK/big.sse" >"$WORK/out" 2>"$WORK/err" || fail "replay failed"
after=$(syscw)
cmp -s "$WORK/want" "$WORK/out" || fail "replayed text differs"
writes=$((after - before))
echo "replay of $N deltas into a file: $writes write calls (this shell's included)"
[ "$writes" -gt 0 ] || fail "no write counted"
[ $((writes * 50)) -lt "$N" ] || fail "$writes writes for $N deltas: output is not coalesced"

# A failed write is reported, not lost silently.
if [ -w /dev/full ]; then
    st=0
    "$OAI" replay "$WORK/big.sse" >/dev/full 2>"$WORK/err" || st=$?
    [ "$st" -eq 6 ] || fail "replay into a full device exited $st, not 6"
    grep -q "write error" "$WORK/err" || fail "no write error reported"
fi

# The same through a pipe.
"$OAI" replay - <"$WORK/big.sse" | cmp -s "$WORK/want" - || fail "replay from a pipe differs"

# A pty: the first half must be on the terminal before the second is sent.
command -v script >/dev/null || fail "script(1) (bsdutils) is missing"
mkfifo "$WORK/in"
timeout 60 script -qec "'$OAI' replay - <'$WORK/in'" /dev/null >"$WORK/out" 2>"$WORK/err" &
PTY_PID=$!
exec 3>"$WORK/in"
gen 40 0 21 >&3
i=0
until grep -q "w20" "$WORK/out"; do
    i=$((i + 1))
    [ "$i" -le 500 ] || fail "the first deltas did not reach the terminal"
    sleep 0.02
done
grep -q "w21" "$WORK/out" && fail "a delta that was not sent yet was shown"
gen 40 21 >&3
exec 3>&-
wait "$PTY_PID" || fail "oai replay under a pty failed"
tr -d '\r' <"$WORK/out" >"$WORK/lines"
want 40 >"$WORK/want40"
cmp -s "$WORK/want40" "$WORK/lines" || fail "the terminal display differs"
echo "cli_output: ok"
