exports.handler = async (event) => {
  await new Promise((r) => setTimeout(r, Number(event.queryStringParameters.ms || 100)));
  return { statusCode: 200, body: `slept ${event.queryStringParameters.ms}` };
};
