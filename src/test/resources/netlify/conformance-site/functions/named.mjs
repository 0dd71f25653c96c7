export default async () => new Response('named')
export const config = { name: 'Pretty Name', generator: 'tool@1.0.0', timeout: 30, path: '/named' }
