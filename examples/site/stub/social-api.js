'use strict';
// Local stand-in for the social network's API, for offline runs of scripts/marketing-sync.js.
//   POST /posts  JSON body with a non-empty string "text" -> 201 {"id": ...}, appended to data/posts-received.jsonl
//   GET  /posts  -> 200 {"posts": [...]}
//   GET  /health -> 200 {"status": "ok"}
// Env: STUB_PORT (default 4010), STUB_HOST (default 127.0.0.1), DATA_DIR (default <project>/data),
//      STUB_TOKEN (optional: when set, POST needs "Authorization: Bearer <STUB_TOKEN>").
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const PORT = Number(process.env.STUB_PORT || 4010);
const HOST = process.env.STUB_HOST || '127.0.0.1';
const DATA_DIR = process.env.DATA_DIR || path.join(__dirname, '..', 'data');
const STORE = path.join(DATA_DIR, 'posts-received.jsonl');
const MAX_BODY = 64 * 1024;

function json(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readPosts() {
  if (!fs.existsSync(STORE)) return [];
  return fs.readFileSync(STORE, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error(`body larger than ${MAX_BODY} bytes`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function createPost(req, res) {
  if (process.env.STUB_TOKEN && req.headers.authorization !== `Bearer ${process.env.STUB_TOKEN}`) {
    return json(res, 401, { error: 'missing or wrong bearer token' });
  }
  if (!String(req.headers['content-type'] || '').startsWith('application/json')) {
    return json(res, 415, { error: 'content-type must be application/json' });
  }
  let post;
  try {
    post = JSON.parse(await readBody(req));
  } catch (err) {
    return json(res, err.status || 400, { error: err.status ? err.message : `invalid JSON: ${err.message}` });
  }
  if (!post || typeof post !== 'object' || Array.isArray(post)) {
    return json(res, 422, { error: 'body must be a JSON object' });
  }
  if (typeof post.text !== 'string' || post.text.trim() === '') {
    return json(res, 422, { error: 'field "text" must be a non-empty string' });
  }
  const record = { id: crypto.randomUUID(), receivedAt: new Date().toISOString(), ...post };
  fs.mkdirSync(DATA_DIR, { recursive: true });
  fs.appendFileSync(STORE, JSON.stringify(record) + '\n');
  console.log(`[stub] POST /posts -> ${record.id} "${post.text.slice(0, 60)}"`);
  return json(res, 201, { id: record.id });
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  try {
    if (pathname === '/health' && req.method === 'GET') return json(res, 200, { status: 'ok' });
    if (pathname === '/posts' && req.method === 'POST') return await createPost(req, res);
    if (pathname === '/posts' && req.method === 'GET') return json(res, 200, { posts: readPosts() });
    if (pathname === '/posts') {
      res.setHeader('allow', 'GET, POST');
      return json(res, 405, { error: 'method not allowed' });
    }
    return json(res, 404, { error: 'not found' });
  } catch (err) {
    console.error(`[stub] ${req.method} ${pathname} failed: ${err.stack}`);
    if (!res.headersSent) json(res, 500, { error: 'internal error' });
  }
});

server.on('error', (err) => {
  console.error(`[stub] cannot listen on ${HOST}:${PORT}: ${err.message}`);
  process.exit(1);
});
server.listen(PORT, HOST, () => {
  console.log(`[stub] social API stub on http://${HOST}:${PORT}/posts, storing in ${STORE}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  if (typeof server.closeIdleConnections === 'function') server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
