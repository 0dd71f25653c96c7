export default async (req: Request): Promise<Response> => new Response('typed');
