const { schedule } = require('@netlify/functions')

exports.handler = schedule('@daily', async () => ({ statusCode: 200 }))
