// GET /api/hello?name=Ada -> {"message": "Hello, Ada"}
export default async (req, context) => {
  const name = new URL(req.url).searchParams.get("name") || "world";
  return new Response(JSON.stringify({ message: `Hello, ${name}` }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
};

export const config = { path: "/api/hello" };
