import fs from 'node:fs';
// Streams a line every 10 ms until the client goes away; then writes the marker file it was given.
export default async (req) => {
  const marker = new URL(req.url).searchParams.get('marker');
  let timer;
  let n = 0;
  const body = new ReadableStream({
    start(controller) {
      timer = setInterval(() => controller.enqueue(new TextEncoder().encode(`tick ${n++}\n`)), 10);
    },
    cancel() {
      clearInterval(timer);
      fs.writeFileSync(marker, 'cancelled');
    },
  });
  return new Response(body);
};
