/* A v2 function on several paths:
   export const config = { path: "/commented-out" } */
const note = "export const config = { path: '/in-a-string' }"
const re = /export default \{/g

export default async (req, context) => Response.json({ params: context.params, note, re: String(re) })

export const config = {
  path: ['/items/:id', '/api/*', '/blog{/:slug}?', '/n/(\\d+)', '/files/:name.json', '/static/page'],
  excludedPath: ['/api/private/*', '/items/admin'],
  method: ['GET', 'post'],
  preferStatic: true,
}
