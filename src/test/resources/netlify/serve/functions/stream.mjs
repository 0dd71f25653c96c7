import fs from 'node:fs';
export default async (req) => {
  const release = new URL(req.url).searchParams.get('release');
  const body = new ReadableStream({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode('first chunk\n'));
      while (!fs.existsSync(release)) await new Promise((r) => setTimeout(r, 10));
      controller.enqueue(new TextEncoder().encode('second chunk\n'));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/plain' } });
};
