// Understudy: loads a PM2 ecosystem file the way PM2 does (require, or import for ES modules)
// and writes the exported configuration as JSON to the file named by argv[3].
// Usage: node ecosystem-harness.js <ecosystem file> <output file>
// Values JSON cannot carry (functions, undefined, Symbols, BigInts, Promises, cycles...) are
// written as {"__understudy_nonjson__": "<type>"} so the reader can report them by key.
'use strict';
const fs = require('fs');
const path = require('path');
const url = require('url');

const file = path.resolve(process.argv[2]);
const out = process.argv[3];
const MARK = '__understudy_nonjson__';

function write(result) {
  fs.writeFileSync(out, JSON.stringify(result));
  process.exit(0);
}

function encode(v, seen) {
  if (v === null) return null;
  const t = typeof v;
  if (t === 'string' || t === 'boolean') return v;
  if (t === 'number') return Number.isFinite(v) ? v : { [MARK]: String(v) };
  if (t === 'undefined') return { [MARK]: 'undefined' };
  if (t === 'function') return { [MARK]: 'function' };
  if (t === 'symbol') return { [MARK]: 'Symbol' };
  if (t === 'bigint') return { [MARK]: 'BigInt' };
  if (seen.has(v)) return { [MARK]: 'circular reference' };
  if (v instanceof Date) return { [MARK]: 'Date' };
  if (v instanceof RegExp) return { [MARK]: 'RegExp', regexp: String(v) }; // ignore_watch takes them
  if (typeof v.then === 'function') return { [MARK]: 'Promise' };
  seen.add(v);
  let r;
  if (Array.isArray(v)) {
    r = v.map((x) => encode(x, seen));
  } else {
    r = {};
    for (const k of Object.keys(v)) r[k] = encode(v[k], seen);
  }
  seen.delete(v);
  return r;
}

function where(err) {
  const stack = String((err && err.stack) || '');
  const names = [file, url.pathToFileURL(file).href];
  for (const name of names) {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(esc + ':(\\d+)(?::(\\d+))?').exec(stack);
    if (m) return { line: Number(m[1]), column: m[2] ? Number(m[2]) : 0 };
  }
  return null;
}

function fail(err) {
  const name = (err && err.name) || 'Error';
  const message = err && err.message !== undefined ? String(err.message) : String(err);
  let at = where(err);
  if (!at && name === 'SyntaxError') {
    // An ES module's syntax error carries no position; node --check prints it.
    try {
      const r = require('child_process').spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 5000 });
      at = where({ stack: String(r.stderr || '') });
    } catch (ignored) {
      // keep no position
    }
  }
  write({ ok: false, name, message, where: at });
}

async function load() {
  const ext = path.extname(file);
  if (ext !== '.mjs') {
    try {
      const confPath = require.resolve(file);
      delete require.cache[confPath];
      const mod = require(confPath);
      // Newer node loads an ES module through require too: take its default export, as import does.
      if (mod && mod[Symbol.toStringTag] === 'Module') return mod.default !== undefined ? mod.default : Object.assign({}, mod);
      return mod;
    } catch (e) {
      if (!e || (e.code !== 'ERR_REQUIRE_ESM' && e.code !== 'ERR_REQUIRE_ASYNC_MODULE')) throw e;
    }
  }
  const ns = await import(url.pathToFileURL(file).href);
  return ns.default !== undefined ? ns.default : Object.assign({}, ns);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
load().then((conf) => write({ ok: true, value: encode(conf, new Set()) }), fail);
