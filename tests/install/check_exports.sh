#!/bin/sh
# Every dynamic symbol liboai defines must be public API: oai_<name>, never
# an internal oai__<name> or a symbol of a static dependency.
set -eu
lib="$1"
bad=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^oai_[a-z]' || true)
bad="$bad$(nm -D --defined-only "$lib" | awk '{print $3}' | grep '^oai__' || true)"
count=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -c '^oai_[a-z]' || true)
if [ -n "$bad" ]; then
    echo "unexpected exported symbols:"; echo "$bad"; exit 1
fi
[ "$count" -gt 10 ] || { echo "too few exported symbols ($count)"; exit 1; }
echo "exports: $count public symbols, no internals"
