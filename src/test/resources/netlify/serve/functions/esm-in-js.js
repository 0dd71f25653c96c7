export const handler = async () => ({ statusCode: 200, body: 'esm syntax in a .js file' });
