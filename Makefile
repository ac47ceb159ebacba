# Convenience wrapper around CMake. `make` builds; `make check` installs
# missing Debian packages, builds and runs the whole test suite (plain, then
# under ASan+UBSan).
BUILD    ?= build
ASAN     ?= build-asan
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX   ?= /usr/local
CMAKE_FLAGS ?=

.PHONY: all deps configure check check-plain check-asan install clean

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	./scripts/install-deps

configure:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

check: deps
	$(MAKE) check-plain
	$(MAKE) check-asan

check-plain: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

check-asan:
	@test -f $(ASAN)/CMakeCache.txt || cmake -S . -B $(ASAN) -DOAI_SANITIZE=ON \
	    -DCMAKE_BUILD_TYPE=Debug -DOAI_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS) -LE no-asan

install: all
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN)
