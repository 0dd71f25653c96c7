// Scheduled function declared in code: every 30 minutes it logs the runtime's status.
export default async (req, context) => {
  const mem = process.memoryUsage();
  const status = {
    at: new Date().toISOString(),
    node: process.version,
    uptimeS: Math.round(process.uptime()),
    rssMB: Math.round(mem.rss / 1048576),
    heapUsedMB: Math.round(mem.heapUsed / 1048576),
  };
  console.log(`[status] ${JSON.stringify(status)}`);
  return new Response(JSON.stringify(status), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
};

export const config = { schedule: "*/30 * * * *" };
