exports.handler = async () => ({ statusCode: 'lots', body: 'x' });
