exports.handler = async () => { throw new TypeError('the thrower threw'); };
