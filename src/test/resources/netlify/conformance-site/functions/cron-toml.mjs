// its schedule comes from [functions."cron-toml"], which outweighs [functions."cron-*"]
export default async () => new Response('cron from toml')
