#!/usr/bin/env bash
# PM2 7 and Understudy side by side, in one run (bench/run.sh pm2). Needs node, the built jar
# (./understudy) and pm2 in .ci/tools (as .ci/run installs it). Prints RESULT lines.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/pm2"
pm2="$root/.ci/tools/node_modules/.bin/pm2"
us="$root/understudy"
crashes="${BENCH_CRASHES:-30}"
kills="${BENCH_KILLS:-10}"
parts="${BENCH_PARTS:-crash kill memory}"   # a subset reruns part of the benchmark
# BENCH_WARM_SPARE=crashed|always|never sets Understudy's pm2.warmSpare (default: the daemon's, crashed)
work="$(mktemp -d /tmp/understudy-pm2-bench.XXXXXX)"
export PM2_HOME="$work/pm2-home" UNDERSTUDY_HOME="$work/us-home"
cleanup() { "$pm2" kill >/dev/null 2>&1 || true; "$us" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
[ -x "$pm2" ] || { echo "bench: pm2 is missing at $pm2: run .ci/run (or npm install --prefix .ci/tools pm2@7.0.4)" >&2; exit 2; }

# project DIR APPS_JS: an ecosystem file and an understudy.yml that supervises it here.
project() {
  mkdir -p "$1"
  cp "$here"/crash.sh "$here"/crash.js "$here"/idle.sh "$1"/
  printf 'module.exports = {apps: [%s]};\n' "$2" > "$1/ecosystem.config.js"
  printf 'daemon: {port: 0}\npm2: {mode: replace%s}\ngithubActions: {enabled: false}\nnetlifyFunctions: {enabled: false}\n' \
    "${BENCH_WARM_SPARE:+, warmSpare: $BENCH_WARM_SPARE}" > "$1/understudy.yml"
}

# starts FILE: how many "start" lines
starts() { grep -c '^start' "$1" 2>/dev/null || echo 0; }

# latencies FILE: exit -> next start, in ms, one per line
latencies() { awk '/^exit/ { e = $2 } /^start/ { if (e) { printf "%.2f\n", ($2 - e) / 1000; e = 0 } }' "$1"; }

# stats LABEL: median and p95 of the numbers on stdin
stats() { sort -n | awk -v l="$1" '{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)]; p = a[int(NR * 0.95 + 0.999)]; printf "RESULT pm2-bench %s: median %.1f ms, p95 %.1f ms (n %d)\n", l, m, p, NR }'; }

wait_starts() { local f="$1" n="$2" t=0; while [ "$(starts "$f")" -lt "$n" ]; do sleep 0.2; t=$((t + 1)); [ $t -lt 3000 ] || { echo "bench: timeout waiting for $n starts in $f" >&2; return 1; }; done; }

crash_latency() { # SUPERVISOR KIND(shell|node)
  local who="$1" kind="$2" dir="$work/crash-$1-$2" file="$work/crash-$1-$2.txt"
  local script=crash.sh; [ "$kind" = node ] && script=crash.js
  project "$dir" "{name: 'crash', script: '$script', restart_delay: 0, max_restarts: 1000, min_uptime: 500, env: {BENCH_FILE: '$file'}}"
  if [ "$who" = pm2 ]; then (cd "$dir" && "$pm2" start ecosystem.config.js >/dev/null); else "$us" start --project "$dir" >/dev/null; fi
  wait_starts "$file" $((crashes + 1))
  if [ "$who" = pm2 ]; then "$pm2" delete all >/dev/null; "$pm2" kill >/dev/null; else "$us" stop >/dev/null; fi
  latencies "$file" | head -n "$crashes" | stats "crash-to-restart $kind child, $who"
}

pid_of() { # SUPERVISOR: the crash app's pid
  if [ "$1" = pm2 ]; then "$pm2" jlist 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).find(a=>a.name==="crash").pid))';
  else "$us" ps --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).find(a=>a.name==="crash").pid))'; fi
}

kill_back() { # SUPERVISOR: external SIGKILL -> the app's next first line
  local who="$1" dir="$work/kill-$1" file="$work/kill-$1.txt" out="$work/kill-$1.ms"
  project "$dir" "{name: 'crash', script: 'crash.sh', restart_delay: 0, max_restarts: 1000, min_uptime: 500, env: {BENCH_FILE: '$file', BENCH_LIFE: '1000'}}"
  if [ "$who" = pm2 ]; then (cd "$dir" && "$pm2" start ecosystem.config.js >/dev/null); else "$us" start --project "$dir" >/dev/null; fi
  wait_starts "$file" 1
  : > "$out"
  for i in $(seq 1 "$kills"); do
    sleep 2.1   # past min_uptime, and slower than Understudy's crash-loop limit (5 starts in 10 s)
    local pid n t0
    pid=$(pid_of "$who"); n=$(starts "$file")
    t0=${EPOCHREALTIME/./}
    kill -9 "$pid"
    wait_starts "$file" $((n + 1))
    awk -v t0="$t0" '/^start/ { s = $2 } END { printf "%.2f\n", (s - t0) / 1000 }' "$file" >> "$out"
  done
  if [ "$who" = pm2 ]; then "$pm2" delete all >/dev/null; "$pm2" kill >/dev/null; else "$us" stop >/dev/null; fi
  stats "back after an external SIGKILL (shell child), $who" < "$out"
}

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

memory() { # N apps
  local n="$1" dir="$work/mem-$1" apps=""
  for i in $(seq 1 "$n"); do apps="$apps{name: 'idle$i', script: 'idle.sh'},"; done
  project "$dir" "$apps"
  (cd "$dir" && "$pm2" start ecosystem.config.js >/dev/null 2>&1 || "$pm2" ping >/dev/null)
  "$us" start --project "$dir" >/dev/null
  sleep "${BENCH_SETTLE:-8}"
  local p u
  p=$(rss_kb "$(cat "$PM2_HOME/pm2.pid")")
  u=$(rss_kb "$(node -p 'require(process.argv[1]).pid' "$UNDERSTUDY_HOME/daemon.json")")
  echo "RESULT pm2-bench resident memory with $n apps: PM2 daemon $((p / 1024)) MB, Understudy daemon $((u / 1024)) MB"
  if [ "$n" = 10 ]; then
    local i t0 t1 a=() b=()
    for i in $(seq 1 23); do
      t0=${EPOCHREALTIME/./}; "$us" ps --json >/dev/null; t1=${EPOCHREALTIME/./}; a+=($(( (t1 - t0) / 1000 )))
      t0=${EPOCHREALTIME/./}; "$pm2" jlist >/dev/null; t1=${EPOCHREALTIME/./}; b+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${a[@]:3}" | stats "understudy ps --json wall time (10 apps)"
    printf '%s\n' "${b[@]:3}" | stats "pm2 jlist wall time (10 apps)"
  fi
  "$pm2" delete all >/dev/null 2>&1 || true; "$pm2" kill >/dev/null 2>&1 || true; "$us" stop >/dev/null
}

echo "== pm2-bench: PM2 $(node -p "require('$root/.ci/tools/node_modules/pm2/package.json').version"), node $(node --version), $crashes crashes, $kills kills, warmSpare ${BENCH_WARM_SPARE:-default}"
t0=${EPOCHREALTIME/./}; node -e '' ; t1=${EPOCHREALTIME/./}
for i in 1 2 3 4 5 6 7 8 9 10; do t0=${EPOCHREALTIME/./}; node -e ''; t1=${EPOCHREALTIME/./}; echo "$(( (t1 - t0) / 1000 ))"; done | stats "bare node boot (node -e '')"
for who in pm2 understudy; do
  if [[ " $parts " == *" crash "* ]]; then crash_latency "$who" shell; crash_latency "$who" node; fi
  if [[ " $parts " == *" kill "* ]]; then kill_back "$who"; fi
done
if [[ " $parts " == *" memory "* ]]; then for n in 0 10 50; do memory "$n"; done; fi
