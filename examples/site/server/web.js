'use strict';
// Tiny web server run by PM2 (app "web"): serves public/index.html and GET /health.
// Env: PORT (default 3000), HOST (default 0.0.0.0), NODE_ENV.
const http = require('node:http');
const fs = require('node:fs/promises');
const path = require('node:path');

const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || '0.0.0.0';
const INDEX = path.join(__dirname, '..', 'public', 'index.html');
const startedAt = Date.now();

function send(req, res, status, type, body) {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(req, res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
  }
  if (pathname === '/health') {
    return send(req, res, 200, 'application/json', JSON.stringify({ status: 'ok' }));
  }
  if (pathname === '/' || pathname === '/index.html') {
    try {
      return send(req, res, 200, 'text/html; charset=utf-8', await fs.readFile(INDEX, 'utf8'));
    } catch (err) {
      console.error(`[web] cannot read ${INDEX}: ${err.message}`);
      return send(req, res, 500, 'text/plain; charset=utf-8', 'internal error\n');
    }
  }
  return send(req, res, 404, 'application/json', JSON.stringify({ error: 'not found', path: pathname }));
});

server.on('error', (err) => {
  console.error(`[web] server error: ${err.message}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  console.log(`[web] listening on http://${HOST}:${PORT} (NODE_ENV=${process.env.NODE_ENV || 'unset'}, pid ${process.pid})`);
  // PM2 with wait_ready: true waits for this message (up to listen_timeout).
  if (typeof process.send === 'function') process.send('ready');
});

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[web] ${signal} received after ${Math.round((Date.now() - startedAt) / 1000)}s, closing server`);
  server.close(() => {
    console.log('[web] closed, bye');
    process.exit(0);
  });
  // Idle keep-alive sockets would hold close() open; drop them.
  if (typeof server.closeIdleConnections === 'function') server.closeIdleConnections();
  // Stay inside PM2's kill_timeout (3000 ms).
  setTimeout(() => {
    console.error('[web] connections still open after 2500 ms, exiting anyway');
    process.exit(0);
  }, 2500).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
