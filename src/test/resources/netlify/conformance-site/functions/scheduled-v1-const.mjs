import { schedule as every } from '@netlify/functions'

const CRON = '*/15 * * * *'
export const handler = every(CRON, async () => ({ statusCode: 200 }))
