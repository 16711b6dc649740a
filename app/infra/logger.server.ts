import { pino, type Logger } from 'pino'
import { getEnv } from './env.server'

export type { Logger }

let root: Logger | undefined

/**
 * The process-wide pino logger (JSON lines on stdout). Level from LOG_LEVEL; tests are silent
 * unless LOG_LEVEL is set explicitly, so a failing test's output is not buried in job logs.
 */
export function getLogger(): Logger {
  root ??= createLogger()
  return root
}

export function createLogger(bindings: Record<string, unknown> = {}): Logger {
  const env = getEnv()
  const level = env.NODE_ENV === 'test' && process.env.LOG_LEVEL === undefined ? 'silent' : env.LOG_LEVEL
  return pino({ level, base: { pid: process.pid, ...bindings } })
}
