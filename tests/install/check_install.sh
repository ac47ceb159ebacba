#!/bin/sh
# usage: check_install.sh WAY BUILD_DIR SOURCE_DIR CC
# Installs liboai one WAY into a temporary folder, then checks that the
# installed files point where they are:
#   prefix   cmake --install BUILD_DIR --prefix P
#   destdir  DESTDIR=D cmake --install BUILD_DIR (staged under D)
#   make     make install PREFIX=P from a fresh build folder, then again with
#            PREFIX=P2 once that folder exists (the prefix is re-configured)
# For the installed tree: no file names the build or another prefix; oai.pc's
# Cflags hold only liboai's include folder; consumers build through
# pkg-config (shared, static) and find_package(oai) and run; the installed
# oai runs without LD_LIBRARY_PATH (RUNPATH relative to $ORIGIN).
set -eu
way="$1"; build="$2"; src="$3"; cc="$4"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install ($way): $*"; exit 1; }

case "$way" in
prefix)
    prefix="$tmp/prefix"
    cmake --install "$build" --prefix "$prefix" >/dev/null ;;
destdir)
    DESTDIR="$tmp/stage" cmake --install "$build" >/dev/null
    prefix="$tmp/stage$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")" ;;
make)
    # Only the library and the command: keep this build small.
    flags="-DOAI_BUILD_TESTS=OFF -DOAI_BUILD_EXAMPLES=OFF -DOAI_BUILD_BENCH=OFF -DOAI_BUILD_EMULATOR=OFF"
    env -u MAKEFLAGS -u MAKELEVEL make -s -C "$src" install BUILD="$tmp/build" PREFIX="$tmp/first" JOBS=2 \
        CMAKE_FLAGS="$flags" >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "make install failed"; }
    [ -x "$tmp/first/bin/oai" ] || fail "make install PREFIX=$tmp/first installed no bin/oai"
    prefix="$tmp/prefix"
    env -u MAKEFLAGS -u MAKELEVEL make -s -C "$src" install BUILD="$tmp/build" PREFIX="$prefix" JOBS=2 \
        >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "second make install failed"; }
    grep -qx "CMAKE_INSTALL_PREFIX:PATH=$prefix" "$tmp/build/CMakeCache.txt" ||
        fail "PREFIX=$prefix did not re-configure the existing build"
    rm -rf "$tmp/first" ;;
*) fail "unknown way" ;;
esac

pc=$(find "$prefix" -name oai.pc | head -n 1)
[ -n "$pc" ] || fail "no oai.pc under $prefix"
libdir=$(cd "$(dirname "$pc")/.." && pwd)
stray=$(grep -rlI -e "$build" -e "$tmp/first" -e "$src" "$prefix" || true)
[ -z "$stray" ] || fail "installed files name the build or another prefix: $stray"

export PKG_CONFIG_PATH="$libdir/pkgconfig"
cflags=$(pkg-config --cflags oai | sed "s/ *$//")
[ "$(cd "${cflags#-I}" && pwd)" = "$(cd "$prefix/include" && pwd)" ] ||
    fail "pkg-config --cflags oai is '$cflags', not just -I$prefix/include"

# pkg-config, shared
"$cc" -std=c11 -Wall -Werror -o "$tmp/c_shared" "$src/tests/install/consumer/consumer.c" \
    $(pkg-config --cflags --libs oai)
LD_LIBRARY_PATH="$libdir" "$tmp/c_shared" || fail "pkg-config shared consumer failed"

# pkg-config, static: liboai.a and the libraries its Libs.private name
"$cc" -std=c11 -Wall -Werror -DOAI_STATIC -o "$tmp/c_static" \
    "$src/tests/install/consumer/consumer.c" $(pkg-config --cflags oai) \
    $(pkg-config --static --libs oai | sed 's/-loai\b/-l:liboai.a/')
"$tmp/c_static" || fail "pkg-config static consumer failed"

# CMake package
cmake -S "$src/tests/install/consumer" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$tmp/cm" >/dev/null
LD_LIBRARY_PATH="$libdir" "$tmp/cm/consumer" || fail "find_package(oai) consumer failed"

# The installed command finds the installed library by itself.
version=$(env -u LD_LIBRARY_PATH "$prefix/bin/oai" --version) || fail "installed oai --version failed"
echo "install ($way): pkg-config (shared, static), find_package(oai) and $version ok under $prefix"
