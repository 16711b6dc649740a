import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { closeHealth, healthCheck } from './app/infra/health.server'

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

app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
app.use(express.static('public', { maxAge: '1h' }))
app.all('*', createRequestHandler({ build, mode: build.mode }))

const port = Number(process.env.PORT ?? 3000)
const server = app.listen(port, () => console.log(`app listening on http://localhost:${port}`))

function shutdown(signal: string) {
  console.log(`${signal}: closing`)
  server.close(() => {
    void closeHealth().finally(() => process.exit(0))
  })
  setTimeout(() => process.exit(1), 10_000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
