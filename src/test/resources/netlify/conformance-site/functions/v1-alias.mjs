const run = async () => ({ statusCode: 200 })
export { run as handler }
