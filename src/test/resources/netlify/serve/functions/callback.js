exports.handler = function (event, context, callback) {
  setTimeout(() => callback(null, { statusCode: 201, body: 'called back' }), 5);
};
