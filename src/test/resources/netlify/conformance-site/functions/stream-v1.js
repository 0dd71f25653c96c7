const { stream } = require('@netlify/functions')

exports.handler = stream(async () => ({ statusCode: 200, body: 'streamed' }))
