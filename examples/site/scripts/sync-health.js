'use strict';
// Workflow "Sync health": checks that the files the site's jobs write under data/ are fresh.
// It reports rather than fails: the step output "status" is ok or stale, and a line goes to
// the job summary. A file that is not there (e.g. on a fresh CI checkout) is reported and skipped.
// Env: DATA_DIR (default <project>/data), HEARTBEAT_MAX_AGE_S (default 900),
//      POSTS_MAX_AGE_S (default 46800 = 13 h), SYNC_HEALTH_STRICT=1 (exit 1 when stale),
//      GITHUB_OUTPUT, GITHUB_STEP_SUMMARY (set by GitHub Actions).
const fs = require('node:fs');
const path = require('node:path');

const DATA_DIR = process.env.DATA_DIR || path.join(__dirname, '..', 'data');
const CHECKS = [
  { file: 'worker-heartbeat.txt', maxAgeS: Number(process.env.HEARTBEAT_MAX_AGE_S || 900) },
  { file: 'posts-received.jsonl', maxAgeS: Number(process.env.POSTS_MAX_AGE_S || 13 * 3600) },
];

const now = Date.now();
const lines = [];
let stale = 0;
for (const { file, maxAgeS } of CHECKS) {
  const full = path.join(DATA_DIR, file);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    lines.push(`- ${file}: not present, skipped`);
    continue;
  }
  const ageS = Math.round((now - stat.mtimeMs) / 1000);
  if (ageS > maxAgeS) {
    stale += 1;
    lines.push(`- ${file}: STALE, last written ${ageS}s ago (limit ${maxAgeS}s)`);
    console.log(`::warning::sync-health: ${file} last written ${ageS}s ago (limit ${maxAgeS}s)`);
  } else {
    lines.push(`- ${file}: fresh, last written ${ageS}s ago (limit ${maxAgeS}s)`);
  }
}

const status = stale === 0 ? 'ok' : 'stale';
console.log(`sync-health: status=${status} (data dir ${DATA_DIR})`);
for (const line of lines) console.log(line);

if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `status=${status}\n`);
if (process.env.GITHUB_STEP_SUMMARY) {
  fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### Sync health: ${status}\n${lines.join('\n')}\n`);
}

process.exit(stale > 0 && process.env.SYNC_HEALTH_STRICT === '1' ? 1 : 0);
