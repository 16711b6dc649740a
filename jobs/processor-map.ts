import type { Logger } from 'pino'
import type { Db } from '~/infra/db.server'
import type { JobName, JobPayload } from '~/infra/job-contract'

// Pure module (types and checks only): unit-tested without Redis or PostgreSQL.

export type ProcessorContext = {
  db: Db
  /** The worker's clock, read once per job (tests pass a fixed one). */
  now: () => Date
  logger: Logger
  jobId: string | undefined
}

/**
 * A processor is a thin adapter: it receives the payload already parsed by the contract's zod
 * schema and calls an app/features use case. It must be idempotent: BullMQ delivers at least once.
 */
export type Processor<N extends JobName> = (payload: JobPayload<N>, ctx: ProcessorContext) => Promise<unknown>

/** Exactly one processor per job of the contract (the compiler checks this map's keys too). */
export type ProcessorMap = { [N in JobName]: Processor<N> }

/** Any processor, for maps checked at run time (a payload of `never` accepts every Processor<N>). */
export type AnyProcessor = (payload: never, ctx: ProcessorContext) => Promise<unknown>

export type ProcessorMapCheck = { ok: true } | { ok: false; missing: string[]; unknown: string[]; message: string }

/**
 * The worker refuses to boot unless every job of the contract has a processor and every processor
 * belongs to a job: a job without a handler would sit in Redis forever, a handler without a job
 * is a rename that was half done.
 */
export function checkProcessorMap(
  jobNames: readonly string[],
  processors: Readonly<Record<string, unknown>>,
): ProcessorMapCheck {
  const jobs = new Set(jobNames)
  const missing = jobNames.filter((name) => typeof processors[name] !== 'function')
  const unknown = Object.keys(processors).filter((name) => !jobs.has(name))
  if (missing.length === 0 && unknown.length === 0) return { ok: true }
  const parts = [
    missing.length > 0 ? `jobs without a processor: ${missing.join(', ')}` : undefined,
    unknown.length > 0 ? `processors for no job in the contract: ${unknown.join(', ')}` : undefined,
  ].filter((p) => p !== undefined)
  return { ok: false, missing, unknown, message: `Processor map does not match the job contract (${parts.join('; ')})` }
}
