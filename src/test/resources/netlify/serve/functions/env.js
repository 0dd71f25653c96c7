exports.handler = async () => ({ statusCode: 200, body: `${process.env.SITE_GREETING}|${process.env.HOME ? 'home' : 'nohome'}` });
