import { shout } from './_lib/shout';

type Greeting = { text: string };

export default async (req: Request): Promise<Response> => {
  const g: Greeting = { text: shout(new URL(req.url).searchParams.get('word') ?? 'typed') };
  return new Response(g.text);
};
