#!/bin/sh
# The export allow-list holds (docs/abi.md): the functions the public headers
# declare OAI_EXTERN, the ones abi/liboai.map lists and the ones liboai.so
# exports are the same set. A function added to a header without the map, a
# stray export, or a function silently dropped from the library fails.
# usage: check_exports.sh LIBOAI_SO SOURCE_DIR
set -eu
lib="$1"; src="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$src/scripts/abi-symbols" "$src/include/oai" >"$tmp/headers"
sed -n 's/^    \([A-Za-z_][A-Za-z0-9_]*\);$/\1/p' "$src/abi/liboai.map" | LC_ALL=C sort >"$tmp/map"
# Defined dynamic symbols, without the version node (an absolute symbol).
nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
    LC_ALL=C sort >"$tmp/exported"

fail=0
report() { # LABEL FILE_A FILE_B: lines in A missing from B
    missing=$(LC_ALL=C comm -23 "$2" "$3")
    [ -z "$missing" ] && return 0
    echo "$1:"; echo "$missing" | sed 's/^/  /'; fail=1
}
report "declared OAI_EXTERN but not in abi/liboai.map (run scripts/abi-update --map-only)" \
    "$tmp/headers" "$tmp/map"
report "in abi/liboai.map but declared by no public header" "$tmp/map" "$tmp/headers"
report "exported by $lib but not in abi/liboai.map" "$tmp/exported" "$tmp/map"
report "in abi/liboai.map but not exported by $lib" "$tmp/map" "$tmp/exported"
versions=$(nm -D --defined-only "$lib" | awk '$2 != "A" && $3 !~ /@@LIBOAI_[0-9]+$/' | head -n 5)
[ -z "$versions" ] || { echo "exports without the LIBOAI_ version node:"; echo "$versions"; fail=1; }
[ "$fail" -eq 0 ] || { echo "exports: FAILED (docs/abi.md)"; exit 1; }
echo "exports: $(wc -l <"$tmp/exported") functions, matching the headers and abi/liboai.map"
