// a v2 function written as CommonJS: exports.default and exports.config
exports.default = async () => new Response('cjs v2')
exports.config = { path: '/cjs-v2' }
