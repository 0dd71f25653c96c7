#!/usr/bin/env bash
# netlify-cli and Understudy serving the same hello functions, side by side in one run
# (bench/run.sh functions). wrk on 127.0.0.1: requests per second and p50/p99 latency at 1 and
# 32 connections for a v1 and a v2 function, the cold start to the first 200, and the resident
# memory of each server's whole process tree after the load. Needs wrk, node, the built jar
# (./understudy); the reference is a bare Node http server. Installs netlify-cli into bench/functions/.tools when it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/functions"
us="$root/understudy"
NETLIFY_CLI_VERSION=27.10.2
netlify="$here/.tools/node_modules/.bin/netlify"
duration="${BENCH_DURATION:-10s}"
who_list="${BENCH_SERVERS:-netlify understudy}"
work="$(mktemp -d /tmp/understudy-functions-bench.XXXXXX)"
export UNDERSTUDY_HOME="$work/us-home" NETLIFY_TELEMETRY_DISABLED=1 BROWSER=none
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill_tree "$server_pid"; "$us" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install wrk" >&2; exit 2; }
if [ ! -x "$netlify" ]; then
  echo "== installing netlify-cli@$NETLIFY_CLI_VERSION into bench/functions/.tools"
  npm install --prefix "$here/.tools" "netlify-cli@$NETLIFY_CLI_VERSION" --no-audit --no-fund --loglevel=error
fi

descendants() { local p; for p in $(pgrep -P "$1" 2>/dev/null); do echo "$p"; descendants "$p"; done; }
kill_tree() { local all; all="$1 $(descendants "$1")"; kill $all 2>/dev/null || true; sleep 0.5; kill -9 $all 2>/dev/null || true; }
tree_rss_mb() { local kb=0 p; for p in "$1" $(descendants "$1"); do kb=$((kb + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $((kb / 1024)); }
now_ms() { date +%s%3N; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# The site: the same two functions for both, a git repository as netlify-cli wants.
site="$work/site"
cp -r "$here/site" "$site"
(cd "$site" && git init -q && git add -A && git -c user.email=b@example.com -c user.name=bench commit -qm site)

# first_200 URL START_MS: waits for a 200 and prints the milliseconds since START_MS.
first_200() {
  local t=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ]; do
    sleep 0.005; t=$((t + 1)); [ $t -lt 6000 ] || { echo "bench: no 200 from $1 within a minute" >&2; return 1; }
  done
  echo $(( $(now_ms) - $2 ))
}

# load WHO FUNCTION CONNECTIONS URL
load() {
  local out; out=$(wrk -t "$(( $3 < 2 ? 1 : 2 ))" -c "$3" -d "$duration" --latency "$4" 2>&1)
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' <<< "$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<< "$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<< "$out")
  errors=$(awk '/Non-2xx|Socket errors/ { printf "%s ", $0 }' <<< "$out")
  echo "RESULT functions-bench $1 $2 c=$3: $rps req/s, p50 $p50, p99 $p99${errors:+ ($errors)}"
}

for who in $who_list; do
  port=$(free_port)
  if [ "$who" = understudy ]; then
    # the first start of a home has no class-data archive yet (its stop writes one): measured apart
    printf 'daemon: {port: 0}\nnetlifyFunctions: {mode: replace, port: %s}\npm2: {enabled: false}\ngithubActions: {enabled: false}\n' "$port" > "$site/understudy.yml"
    start=$(now_ms)
    "$us" start --project "$site" > "$work/understudy-first.log" 2>&1 &
    echo "RESULT functions-bench understudy first start of a new home to first 200 (v1): $(first_200 "http://127.0.0.1:$port/.netlify/functions/hello-v1" "$start") ms"
    wait
    "$us" stop > /dev/null
  fi
  start=$(now_ms)
  if [ "$who" = netlify ]; then
    (cd "$site" && exec "$netlify" functions:serve --offline --port "$port" --functions netlify/functions > "$work/netlify.log" 2>&1) &
    server_pid=$!
  else
    printf 'daemon: {port: 0}\nnetlifyFunctions: {mode: replace, port: %s}\npm2: {enabled: false}\ngithubActions: {enabled: false}\n' "$port" > "$site/understudy.yml"
    # polled while the command runs, as netlify-cli is: a client does not wait for the CLI to return
    "$us" start --project "$site" > "$work/understudy.log" 2>&1 &
    starter=$!
  fi
  base="http://127.0.0.1:$port/.netlify/functions"
  echo "RESULT functions-bench $who cold start to first 200 (v1): $(first_200 "$base/hello-v1" "$start") ms"
  if [ "$who" = understudy ]; then
    wait "$starter"
    server_pid=$(node -p 'require(process.argv[1]).pid' "$UNDERSTUDY_HOME/daemon.json")
  fi
  curl -s -o /dev/null "$base/hello-v2"
  for fn in hello-v1 hello-v2; do
    wrk -t 1 -c 1 -d 2s "$base/$fn" > /dev/null 2>&1   # warm-up
    for c in 1 32; do load "$who" "$fn" "$c" "$base/$fn"; done
  done
  echo "RESULT functions-bench $who resident memory after the load (whole process tree): $(tree_rss_mb "$server_pid") MB"
  if [ "$who" = netlify ]; then kill_tree "$server_pid"; else "$us" stop > /dev/null; fi
  server_pid=""
done

# The reference: a bare Node http server answering the same text, no functions at all.
port=$(free_port)
node "$here/bare-node.js" "$port" > "$work/node.out" 2>&1 &
server_pid=$!
first_200 "http://127.0.0.1:$port/" "$(now_ms)" > /dev/null
wrk -t 1 -c 1 -d 2s "http://127.0.0.1:$port/" > /dev/null 2>&1
for c in 1 32; do load "bare-node" "reference" "$c" "http://127.0.0.1:$port/"; done
echo "RESULT functions-bench bare-node resident memory after the load: $(tree_rss_mb "$server_pid") MB"
echo "RESULT functions-bench targets: >= 10,000 req/s v1 and >= 5,000 v2 at 32 connections, p50 < 2 ms at 1, first 200 < 1.5 s, less memory than netlify-cli"
