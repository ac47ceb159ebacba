#!/bin/sh
# Runs the spec-conformance test: installs Prism on first use
# (scripts/install-prism) and hands its path to the test program. Without
# node and npm the test is skipped (exit 77), saying so.
#   run_prism.sh SOURCE_DIR TEST_PROGRAM
src=$1
test=$2
prism=$("$src/scripts/install-prism")
case $? in
    0) ;;
    2) echo "SKIP: Prism needs node and npm (scripts/install-deps installs them)"; exit 77 ;;
    *) echo "install-prism failed"; exit 1 ;;
esac
OAI_PRISM=$prism exec "$test"
