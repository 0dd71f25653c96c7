export default async () => new Response('the source schedule wins over netlify.toml')
export const config = { schedule: '30 2 * * *' }
