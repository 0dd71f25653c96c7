'use strict';
// Workflow "Marketing sync": builds a post from content/posts.json and POSTs it as JSON
// to the social network's API.
// Env: SOCIAL_API_URL (default http://127.0.0.1:4010/posts), SOCIAL_API_TOKEN (optional,
//      sent as a bearer token), SYNC_TIMEOUT_MS (default 10000).
// Exit codes: 0 posted, 1 the POST failed, 2 bad content or configuration.
const fs = require('node:fs');
const path = require('node:path');

const POSTS_FILE = path.join(__dirname, '..', 'content', 'posts.json');
const API_URL = process.env.SOCIAL_API_URL || 'http://127.0.0.1:4010/posts';
const TOKEN = process.env.SOCIAL_API_TOKEN || '';
const TIMEOUT_MS = Number(process.env.SYNC_TIMEOUT_MS || 10000);
const SLOT_MS = 12 * 60 * 60 * 1000; // the workflow runs every 12 hours

function fail(code, message) {
  console.log(`::error::marketing-sync: ${message}`);
  process.exit(code);
}

function loadPosts() {
  let posts;
  try {
    posts = JSON.parse(fs.readFileSync(POSTS_FILE, 'utf8'));
  } catch (err) {
    fail(2, `cannot read ${POSTS_FILE}: ${err.message}`);
  }
  if (!Array.isArray(posts) || posts.length === 0) fail(2, `${POSTS_FILE} must hold a non-empty JSON array`);
  return posts;
}

// Rotate through the posts, one per 12-hour slot, so each run shares something.
function buildPost(posts, now) {
  const slot = Math.floor(now.getTime() / SLOT_MS);
  const post = posts[slot % posts.length];
  if (!post.title || !post.url) fail(2, `post ${JSON.stringify(post.id)} needs "title" and "url"`);
  const hashtags = (post.tags || []).map((t) => `#${t}`).join(' ');
  return {
    slot,
    body: {
      text: `${post.title}: ${post.summary || ''} ${post.url} ${hashtags}`.replace(/\s+/g, ' ').trim(),
      link: post.url,
      sourceId: post.id,
      scheduledFor: new Date(slot * SLOT_MS).toISOString(),
    },
  };
}

async function main() {
  try {
    new URL(API_URL);
  } catch {
    fail(2, `SOCIAL_API_URL is not a URL: ${API_URL}`);
  }
  const { slot, body } = buildPost(loadPosts(), new Date());
  console.log(`marketing-sync: posting "${body.sourceId}" to ${API_URL}${TOKEN ? ' (with token)' : ' (no token)'}`);
  const headers = { 'content-type': 'application/json', 'idempotency-key': `${body.sourceId}-${slot}` };
  if (TOKEN) headers.authorization = `Bearer ${TOKEN}`;
  let res;
  try {
    res = await fetch(API_URL, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    fail(1, `POST ${API_URL} failed: ${(err.cause && err.cause.code) || err.name}: ${(err.cause && err.cause.message) || err.message}`);
  }
  const text = await res.text();
  if (!res.ok) fail(1, `POST ${API_URL} answered ${res.status}: ${text.slice(0, 200)}`);
  let id = '?';
  try {
    id = JSON.parse(text).id ?? '?';
  } catch {
    // a 2xx without a JSON body still counts as posted
  }
  console.log(`marketing-sync: posted, status ${res.status}, id ${id}`);
}

main();
