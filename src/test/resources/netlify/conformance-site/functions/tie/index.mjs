export default async () => new Response('a directory wins over a file of the same name')
