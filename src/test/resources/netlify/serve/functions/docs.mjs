export default async (req, context) => new Response(`docs ${context.params['0'] ?? ''}`);
export const config = { path: '/docs/*', excludedPath: '/docs/private/*' };
