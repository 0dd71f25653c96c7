import type { Config, Context } from '@netlify/functions'

export default async (req: Request, context: Context): Promise<Response> => {
  const who: string = new URL(req.url).searchParams.get('name') ?? 'world'
  return new Response(`hello ${who}`)
}

export const config: Config = {
  path: '/hello-ts',
  method: 'GET',
}
