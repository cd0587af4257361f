#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Peak resident memory of promptgrid-cli for big answers and a big prompt (the figures in the
# README's guarantees): 64 answers of 8,000,000 characters (just under the 8 MiB answer limit
# with their SSE framing) written as CSV alone and as CSV + JSON + JSONL + Markdown, and one
# prompt of 200 MB. A local Python server answers; nothing leaves 127.0.0.1.
#
#   tests/bench/memory.sh [CLI]      (default build/app/promptgrid-cli)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cli="${1:-$(cd "$here/../.." && pwd)/build/app/promptgrid-cli}"
[ -x "$cli" ] || { echo "memory: $cli not found; build promptgrid-cli first" >&2; exit 1; }
python=/usr/bin/python3
work="$(mktemp -d /tmp/promptgrid-memory.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
start_server() { # port events chars
    "$python" "$here/big_answer_server.py" "$1" "$2" "$3" &
    pids+=($!)
    for _ in $(seq 50); do port_free "$1" || return 0; sleep 0.1; done
    echo "memory: the server on port $1 did not start" >&2
    exit 1
}
big=18493 small=18494
port_free $big && port_free $small || { echo "memory: ports $big/$small are taken" >&2; exit 1; }
start_server $big 2000 4000
start_server $small 1 10
printf '{"providers":[{"name":"big","kind":"openai","base_url":"http://127.0.0.1:%s/v1"},' $big > "$work/providers.json"
printf '{"name":"small","kind":"openai","base_url":"http://127.0.0.1:%s/v1"}]}\n' $small >> "$work/providers.json"
"$python" -c "open('$work/prompt.txt', 'w').write('lorem ipsum ' * (200 * 1000 * 1000 // 12))"

# Peak RSS of the command (getrusage of the waited-for child), in MiB.
peak() {
    "$python" - "$@" <<'PY'
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{rss:.0f} MiB (exit {code})")
PY
}
common=(--providers "$work/providers.json" --out "$work/out.csv")
echo "| run | peak RSS |"
echo "|---|---:|"
echo "| 64 answers x 8,000,000 chars, CSV (512 MB) | $(peak "$cli" "${common[@]}" --model big/m --prompt x --repeat 64 --concurrency 8) |"
echo "| the same, CSV + JSON + JSONL + Markdown | $(peak "$cli" "${common[@]}" --model big/m --prompt x --repeat 64 --concurrency 8 \
    --json "$work/out.json" --jsonl "$work/out.jsonl" --markdown "$work/out.md") |"
echo "| one 200 MB prompt (--prompts FILE), CSV | $(peak "$cli" "${common[@]}" --model small/m --prompts "$work/prompt.txt") |"
