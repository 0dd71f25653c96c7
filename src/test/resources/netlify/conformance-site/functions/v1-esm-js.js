// ES module syntax in a .js file: Netlify bundles it with nft
export async function handler() {
  return { statusCode: 200, body: 'esm in .js' }
}
