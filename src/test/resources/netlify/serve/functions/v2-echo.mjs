export default async (req, context) => {
  context.cookies.set({ name: 'visited', value: 'yes', path: '/', httpOnly: true });
  context.cookies.delete('old');
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : await req.text();
  return Response.json({
    url: req.url,
    method: req.method,
    header: req.headers.get('x-test'),
    body,
    params: context.params,
    ip: context.ip,
    requestId: context.requestId,
    geo: context.geo,
    site: context.site,
    deploy: context.deploy,
    account: context.account,
    server: context.server,
    contextUrl: context.url.pathname,
    cookie: context.cookies.get('session'),
    envGet: Netlify.env.get('SITE_GREETING'),
    envHas: Netlify.env.has('SITE_GREETING'),
    envObject: Netlify.env.toObject().SITE_GREETING,
    sameContext: Netlify.context === context,
    waitUntil: typeof context.waitUntil,
  }, { status: 200, headers: { 'x-v2': 'yes' } });
};
export const config = { path: ['/items/:id', '/api/*'] };
