exports.handler = async (event) => {
  console.log(`background got ${event.body}`);
  return { statusCode: 200 };
};
