const { word } = require('./_lib/word.cjs');
exports.handler = async () => ({ statusCode: 200, body: `cjs one ${word}` });
