// Module hooks of the functions worker (functions-worker.js registers them with module.register).
// A function module is imported as file.mjs?understudy-v=N so that an edited file is loaded anew. The
// same tag is carried to every local file it imports (not to node_modules), so edited helpers are
// loaded anew with it; each such file is reported to the worker, which watches its mtime.
import { fileURLToPath } from 'node:url';

const TAG = 'understudy-v=';
let port = null;

export function initialize(data) {
  port = data && data.port;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const parent = context.parentURL;
  if (!parent || !result.url.startsWith('file:') || result.url.includes('/node_modules/')) return result;
  const at = parent.indexOf(TAG);
  if (at < 0) return result;
  const tag = parent.slice(at + TAG.length).split('&')[0];
  const url = new URL(result.url);
  if (url.searchParams.has('understudy-v')) return result;
  url.searchParams.set('understudy-v', tag);
  if (port) port.postMessage({ tag, file: fileURLToPath(result.url) });
  return { ...result, url: url.href };
}
