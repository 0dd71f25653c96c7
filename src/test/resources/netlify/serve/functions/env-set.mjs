export default async (req) => {
  const key = new URL(req.url).searchParams.get('key');
  Netlify.env.set(key, 'set-by-function');
  const seen = process.env[key];
  Netlify.env.delete(key);
  return new Response(`${seen}|${Netlify.env.has(key)}`);
};
