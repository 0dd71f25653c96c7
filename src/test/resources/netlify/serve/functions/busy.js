exports.handler = async () => { for (;;) {} };
