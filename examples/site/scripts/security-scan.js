'use strict';
// Workflow "Security scan": looks through the project's own files for things that look like
// committed secrets. Prints each finding as file:line and exits 1 if there is any.
// Usage: node scripts/security-scan.js [dir]   (default: the project root)
// Exit codes: 0 clean, 1 findings, 2 cannot scan.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(process.argv[2] || path.join(__dirname, '..'));
const SKIP_DIRS = new Set(['.git', 'node_modules', 'data']);
const MAX_BYTES = 1024 * 1024;

// Written so that this file does not match its own patterns.
const RULES = [
  { name: 'AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'private key block', re: /-{5}BEGIN (?:[A-Z]+ )?PRIVATE KEY-{5}/ },
  { name: 'Slack token', re: /\bxox[bp]-[0-9A-Za-z-]{10,}/ },
];

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(full);
    } else if (entry.isFile()) {
      yield full;
    }
  }
}

let files = 0;
const findings = [];
try {
  for (const file of walk(ROOT)) {
    if (fs.statSync(file).size > MAX_BYTES) continue;
    const buf = fs.readFileSync(file);
    if (buf.includes(0)) continue; // binary
    files += 1;
    buf.toString('utf8').split('\n').forEach((text, i) => {
      for (const rule of RULES) {
        if (rule.re.test(text)) findings.push({ file: path.relative(ROOT, file), line: i + 1, rule: rule.name });
      }
    });
  }
} catch (err) {
  console.log(`::error::security-scan: cannot scan ${ROOT}: ${err.message}`);
  process.exit(2);
}

for (const f of findings) {
  // Point at the place, never print the secret itself.
  console.log(`::error file=${f.file},line=${f.line}::possible ${f.rule} in ${f.file}:${f.line}`);
}
console.log(`security-scan: ${files} file(s) scanned under ${ROOT}, ${findings.length} finding(s)`);
process.exit(findings.length > 0 ? 1 : 0);
