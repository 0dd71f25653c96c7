// Scheduled function: its schedule ("@daily") is set in netlify.toml.
// Reads content/posts.json and logs a one-line digest of the newest posts.
// Env: POSTS_FILE (optional path to the posts file).
import { readFile } from "node:fs/promises";
import path from "node:path";

// On Netlify, netlify.toml's included_files puts content/ next to the function's working
// directory; locally the working directory is the project root.
async function loadPosts() {
  const file = process.env.POSTS_FILE || path.resolve(process.cwd(), "content", "posts.json");
  return JSON.parse(await readFile(file, "utf8"));
}

export default async (req, context) => {
  // Netlify sends {"next_run": "..."} as the body of a scheduled invocation.
  let nextRun = null;
  try {
    nextRun = (await req.json()).next_run ?? null;
  } catch {
    // invoked by hand without a body
  }
  const posts = await loadPosts();
  const newest = [...posts]
    .sort((a, b) => String(b.publishedAt).localeCompare(String(a.publishedAt)))
    .slice(0, 3)
    .map((p) => p.title);
  console.log(`[scheduled-digest] ${new Date().toISOString()} ${posts.length} posts; newest: ${newest.join(" | ")}${nextRun ? `; next run ${nextRun}` : ""}`);
  return new Response(JSON.stringify({ posts: posts.length, newest }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
};
