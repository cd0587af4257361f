#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer on) and
# runs the whole test suite, GUI tests on the offscreen platform. Prints how long each step took.
# Usage: tests/sanitize.sh [--no-gui]   (build directory: $PROMPTGRID_SANITIZE_BUILD or build-sanitize)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${PROMPTGRID_SANITIZE_BUILD:-$root/build-sanitize}
gui=ON
[ "${1:-}" = "--no-gui" ] && gui=OFF

start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPROMPTGRID_SANITIZE=ON \
    -DPROMPTGRID_BUILD_GUI=$gui >/dev/null
cmake --build "$build"
built=$(date +%s)

# Leaks fail the run; the suppressions file lists only proven third-party leaks, each with why.
export ASAN_OPTIONS="detect_leaks=1:strict_init_order=1:check_initialization_order=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen
status=0
ctest --test-dir "$build" --output-on-failure -j2 --timeout 600 || status=$?
done=$(date +%s)
echo "sanitize.sh: build $((built - start)) s, tests $((done - built)) s, total $((done - start)) s (gui=$gui)"
exit $status
