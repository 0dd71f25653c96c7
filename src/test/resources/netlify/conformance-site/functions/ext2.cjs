exports.handler = async () => ({ statusCode: 500 })
