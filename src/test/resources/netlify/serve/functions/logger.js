exports.handler = async () => {
  console.log('hello from the log function', { n: 1 });
  console.error('something bad');
  return { statusCode: 204 };
};
