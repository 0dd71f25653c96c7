exports.handler = async () => {
  setTimeout(() => { throw new Error('boom later'); }, 0);
  await new Promise((r) => setTimeout(r, 200));
  return { statusCode: 200, body: 'not reached' };
};
