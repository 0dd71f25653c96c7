export default async () => new Response('scheduled')

export const config = {
  schedule: '@weekly',
}
