'use strict';
// Workflow "Build monitor": asks the web server's /health whether the site is up.
// A monitor, not a gate: when the site is down it prints a ::warning:: and still exits 0.
// Env: HEALTH_URL (default http://127.0.0.1:${PORT:-3000}/health), MONITOR_TIMEOUT_MS (default 3000),
//      GITHUB_STEP_SUMMARY (set by GitHub Actions).
const fs = require('node:fs');

const URL_TO_CHECK = process.env.HEALTH_URL || `http://127.0.0.1:${process.env.PORT || 3000}/health`;
const TIMEOUT_MS = Number(process.env.MONITOR_TIMEOUT_MS || 3000);

function report(up, detail) {
  const line = `build-monitor: ${URL_TO_CHECK} is ${up ? 'UP' : 'DOWN'} (${detail})`;
  if (up) console.log(line);
  else console.log(`::warning title=Build monitor::${line}`);
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${line}\n`);
}

async function main() {
  const started = Date.now();
  try {
    const res = await fetch(URL_TO_CHECK, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await res.text();
    let body = {};
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: judged below
    }
    const ms = Date.now() - started;
    if (res.status === 200 && body.status === 'ok') report(true, `HTTP 200 in ${ms} ms`);
    else report(false, `HTTP ${res.status}, body ${text.slice(0, 100)}`);
  } catch (err) {
    const why = err.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : (err.cause && err.cause.code) || err.message;
    report(false, why);
  }
}

main();
