import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { ExpressAdapter } from '@bull-board/express'
import { getOptionalUser } from './app/infra/auth.server'
import { getDb } from './app/infra/db.server'
import { closeHealth, healthCheck } from './app/infra/health.server'
import { QUEUE_NAMES } from './app/infra/job-contract'
import { hasPermission } from './app/infra/permissions'
import { closeQueues, getQueue } from './app/infra/queue.server'
import { closeRedis } from './app/infra/redis.server'

// Our own Express server (not remix-serve): graceful shutdown, /healthz, security headers,
// bull-board behind the admin role. Stateless: any number can run against one DB and Redis.
const BUILD_PATH = path.resolve('build/index.js')
const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', 1)

app.use((_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  })
  if (process.env.NODE_ENV === 'production') res.set('Strict-Transport-Security', 'max-age=15552000')
  next()
})

app.get('/healthz', async (_req, res) => {
  const health = await healthCheck()
  res.status(health.ok ? 200 : 503).json(health)
})

// bull-board (queue health) for platform admins only: the same session cookie as the app.
const QUEUES_PATH = '/admin/queues'
const boardAdapter = new ExpressAdapter()
boardAdapter.setBasePath(QUEUES_PATH)
createBullBoard({ queues: QUEUE_NAMES.map((name) => new BullMQAdapter(getQueue(name))), serverAdapter: boardAdapter })
app.use(
  QUEUES_PATH,
  async (req, res, next) => {
    try {
      const request = new Request(new URL(req.originalUrl, 'http://local'), {
        headers: { cookie: req.headers.cookie ?? '' },
      })
      const user = await getOptionalUser(request)
      if (!user) return res.redirect(`/login?redirectTo=${encodeURIComponent(QUEUES_PATH)}`)
      if (!hasPermission(user.memberships, 'manage:queue:any'))
        return res.status(403).type('text/plain; charset=utf-8').send('403 没有权限 / Not allowed')
      next()
    } catch (error) {
      next(error)
    }
  },
  boardAdapter.getRouter(),
)

app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
app.use(express.static('public', { maxAge: '1h' }))
app.all(
  '*',
  // clientIp (req.ip honours `trust proxy`): the login rate limiter's per-IP bucket; cspNonce: the
  // page's Content-Security-Policy nonce (entry.server.tsx).
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req) => ({ clientIp: req.ip, cspNonce: randomBytes(16).toString('base64') }),
  }),
)

const port = Number(process.env.PORT ?? 3000)
const server = app.listen(port, () => console.log(`app listening on http://localhost:${port}`))

function shutdown(signal: string) {
  console.log(`${signal}: closing`)
  server.close(() => {
    void Promise.allSettled([closeHealth(), closeQueues().then(closeRedis), getDb().$disconnect()]).finally(() =>
      process.exit(0),
    )
  })
  setTimeout(() => process.exit(1), 10_000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
