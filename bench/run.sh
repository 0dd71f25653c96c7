#!/usr/bin/env bash
# Understudy's benchmarks. Usage: bench/run.sh [cron|queue|slots|status|validate|runner|pm2|functions|all] [extra arguments]
#   cron   [JMH args]        JMH: next-fire throughput (CronBench; e.g. 'cron CronParseBench' for parsing)
#   queue  [--opt=value...]  JobQueue throughput on SQLite and PostgreSQL (QueueBench; --store=... runs one)
#   slots  [--opt=value...]  slot start delay on SQLite, about 3 real minutes (SlotBench)
#   status                   'understudy status' wall time against a running daemon (temp UNDERSTUDY_HOME)
#   validate [--opt=value...] the workflow validator: actionlint's corpus warm in one process (ValidateBench),
#                            then the cold wall time of 'understudy validate' on one file
#   runner [--opt=value...]  the workflow runner: per-step overhead against one bash script, a 3x3 matrix's wall time
#   pm2                      PM2 7 and Understudy side by side: crash-to-restart, SIGKILL, memory, ps --json vs jlist
#   functions                netlify-cli and Understudy serving hello functions side by side: wrk req/s and
#                            p50/p99 at 1 and 32 connections (v1, v2), cold start to first 200, memory;
#                            a bare Node http server as the reference
#   all                      everything above, in that order
# Environment: BENCH_SKIP_INSTALL=1 skips 'mvn install' at the root (the installed jar is used as is);
# BENCH_JVM_OPTS replaces the JVM flags of the queue and slot runs (default: the daemon's own flags,
# as DaemonLauncher passes them). Results are printed and kept in bench/target/results/.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
what="${1:-all}"
[ $# -gt 0 ] && shift
results="$bench/target/results"
export LC_ALL=C.UTF-8

case "$what" in
  cron|queue|slots|status|validate|runner|pm2|functions|all) ;;
  -h|--help|help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "bench/run.sh: unknown benchmark '$what': use cron, queue, slots, status, validate, runner, pm2, functions or all" >&2; exit 2 ;;
esac

# The daemon's JVM flags (DaemonLauncher): the queue and the scheduler run inside the daemon with these.
daemon_flags=(-Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k
  -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:-UsePerfData)
if [ -n "${BENCH_JVM_OPTS+x}" ]; then read -r -a jvm_flags <<< "$BENCH_JVM_OPTS"; else jvm_flags=("${daemon_flags[@]}"); fi

machine() {
  echo "== machine: $(date -u +%Y-%m-%dT%H:%M:%SZ), nproc $(nproc), $(java -version 2>&1 | head -1), load average $(cut -d" " -f1-3 /proc/loadavg)"
  free -h | sed 's/^/   /'
  echo "   source: commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' + uncommitted changes in src/')"
}

# Maven 3.8 prints bare colour resets even in quiet batch mode.
strip_colors() { sed -e 's/\x1b\[[0-9;]*m//g'; }

build() {
  if [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then
    echo "== installing dev.understudy:understudy:0.1.0 (mvn install at the root, tests skipped)"
    (cd "$root" && mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true install) 2>&1 | strip_colors
  fi
  echo "== building bench/"
  (cd "$bench" && mvn -B -q -Dstyle.color=never package) 2>&1 | strip_colors
  cp="$bench/target/classes:$(cat "$bench/target/classpath.txt")"
  mkdir -p "$results"
}

run_cron() {
  echo "== cron: JMH ${*:-CronBench} (1 fork, 3 x 1 s warm-up, 5 x 1 s measured per case)"
  local args=("$@")
  [ ${#args[@]} -eq 0 ] && args=(CronBench)
  java -cp "$cp" org.openjdk.jmh.Main "${args[@]}" -rf text -rff "$results/cron-jmh.txt" | tee "$results/cron.txt"
  echo "RESULT cron: target >= 1,000,000 ops/s for every case:"
  awk '/^Cron.*thrpt/ { ok = ($(NF-3) + 0 >= 1000000) ? "MET" : "MISSED"; print "  " $0 "  " ok }' "$results/cron-jmh.txt"
}

run_queue() {
  if printf '%s\n' "$@" | grep -q -- '--store='; then
    java "${jvm_flags[@]}" -cp "$cp" dev.understudy.bench.QueueBench "$@" | tee "$results/queue-custom.txt"
    return
  fi
  for store in sqlite postgres; do
    echo "== queue: $store"
    java "${jvm_flags[@]}" -cp "$cp" dev.understudy.bench.QueueBench --store="$store" "$@" | tee "$results/queue-$store.txt"
  done
}

run_slots() {
  echo "== slots: about 3 real minutes"
  java "${jvm_flags[@]}" -cp "$cp" dev.understudy.bench.SlotBench "$@" | tee "$results/slots.txt"
}

# Times one command N times after W warm-ups: hyperfine when installed, else a date +%s%N loop.
# Prints "RESULT status <label>: median X ms, min Y ms, max Z ms (n runs)".
time_cmd() {
  local label="$1" runs="$2" warm="$3"
  shift 3
  if command -v hyperfine > /dev/null; then
    local json="$results/hyperfine-${label// /_}.json"
    hyperfine -N --style basic --warmup "$warm" --runs "$runs" --export-json "$json" "$*" >&2
    jq -r --arg l "$label" '.results[0] | "RESULT status \($l): median \(.median*1000|floor) ms, min \(.min*1000|floor) ms, max \(.max*1000|floor) ms, mean \(.mean*1000|floor) ms (\(.times|length) runs, hyperfine)"' "$json"
  else
    local i t0 t1 times=()
    for ((i = 0; i < warm; i++)); do "$@" > /dev/null 2>&1; done
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" '{ a[NR] = $1; s += $1 }
      END { printf "RESULT status %s: median %d ms, min %d ms, max %d ms, mean %d ms (%d runs, bash loop)\n", l, a[int((NR + 1) / 2)], a[1], a[NR], s / NR, NR }'
  fi
}

run_status() {
  local home
  home="$(mktemp -d /tmp/understudy-bench-home.XXXXXX)"
  export UNDERSTUDY_HOME="$home"
  # Always stop the daemon and remove the home, even when a step fails.
  trap 'UNDERSTUDY_HOME="'"$home"'" "'"$root"'/understudy" stop > /dev/null 2>&1 || true; rm -rf "'"$home"'"' EXIT
  echo "== status: daemon on UNDERSTUDY_HOME=$home, project examples/site"
  (cd "$root" && ./understudy start --project examples/site)
  # The first seconds of a daemon (JIT, start-up work) compete for the 2 cores: let it settle.
  sleep "${BENCH_STATUS_SETTLE:-5}"
  (cd "$root" && ./understudy status)
  local jar="$root/target/understudy.jar"
  local flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -Xlog:disable -Xlog:all=error:stderr)
  {
    cd "$root"
    time_cmd "understudy status" 20 3 ./understudy status
    time_cmd "java launcher flags + CDS -jar understudy.jar status" 20 3 \
      java "${flags[@]}" -XX:SharedArchiveFile="$root/target/understudy-cli.jsa" -jar "$jar" status
    time_cmd "understudy --version" 20 3 ./understudy --version
    time_cmd "java -jar understudy.jar --version" 20 3 java -jar "$jar" --version
    time_cmd "java -version" 20 3 java -version
  } | tee "$results/status.txt"
  echo "RESULT status: target 'understudy status' < 300 ms (median)"
  (cd "$root" && ./understudy stop)
  rm -rf "$home"
  trap - EXIT
}

run_validate() {
  echo "== validate: actionlint's ok/ + err/ corpus, warm, in one process"
  (cd "$root" && java -cp "$cp" dev.understudy.bench.ValidateBench "$@") | tee "$results/validate.txt"
  echo "== validate: cold 'understudy validate' on one file (examples/site/.github/workflows/sync-health.yml)"
  {
    cd "$root"
    time_cmd "understudy validate one file" 20 3 ./understudy validate examples/site/.github/workflows/sync-health.yml
  } | sed 's/RESULT status/RESULT validate/' | tee -a "$results/validate.txt"
  echo "RESULT validate: targets corpus < 2 s per pass warm, one file cold < 1 s (median)"
}

run_runner() {
  echo "== runner: per-step overhead (20 steps) and a 3x3 matrix, in one process with the daemon's flags"
  (cd "$root" && java "${jvm_flags[@]}" -cp "$cp" dev.understudy.bench.RunnerBench "$@") | tee "$results/runner.txt"
  echo "RESULT runner: targets < 15 ms a step, a 20-step workflow within 1.5x of the plain script"
}

machine
build
case "$what" in
  cron) run_cron "$@" ;;
  queue) run_queue "$@" ;;
  slots) run_slots "$@" ;;
  status) run_status ;;
  validate) run_validate "$@" ;;
  runner) run_runner "$@" ;;
  pm2) "$bench/pm2/bench.sh" | tee "$results/pm2.txt" ;;
  functions) "$bench/functions/bench.sh" | tee "$results/functions.txt" ;;
  all)
    run_cron
    run_queue
    run_slots
    run_status
    run_validate
    run_runner
    "$bench/pm2/bench.sh" | tee "$results/pm2.txt"
    "$bench/functions/bench.sh" | tee "$results/functions.txt"
    ;;
esac
