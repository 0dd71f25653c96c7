'use strict';
// Understudy's Node wrapper, run by the supervisor as
//   node [node args] understudy-node-wrapper.js [--instances=N] -- <script> [script args]
// Fork mode (no --instances): the app runs in this very process (same pid, same exit code);
// process.send('ready') is caught and reported to the supervisor.
// Cluster mode (--instances=N, N >= 1): this process is the cluster primary; N workers run the
// app through Node's cluster module and share its listening ports. The primary re-forks a worker
// that dies, reports ready once every worker is ready, and does rolling reloads on request.
// Side channel: the Unix socket in UNDERSTUDY_READY_SOCKET, proven with UNDERSTUDY_READY_TOKEN.
// See ReadyChannel.java for the line protocol. Without those variables the wrapper just runs the app.
// Warm spare (UNDERSTUDY_SPARE=1, fork mode only): Node boots, the wrapper connects and says
// `hello <token> spare 1`, then waits without a word on stdout or stderr; on `go` it runs the app
// exactly as a fresh start would (from then on it is the fork-mode wrapper). A spare whose
// connection closes or never opens (the daemon is gone) exits at once: it never outlives its daemon.
const net = require('net');
const path = require('path');

const env = process.env;
const SOCK = env.UNDERSTUDY_READY_SOCKET;
const TOKEN = env.UNDERSTUDY_READY_TOKEN;
const WAIT_READY = env.UNDERSTUDY_WAIT_READY === '1';
const READY_TIMEOUT = Number(env.UNDERSTUDY_READY_TIMEOUT_MS) || 3000;
const KILL_TIMEOUT = Number(env.UNDERSTUDY_KILL_TIMEOUT_MS) || 1600;
const SPARE = env.UNDERSTUDY_SPARE === '1';
for (const k of ['UNDERSTUDY_READY_SOCKET', 'UNDERSTUDY_READY_TOKEN', 'UNDERSTUDY_WAIT_READY',
  'UNDERSTUDY_READY_TIMEOUT_MS', 'UNDERSTUDY_KILL_TIMEOUT_MS', 'UNDERSTUDY_SPARE']) delete env[k];

let instances = 0;
let i = 2;
for (; i < process.argv.length && process.argv[i] !== '--'; i++) {
  const a = process.argv[i];
  if (a.startsWith('--instances=')) instances = parseInt(a.slice('--instances='.length), 10);
  else { console.error(`understudy-node-wrapper: unknown option ${a}`); process.exit(64); }
}
if (process.argv[i] === '--') i++;
if (i >= process.argv.length) {
  console.error('understudy-node-wrapper: usage: [--instances=N] -- <script> [args]');
  process.exit(64);
}
if (!(instances >= 0)) { console.error('understudy-node-wrapper: --instances must be a number'); process.exit(64); }
const script = path.resolve(process.argv[i]);
const args = process.argv.slice(i + 1);

// The side channel. When the daemon goes away (a crash: this process outlives it), the wrapper
// reconnects every RECONNECT_MS with the same token, so the next daemon, which adopts this
// process, can still reload it and ask it to shut down.
const RECONNECT_MS = 250;
// spare: called once on `go`; until then the socket holds the process open, and its end ends the process.
function channel(mode, n, spare) {
  let sock = null;
  let connected = false;
  let queue = [];
  let ready = false; // said on every (re)connect: a daemon that missed it (or a new one) learns it
  let handler = () => {};
  function connect() {
    const s = net.createConnection(SOCK);
    sock = s;
    let buf = '';
    s.setEncoding('utf8');
    s.on('connect', () => {
      connected = true;
      s.write(`hello ${TOKEN} ${mode} ${n}\n`);
      if (ready) s.write('ready\n');
      for (const l of queue) s.write(l + '\n');
      queue = [];
    });
    s.on('data', (d) => {
      buf += d;
      for (let k = buf.indexOf('\n'); k >= 0; k = buf.indexOf('\n')) {
        const l = buf.slice(0, k);
        buf = buf.slice(k + 1);
        if (spare && l === 'go') {
          const go = spare;
          spare = null;
          mode = 'fork';
          s.unref();
          go();
        } else {
          handler(l);
        }
      }
    });
    s.on('error', () => {});
    s.on('close', () => {
      connected = false;
      if (spare) process.exit(0);
      if (sock === s) setTimeout(connect, RECONNECT_MS).unref();
    });
    if (!spare) s.unref();
  }
  if (SOCK && TOKEN) connect();
  else if (spare) process.exit(0);
  return {
    send(l) {
      if (!sock) return;
      if (l === 'ready') { if (ready) return; ready = true; if (connected) sock.write('ready\n'); return; }
      if (connected) sock.write(l + '\n'); else queue.push(l);
    },
    onLine(f) { handler = f; },
  };
}

if (instances === 0) {
  // ---- fork mode: become the app ----
  const run = () => {
    process.argv = [process.argv[0], script, ...args];
    require('module').runMain();
  };
  const ch = channel(SPARE ? 'spare' : 'fork', 1, SPARE ? run : null);
  const original = process.send;
  process.send = function send(msg, ...rest) {
    if (msg === 'ready') ch.send('ready');
    if (original) return original.call(process, msg, ...rest);
    const cb = rest.find((a) => typeof a === 'function');
    if (cb) process.nextTick(cb, null);
    return true;
  };
  // shutdown_with_message: the app hears 'shutdown' as PM2 sends it, process.on('message').
  ch.onLine((l) => { if (l === 'shutdown') process.emit('message', 'shutdown'); });
  if (!SPARE) run();
} else {
  // ---- cluster mode: the primary ----
  const cluster = require('cluster');
  const ch = channel('cluster', instances);
  cluster.setupPrimary({ exec: script, args, execArgv: process.execArgv });
  const current = new Array(instances);
  const backoff = new Array(instances).fill(0);
  let started = false;
  let shuttingDown = false;
  let reloading = false;

  // Forks the worker of one slot; `ready` settles when it is ready (a 'ready' message when
  // waiting for one, else its first 'listening', else still alive after the ready timeout).
  function spawn(index) {
    const w = cluster.fork({ NODE_APP_INSTANCE: String(index) });
    w.index = index;
    w.bornAt = Date.now();
    const ready = new Promise((resolve, reject) => {
      let done = false;
      const finish = (err) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) reject(err); else resolve(w);
      };
      const timer = setTimeout(() => {
        if (WAIT_READY) finish(new Error(`worker ${index} sent no ready message within ${READY_TIMEOUT} ms`));
        else finish();
      }, READY_TIMEOUT);
      if (WAIT_READY) w.on('message', (m) => { if (m === 'ready') finish(); });
      else w.once('listening', () => finish());
      w.once('exit', (code, sig) => finish(new Error(`worker ${index} exited (${sig || code}) before it was ready`)));
    });
    return { worker: w, ready };
  }

  function stopWorker(w) {
    if (w.isDead()) return;
    try { w.disconnect(); } catch (e) { /* already gone */ }
    const t = setTimeout(() => { if (!w.isDead()) w.process.kill('SIGKILL'); }, KILL_TIMEOUT);
    t.unref();
  }

  cluster.on('exit', (w) => {
    if (shuttingDown) {
      if (Object.keys(cluster.workers).length === 0) process.exit(0);
      return;
    }
    if (!started || current[w.index] !== w) return;
    const lived = Date.now() - w.bornAt;
    backoff[w.index] = lived > 30000 || !backoff[w.index] ? 100 : Math.min(15000, Math.floor(backoff[w.index] * 1.5));
    setTimeout(() => {
      if (shuttingDown || current[w.index] !== w) return;
      const s = spawn(w.index);
      current[w.index] = s.worker;
      s.ready.catch((e) => console.error(`understudy-node-wrapper: ${e.message}`));
    }, backoff[w.index]);
  });

  ch.onLine(async (l) => {
    if (l === 'shutdown') {
      // shutdown_with_message: every worker hears 'shutdown' (PM2 sends it to each); the primary
      // leaves once they are gone (SIGKILL to the tree after kill_timeout otherwise).
      shuttingDown = true;
      const ws = Object.values(cluster.workers);
      for (const w of ws) { try { w.send('shutdown'); } catch (e) { /* gone */ } }
      if (ws.length === 0) process.exit(0);
      return;
    }
    if (l !== 'reload') return;
    if (reloading) { ch.send('reload-failed a reload is already running'); return; }
    reloading = true;
    try {
      for (let k = 0; k < instances; k++) {
        const old = current[k];
        const s = spawn(k);
        try {
          await s.ready;
        } catch (e) {
          if (!s.worker.isDead()) s.worker.process.kill('SIGKILL');
          throw e;
        }
        current[k] = s.worker;
        if (old) stopWorker(old);
      }
      ch.send('reloaded');
    } catch (e) {
      ch.send('reload-failed ' + String(e.message).replace(/\n/g, ' '));
    } finally {
      reloading = false;
    }
  });

  const shutdown = (sig) => {
    shuttingDown = true;
    // SIGINT reached the whole process group, workers included; forward anything else.
    if (sig !== 'SIGINT') for (const w of Object.values(cluster.workers)) w.process.kill(sig);
    if (Object.keys(cluster.workers).length === 0) process.exit(0);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const first = [];
  for (let k = 0; k < instances; k++) {
    const s = spawn(k);
    current[k] = s.worker;
    first.push(s.ready);
  }
  Promise.all(first).then(() => {
    started = true;
    ch.send('ready');
  }, (e) => {
    console.error(`understudy-node-wrapper: ${e.message}`);
    shuttingDown = true;
    for (const w of Object.values(cluster.workers)) w.process.kill('SIGKILL');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}
