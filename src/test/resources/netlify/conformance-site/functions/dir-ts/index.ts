export default async (): Promise<Response> => new Response('index.ts comes before NAME.mjs')
