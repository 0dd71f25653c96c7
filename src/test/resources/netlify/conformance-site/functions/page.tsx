export default async (): Promise<Response> => new Response('tsx without JSX')

export const config = { path: '/page' }
