'use strict';
// Workflow "Dependency check": reports the dependency count and the Node version in use,
// and fails if package.json's engines.node is not satisfied by process.version.
// Only the form ">=MAJOR" (e.g. ">=18", ">=18.0.0") is understood; anything else is an error.
// Exit codes: 0 ok, 1 Node too old, 2 cannot read package.json or unsupported range.
const fs = require('node:fs');
const path = require('node:path');

const PKG_FILE = path.join(__dirname, '..', 'package.json');

let pkg;
try {
  pkg = JSON.parse(fs.readFileSync(PKG_FILE, 'utf8'));
} catch (err) {
  console.log(`::error::dependency-check: cannot read ${PKG_FILE}: ${err.message}`);
  process.exit(2);
}

const count = (o) => Object.keys(o || {}).length;
const deps = count(pkg.dependencies);
const devDeps = count(pkg.devDependencies);
console.log(`dependency-check: ${pkg.name}: ${deps} dependencies, ${devDeps} devDependencies`);
console.log(`dependency-check: running on Node ${process.version}`);

const range = pkg.engines && pkg.engines.node;
if (!range) {
  console.log('dependency-check: no engines.node in package.json, nothing to enforce');
  process.exit(0);
}
const m = /^\s*>=\s*v?(\d+)(?:\.0){0,2}\s*$/.exec(range);
if (!m) {
  console.log(`::error::dependency-check: engines.node "${range}" is not of the form ">=MAJOR"; this check understands only that`);
  process.exit(2);
}
const wanted = Number(m[1]);
const major = Number(process.version.slice(1).split('.')[0]);
if (major < wanted) {
  console.log(`::error::dependency-check: Node ${process.version} does not satisfy engines.node "${range}"`);
  process.exit(1);
}
console.log(`dependency-check: Node ${process.version} satisfies engines.node "${range}"`);
