import { z } from 'zod'

// Parsed once at boot; a missing or malformed variable stops the process with a clear message.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/vouchers'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  // Prefix for every BullMQ key, so test workers and apps sharing one Redis never collide.
  QUEUE_PREFIX: z.string().min(1).default('vq'),
  SESSION_SECRET: z.string().min(16).default('dev-only-session-secret-change-me'),
  PORT: z.coerce.number().int().positive().default(3000),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Uploaded files (instrument photos), kept outside the web root; default <cwd>/var/uploads.
  UPLOAD_DIR: z.string().min(1).optional(),
})

export type Env = z.infer<typeof schema>

let cached: Env | undefined

export function getEnv(): Env {
  if (cached) return cached
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  if (parsed.data.NODE_ENV === 'production' && parsed.data.SESSION_SECRET.startsWith('dev-only')) {
    throw new Error('SESSION_SECRET must be set in production')
  }
  cached = parsed.data
  return cached
}
