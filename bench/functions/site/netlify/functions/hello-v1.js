// The v1 (Lambda-style) hello function of the serving benchmark.
exports.handler = async () => ({ statusCode: 200, headers: { "content-type": "text/plain" }, body: "Hello, world" });
