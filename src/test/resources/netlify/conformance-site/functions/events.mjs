export default {
  async fetch(req) {
    return new Response('events')
  },
  async deploySucceeded(event) {},
  config: { path: '/events' },
}
