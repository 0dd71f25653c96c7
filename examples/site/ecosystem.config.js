// PM2 process file: `pm2 start ecosystem.config.js` (add `--env production` for env_production).
module.exports = {
  apps: [
    {
      name: "web",
      script: "server/web.js",
      instances: 1,
      autorestart: true,
      max_restarts: 10,
      min_uptime: "5s",
      max_memory_restart: "200M",
      kill_timeout: 3000,
      // server/web.js calls process.send('ready') once it listens.
      wait_ready: true,
      listen_timeout: 5000,
      env: {
        NODE_ENV: "development",
        PORT: 3000,
      },
      env_production: {
        NODE_ENV: "production",
        PORT: 8080,
      },
    },
    {
      name: "worker",
      script: "worker/queue-worker.js",
      autorestart: true,
      restart_delay: 2000,
      cron_restart: "0 3 * * *",
      env: {
        WORKER_INTERVAL_MS: 5000,
      },
    },
    {
      // The demo's stand-in for the social network that the "Marketing sync" workflow posts to.
      name: "social-api",
      script: "stub/social-api.js",
      autorestart: true,
      env: {
        STUB_PORT: 4010,
      },
    },
  ],
};
