// Benchmark child: records when it started and when it exits (microseconds since the epoch), then crashes.
const fs = require('fs');
const now = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
fs.appendFileSync(process.env.BENCH_FILE, `start ${now()}\n`);
setTimeout(() => {
  fs.appendFileSync(process.env.BENCH_FILE, `exit ${now()}\n`);
  process.exit(1);
}, Number(process.env.BENCH_LIFE || 2.1) * 1000);
