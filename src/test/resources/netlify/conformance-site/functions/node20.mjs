export default async () => new Response('node 20')
export const config = { nodeVersion: '20', path: '/node20' }
