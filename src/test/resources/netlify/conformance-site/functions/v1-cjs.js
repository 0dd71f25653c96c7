// exports.handler: a v1 function, CommonJS, bundled by zisi
exports.handler = async (event) => ({ statusCode: 200, body: `hello ${event.path}` })
