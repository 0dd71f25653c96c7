export const handler = async () => { await new Promise(() => {}); };
