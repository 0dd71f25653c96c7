const handler = async () => ({ statusCode: 200 })
module.exports = { handler }
