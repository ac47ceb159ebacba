# Convenience wrapper around CMake. `make` builds; `make check` installs
# missing Debian packages, builds and runs the whole test suite: plain
# (check-plain, which includes the checks of the tree labelled quick: the
# layering of src/ and the clang-format check), under valgrind memcheck on the plain build (check-valgrind:
# memory errors and definite/indirect leaks fail), under ASan+UBSan
# (check-asan), under ThreadSanitizer (check-tsan, its own build in
# build-tsan), then a fuzz smoke pass (check-fuzz).
BUILD    ?= build
ASAN     ?= build-asan
FUZZ     ?= build-fuzz
TSAN     ?= build-tsan
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 15
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
# PREFIX (install prefix, default /usr/local) and WERROR (ON: warnings are
# errors) re-configure an existing build when given; `make check` sets
# WERROR=ON. `make install PREFIX=P [DESTDIR=D]` installs under P.
PREFIX   ?=
WERROR   ?=
CMAKE_FLAGS ?=
override CMAKE_FLAGS += $(if $(WERROR),-DOAI_WERROR=$(WERROR))

.PHONY: all deps configure check check-quick check-plain check-valgrind check-asan check-tsan check-fuzz fuzz fuzz-build install clean

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	./scripts/install-deps

configure:
	@if [ ! -f $(BUILD)/CMakeCache.txt ] || [ -n "$(PREFIX)$(WERROR)" ]; then \
	    cmake -S . -B $(BUILD) $(if $(PREFIX),-DCMAKE_INSTALL_PREFIX=$(PREFIX)) $(CMAKE_FLAGS); fi

check: export WERROR = ON
check: deps
	$(MAKE) check-plain
	$(MAKE) check-valgrind
	$(MAKE) check-asan
	$(MAKE) check-tsan
	$(MAKE) check-fuzz

# The checks of the tree alone: layering and formatting.
check-quick: configure
	cd $(BUILD) && ctest --output-on-failure -L '^quick$$'

check-plain: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

check-valgrind: all
	./scripts/memcheck $(BUILD) $(JOBS)

check-asan:
	@test -f $(ASAN)/CMakeCache.txt || cmake -S . -B $(ASAN) -DOAI_SANITIZE=ON \
	    -DCMAKE_BUILD_TYPE=Debug -DOAI_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS) -LE no-asan

# Under TSan: the tests labelled tsan (the many-threads test and the suites
# that run clean there); a report fails the test (exit code 66).
check-tsan:
	@test -f $(TSAN)/CMakeCache.txt || cmake -S . -B $(TSAN) -DOAI_SANITIZE_THREAD=ON \
	    -DCMAKE_BUILD_TYPE=Debug -DOAI_BUILD_BENCH=OFF -DOAI_BUILD_EXAMPLES=OFF $(CMAKE_FLAGS)
	cmake --build $(TSAN) -j $(JOBS)
	cd $(TSAN) && TSAN_OPTIONS=second_deadlock_stack=1 \
	    ctest --output-on-failure -j $(JOBS) -L '^tsan$$'

# libFuzzer targets (clang, ASan+UBSan): `make fuzz` runs each for
# FUZZ_SECONDS; `make check` runs a short smoke pass of each.
fuzz-build:
	@test -f $(FUZZ)/CMakeCache.txt || CC=clang cmake -S . -B $(FUZZ) -DOAI_FUZZ=ON \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOAI_BUILD_TESTS=OFF -DOAI_BUILD_CLI=OFF \
	    -DOAI_BUILD_EMULATOR=OFF -DOAI_BUILD_EXAMPLES=OFF -DOAI_BUILD_BENCH=OFF \
	    -DOAI_BUILD_SHARED=OFF $(CMAKE_FLAGS)
	cmake --build $(FUZZ) -j $(JOBS) --target fuzz_all

fuzz: fuzz-build
	./scripts/fuzz $(FUZZ) $(FUZZ_SECONDS)

check-fuzz: fuzz-build
	./scripts/fuzz $(FUZZ) $(FUZZ_SMOKE_SECONDS)

install: all
	cmake --install $(BUILD) $(if $(PREFIX),--prefix $(PREFIX))

# `make demo`: the main job (scripts/demo). Installs missing packages,
# builds, then streams a conversation from oai-emulator (or from the server
# in OPENAI_BASE_URL when OPENAI_API_KEY is set too).
.PHONY: demo
demo: deps
	$(MAKE) all
	OAI_BUILD_DIR=$(BUILD) ./scripts/demo

# `make docs`: the API reference from the public headers, README.md and
# docs/ (Doxygen, installed on demand), as HTML in $(DOCS)/html.
DOCS ?= build-docs
.PHONY: docs
docs:
	./scripts/install-deps doxygen
	rm -rf $(DOCS) && mkdir -p $(DOCS)
	OAI_DOCS_DIR=$(DOCS) OAI_VERSION=$$(sed -n 's/^#define OAI_VERSION_STR "\(.*\)"/\1/p' \
	    include/oai/common.h) doxygen docs/Doxyfile
	@echo "API reference: $(DOCS)/html/index.html"

# Run by CI after `make check`: every compiler x build type (and Debian's
# flags) built warning-free without running the tests; the Debian packages
# built, checked with lintian, installed (root) and used by the quick start.
.PHONY: build-matrix check-deb
build-matrix:
	./scripts/build-matrix build-matrix 2

check-deb:
	./scripts/check-deb

clean:
	rm -rf $(BUILD) $(ASAN) $(TSAN) $(FUZZ) build-matrix build-abi
