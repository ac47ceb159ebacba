#!/bin/sh
# docs/oai.1: a section for every command `oai --help` lists, every exit
# status and environment variable of the usage text, clean roff, and
# installed by `cmake --install`.
. "$(dirname "$0")/lib.sh"
MAN="$OAI_SOURCE_DIR/docs/oai.1"
[ -f "$MAN" ] || fail "docs/oai.1 is missing"

run 0 "$OAI" --help
sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' "$WORK/out" >"$WORK/commands"
[ "$(wc -l <"$WORK/commands")" -ge 12 ] || fail "could not read the command list"
while read -r c; do
    esc=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
    grep -q "^\.SS \"oai $esc[ \"]" "$MAN" || fail "oai.1 has no section for '$c'"
done <"$WORK/commands"
for code in 0 1 2 3 4 5 6 7; do
    sed -n '/^\.SH EXIT STATUS/,/^\.SH EXAMPLES/p' "$MAN" | grep -qx "\.B $code" ||
        fail "oai.1 does not document exit status $code"
done
for v in $(grep -o '[A-Z][A-Z_]*_[A-Z_]*' "$WORK/out" | sort -u); do
    grep -q "^\.B $v\$" "$MAN" || fail "oai.1 does not document $v"
done

if command -v groff >/dev/null; then
    groff -man -Tutf8 -ww -z "$MAN" >"$WORK/out" 2>"$WORK/err" || fail "groff failed"
    [ ! -s "$WORK/err" ] || fail "groff warnings"
fi

cmake --install "$OAI_BUILD_DIR" --prefix "$WORK/inst" >"$WORK/out" 2>"$WORK/err" ||
    fail "cmake --install failed"
find "$WORK/inst" -path '*/man1/oai.1' | grep -q . || fail "oai.1 not installed"
echo "cli_man: ok"
