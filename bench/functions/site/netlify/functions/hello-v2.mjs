// The v2 (Request/Response) hello function of the serving benchmark.
export default async () => new Response("Hello, world", { headers: { "content-type": "text/plain" } });
