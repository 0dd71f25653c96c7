export default async () => new Response('posted');
export const config = { path: '/submit', method: 'POST' };
