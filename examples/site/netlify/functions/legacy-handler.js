// Classic Lambda-style Netlify Function (CommonJS, event/context signature).
exports.handler = async (event, context) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ ok: true }),
});
