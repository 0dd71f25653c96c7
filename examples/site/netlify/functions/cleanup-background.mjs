// Background function (the name ends in "-background"): Netlify answers the caller 202 at
// once and lets this run for up to 15 minutes; what it returns is not sent to the caller.
// It removes old temporary files from the site's scratch directory.
// Env: CLEANUP_DIR (default <os tmp>/understudy-demo-cleanup), CLEANUP_MAX_AGE_S (default 86400).
import { mkdir, readdir, stat, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export default async (req, context) => {
  const dir = process.env.CLEANUP_DIR || path.join(os.tmpdir(), "understudy-demo-cleanup");
  const maxAgeMs = Number(process.env.CLEANUP_MAX_AGE_S || 86400) * 1000;
  console.log(`[cleanup-background] started, cleaning ${dir}`);
  await mkdir(dir, { recursive: true });
  let removed = 0;
  let kept = 0;
  for (const name of await readdir(dir)) {
    const full = path.join(dir, name);
    const info = await stat(full);
    if (info.isFile() && Date.now() - info.mtimeMs > maxAgeMs) {
      await rm(full);
      removed += 1;
    } else {
      kept += 1;
    }
  }
  console.log(`[cleanup-background] done: removed ${removed}, kept ${kept}`);
  return new Response(JSON.stringify({ removed, kept }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
};
