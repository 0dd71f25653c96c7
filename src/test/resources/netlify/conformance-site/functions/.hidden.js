// a dotfile: Netlify still deploys it, as a function named ".hidden"
exports.handler = async () => ({ statusCode: 200 })
