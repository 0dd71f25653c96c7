export default async () => new Response('.mts beats .cts')
