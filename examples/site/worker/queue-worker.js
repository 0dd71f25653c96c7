'use strict';
// Queue worker run by PM2 (app "worker"): every few seconds it processes one "job",
// which writes a heartbeat line to stdout and to data/worker-heartbeat.txt.
// Env: WORKER_INTERVAL_MS (default 5000), DATA_DIR (default <project>/data).
const fs = require('node:fs');
const path = require('node:path');

const INTERVAL_MS = Number(process.env.WORKER_INTERVAL_MS || 5000);
const DATA_DIR = process.env.DATA_DIR || path.join(__dirname, '..', 'data');
const HEARTBEAT = path.join(DATA_DIR, 'worker-heartbeat.txt');

let jobs = 0;
let timer = null;

function processJob() {
  jobs += 1;
  const line = `heartbeat ${new Date().toISOString()} pid=${process.pid} job=${jobs}`;
  console.log(`[worker] ${line}`);
  fs.mkdirSync(DATA_DIR, { recursive: true });
  // Write then rename, so a reader never sees a half-written line.
  const tmp = `${HEARTBEAT}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, line + '\n');
  fs.renameSync(tmp, HEARTBEAT);
}

function tick() {
  try {
    processJob();
  } catch (err) {
    console.error(`[worker] job failed: ${err.message}`);
  }
  timer = setTimeout(tick, INTERVAL_MS);
}

function shutdown(signal) {
  clearTimeout(timer);
  console.log(`[worker] ${signal} received, stopping after ${jobs} job(s)`);
  process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

console.log(`[worker] started (pid ${process.pid}), one job every ${INTERVAL_MS} ms, heartbeat in ${HEARTBEAT}`);
tick();
