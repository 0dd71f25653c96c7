exports.handler = async () => ({ statusCode: 200, body: 'NAME.js wins' })
