#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fan-out benchmark: PromptGrid's engine against asyncio + aiohttp and Node's fetch, all
# streaming N OpenAI-style answers at once from a local nginx (echo module) that takes D seconds
# per answer. Prints a table of medians and writes it to tests/bench/results/latest.md.
#
#   tests/bench/run.sh [-d SECONDS] [-n "100 1000 10000"] [-r REPS] [-R REPS_AT_10000]
#                [-c "engine-h2c engine-h2c-nagle engine-h1 qt-floor-h2c aiohttp node"] [-b BUILD_DIR] [-o OUT.md] [-G]
#
# -G skips the window benchmark (promptgrid_gui_bench, 3 runs offscreen) that otherwise follows.
#
# Everything runs on 127.0.0.1; the server is started here with a generated config in a temp
# dir and stopped on exit. Every client run is bounded by `timeout`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
delay=1
ns="100 1000 10000"
reps=3
reps_big=3
clients="engine-h2c engine-h2c-nagle engine-h1 qt-floor-h2c aiohttp node"
build="$root/build-bench"
out="$here/results/latest.md"
run_timeout=300
gui=1
args="$*"

usage() { sed -n '3,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while getopts "d:n:r:R:c:b:o:Gh" opt; do
    case "$opt" in
    d) delay="$OPTARG" ;;
    n) ns="$OPTARG" ;;
    r) reps="$OPTARG" ;;
    R) reps_big="$OPTARG" ;;
    c) clients="$OPTARG" ;;
    b) build="$OPTARG" ;;
    o) out="$OPTARG" ;;
    G) gui=0 ;;
    h) usage 0 ;;
    *) usage 2 ;;
    esac
done

die() { echo "bench: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found; $2"; }

python=/usr/bin/python3
need nginx "install: apt-get install -y nginx-light libnginx-mod-http-echo"
need node "install Node.js 20 (apt-get install -y nodejs)"
need cmake "install cmake and ninja-build"
[ -x /usr/bin/time ] || die "/usr/bin/time not found; install: apt-get install -y time"
[ -x "$python" ] && "$python" -c 'import aiohttp' 2>/dev/null || die "Debian's python3-aiohttp not found; install: apt-get install -y python3-aiohttp"
echo_module=/usr/lib/nginx/modules/ngx_http_echo_module.so
[ -f "$echo_module" ] || die "nginx echo module not found; install: apt-get install -y libnginx-mod-http-echo"
have_h2load=0
command -v h2load >/dev/null 2>&1 && have_h2load=1

# --- limits -------------------------------------------------------------------------------
# 10,000 sockets at once on each side of loopback: raise the open-files limit (20,000 is the
# most this machine's hard limit allows) and, if permitted, the accept backlog.
hard=$(ulimit -Hn)
want=20000
[ "$hard" != unlimited ] && [ "$hard" -lt "$want" ] && want="$hard"
ulimit -n "$want"
limits_note="ulimit -n raised to $(ulimit -n)"
for key in net.core.somaxconn net.ipv4.tcp_max_syn_backlog; do
    value=$(sysctl -n "$key" 2>/dev/null || echo 0)
    if [ "$value" -lt 16384 ] && sysctl -qw "$key=16384" 2>/dev/null; then
        limits_note="$limits_note; $key raised from $value to 16384"
    else
        limits_note="$limits_note; $key = $(sysctl -n "$key" 2>/dev/null || echo '?')"
    fi
done
echo "bench: $limits_note"

# --- build ------------------------------------------------------------------------------------
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    generator=()
    command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
    cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target promptgrid_engine_bench promptgrid_qt_floor_bench >"/tmp/promptgrid-bench-build.log" 2>&1 \
    || { tail -n 30 /tmp/promptgrid-bench-build.log >&2; die "build of the bench clients failed"; }
engine="$build/tests/bench/promptgrid_engine_bench"
qt_floor="$build/tests/bench/promptgrid_qt_floor_bench"

# --- server -----------------------------------------------------------------------------------
work="$(mktemp -d /tmp/promptgrid-bench.XXXXXX)"
nginx_pid=""
cleanup() {
    if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$nginx_pid" 2>/dev/null || true
    fi
    [ -n "${BENCH_KEEP:-}" ] && echo "bench: kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port1=""
for candidate in $(seq 18181 2 18281); do
    if port_free "$candidate" && port_free "$((candidate + 1))"; then port1=$candidate; break; fi
done
[ -n "$port1" ] || die "no free port pair in 18181-18282"
port2=$((port1 + 1))

# Ten events spread over D, then the end marker: an OpenAI-style chat completion stream.
step=$("$python" -c "print(f'{$delay / 10:.3f}')")
events=""
for i in $(seq 0 9); do
    events+="            echo_sleep $step;
            echo 'data: {\"id\":\"bench\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token$i \"},\"finish_reason\":null}]}';
            echo ''; echo_flush;
"
done
mkdir -p "$work/tmp"
cat > "$work/nginx.conf" <<EOF
load_module $echo_module;
worker_processes 2;
worker_rlimit_nofile 20000;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 20000; multi_accept on; }
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    http2_max_concurrent_streams 128;
    default_type text/event-stream;
    server {
        listen 127.0.0.1:$port1 backlog=16384;
        listen 127.0.0.1:$port2 http2 backlog=16384;
        location = /v1/chat/completions {
            echo_read_request_body;
$events            echo 'data: [DONE]'; echo '';
        }
    }
}
EOF
nginx -p "$work" -c "$work/nginx.conf" >"$work/nginx.out" 2>&1 &
nginx_pid=$!
url1="http://127.0.0.1:$port1/v1"
url2="http://127.0.0.1:$port2/v1"
body='{"model":"bench","messages":[{"role":"user","content":"Say something."}],"stream":true}'
printf '%s' "$body" > "$work/body.json"
ready=0
for _ in $(seq 50); do
    "$python" - "$url1/chat/completions" <<'EOF' >/dev/null 2>&1 && { ready=1; break; }
import sys, urllib.request
data = urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"{}"), timeout=10).read()
sys.exit(0 if b"[DONE]" in data else 1)
EOF
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx.out" "$work/error.log" >&2; die "nginx did not start"; }
    sleep 0.2
done
[ "$ready" = 1 ] || { tail -n 5 "$work/error.log" >&2; die "nginx does not serve the stream"; }
echo "bench: nginx (pid $nginx_pid) serving HTTP/1.1 on $port1 and h2c on $port2, D = ${delay}s"

# --- runs ---------------------------------------------------------------------------------------
raw="$work/raw.jsonl"
: > "$raw"
run_client() { # client n rep
    local client=$1 n=$2 rep=$3 cmd=()
    case "$client" in
    engine-h2c) cmd=("$engine" --url "$url2" --n "$n" --http2) ;;
    engine-h2c-nagle) cmd=(env PROMPTGRID_TCP_NODELAY=0 "$engine" --url "$url2" --n "$n" --http2) ;;
    engine-h1) cmd=("$engine" --url "$url1" --n "$n") ;;
    qt-floor-h2c) cmd=("$qt_floor" --url "$url2" --n "$n" --http2) ;;
    aiohttp) cmd=("$python" "$here/peer_aiohttp.py" "$url1/chat/completions" "$n") ;;
    node) cmd=(node "$here/peer_node_fetch.mjs" "$url1/chat/completions" "$n") ;;
    *) die "unknown client $client" ;;
    esac
    local line rc=0
    line=$(timeout "$run_timeout" /usr/bin/time -f '%M %U %S %e' -o "$work/time.txt" "${cmd[@]}" 2>"$work/client.err") || rc=$?
    local t
    t=$(tail -n 1 "$work/time.txt" 2>/dev/null || echo "0 0 0 0")
    [ -n "$line" ] || line='{}'
    "$python" - "$client" "$n" "$rep" "$rc" "$t" "$line" >> "$raw" <<'EOF'
import json, sys
client, n, rep, rc, t, line = sys.argv[1:]
try:
    record = json.loads(line.strip().splitlines()[-1])
except (ValueError, IndexError):
    record = {}
peak, user, system, elapsed = (float(x) for x in t.split())
record.update(client=client, n=int(n), rep=int(rep), rc=int(rc), peak_rss_kb=peak,
              cpu_total_s=user + system, process_s=elapsed)
print(json.dumps(record))
EOF
    "$python" - "$raw" "$delay" <<'EOF'
import json, sys
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
n = r["n"]
if "wall_s" in r:
    print(f"  {r['client']:<11} N={n:<6} rep {r['rep']}: wall {r['wall_s']:.2f}s (wall/D {r['wall_s']/float(sys.argv[2]):.2f}), "
          f"peak {r['peak_rss_kb']/1024:.0f} MB, ok {r.get('ok')}/{n}"
          + (f", stall {r['max_stall_ms']:.0f} ms" if 'max_stall_ms' in r else ""))
else:
    print(f"  {r['client']:<11} N={n:<6} rep {r['rep']}: FAILED (exit {r['rc']})")
EOF
    if [ "$rc" != 0 ]; then tail -n 3 "$work/client.err" | sed 's/^/    /' >&2; fi
}

h2load_run() { # n rep
    local n=$1 rep=$2 conns start end out
    conns=$(( (n + 99) / 100 ))
    out=$(timeout "$run_timeout" h2load -n "$n" -c "$conns" -m 100 -d "$work/body.json" "$url2/chat/completions" 2>&1) || true
    "$python" - "$n" "$rep" "$out" >> "$raw" <<'EOF'
import json, re, sys
n, rep, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
m = re.search(r"finished in ([\d.]+)(m?s)", out)
ok = re.search(r"(\d+) succeeded", out)
wall = float(m.group(1)) / (1000 if m and m.group(2) == "ms" else 1) if m else None
record = {"client": "h2load", "n": n, "rep": rep, "ok": int(ok.group(1)) if ok else 0}
if wall is not None:
    record["wall_s"] = wall
print(json.dumps(record))
EOF
}

started=$(date -u +%FT%TZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start_s=$SECONDS
for n in $ns; do
    r=$reps
    [ "$n" -ge 10000 ] && r=$reps_big
    echo "bench: N = $n, $r repetition(s)"
    for rep in $(seq "$r"); do
        if [ "$have_h2load" = 1 ]; then h2load_run "$n" "$rep"; fi
        # Rotate the order each repetition so no client always runs first or last.
        set -- $clients
        for _ in $(seq $(( (rep - 1) % $# ))); do set -- "${@:2}" "$1"; done
        for client in "$@"; do
            run_client "$client" "$n" "$rep"
            sleep 1
        done
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- window smoothness ------------------------------------------------------------------------------
gui_raw="$work/gui.jsonl"
: > "$gui_raw"
gui_load=""
if [ "$gui" = 1 ]; then
    if cmake --build "$build" --target promptgrid_gui_bench >>/tmp/promptgrid-bench-build.log 2>&1; then
        gui_load=$(cut -d' ' -f1-3 /proc/loadavg)
        for rep in 1 2 3; do
            echo "bench: window benchmark, run $rep"
            QT_QPA_PLATFORM=offscreen timeout "$run_timeout" "$build/tests/bench/promptgrid_gui_bench" 2>/dev/null \
                | tee -a "$gui_raw" | grep '^|' | sed 's/^/  /' || echo "  (run $rep failed)"
        done
    else
        echo "bench: promptgrid_gui_bench did not build (see /tmp/promptgrid-bench-build.log); window benchmark skipped" >&2
    fi
fi
elapsed=$((SECONDS - start_s))

# --- report ---------------------------------------------------------------------------------------
qt_version=$(pkg-config --modversion Qt6Core 2>/dev/null || qtpaths6 --qt-version 2>/dev/null || echo '?')
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
versions="Qt $qt_version, $(dpkg-query -W -f='QCoro ${Version}' libqcoro6core0 2>/dev/null || echo QCoro), Python $("$python" -c 'import platform, aiohttp; print(platform.python_version(), "+ aiohttp", aiohttp.__version__)'), Node $(node --version), $(nginx -v 2>&1 | sed 's/.*: //') + echo module$( [ "$have_h2load" = 1 ] && echo ", $(h2load --version | head -1)")"
mkdir -p "$(dirname "$out")"
"$python" "$here/summarize.py" "$raw" "$delay" \
    --started "$started" --machine "$machine" --versions "$versions" \
    --load "$load_before -> $load_after" --limits "$limits_note" --elapsed "$elapsed" \
    --command "tests/bench/run.sh $args" --gui "$( [ -s "$gui_raw" ] && echo "$gui_raw")" --gui_load "$gui_load" > "$out.tmp"
mv "$out.tmp" "$out"
cp "$raw" "${out%.md}.jsonl"
cat "$out"
echo "bench: wrote $out (raw runs: ${out%.md}.jsonl) in ${elapsed}s"
