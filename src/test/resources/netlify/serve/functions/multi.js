exports.handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/octet-stream', 'x-one': 'single' },
  multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
  body: Buffer.from([0, 1, 2, 250, 255]).toString('base64'),
  isBase64Encoded: true,
});
