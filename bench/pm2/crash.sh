#!/usr/bin/env bash
# Benchmark child: records when it started and when it exits (bash's clock, no fork), then crashes.
echo "start ${EPOCHREALTIME/./}" >> "$BENCH_FILE"
sleep "${BENCH_LIFE:-2.1}"
echo "exit ${EPOCHREALTIME/./}" >> "$BENCH_FILE"
exit 1
