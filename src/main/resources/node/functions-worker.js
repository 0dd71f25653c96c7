'use strict';
// Understudy's Netlify Functions worker: one warm Node process of the pool (NodeWorkerPool.java).
//   node [--experimental-detect-module] functions-worker.js <unix socket path> <worker number>
// It connects to the socket the pool listens on and runs many invocations at once, multiplexed by id
// over length-prefixed binary frames (Frames.java has the layout). Function modules stay loaded between
// calls and are loaded again when their file (or a local file they imported) changes on disk.
// Logs of function code (console.*) go back as LOG frames naming the function and the invocation.
const net = require('net');
const fs = require('fs');
const path = require('path');
const util = require('util');
const querystring = require('querystring');
const Module = require('module');
const { pathToFileURL, fileURLToPath } = require('url');
const { AsyncLocalStorage } = require('async_hooks');

const SOCKET = process.argv[2];
const WORKER = process.argv[3] || '0';
// After this many reloads of ES modules (which Node can never unload) the worker asks to be replaced.
const MAX_ESM_RELOADS = Number(process.env.UNDERSTUDY_FUNCTIONS_MAX_RELOADS) || 50;
delete process.env.UNDERSTUDY_FUNCTIONS_MAX_RELOADS;

// Frame types: keep in step with Frames.java.
const T_INVOKE = 1, T_RESULT = 2, T_HEAD = 3, T_CHUNK = 4, T_END = 5, T_FAIL = 6, T_LOG = 7, T_HELLO = 8,
  T_EXITING = 9, T_RECYCLE = 10, T_PING = 11, T_PONG = 12, T_CANCEL = 13, T_SHUTDOWN = 15;
const KIND_BACKGROUND = 1, KIND_SCHEDULED = 2;
const LOG_INFO = 0, LOG_WARN = 1, LOG_ERROR = 2, LOG_DEBUG = 3;

const als = new AsyncLocalStorage();
const inflight = new Map(); // id -> invocation
const waitUntils = new Set();
let draining = false;
let esmReloads = 0;
let recycleAsked = false;

// ---------------------------------------------------------------- output: frames, batched per loop turn
let out = [];
let outBytes = 0;
let flushScheduled = false;
let sock = null;

function flush() {
  flushScheduled = false;
  if (out.length === 0) return;
  const b = out.length === 1 ? out[0] : Buffer.concat(out, outBytes);
  out = [];
  outBytes = 0;
  sock.write(b);
}

function send(buf, now) {
  out.push(buf);
  outBytes += buf.length;
  if (now) flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

// A growable scratch buffer frames are written into, then copied out.
class Enc {
  constructor() { this.b = Buffer.allocUnsafe(64 * 1024); this.p = 0; }
  begin(type, id) { this.p = 4; this.b[4] = type; this.b.writeUInt32BE(id >>> 0, 5); this.p = 9; return this; }
  room(n) {
    if (this.p + n <= this.b.length) return;
    let size = this.b.length * 2;
    while (size < this.p + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.b.copy(nb, 0, 0, this.p);
    this.b = nb;
  }
  u8(v) { this.room(1); this.b[this.p++] = v; return this; }
  u16(v) { this.room(2); this.b.writeUInt16BE(v, this.p); this.p += 2; return this; }
  u32(v) { this.room(4); this.b.writeUInt32BE(v >>> 0, this.p); this.p += 4; return this; }
  i32(v) { this.room(4); this.b.writeInt32BE(v | 0, this.p); this.p += 4; return this; }
  str(s) {
    s = s == null ? '' : String(s);
    this.room(4 + s.length * 3);
    const n = this.b.write(s, this.p + 4, 'utf8');
    this.b.writeUInt32BE(n, this.p);
    this.p += 4 + n;
    return this;
  }
  bytes(buf) { this.room(4 + buf.length); this.b.writeUInt32BE(buf.length, this.p); buf.copy(this.b, this.p + 4); this.p += 4 + buf.length; return this; }
  // A body given as a string goes straight into the frame without an intermediate Buffer.
  body(s, encoding) {
    if (s == null) return this.u32(0);
    if (typeof s !== 'string') return this.bytes(Buffer.isBuffer(s) ? s : Buffer.from(s));
    if (encoding === 'base64') return this.bytes(Buffer.from(s, 'base64'));
    return this.str(s);
  }
  raw(buf) { this.room(buf.length); buf.copy(this.b, this.p); this.p += buf.length; return this; }
  end() {
    this.b.writeUInt32BE(this.p - 4, 0);
    const frame = Buffer.from(this.b.subarray(0, this.p)); // a copy: the scratch buffer is reused
    if (this.b.length > 1024 * 1024) this.b = Buffer.allocUnsafe(64 * 1024); // after a big body
    return frame;
  }
}
const enc = new Enc();

function sendLog(id, level, name, text) {
  if (!sock) { process.stderr.write(`[${name}] ${text}\n`); return; }
  send(enc.begin(T_LOG, id).u8(level).str(name).str(text).end());
}

function sendFail(id, kind, logLine, body) {
  send(enc.begin(T_FAIL, id).u8(kind).str(logLine).str(body).end());
}

// ---------------------------------------------------------------- console: attributed to the invocation
function consoleMethod(level) {
  return (...args) => {
    const inv = als.getStore();
    const text = util.formatWithOptions({ colors: false }, ...args);
    sendLog(inv ? inv.id : 0, level, inv ? inv.name : `worker ${WORKER}`, text);
  };
}
console.log = console.info = consoleMethod(LOG_INFO);
console.warn = consoleMethod(LOG_WARN);
console.error = consoleMethod(LOG_ERROR);
console.debug = consoleMethod(LOG_DEBUG);
console.trace = (...args) => {
  const e = new Error(util.format(...args));
  e.name = 'Trace';
  consoleMethod(LOG_ERROR)(e.stack);
};

// process.exit inside a function ends the worker, as it ends a Lambda runtime; the pool is told who did it.
const realExit = process.exit.bind(process);
process.exit = (code) => {
  const inv = als.getStore();
  const c = code === undefined ? (process.exitCode ?? 0) : Number(code) || 0;
  if (sock) {
    send(enc.begin(T_EXITING, inv ? inv.id : 0).str(inv ? inv.name : '').i32(c).end(), true);
    sock.end(() => realExit(c));
    setTimeout(() => realExit(c), 200).unref();
  } else realExit(c);
  // Code after process.exit() must not run on.
  throw Object.assign(new Error(`process.exit(${c}) called`), { understudyExit: true });
};

// An error nobody caught: the invocation it came from (if any is still running) gets a 500, the worker
// serves what it has in flight and asks to be replaced, since its state can no longer be trusted.
function strayError(kind, err) {
  if (err && err.understudyExit) return;
  const inv = als.getStore();
  const what = errorText(err);
  if (inv && inflight.has(inv.id)) {
    failInvocation(inv, 1, `Function ${inv.name} has returned an error: ${kind}: ${what.message}\n${what.stack}`, formatErrorBody(err));
  } else {
    sendLog(inv ? inv.id : 0, LOG_ERROR, inv ? inv.name : `worker ${WORKER}`, `${kind}: ${err && err.stack || err}`);
  }
  askRecycle(`${kind} in ${inv ? `function ${inv.name}` : 'a function'}: ${what.message}`);
}
process.on('uncaughtException', (err) => strayError('Uncaught exception', err));
process.on('unhandledRejection', (err) => strayError('Unhandled promise rejection', err));

function askRecycle(reason) {
  if (recycleAsked || !sock) return;
  recycleAsked = true;
  send(enc.begin(T_RECYCLE, 0).str(reason).end());
}

// ---------------------------------------------------------------- globals of the v2 API
const netlifyEnv = {
  delete: (key) => { delete process.env[key]; },
  get: (key) => process.env[key],
  has: (key) => Boolean(process.env[key]),
  set: (key, value) => { process.env[key] = value; },
  toObject: () => Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)),
};
const Netlify = { env: netlifyEnv };
Object.defineProperty(Netlify, 'context', {
  enumerable: true,
  get() { const inv = als.getStore(); return inv && inv.context ? inv.context : null; },
});
globalThis.Netlify = Netlify;

// ---------------------------------------------------------------- loading functions
const loaded = new Map(); // mainFile -> { version, mtimeMs, deps: [[file, mtimeMs]], exports, esm }
const packageTypes = new Map(); // dir -> 'module' | 'commonjs'
let esmVersion = 0;
let hooksRegistered = false;
const esmDeps = new Map(); // version tag -> Set of file paths

// The hooks run on a thread of their own (about 10 MB): only a worker that loads an ES module starts it.
function registerHooks() {
  if (hooksRegistered) return;
  hooksRegistered = true;
  if (typeof Module.register !== 'function') return; // Node < 20.6: only the main file is reloaded
  try {
    const { MessageChannel } = require('worker_threads');
    const { port1, port2 } = new MessageChannel();
    port1.on('message', ({ tag, file }) => {
      let set = esmDeps.get(tag);
      if (!set) esmDeps.set(tag, (set = new Set()));
      set.add(file);
    });
    port1.unref();
    Module.register(pathToFileURL(path.join(__dirname, 'functions-esm-hooks.mjs')).href, {
      data: { port: port2 }, transferList: [port2],
    });
  } catch (e) {
    process.stderr.write(`understudy functions worker: module hooks unavailable (${e.message}); only main files reload\n`);
  }
}

function packageType(dir) {
  const start = dir;
  const seen = [];
  let type = 'commonjs';
  for (;;) {
    const known = packageTypes.get(dir);
    if (known) { type = known; break; }
    seen.push(dir);
    const pj = path.join(dir, 'package.json');
    let text = null;
    try { text = fs.readFileSync(pj, 'utf8'); } catch { /* none here */ }
    if (text !== null) {
      try { type = JSON.parse(text).type === 'module' ? 'module' : 'commonjs'; } catch { type = 'commonjs'; }
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of seen) packageTypes.set(d, type);
  return packageTypes.get(start) || type;
}

function mtime(file) {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? st.mtimeMs : -1;
}

function isLocal(file) { return !file.includes(`${path.sep}node_modules${path.sep}`); }

function stale(entry) {
  if (mtime(entry.file) !== entry.mtimeMs) return true;
  const deps = entry.esm ? depsOfTag(entry) : entry.deps;
  for (const [file, m] of deps) if (mtime(file) !== m) return true;
  return false;
}

function depsOfTag(entry) {
  if (!entry.tag) return entry.deps;
  const files = esmDeps.get(entry.tag);
  if (files) {
    for (const f of files) if (f !== entry.file && !entry.depSet.has(f)) { entry.depSet.add(f); entry.deps.push([f, mtime(f)]); }
    esmDeps.delete(entry.tag);
  }
  return entry.deps;
}

class UserError extends Error {}

async function loadFunction(name, file) {
  const prev = loaded.get(file);
  if (prev && !stale(prev)) return prev.exports;
  const m = mtime(file);
  if (m < 0) throw new UserError(`Function ${name}: its file ${file} does not exist (any more)`);
  const ext = path.extname(file);
  let entry;
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') entry = await loadTypeScript(name, file, prev);
  else if (ext === '.mjs' || (ext === '.js' && packageType(path.dirname(file)) === 'module')) entry = await loadEsm(file, prev);
  else entry = await loadCjsOrDetect(file, prev);
  entry.file = file;
  entry.mtimeMs = m;
  loaded.set(file, entry);
  return entry.exports;
}

async function loadEsm(file, prev, url) {
  registerHooks();
  const version = ++esmVersion;
  if (prev && prev.esm) {
    esmReloads++;
    if (esmReloads >= MAX_ESM_RELOADS) askRecycle(`${esmReloads} reloads of ES modules (Node keeps every version in memory)`);
  }
  const tag = `${version}`;
  const exports = await import(`${url || pathToFileURL(file).href}?understudy-v=${tag}`);
  return { esm: true, tag, exports, deps: [], depSet: new Set() };
}

async function loadCjsOrDetect(file, prev) {
  if (prev && !prev.esm) for (const [f] of [[file], ...prev.deps]) delete require.cache[f];
  const before = new Set(Object.keys(require.cache));
  let exports;
  try {
    exports = require(file);
  } catch (e) {
    // ES module syntax in a .js file of a CommonJS package: Netlify bundles it; here Node detects it.
    const esmSyntax = e && (e.code === 'ERR_REQUIRE_ESM' || (e instanceof SyntaxError &&
      /Cannot use import statement|Unexpected token 'export'|import\.meta|await is only valid/.test(e.message)));
    if (!esmSyntax) throw e;
    delete require.cache[file];
    return loadEsm(file, prev);
  }
  const deps = [];
  for (const f of Object.keys(require.cache)) if (!before.has(f) && f !== file && isLocal(f)) deps.push([f, mtime(f)]);
  if (prev && !prev.esm) for (const [f] of prev.deps) if (!deps.some(([g]) => g === f) && require.cache[f]) deps.push([f, mtime(f)]);
  return { esm: false, exports, deps };
}

let esbuild = null;
async function loadTypeScript(name, file, prev) {
  if (process.features && process.features.typescript) return loadEsm(file, prev); // Node strips types itself
  if (!esbuild) { // looked for again at each load, so installing it later needs no restart
    for (const from of [path.dirname(file), process.cwd()]) {
      try { esbuild = require(require.resolve('esbuild', { paths: [from] })); break; } catch { /* next */ }
    }
  }
  if (!esbuild) {
    throw new UserError(`Function ${name} is TypeScript (${file}), and Node.js ${process.version} cannot run .ts files itself. ` +
      'Install esbuild in the project (npm install --save-dev esbuild) so Understudy can compile it, or run Node.js 23.6 or newer.');
  }
  const result = esbuild.buildSync({
    entryPoints: [file], bundle: true, packages: 'external', platform: 'node', format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`, write: false, metafile: true, sourcemap: 'inline', logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const mod = new Module(file, null);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(code, file);
  const deps = [];
  const cwd = process.cwd();
  for (const input of Object.keys(result.metafile.inputs)) {
    const f = path.resolve(cwd, input);
    if (f !== file && isLocal(f)) deps.push([f, mtime(f)]);
  }
  return { esm: false, exports: mod.exports, deps };
}

// ---------------------------------------------------------------- the request, as Netlify hands it over
// Netlify's rule (netlify/proxy, request.go; netlify-cli's shouldBase64Encode): text-like bodies are utf8.
const TEXT_TYPES = new Set(['application/csp-report', 'application/graphql', 'application/json', 'application/javascript',
  'application/x-www-form-urlencoded', 'application/x-ndjson', 'application/xml']);
function shouldBase64Encode(contentType) {
  if (!contentType) return true;
  const t = contentType.split(';')[0].toLowerCase();
  if (t.startsWith('text/') || t.endsWith('+json') || t.endsWith('+xml')) return false;
  return !TEXT_TYPES.has(t);
}

function decodeInvoke(buf, id) {
  let p = 0;
  const str = () => { const n = buf.readUInt32BE(p); p += 4; const s = buf.toString('utf8', p, p + n); p += n; return s; };
  const inv = { id };
  inv.api = buf[p++];
  inv.kind = buf[p++];
  inv.timeoutMs = buf.readUInt32BE(p); p += 4;
  inv.name = str();
  inv.file = str();
  inv.route = str();
  inv.method = str();
  inv.rawUrl = str();
  inv.path = str();
  inv.rawQuery = str();
  inv.ip = str();
  inv.requestId = str();
  const nParams = buf.readUInt16BE(p); p += 2;
  inv.params = {};
  for (let i = 0; i < nParams; i++) { const k = str(); inv.params[k] = str(); }
  const nHeaders = buf.readUInt16BE(p); p += 2;
  const pairs = new Array(nHeaders * 2);
  for (let i = 0; i < nHeaders * 2; i++) pairs[i] = str();
  inv.headerPairs = pairs;
  const bodyLen = buf.readUInt32BE(p); p += 4;
  inv.body = bodyLen === 0xffffffff ? null : buf.subarray(p, p + bodyLen);
  inv.started = Date.now();
  return inv;
}

function headerOf(inv, name) {
  const h = inv.headerPairs;
  for (let i = 0; i < h.length; i += 2) if (h[i] === name) return h[i + 1];
  return undefined;
}

function v1Event(inv) {
  const headers = {};
  const multiValueHeaders = {};
  const h = inv.headerPairs;
  for (let i = 0; i < h.length; i += 2) {
    const k = h[i];
    const v = h[i + 1];
    const mv = multiValueHeaders[k];
    if (mv) { mv.push(v); headers[k] += `, ${v}`; } else { multiValueHeaders[k] = [v]; headers[k] = v; }
  }
  const q = inv.rawQuery ? querystring.parse(inv.rawQuery) : {};
  const queryStringParameters = {};
  const multiValueQueryStringParameters = {};
  for (const k of Object.keys(q)) {
    const v = q[k];
    const arr = Array.isArray(v) ? v : [v];
    multiValueQueryStringParameters[k] = arr;
    queryStringParameters[k] = arr.join(', ');
  }
  const base64 = shouldBase64Encode(headers['content-type']);
  const event = {
    path: inv.path,
    httpMethod: inv.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    body: inv.body === null ? undefined : inv.body.toString(base64 ? 'base64' : 'utf8'),
    isBase64Encoded: base64,
    rawUrl: inv.rawUrl,
    rawQuery: inv.rawQuery,
  };
  if (inv.route) event.route = inv.route;
  return event;
}

// netlify dev emulates Netlify Identity's clientContext from a Bearer JWT (its payload, not verified).
function clientContext(inv) {
  if (inv.kind === KIND_BACKGROUND) return {};
  const auth = headerOf(inv, 'authorization');
  if (!auth) return {};
  const parts = auth.split(' ');
  if (parts.length !== 2 || parts[0] !== 'Bearer') return {};
  try {
    const user = JSON.parse(Buffer.from(parts[1].split('.')[1], 'base64url').toString('utf8'));
    const identity = { url: `${new URL(inv.rawUrl).origin}/.netlify/identity`, token: '' };
    return { identity, user, custom: { netlify: Buffer.from(JSON.stringify({ identity, user })).toString('base64') } };
  } catch {
    return {};
  }
}

function v1Context(inv) {
  const deadline = inv.started + inv.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: inv.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:0:function:${inv.name}`,
    memoryLimitInMB: '1024',
    awsRequestId: inv.requestId,
    logGroupName: `/aws/lambda/${inv.name}`,
    logStreamName: `understudy/${WORKER}`,
    identity: undefined,
    clientContext: clientContext(inv),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

const MOCK_GEO = {
  city: 'San Francisco', country: { code: 'US', name: 'United States' }, subdivision: { code: 'CA', name: 'California' },
  longitude: 0, latitude: 0, timezone: 'UTC',
};

function parseCookies(header) {
  const out = {};
  if (!header) return out;
  for (const kv of header.split(';')) {
    const i = kv.indexOf('=');
    if (i < 0) continue;
    out[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
  }
  return out;
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
function cookieString(c) {
  if (!c || !c.name) throw new TypeError('cookies.set needs a name');
  if (!COOKIE_NAME.test(c.name)) throw new TypeError(`Invalid cookie name: "${c.name}".`);
  const value = c.value == null ? '' : String(c.value);
  if (/[\s",;\\\x7f]/.test(value)) throw new TypeError(`Cookie ${c.name}'s value has a character cookies cannot hold (space, quote, comma, semicolon or backslash)`);
  const parts = [`${c.name}=${value}`];
  let secure = c.secure;
  let cpath = c.path;
  let domain = c.domain;
  if (c.name.startsWith('__Secure')) secure = true;
  if (c.name.startsWith('__Host')) { secure = true; cpath = '/'; domain = undefined; }
  if (secure) parts.push('Secure');
  if (c.httpOnly) parts.push('HttpOnly');
  if (Number.isInteger(c.maxAge)) parts.push(`Max-Age=${c.maxAge}`);
  if (domain) parts.push(`Domain=${domain}`);
  if (c.sameSite) parts.push(`SameSite=${c.sameSite}`);
  if (cpath) parts.push(`Path=${cpath}`);
  if (c.expires != null) parts.push(`Expires=${new Date(c.expires).toUTCString()}`);
  return parts.join('; ');
}

function v2Context(inv, req) {
  const setCookies = [];
  inv.setCookies = setCookies;
  let cookieJar;
  const geoHeader = headerOf(inv, 'x-nf-geo');
  let geo = MOCK_GEO;
  if (geoHeader) { try { geo = JSON.parse(Buffer.from(geoHeader, 'base64').toString('utf8')); } catch { /* mock */ } }
  let url;
  const env = process.env;
  return {
    account: { id: headerOf(inv, 'x-nf-account-id') || '' },
    cookies: {
      get: (name) => (cookieJar || (cookieJar = parseCookies(headerOf(inv, 'cookie'))))[name],
      set: (nameOrOptions, value) => {
        if (typeof nameOrOptions === 'string') {
          if (typeof value !== 'string') throw new TypeError("You must provide the cookie value as a string to 'cookies.set'");
          setCookies.push(cookieString({ name: nameOrOptions, value }));
        } else setCookies.push(cookieString(nameOrOptions));
      },
      delete: (nameOrOptions) => {
        const o = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
        setCookies.push(cookieString({ path: '/', ...o, value: '', expires: 0 }));
      },
    },
    deploy: { context: env.CONTEXT || 'dev', id: headerOf(inv, 'x-nf-deploy-id') || env.DEPLOY_ID || '0', published: false },
    flags: { get: () => undefined },
    geo,
    ip: headerOf(inv, 'x-nf-client-connection-ip') || inv.ip,
    json: (data) => Response.json(data),
    log: console.log,
    next: () => { throw new Error('`context.next` is not implemented for serverless functions'); },
    params: inv.params,
    requestId: inv.requestId,
    rewrite: (input) => fetch(typeof input === 'string' && input.startsWith('/') ? new URL(input, req.url) : input),
    server: { region: env.AWS_REGION || 'local' },
    site: { id: env.SITE_ID, name: env.SITE_NAME, url: env.URL },
    get url() { return url || (url = new URL(req.url)); },
    waitUntil: (promise) => {
      const p = Promise.resolve(promise).catch((e) => sendLog(inv.id, LOG_ERROR, inv.name, `waitUntil: ${e && e.stack || e}`));
      waitUntils.add(p);
      p.finally(() => waitUntils.delete(p));
    },
  };
}

// ---------------------------------------------------------------- running an invocation
function errorText(err) {
  if (err instanceof Error) {
    const lines = (err.stack || '').split('\n').slice(1);
    return { type: err.name || 'Error', message: err.message, stack: lines.join('\n') };
  }
  return { type: 'Error', message: typeof err === 'string' ? err : util.inspect(err), stack: '' };
}

// The body netlify dev answers with: "ErrorType: message\n <stack>".
function formatErrorBody(err) {
  const e = errorText(err);
  return `${e.type}: ${e.message}\n ${e.stack}`;
}

function failInvocation(inv, kind, logLine, body) {
  if (!inflight.delete(inv.id)) return;
  sendFail(inv.id, kind, logLine, body);
}

function finish(inv) {
  return inflight.delete(inv.id);
}

async function run(inv) {
  let exports;
  try {
    exports = await loadFunction(inv.name, inv.file);
  } catch (e) {
    const msg = e instanceof UserError ? e.message : `Function ${inv.name} failed to load: ${errorText(e).type}: ${errorText(e).message}`;
    return failInvocation(inv, 3, e instanceof UserError ? msg : `${msg}\n${errorText(e).stack}`,
      e instanceof UserError ? msg : formatErrorBody(e));
  }
  try {
    if (inv.api === 2) await runV2(inv, exports);
    else await runV1(inv, exports);
  } catch (e) {
    if (e && e.understudyExit) return;
    const t = errorText(e);
    failInvocation(inv, 1, `Function ${inv.name} has returned an error: ${t.message}\n${t.stack}`, formatErrorBody(e));
  }
}

function pickV1Handler(exports) {
  if (exports && typeof exports.handler === 'function') return exports.handler;
  if (exports && exports.default && typeof exports.default.handler === 'function') return exports.default.handler;
  return null;
}

function pickV2Handler(exports) {
  if (!exports) return null;
  const d = exports.default;
  if (typeof d === 'function') return d;
  if (d && typeof d.fetch === 'function') return d.fetch.bind(d);
  if (d && typeof d.default === 'function') return d.default; // CommonJS transpiled from `export default`
  return null;
}

function callV1(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, result) => {
      if (settled) return;
      settled = true;
      if (err) reject(err); else resolve(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (err) => callback(err || new Error('context.fail() called'));
    const r = handler(event, context, callback);
    if (r && typeof r.then === 'function') r.then((v) => callback(null, v), (e) => callback(e));
    else if (r !== undefined) callback(null, r);
  });
}

function inspectShort(v) { return util.inspect(v, { depth: 2, breakLength: Infinity }); }

async function runV1(inv, exports) {
  const handler = pickV1Handler(exports);
  if (!handler) {
    const msg = `Function ${inv.name}: ${inv.file} exports no handler function: a v1 function exports one named ` +
      '"handler" (exports.handler = async (event, context) => ({ statusCode: 200, body: "..." }))';
    return failInvocation(inv, 3, msg, msg);
  }
  const result = await callV1(handler, v1Event(inv), v1Context(inv));
  if (!inflight.has(inv.id)) return;
  if (inv.kind === KIND_BACKGROUND) {
    finish(inv);
    return send(enc.begin(T_RESULT, inv.id).u16(202).u16(0).u32(0).end());
  }
  // The checks netlify dev makes (validateLambdaResponse), with its words.
  let problem = null;
  if (result === undefined) problem = 'lambda response was undefined. check your function code again';
  else if (result === null) problem = 'no lambda response. check your function code again. make sure to return a promise or use the callback.';
  else if (!Number(result.statusCode)) problem = `Your function response must have a numerical statusCode. You gave: ${inspectShort(result.statusCode)}`;
  else if (result.body && typeof result.body !== 'string' && !isNodeStream(result.body)) {
    problem = `Your function response must have a string or a stream body. You gave: ${inspectShort(result.body)}`;
  }
  const status = problem ? 0 : Number(result.statusCode);
  if (!problem && (status < 100 || status > 999 || !Number.isInteger(status))) problem = `Your function response has an invalid statusCode: ${inspectShort(result.statusCode)}`;
  if (problem) return failInvocation(inv, 2, `Function ${inv.name} returned a bad response: ${problem}`, problem);

  const pairs = [];
  try {
    addHeaderObject(pairs, result.headers);
    addHeaderObject(pairs, result.multiValueHeaders);
  } catch (e) {
    return failInvocation(inv, 2, `Function ${inv.name} returned a bad response: failed to set header: ${e.message}`, `Failed to set header: ${e.message}`);
  }
  if (isNodeStream(result.body)) return streamNode(inv, status, pairs, result.body);
  finish(inv);
  const e = enc.begin(T_RESULT, inv.id).u16(status).u16(pairs.length / 2);
  for (const s of pairs) e.str(s);
  send(e.body(result.body || null, result.isBase64Encoded ? 'base64' : 'utf8').end());
}

function addHeaderObject(pairs, obj) {
  if (!obj) return;
  if (typeof obj !== 'object') throw new TypeError(`headers must be an object, not ${inspectShort(obj)}`);
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined || v === null) continue;
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(k)) throw new TypeError(`Invalid header name ${inspectShort(k)}`);
    if (Array.isArray(v)) for (const x of v) pairs.push(k, String(x));
    else pairs.push(k, String(v));
  }
}

function isNodeStream(v) { return v !== null && typeof v === 'object' && typeof v.pipe === 'function' && typeof v.on === 'function'; }

async function streamNode(inv, status, pairs, body) {
  finishHead(inv, status, pairs);
  try {
    for await (const chunk of body) {
      if (!inflight.has(inv.id)) { if (body.destroy) body.destroy(); return; }
      sendChunk(inv, chunk);
    }
    if (finish(inv)) send(enc.begin(T_END, inv.id).end(), true);
  } catch (e) {
    const t = errorText(e);
    failInvocation(inv, 4, `Function ${inv.name}: its response stream failed: ${t.message}\n${t.stack}`, '');
  }
}

function finishHead(inv, status, pairs) {
  const e = enc.begin(T_HEAD, inv.id).u16(status).u16(pairs.length / 2);
  for (const s of pairs) e.str(s);
  send(e.end(), true);
}

function sendChunk(inv, chunk) {
  const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (b.length === 0) return;
  send(enc.begin(T_CHUNK, inv.id).raw(b).end(), true);
}

function v2Request(inv) {
  const h = inv.headerPairs;
  const headers = new Headers();
  for (let i = 0; i < h.length; i += 2) headers.append(h[i], h[i + 1]);
  const init = { method: inv.method, headers };
  if (inv.body !== null && inv.body.length > 0 && inv.method !== 'GET' && inv.method !== 'HEAD') {
    init.body = inv.body;
    init.duplex = 'half';
  }
  return new Request(inv.rawUrl, init);
}

async function runV2(inv, exports) {
  const handler = pickV2Handler(exports);
  if (!handler) {
    const msg = `Function ${inv.name}: ${inv.file} has no default export: a v2 function exports one ` +
      '(export default async (req, context) => new Response("..."))';
    return failInvocation(inv, 3, msg, msg);
  }
  const req = v2Request(inv);
  const context = v2Context(inv, req);
  inv.context = context;
  const res = await handler(req, context);
  if (!inflight.has(inv.id)) return;
  if (inv.kind === KIND_BACKGROUND) {
    finish(inv);
    return send(enc.begin(T_RESULT, inv.id).u16(202).u16(0).u32(0).end());
  }
  if (res === undefined) {
    finish(inv);
    const e = enc.begin(T_RESULT, inv.id).u16(204).u16(inv.setCookies.length);
    for (const c of inv.setCookies) e.str('set-cookie').str(c);
    return send(e.u32(0).end());
  }
  if (!(res instanceof Response)) {
    const msg = `Function returned an unsupported value. Accepted types are 'Response' or 'undefined'. You gave: ${inspectShort(res)}`;
    return failInvocation(inv, 2, `Function ${inv.name} returned a bad response: ${msg}`, msg);
  }
  const pairs = [];
  for (const [k, v] of res.headers) pairs.push(k, v);
  for (const c of inv.setCookies) pairs.push('set-cookie', c);
  const status = res.status;
  const body = res.body;
  if (body === null) {
    finish(inv);
    const e = enc.begin(T_RESULT, inv.id).u16(status).u16(pairs.length / 2);
    for (const s of pairs) e.str(s);
    return send(e.u32(0).end());
  }
  await streamWeb(inv, status, pairs, body);
}

const TICK = Symbol('tick');
const nextTurn = () => new Promise((resolve) => setImmediate(resolve, TICK));

// A body that is complete at once (a string, a buffer) goes back as one frame; anything else is
// streamed chunk by chunk as the function produces it.
async function streamWeb(inv, status, pairs, body) {
  const reader = body.getReader();
  let streaming = false;
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      let r;
      if (!streaming) {
        const read = reader.read();
        r = await Promise.race([read, nextTurn()]);
        if (r === TICK) {
          streaming = true;
          finishHead(inv, status, pairs);
          for (const c of chunks) sendChunk(inv, c);
          chunks.length = 0;
          r = await read;
        }
      } else {
        r = await reader.read();
      }
      if (!inflight.has(inv.id)) { reader.cancel().catch(() => {}); return; }
      if (r.done) break;
      if (streaming) sendChunk(inv, r.value);
      else { chunks.push(r.value); size += r.value.length; }
    }
  } catch (e) {
    const t = errorText(e);
    if (streaming) return failInvocation(inv, 4, `Function ${inv.name}: its response stream failed: ${t.message}\n${t.stack}`, '');
    throw e;
  }
  if (!finish(inv)) return;
  if (streaming) return send(enc.begin(T_END, inv.id).end(), true);
  const e = enc.begin(T_RESULT, inv.id).u16(status).u16(pairs.length / 2);
  for (const s of pairs) e.str(s);
  e.u32(size);
  for (const c of chunks) e.raw(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  send(e.end());
}

// ---------------------------------------------------------------- the socket
function onFrame(type, id, buf) {
  switch (type) {
    case T_INVOKE: {
      const inv = decodeInvoke(buf, id);
      inflight.set(id, inv);
      als.run(inv, run, inv);
      break;
    }
    case T_CANCEL:
      inflight.delete(id);
      break;
    case T_PING:
      send(enc.begin(T_PONG, id).end(), true);
      break;
    case T_SHUTDOWN:
      draining = true;
      shutdown();
      break;
    default:
      process.stderr.write(`understudy functions worker: unknown frame type ${type}\n`);
  }
}

function shutdown() {
  const pending = [...waitUntils];
  const done = () => { if (sock) sock.end(); setTimeout(() => realExit(0), 100).unref(); };
  if (pending.length === 0) return done();
  const t = setTimeout(done, 10000);
  Promise.allSettled(pending).then(() => { clearTimeout(t); done(); });
}

function connect() {
  sock = net.createConnection(SOCKET);
  sock.setNoDelay?.(true);
  let pending = null;
  sock.on('connect', () => send(enc.begin(T_HELLO, 0).str(`node ${process.version}, pid ${process.pid}`).end(), true));
  sock.on('data', (chunk) => {
    let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    let p = 0;
    while (buf.length - p >= 9) {
      const len = buf.readUInt32BE(p);
      if (buf.length - p - 4 < len) break;
      const type = buf[p + 4];
      const id = buf.readUInt32BE(p + 5);
      onFrame(type, id, buf.subarray(p + 9, p + 4 + len));
      p += 4 + len;
    }
    if (p < buf.length) pending = buf.subarray(p);
  });
  // The pool is gone (closed or crashed): nothing left to serve.
  sock.on('close', () => realExit(draining ? 0 : 1));
  sock.on('error', (e) => { process.stderr.write(`understudy functions worker: ${e.message}\n`); realExit(1); });
}

connect();
