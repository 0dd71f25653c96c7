#!/usr/bin/env bash
# Netlify Functions served by Understudy (FunctionsServeBench, the daemon's JVM flags) against a bare
# Node http server answering the same "Hello, World" (bench/run.sh functions). wrk at 1 and 32
# connections on the v1 (hello.js) and v2 (hello-v2.mjs) functions: requests/s and p50; the time from
# starting the JVM to the first 200; resident memory (JVM + Node workers) idle and after the load.
# Needs wrk (apt-get install wrk), node, and BENCH_CP (the class path run.sh builds). Prints RESULT lines.
# Environment: BENCH_DURATION (default 10s a run), BENCH_WORKERS (default: one per core).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/functions"
cp="${BENCH_CP:?BENCH_CP: the class path of bench/ (bench/run.sh functions sets it)}"
duration="${BENCH_DURATION:-10s}"
workers="${BENCH_WORKERS:-0}"
command -v wrk > /dev/null || { echo "bench: wrk is missing: apt-get install -y wrk" >&2; exit 2; }
work="$(mktemp -d /tmp/understudy-functions-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; sleep 0.5; rm -rf "$work"; }
trap cleanup EXIT
# The daemon's flags (DaemonLauncher) plus TCP_NODELAY for the JDK's HTTP server.
flags=(-Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k
  -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:-UsePerfData -Dsun.net.httpserver.nodelay=true)
[ -n "${BENCH_JVM_OPTS+x}" ] && read -r -a flags <<< "$BENCH_JVM_OPTS"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { local t=0 p; for p in "$@"; do t=$(( t + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2> /dev/null || echo 0) )); done; echo "$t"; }
tree() { echo "$1"; pgrep -P "$1" || true; }   # a process and its children

wait_ready() { # FILE: prints the port once FILE has "READY port=N"
  local i
  for i in $(seq 1 600); do
    if grep -q '^READY' "$1" 2> /dev/null; then sed -n 's/^READY port=\([0-9]*\).*/\1/p' "$1" | head -1; return 0; fi
    sleep 0.01
  done
  echo "bench: the server did not start: $(cat "$1" "$1.err" 2> /dev/null)" >&2; return 1
}

load() { # LABEL URL: wrk at 1 and 32 connections, prints RESULT lines
  local label="$1" url="$2" c out rps p50
  wrk -t2 -c32 -d3s "$url" > /dev/null   # warm-up
  for c in 1 32; do
    out="$(wrk -t$([ "$c" = 1 ] && echo 1 || echo 2) -c"$c" -d"$duration" --latency "$url")"
    echo "$out" > "$work/wrk-$label-$c.txt"
    rps="$(awk '/^Requests\/sec/ { print $2 }' <<< "$out")"
    p50="$(awk '$1 == "50%" { print $2 }' <<< "$out")"
    errors="$(grep -E 'Non-2xx|Socket errors' <<< "$out" | tr -s ' ' | paste -sd ';' || true)"
    echo "RESULT functions $label, $c connection(s): $rps req/s, p50 $p50${errors:+ ($errors)}"
  done
}

echo "== functions: Understudy's FunctionServer (workers: ${workers/#0/one per core}), $duration a run"
t0="$(now_ms)"
java "${flags[@]}" -cp "$cp" dev.understudy.bench.FunctionsServeBench "$here/site" 0 "$workers" > "$work/us.out" 2> "$work/us.out.err" &
us=$!
pids+=("$us")
port="$(wait_ready "$work/us.out")"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/.netlify/functions/hello")" = 200 ]; do sleep 0.005; done
t1="$(now_ms)"
echo "RESULT functions first 200 from JVM start: $((t1 - t0)) ms (target < 1500 ms)"
sleep 2
echo "RESULT functions resident memory idle: $(( $(rss_kb $(tree "$us")) / 1024 )) MB (JVM $(( $(rss_kb "$us") / 1024 )) MB + $(pgrep -P "$us" | wc -l) Node workers)"
load "understudy v1 hello" "http://127.0.0.1:$port/.netlify/functions/hello"
load "understudy v2 hello" "http://127.0.0.1:$port/.netlify/functions/hello-v2"
echo "RESULT functions resident memory after the load: $(( $(rss_kb $(tree "$us")) / 1024 )) MB (JVM $(( $(rss_kb "$us") / 1024 )) MB)"
kill "$us"; wait "$us" 2> /dev/null || true

echo "== functions: a bare Node http server (reference)"
node "$here/bare-node.js" 0 > "$work/node.out" 2>&1 &
np=$!
pids+=("$np")
port="$(wait_ready "$work/node.out")"
load "bare node" "http://127.0.0.1:$port/"
echo "RESULT functions bare node resident memory after the load: $(( $(rss_kb "$np") / 1024 )) MB"
echo "RESULT functions targets: >= 10,000 req/s v1 and >= 5,000 v2 at 32 connections, p50 < 2 ms at 1, first 200 < 1.5 s"
