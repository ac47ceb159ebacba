#!/bin/sh
# usage: check_install.sh BUILD_DIR CONSUMER_SRC CC
set -eu
build="$1"; src="$2"; cc="$3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(cd "$(dirname "$(find "$prefix" -name oai.pc | head -n 1)")/.." && pwd)
pcdir="$libdir/pkgconfig"
export PKG_CONFIG_PATH="$pcdir"

# pkg-config, shared
"$cc" -std=c11 -Wall -Werror -o "$tmp/c_shared" "$src/consumer.c" \
    $(pkg-config --define-prefix --cflags --libs oai)
LD_LIBRARY_PATH="$libdir" "$tmp/c_shared"

# static liboai.a; its dependencies (as listed in Requires.private and
# Libs.private) linked as the system's shared libraries
"$cc" -std=c11 -Wall -Werror -DOAI_STATIC -o "$tmp/c_static" "$src/consumer.c" \
    $(pkg-config --define-prefix --cflags oai) "$libdir/liboai.a" \
    $(pkg-config --libs libcurl libcjson) -lpthread -lm
"$tmp/c_static"

# CMake package
cmake -S "$src" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$tmp/cm" >/dev/null
LD_LIBRARY_PATH="$libdir" "$tmp/cm/consumer"
echo "install: pkg-config (shared, static) and find_package(oai) consumers ran"
