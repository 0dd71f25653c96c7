export default async () => new Response('not me')
