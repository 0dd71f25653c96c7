export default async () => {}
export const config = { background: true }
