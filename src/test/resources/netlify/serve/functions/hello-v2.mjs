export default async () => new Response('Hello v2');
