#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60), starting from
# the committed seed corpora. New inputs go to a scratch corpus, never into the repository.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
set -eu
seconds=${1:-60}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${PROMPTGRID_FUZZ_BUILD:-$root/build-fuzz}
targets=${*:-"fuzz_sse_decoder fuzz_ndjson_decoder fuzz_stream_parser fuzz_csv_roundtrip"}

CXX=clang++ CC=clang cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPROMPTGRID_FUZZ=ON -DPROMPTGRID_BUILD_GUI=OFF -DBUILD_TESTING=OFF >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" --target $targets

status=0
for target in $targets; do
    case $target in
        fuzz_sse_decoder) seeds=sse ;;
        fuzz_ndjson_decoder) seeds=ndjson ;;
        fuzz_stream_parser) seeds=parser ;;
        fuzz_csv_roundtrip) seeds=csv ;;
        *) seeds=$target ;;
    esac
    work="$build/corpus/$target"
    mkdir -p "$work" "$build/artifacts"
    echo "== $target for ${seconds}s"
    if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
        -artifact_prefix="$build/artifacts/$target-" -print_final_stats=1 \
        "$work" "$here/corpus/$seeds" 2>"$build/$target.log"; then
        echo "!! $target found a crash; see $build/$target.log and $build/artifacts/"
        status=1
    fi
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$build/$target.log" || true
    grep -E "cov: [0-9]+" "$build/$target.log" | tail -1 || true
done
exit $status
