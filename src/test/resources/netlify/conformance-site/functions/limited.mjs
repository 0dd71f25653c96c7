export default async () => new Response('limited')
export const config = {
  path: '/limited',
  rateLimit: { windowLimit: 100, windowSize: 60, aggregateBy: ['ip', 'domain'] },
}
