exports.handler = async () => ({ statusCode: 200, body: 'index.js comes before NAME.mjs' })
