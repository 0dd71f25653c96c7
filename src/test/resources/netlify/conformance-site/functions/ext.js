exports.handler = async () => ({ statusCode: 200, body: '.js wins' })
