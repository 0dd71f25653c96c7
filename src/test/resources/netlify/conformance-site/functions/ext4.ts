export default async () => new Response('.ts beats .tsx')
