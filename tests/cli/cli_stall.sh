#!/bin/sh
# `oai run --stall-timeout`: a server that holds the stream open without
# sending events (the emulator pauses 30 s between events, with a keep-alive
# comment before each) ends the run after the stall timeout, with exit 3 and
# the reason on stderr, long before the connection's idle timeout.
. "$(dirname "$0")/lib.sh"
start_emulator --step-ms 30000 --fault keepalive=1

A=$(id_of "$OAI" assistants create --id --model gpt-4o)
T=$(id_of "$OAI" threads create --id --message "hello")

run 2 "$OAI" run --thread "$T" --assistant "$A" --stall-timeout -1
has err "--stall-timeout"
run 2 "$OAI" run --thread "$T" --assistant "$A" --stall-timeout soon

start=$(date +%s)
run 3 "$OAI" run --thread "$T" --assistant "$A" --stall-timeout 1 --timeout 50
took=$(($(date +%s) - start))
[ "$took" -le 10 ] || fail "the stall timeout took $took s"
has err "no event for 1000 ms"
echo "cli_stall: ok"
