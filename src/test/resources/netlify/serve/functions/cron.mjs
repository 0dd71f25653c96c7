export default async (req) => {
  const { next_run } = await req.json();
  console.log(`scheduled run, next ${next_run}, ua ${req.headers.get('user-agent')}`);
};
export const config = { schedule: '@hourly' };
