import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { canonicalParams, FormBodyError, parseFormBody, type FormObject, type FormValue } from './form-body'
import {
  formatCnyFen,
  PAYMENT_METHOD_TYPES,
  paymentMethodObject,
  stripeId,
  TEST_CARDS,
  type ChargeObject,
  type EventObject,
  type PaymentIntentObject,
  type PaymentMethodObject,
  type PaymentMethodType,
  type RefundObject,
  type StripeObject,
} from './objects'

// A local stand-in for api.stripe.com that the real Stripe SDK talks to (host/port/protocol), so
// tests and the demo never reach the internet (ADR 011). It speaks Stripe's v1 wire protocol for
// what this project uses — PaymentIntents (create, retrieve, update, confirm with test payment
// methods, cancel), Refunds, Charges (retrieve) and Events — keeps their state in memory, applies
// Idempotency-Key the way Stripe does, and sends webhooks signed exactly as Stripe signs them
// (Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">), retrying on failure.
// Tests drive the webhook side directly: pause, send one event again, out of order, with a bad
// signature or a stale timestamp (the in-process handle below, or /_local/* over HTTP).

export type SignatureMode = 'valid' | 'bad-signature' | 'stale-timestamp'

export type StripeLocalOptions = {
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1: the admin routes (/_local/*) have no authentication. */
  host?: string
  /** Where events are POSTed; null or absent: events are only stored (GET /v1/events). */
  webhookUrl?: string | null
  /** The endpoint's signing secret (whsec_…), the one the app verifies with. */
  webhookSecret: string
  /** Waits before each retry after a failed delivery (non-2xx or no answer). Default 0.5 s, 2 s, 8 s, 30 s. */
  retryDelaysMs?: readonly number[]
  /** Per delivery attempt. Default 10 s. */
  webhookTimeoutMs?: number
  /** The server's clock (ms since the epoch): `created` of objects and the webhook signature's t. */
  clock?: () => number
  /** One line per request and per delivery (the CLI prints them). */
  log?: (line: string) => void
}

export type Delivery = {
  eventId: string
  type: string
  /** 0 for the first attempt of an automatic delivery; retries count up; manual sends are 'manual'. */
  attempt: number | 'manual'
  signature: SignatureMode
  /** The receiver's HTTP status, or null when it did not answer. */
  status: number | null
  ok: boolean
  error?: string
  at: number
}

export type StripeLocal = {
  url: string
  host: string
  port: number
  close(): Promise<void>
  /** Resolves once no delivery is running or waiting for a retry (tests await it after an API call). */
  idle(): Promise<void>
  /** Every event, oldest first. */
  events(): EventObject[]
  event(id: string): EventObject | undefined
  /** The events of one object (a PaymentIntent, a charge or a refund id), oldest first. */
  eventsFor(objectId: string): EventObject[]
  paymentIntent(id: string): PaymentIntentObject | undefined
  readonly deliveries: readonly Delivery[]
  /** Hold automatic deliveries (events are still created and stored). */
  pauseDeliveries(): void
  /** Deliver what was held, in creation order, and deliver automatically again. */
  resumeDeliveries(): Promise<void>
  /** Ids of the events held while paused (and then dropped from the automatic queue by `discardHeld`). */
  held(): string[]
  /** Forget the held events without delivering them (a test then sends them itself, in its own order). */
  discardHeld(): string[]
  /** Deliver one event now, once, without retries: a replay, an out-of-order delivery, a forged one. */
  send(eventId: string, options?: { signature?: SignatureMode }): Promise<Delivery>
  setWebhookUrl(url: string | null): void
}

const DEFAULT_RETRY_DELAYS_MS = [500, 2_000, 8_000, 30_000] as const
const STALE_BY_SECONDS = 600
const MAX_BODY_BYTES = 1_000_000
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000

type ErrorBody = {
  type: 'invalid_request_error' | 'idempotency_error' | 'card_error' | 'api_error'
  message: string
  code?: string
  param?: string
  [extra: string]: unknown
}

/**
 * An error in Stripe's shape. `saved`: whether an idempotent retry replays it — Stripe saves the
 * result once the endpoint started executing (a card decline, a state conflict), not a request that
 * failed validation (ADR 011).
 */
class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly body: ErrorBody,
    public readonly saved = false,
  ) {
    super(body.message)
  }
}

function invalid(message: string, param?: string, code?: string, status = 400): ApiError {
  return new ApiError(status, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
    ...(code ? { doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}` } : {}),
  })
}

function unexpectedState(message: string, paymentIntent: PaymentIntentObject): ApiError {
  return new ApiError(
    400,
    {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message,
      doc_url: 'https://stripe.com/docs/error-codes/payment-intent-unexpected-state',
      payment_intent: structuredClone(paymentIntent),
    },
    true,
  )
}

type Stored = { status: number; body: unknown; endpoint: string; params: string; requestId: string; at: number }

type Ctx = { requestId: string; idempotencyKey: string | null; apiVersion: string; now: number }

// ---- parameter helpers -------------------------------------------------------------------------

function allowOnly(params: FormObject, allowed: readonly string[]) {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw invalid(`Received unknown parameter: ${key}`, key, 'parameter_unknown')
  }
}

function str(params: FormObject, key: string): string | undefined {
  const v = params[key]
  if (v === undefined) return undefined
  if (typeof v !== 'string') throw invalid(`Invalid string: ${key} must be a string`, key, 'parameter_invalid_string')
  return v
}

function int(params: FormObject, key: string, { min, max }: { min?: number; max?: number } = {}): number | undefined {
  const v = str(params, key)
  if (v === undefined || v === '') return undefined
  if (!/^-?\d+$/.test(v)) throw invalid(`Invalid integer: ${v}`, key, 'parameter_invalid_integer')
  const n = Number(v)
  if (!Number.isSafeInteger(n)) throw invalid(`Invalid integer: ${v}`, key, 'parameter_invalid_integer')
  if (min !== undefined && n < min) throw invalid(`This value must be greater than or equal to ${min}.`, key)
  if (max !== undefined && n > max) throw invalid(`This value must be less than or equal to ${max}.`, key)
  return n
}

function bool(params: FormObject, key: string): boolean | undefined {
  const v = str(params, key)
  if (v === undefined || v === '') return undefined
  if (v === 'true') return true
  if (v === 'false') return false
  throw invalid(`Invalid boolean: ${v}`, key, 'parameter_invalid_boolean')
}

function oneOf<T extends string>(params: FormObject, key: string, values: readonly T[]): T | undefined {
  const v = str(params, key)
  if (v === undefined || v === '') return undefined
  if (!(values as readonly string[]).includes(v))
    throw invalid(`Invalid ${key}: must be one of ${values.join(', ')}`, key, 'parameter_invalid_string')
  return v as T
}

/** metadata[key]=value: at most 50 keys, keys ≤ 40 characters, values ≤ 500; '' removes a key. */
function metadataOf(params: FormObject, current: Record<string, string> = {}): Record<string, string> {
  const v = params.metadata
  if (v === undefined) return current
  if (v === '') return {}
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid('Invalid metadata: must be a hash', 'metadata')
  const next = { ...current }
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') throw invalid(`Invalid metadata[${k}]: must be a string`, `metadata[${k}]`)
    if (k.length > 40) throw invalid('Metadata keys can be at most 40 characters long', `metadata[${k}]`)
    if (value.length > 500) throw invalid('Metadata values can be at most 500 characters long', `metadata[${k}]`)
    if (value === '') delete next[k]
    else next[k] = value
  }
  if (Object.keys(next).length > 50) throw invalid('Metadata can have at most 50 keys', 'metadata')
  return next
}

/**
 * The payment method types a request allows: `allowed_payment_method_types` (API 2026-10-28, the
 * SDK's pinned version) or `payment_method_types` (the name before it).
 */
function paymentMethodTypesOf(params: FormObject): PaymentMethodType[] | undefined {
  if (params.allowed_payment_method_types !== undefined && params.payment_method_types !== undefined)
    throw invalid(
      'You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.',
      'payment_method_types',
    )
  const key =
    params.allowed_payment_method_types !== undefined ? 'allowed_payment_method_types' : 'payment_method_types'
  const v = params[key]
  if (v === undefined) return undefined
  if (!Array.isArray(v) || v.length === 0) throw invalid(`Invalid array: ${key} must be a non-empty array`, key)
  const types: PaymentMethodType[] = []
  for (const t of v) {
    if (typeof t !== 'string' || !(PAYMENT_METHOD_TYPES as readonly string[]).includes(t)) {
      throw invalid(
        `The payment method type ${JSON.stringify(t)} is invalid. The local Stripe server supports ${PAYMENT_METHOD_TYPES.join(', ')}.`,
        key,
        'payment_intent_invalid_parameter',
      )
    }
    if (!types.includes(t as PaymentMethodType)) types.push(t as PaymentMethodType)
  }
  return types
}

function listParams(params: FormObject) {
  const limit = int(params, 'limit', { min: 1, max: 100 }) ?? 10
  const startingAfter = str(params, 'starting_after') || undefined
  const endingBefore = str(params, 'ending_before') || undefined
  if (startingAfter && endingBefore)
    throw invalid('You may only specify one of these parameters: starting_after, ending_before.', 'ending_before')
  return { limit, startingAfter, endingBefore }
}

/** `created=…` or `created[gt|gte|lt|lte]=…` (a Stripe range query). */
function createdFilter(params: FormObject): (created: number) => boolean {
  const v = params.created
  if (v === undefined) return () => true
  if (typeof v === 'string') {
    const n = int(params, 'created')
    return (c) => c === n
  }
  if (Array.isArray(v)) throw invalid('Invalid created: must be an integer or a hash', 'created')
  const bounds: Partial<Record<'gt' | 'gte' | 'lt' | 'lte', number>> = {}
  for (const [k, raw] of Object.entries(v)) {
    if (!['gt', 'gte', 'lt', 'lte'].includes(k))
      throw invalid(`Received unknown parameter: created[${k}]`, `created[${k}]`)
    if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw invalid(`Invalid integer: ${String(raw)}`, `created[${k}]`)
    bounds[k as 'gt'] = Number(raw)
  }
  return (c) =>
    (bounds.gt === undefined || c > bounds.gt) &&
    (bounds.gte === undefined || c >= bounds.gte) &&
    (bounds.lt === undefined || c < bounds.lt) &&
    (bounds.lte === undefined || c <= bounds.lte)
}

/** Newest first, like every Stripe list; `starting_after` / `ending_before` are ids in that order. */
function page<T extends { id: string }>(
  newestFirst: T[],
  { limit, startingAfter, endingBefore }: ReturnType<typeof listParams>,
  url: string,
) {
  let items = newestFirst
  if (startingAfter) {
    const i = items.findIndex((x) => x.id === startingAfter)
    if (i === -1) throw invalid(`No such object: '${startingAfter}'`, 'starting_after', 'resource_missing', 404)
    items = items.slice(i + 1)
    return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url }
  }
  if (endingBefore) {
    const i = items.findIndex((x) => x.id === endingBefore)
    if (i === -1) throw invalid(`No such object: '${endingBefore}'`, 'ending_before', 'resource_missing', 404)
    items = items.slice(0, i)
    return { object: 'list', data: items.slice(-limit), has_more: items.length > limit, url }
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) {
        reject(invalid('Request body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The API key from `Authorization: Bearer sk_test_…` (or Basic with the key as user name, as curl -u sends). */
function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (!header) return null
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)
  if (bearer) return bearer[1]!
  const basic = /^Basic\s+(\S+)$/i.exec(header)
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] ?? null
  return null
}

function redactKey(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(4, key.length - 12))}${key.slice(-4)}` : '****'
}

// ---- the server --------------------------------------------------------------------------------

export async function startStripeLocal(options: StripeLocalOptions): Promise<StripeLocal> {
  if (!options.webhookSecret) throw new Error('startStripeLocal: webhookSecret is required (whsec_…)')
  const clock = options.clock ?? (() => Date.now())
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
  const log = options.log ?? (() => undefined)
  let webhookUrl = options.webhookUrl ?? null

  const paymentIntents = new Map<string, PaymentIntentObject>()
  const charges = new Map<string, ChargeObject>()
  const refunds = new Map<string, RefundObject>()
  const paymentMethods = new Map<string, PaymentMethodObject>()
  const events: EventObject[] = []
  const eventsById = new Map<string, EventObject>()
  const idempotent = new Map<string, Stored>()
  const deliveries: Delivery[] = []

  // Deliveries: first attempts one after another in creation order (a readable log and
  // deterministic tests), retries on their own timers. Everything running is in `inflight`.
  const inflight = new Set<Promise<unknown>>()
  const timers = new Set<NodeJS.Timeout>()
  let chain: Promise<unknown> = Promise.resolve()
  let paused = false
  let heldIds: string[] = []
  let closed = false

  const seconds = () => Math.floor(clock() / 1000)

  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p)
    void p.finally(() => inflight.delete(p)).catch(() => undefined)
    return p
  }

  async function post(event: EventObject, signature: SignatureMode, attempt: Delivery['attempt']): Promise<Delivery> {
    const base = { eventId: event.id, type: event.type, attempt, signature, at: clock() }
    if (!webhookUrl) {
      const d: Delivery = { ...base, status: null, ok: false, error: 'no webhook URL' }
      deliveries.push(d)
      return d
    }
    const payload = JSON.stringify(event, null, 2)
    const t = seconds() - (signature === 'stale-timestamp' ? STALE_BY_SECONDS : 0)
    const secret = signature === 'bad-signature' ? `whsec_${randomBytes(24).toString('hex')}` : options.webhookSecret
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t })
    let d: Delivery
    try {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': header,
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 10_000),
      })
      await res.arrayBuffer().catch(() => undefined)
      d = { ...base, status: res.status, ok: res.status >= 200 && res.status < 300 }
    } catch (error) {
      d = { ...base, status: null, ok: false, error: (error as Error).message }
    }
    deliveries.push(d)
    if (d.ok && signature === 'valid') event.pending_webhooks = 0
    log(`webhook ${event.type} ${event.id} → ${d.status ?? d.error} (attempt ${String(attempt)}, ${signature})`)
    return d
  }

  async function deliverWithRetries(event: EventObject, attempt: number): Promise<void> {
    if (closed) return
    const d = await post(event, 'valid', attempt)
    if (d.ok || closed || attempt >= retryDelays.length || !webhookUrl) return
    const wait = retryDelays[attempt]!
    track(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer)
          void deliverWithRetries(event, attempt + 1).finally(resolve)
        }, wait)
        timers.add(timer)
      }),
    )
  }

  function enqueueDelivery(event: EventObject) {
    if (!webhookUrl) return
    if (paused) {
      heldIds.push(event.id)
      return
    }
    chain = track(chain.then(() => deliverWithRetries(event, 0)))
  }

  function emit(type: string, object: StripeObject, ctx: Ctx): EventObject {
    const event: EventObject = {
      id: stripeId('evt'),
      object: 'event',
      api_version: ctx.apiVersion,
      created: Math.floor(ctx.now / 1000),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: webhookUrl ? 1 : 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    }
    events.push(event)
    eventsById.set(event.id, event)
    enqueueDelivery(event)
    return event
  }

  function pauseDeliveries() {
    paused = true
  }

  async function idle() {
    while (inflight.size > 0) await Promise.allSettled([...inflight])
  }

  async function resumeDeliveries() {
    paused = false
    const ids = heldIds
    heldIds = []
    for (const id of ids) enqueueDelivery(eventsById.get(id)!)
    await idle()
  }

  function sendOnce(eventId: string, signature: SignatureMode = 'valid'): Promise<Delivery> {
    const event = eventsById.get(eventId)
    if (!event) return Promise.reject(new Error(`No such event: ${eventId}`))
    return track(post(event, signature, 'manual'))
  }

  // ---- PaymentIntents ----------------------------------------------------------------------------

  function getPaymentIntent(id: string): PaymentIntentObject {
    const pi = paymentIntents.get(id)
    if (!pi) throw invalid(`No such payment_intent: '${id}'`, 'intent', 'resource_missing', 404)
    return pi
  }

  const PI_CREATE_PARAMS = [
    'amount',
    'currency',
    'allowed_payment_method_types',
    'payment_method_types',
    'metadata',
    'description',
    'receipt_email',
    'statement_descriptor_suffix',
    'confirm',
    'payment_method',
    'payment_method_data',
    'payment_method_options',
    'return_url',
    'capture_method',
    'confirmation_method',
    'automatic_payment_methods',
    'expand',
  ] as const

  function createPaymentIntent(params: FormObject, ctx: Ctx): PaymentIntentObject {
    allowOnly(params, PI_CREATE_PARAMS)
    if (params.amount === undefined) throw invalid('Missing required param: amount.', 'amount', 'parameter_missing')
    const amount = int(params, 'amount')!
    // CNY's smallest unit is the fen; Stripe's ceiling is eight digits of it.
    if (amount < 1) throw invalid('This value must be greater than or equal to 1.', 'amount', 'amount_too_small')
    if (amount > 99_999_999)
      throw invalid(`Amount must be no more than ${formatCnyFen(99_999_999)}`, 'amount', 'amount_too_large')
    const currency = str(params, 'currency')?.toLowerCase()
    if (!currency) throw invalid('Missing required param: currency.', 'currency', 'parameter_missing')
    if (currency !== 'cny')
      throw invalid(
        `Invalid currency: ${currency}. The local Stripe server supports cny only.`,
        'currency',
        'parameter_invalid_string',
      )
    const captureMethod = oneOf(params, 'capture_method', ['automatic', 'automatic_async', 'manual'])
    if (captureMethod === 'manual')
      throw invalid('capture_method=manual is not supported by the local Stripe server.', 'capture_method')
    oneOf(params, 'confirmation_method', ['automatic', 'manual'])
    const automatic = params.automatic_payment_methods
    const automaticEnabled =
      typeof automatic === 'object' && !Array.isArray(automatic) && automatic.enabled === 'true' ? true : false
    const allowed = paymentMethodTypesOf(params)
    const types = allowed ?? (automaticEnabled ? [...PAYMENT_METHOD_TYPES] : ['card' as const])
    const id = stripeId('pi')
    const pi: PaymentIntentObject = {
      id,
      object: 'payment_intent',
      allowed_payment_method_types: allowed ?? null,
      amount,
      amount_capturable: 0,
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: automatic === undefined ? null : { enabled: automaticEnabled },
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${randomBytes(13).toString('hex').slice(0, 25)}`,
      confirmation_method: 'automatic',
      created: Math.floor(ctx.now / 1000),
      currency,
      customer: null,
      customer_account: null,
      description: str(params, 'description') || null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata: metadataOf(params),
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_configuration_details: null,
      payment_method_options: Object.fromEntries(types.map((t) => [t, {}])),
      payment_method_types: types,
      payment_record: null,
      processing: null,
      receipt_email: str(params, 'receipt_email') || null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: str(params, 'statement_descriptor_suffix') || null,
      status: 'requires_payment_method',
      transfer_data: null,
      transfer_group: null,
    }
    const confirmNow = bool(params, 'confirm') ?? false
    const pm =
      params.payment_method !== undefined || params.payment_method_data !== undefined
        ? resolvePaymentMethod(params, pi)
        : null
    if (pm) {
      pi.payment_method = pm.method.id
      pi.status = 'requires_confirmation'
    }
    paymentIntents.set(id, pi)
    emit('payment_intent.created', pi, ctx)
    if (confirmNow) return confirmPaymentIntent(pi, {}, ctx, pm)
    return pi
  }

  type Resolved = {
    method: PaymentMethodObject
    decline?: { code: string; declineCode: string | null; message: string }
  }

  /** payment_method (a test id such as pm_card_visa, or one this server made) or payment_method_data[type]. */
  function resolvePaymentMethod(
    params: FormObject,
    pi: PaymentIntentObject,
    types: readonly PaymentMethodType[] = pi.payment_method_types,
  ): Resolved | null {
    const now = seconds()
    let resolved: Resolved | null = null
    const id = str(params, 'payment_method')
    if (id) {
      const card = TEST_CARDS[id]
      const known = paymentMethods.get(id)
      if (card) {
        const method = paymentMethodObject('card', now, card)
        paymentMethods.set(method.id, method)
        resolved = card.decline ? { method, decline: card.decline } : { method }
      } else if (known) {
        resolved = { method: known }
      } else {
        throw invalid(`No such PaymentMethod: '${id}'`, 'payment_method', 'resource_missing')
      }
    } else if (params.payment_method_data !== undefined) {
      const data = params.payment_method_data
      if (typeof data !== 'object' || Array.isArray(data) || typeof data.type !== 'string')
        throw invalid(
          'Missing required param: payment_method_data[type].',
          'payment_method_data[type]',
          'parameter_missing',
        )
      if (data.type === 'card')
        throw invalid(
          'The local Stripe server does not take raw card numbers: use a test PaymentMethod such as pm_card_visa or pm_card_chargeDeclined.',
          'payment_method_data[type]',
        )
      if (!(PAYMENT_METHOD_TYPES as readonly string[]).includes(data.type))
        throw invalid(`Invalid payment_method_data[type]: ${data.type}`, 'payment_method_data[type]')
      const method = paymentMethodObject(data.type as PaymentMethodType, now)
      paymentMethods.set(method.id, method)
      resolved = { method }
    }
    if (resolved && !types.includes(resolved.method.type)) {
      throw invalid(
        `The PaymentMethod provided (${resolved.method.type}) is not allowed for this PaymentIntent. Allowed: ${types.join(', ')}.`,
        'payment_method',
        'payment_intent_incompatible_payment_method',
      )
    }
    return resolved
  }

  const CONFIRM_PARAMS = [
    'allowed_payment_method_types',
    'payment_method_types',
    'payment_method',
    'payment_method_data',
    'payment_method_options',
    'return_url',
    'receipt_email',
    'error_on_requires_action',
    'off_session',
    'use_stripe_sdk',
    'setup_future_usage',
    'mandate_data',
    'expand',
  ] as const

  function confirmPaymentIntent(
    pi: PaymentIntentObject,
    params: FormObject,
    ctx: Ctx,
    preResolved?: Resolved | null,
  ): PaymentIntentObject {
    allowOnly(params, CONFIRM_PARAMS)
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
      throw unexpectedState(
        `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.`,
        pi,
      )
    }
    const types = paymentMethodTypesOf(params)
    let resolved = preResolved ?? resolvePaymentMethod(params, pi, types)
    if (!resolved && pi.payment_method) {
      const attached = paymentMethods.get(pi.payment_method)
      if (attached && (types ?? pi.payment_method_types).includes(attached.type)) resolved = { method: attached }
    }
    if (!resolved) {
      throw invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. Update it with a payment_method or pass one in payment_method when confirming.",
        'payment_method',
        'payment_intent_unexpected_state',
      )
    }
    if (types) {
      pi.allowed_payment_method_types = types
      pi.payment_method_types = types
    }
    const receiptEmail = str(params, 'receipt_email')
    if (receiptEmail !== undefined) pi.receipt_email = receiptEmail || null
    const { method, decline } = resolved
    const charge: ChargeObject = {
      id: stripeId('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: decline ? 0 : pi.amount,
      amount_refunded: 0,
      balance_transaction: decline ? null : stripeId('txn'),
      billing_details: { address: null, email: null, name: null, phone: null },
      captured: !decline,
      created: Math.floor(ctx.now / 1000),
      currency: pi.currency,
      customer: null,
      description: pi.description,
      disputed: false,
      failure_code: decline?.code ?? null,
      failure_message: decline?.message ?? null,
      livemode: false,
      metadata: { ...pi.metadata },
      outcome: decline
        ? {
            network_status: 'declined_by_network',
            reason: decline.declineCode ?? decline.code,
            risk_level: 'normal',
            seller_message: 'The bank did not return any further details with this decline.',
            type: 'issuer_declined',
          }
        : {
            network_status: 'approved_by_network',
            reason: null,
            risk_level: 'normal',
            seller_message: 'Payment complete.',
            type: 'authorized',
          },
      paid: !decline,
      payment_intent: pi.id,
      payment_method: method.id,
      payment_method_details:
        method.type === 'card'
          ? { type: 'card', card: { ...method.card } }
          : ({ type: method.type, [method.type]: {} } as ChargeObject['payment_method_details']),
      receipt_url: null,
      refunded: false,
      status: decline ? 'failed' : 'succeeded',
    }
    charges.set(charge.id, charge)
    pi.latest_charge = charge.id
    if (decline) {
      // Stripe's shape: the PaymentIntent goes back to requires_payment_method with the error,
      // the PaymentMethod is detached, and the API answers 402 card_error.
      const error = {
        type: 'card_error' as const,
        code: decline.code,
        decline_code: decline.declineCode,
        message: decline.message,
        charge: charge.id,
        doc_url: `https://stripe.com/docs/error-codes/${decline.code.replaceAll('_', '-')}`,
        payment_method: structuredClone(method),
      }
      pi.status = 'requires_payment_method'
      pi.payment_method = null
      pi.last_payment_error = error
      emit('charge.failed', charge, ctx)
      emit('payment_intent.payment_failed', pi, ctx)
      throw new ApiError(
        402,
        {
          ...error,
          payment_intent: structuredClone(pi),
          request_log_url: `http://localhost/logs/${ctx.requestId}`,
        },
        true,
      )
    }
    pi.status = 'succeeded'
    pi.payment_method = method.id
    pi.amount_received = pi.amount
    pi.last_payment_error = null
    emit('charge.succeeded', charge, ctx)
    emit('payment_intent.succeeded', pi, ctx)
    return pi
  }

  function updatePaymentIntent(pi: PaymentIntentObject, params: FormObject): PaymentIntentObject {
    allowOnly(params, [
      'amount',
      'description',
      'metadata',
      'receipt_email',
      'allowed_payment_method_types',
      'payment_method_types',
      'expand',
    ])
    const editable = ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)
    const typesGiven = params.allowed_payment_method_types !== undefined || params.payment_method_types !== undefined
    if (!editable && (params.amount !== undefined || typesGiven)) {
      throw unexpectedState(
        `This PaymentIntent's amount and payment_method_types could not be updated because it has a status of ${pi.status}.`,
        pi,
      )
    }
    const amount = int(params, 'amount', { min: 1, max: 99_999_999 })
    if (amount !== undefined) pi.amount = amount
    const types = paymentMethodTypesOf(params)
    if (types) {
      pi.allowed_payment_method_types = types
      pi.payment_method_types = types
    }
    const description = str(params, 'description')
    if (description !== undefined) pi.description = description || null
    const receiptEmail = str(params, 'receipt_email')
    if (receiptEmail !== undefined) pi.receipt_email = receiptEmail || null
    pi.metadata = metadataOf(params, pi.metadata)
    return pi
  }

  function cancelPaymentIntent(pi: PaymentIntentObject, params: FormObject, ctx: Ctx): PaymentIntentObject {
    allowOnly(params, ['cancellation_reason', 'expand'])
    const reason = oneOf(params, 'cancellation_reason', [
      'duplicate',
      'fraudulent',
      'requested_by_customer',
      'abandoned',
    ])
    // Stripe's rule: a PaymentIntent that succeeded or was canceled already cannot be canceled
    // (400 payment_intent_unexpected_state, the PaymentIntent in the error); `processing` can, rarely.
    const cancellable = [
      'requires_payment_method',
      'requires_capture',
      'requires_confirmation',
      'requires_action',
      'processing',
    ]
    if (!cancellable.includes(pi.status)) {
      throw unexpectedState(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancellable.join(', ')}.`,
        pi,
      )
    }
    pi.status = 'canceled'
    pi.canceled_at = Math.floor(ctx.now / 1000)
    pi.cancellation_reason = reason ?? null
    emit('payment_intent.canceled', pi, ctx)
    return pi
  }

  // ---- Refunds -----------------------------------------------------------------------------------

  function createRefund(params: FormObject, ctx: Ctx): RefundObject {
    allowOnly(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'instructions_email', 'expand'])
    const piId = str(params, 'payment_intent') || undefined
    const chargeId = str(params, 'charge') || undefined
    if (!piId && !chargeId)
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
        undefined,
        'parameter_missing',
      )
    const amountParam = int(params, 'amount')
    if (amountParam !== undefined && amountParam < 1)
      throw invalid('This value must be greater than or equal to 1.', 'amount', 'parameter_invalid_integer')
    const reason = oneOf(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'])
    let charge: ChargeObject | undefined
    let pi: PaymentIntentObject | undefined
    if (piId) {
      pi = paymentIntents.get(piId)
      if (!pi) throw invalid(`No such payment_intent: '${piId}'`, 'payment_intent', 'resource_missing')
      if (pi.status !== 'succeeded' || !pi.latest_charge) {
        throw new ApiError(
          400,
          {
            type: 'invalid_request_error',
            code: 'charge_not_refundable',
            message: `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
            param: 'payment_intent',
          },
          true,
        )
      }
      charge = charges.get(pi.latest_charge)
    } else {
      charge = charges.get(chargeId!)
      if (!charge) throw invalid(`No such charge: '${chargeId}'`, 'charge', 'resource_missing')
      pi = paymentIntents.get(charge.payment_intent)
    }
    if (!charge || !pi || charge.status !== 'succeeded') throw invalid('This charge cannot be refunded.', 'charge')
    const refundable = charge.amount - charge.amount_refunded
    if (refundable === 0) {
      throw new ApiError(
        400,
        {
          type: 'invalid_request_error',
          code: 'charge_already_refunded',
          message: `Charge ${charge.id} has already been refunded.`,
        },
        true,
      )
    }
    const amount = amountParam ?? refundable
    if (amount > refundable) {
      throw new ApiError(
        400,
        {
          type: 'invalid_request_error',
          code: 'amount_too_large',
          param: 'amount',
          message: `Refund amount (${formatCnyFen(amount)}) is greater than unrefunded amount on charge (${formatCnyFen(refundable)})`,
        },
        true,
      )
    }
    const refund: RefundObject = {
      id: stripeId('re'),
      object: 'refund',
      amount,
      balance_transaction: stripeId('txn'),
      charge: charge.id,
      created: Math.floor(ctx.now / 1000),
      currency: charge.currency,
      destination_details: { type: charge.payment_method_details.type, [charge.payment_method_details.type]: {} },
      metadata: metadataOf(params),
      payment_intent: pi.id,
      reason: reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    }
    refunds.set(refund.id, refund)
    charge.amount_refunded += amount
    charge.refunded = charge.amount_refunded === charge.amount
    emit('refund.created', refund, ctx)
    emit('charge.refunded', charge, ctx)
    return refund
  }

  // ---- routing -----------------------------------------------------------------------------------

  type Route = { method: string; pattern: RegExp; run: (m: RegExpExecArray, params: FormObject, ctx: Ctx) => unknown }

  const routes: Route[] = [
    { method: 'POST', pattern: /^\/v1\/payment_intents$/, run: (_m, p, c) => createPaymentIntent(p, c) },
    {
      method: 'GET',
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      run: (m, p) => {
        allowOnly(p, ['client_secret', 'expand'])
        const pi = getPaymentIntent(m[1]!)
        const secret = str(p, 'client_secret')
        if (secret !== undefined && secret !== pi.client_secret)
          throw invalid(
            'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
            'client_secret',
          )
        return pi
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      run: (m, p) => updatePaymentIntent(getPaymentIntent(m[1]!), p),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/confirm$/,
      run: (m, p, c) => confirmPaymentIntent(getPaymentIntent(m[1]!), p, c),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
      run: (m, p, c) => cancelPaymentIntent(getPaymentIntent(m[1]!), p, c),
    },
    { method: 'POST', pattern: /^\/v1\/refunds$/, run: (_m, p, c) => createRefund(p, c) },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds$/,
      run: (_m, p) => {
        allowOnly(p, ['payment_intent', 'charge', 'created', 'limit', 'starting_after', 'ending_before', 'expand'])
        const piId = str(p, 'payment_intent')
        const chargeId = str(p, 'charge')
        const created = createdFilter(p)
        const all = [...refunds.values()]
          .filter(
            (r) => (!piId || r.payment_intent === piId) && (!chargeId || r.charge === chargeId) && created(r.created),
          )
          .reverse()
        return page(all, listParams(p), '/v1/refunds')
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds\/([^/]+)$/,
      run: (m, p) => {
        allowOnly(p, ['expand'])
        const r = refunds.get(m[1]!)
        if (!r) throw invalid(`No such refund: '${m[1]}'`, 'id', 'resource_missing', 404)
        return r
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/charges\/([^/]+)$/,
      run: (m, p) => {
        allowOnly(p, ['expand'])
        const ch = charges.get(m[1]!)
        if (!ch) throw invalid(`No such charge: '${m[1]}'`, 'id', 'resource_missing', 404)
        return ch
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/events$/,
      run: (_m, p) => {
        allowOnly(p, [
          'type',
          'types',
          'created',
          'delivery_success',
          'limit',
          'starting_after',
          'ending_before',
          'expand',
        ])
        const type = str(p, 'type')
        const types = p.types
        if (type && types !== undefined)
          throw invalid('You may only specify one of these parameters: type, types.', 'types')
        const wanted = type
          ? [type]
          : Array.isArray(types)
            ? types.filter((t): t is string => typeof t === 'string')
            : []
        const matches = (t: string) =>
          wanted.length === 0 || wanted.some((w) => (w.endsWith('.*') ? t.startsWith(w.slice(0, -1)) : t === w))
        const created = createdFilter(p)
        const all = events.filter((e) => matches(e.type) && created(e.created)).reverse()
        return page(all, listParams(p), '/v1/events')
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/events\/([^/]+)$/,
      run: (m, p) => {
        allowOnly(p, ['expand'])
        const e = eventsById.get(m[1]!)
        if (!e) throw invalid(`No such event: '${m[1]}'`, 'id', 'resource_missing', 404)
        return e
      },
    },
  ]

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(body, null, 2)
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, no-store',
      ...headers,
    })
    res.end(text)
  }

  function pruneIdempotency(now: number) {
    for (const [k, v] of idempotent) if (now - v.at > IDEMPOTENCY_TTL_MS) idempotent.delete(k)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const method = req.method ?? 'GET'
    const requestId = stripeId('req', 14)
    const apiVersion = (req.headers['stripe-version'] as string | undefined) ?? Stripe.API_VERSION
    const headers: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': apiVersion }
    const idempotencyKey = method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
    try {
      const key = apiKeyOf(req)
      if (!key)
        throw invalid(
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
          undefined,
          undefined,
          401,
        )
      if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key))
        throw invalid(
          `Invalid API Key provided: ${redactKey(key)}. The local Stripe server accepts test-mode keys (sk_test_…) only.`,
          undefined,
          undefined,
          401,
        )
      const body = method === 'POST' ? await readBody(req) : ''
      let params: FormObject
      try {
        params = parseFormBody(method === 'POST' ? body : url.search.slice(1))
      } catch (error) {
        if (error instanceof FormBodyError) throw invalid(error.message, error.param)
        throw error
      }
      const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname))
      if (!route)
        throw invalid(
          `Unrecognized request URL (${method}: ${url.pathname}). The local Stripe server implements PaymentIntents, Refunds, Charges (retrieve) and Events; see docs/decisions/011-local-stripe-server.md.`,
          undefined,
          undefined,
          404,
        )
      const endpoint = `${method} ${url.pathname}`
      const canonical = canonicalParams(params as FormValue)
      const now = clock()
      const storeKey = idempotencyKey ? `${key}\n${idempotencyKey}` : null
      if (storeKey) {
        pruneIdempotency(now)
        const stored = idempotent.get(storeKey)
        if (stored) {
          if (stored.endpoint !== endpoint)
            throw new ApiError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.endpoint}' vs '${endpoint}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            })
          if (stored.params !== canonical)
            throw new ApiError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            })
          log(`${endpoint} → ${stored.status} (idempotent replay of ${stored.requestId})`)
          return send(res, stored.status, stored.body, {
            ...headers,
            'Idempotent-Replayed': 'true',
            'Original-Request': stored.requestId,
          })
        }
      }
      const ctx: Ctx = { requestId, idempotencyKey, apiVersion, now }
      let status = 200
      let result: unknown
      try {
        result = structuredClone(route.run(route.pattern.exec(url.pathname)!, params, ctx))
      } catch (error) {
        if (!(error instanceof ApiError) || !error.saved) throw error
        status = error.status
        result = { error: error.body }
      }
      if (storeKey) idempotent.set(storeKey, { status, body: result, endpoint, params: canonical, requestId, at: now })
      log(`${endpoint} → ${status}`)
      return send(res, status, result, headers)
    } catch (error) {
      if (error instanceof ApiError) {
        log(`${method} ${url.pathname} → ${error.status} ${error.body.message}`)
        return send(res, error.status, { error: error.body }, headers)
      }
      log(`${method} ${url.pathname} → 500 ${(error as Error).stack ?? String(error)}`)
      return send(
        res,
        500,
        { error: { type: 'api_error', message: 'The local Stripe server failed: see its log.' } },
        {
          ...headers,
          'Stripe-Should-Retry': 'false',
        },
      )
    }
  }

  // Admin routes for scripts (the e2e and demo run the server as a separate process): no auth,
  // which is why the server binds to 127.0.0.1 by default.
  async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL) {
    const method = req.method ?? 'GET'
    if (method === 'GET' && url.pathname === '/_local/health') {
      return send(res, 200, {
        ok: true,
        webhook_url: webhookUrl,
        paused,
        held: heldIds.length,
        in_flight: inflight.size,
        payment_intents: paymentIntents.size,
        refunds: refunds.size,
        events: events.length,
      })
    }
    if (method === 'GET' && url.pathname === '/_local/deliveries') return send(res, 200, { data: deliveries })
    if (method === 'POST' && url.pathname === '/_local/deliveries/pause') {
      pauseDeliveries()
      return send(res, 200, { paused: true })
    }
    if (method === 'POST' && url.pathname === '/_local/deliveries/resume') {
      const ids = [...heldIds]
      await resumeDeliveries()
      return send(res, 200, { paused: false, delivered: ids })
    }
    const sendMatch = /^\/_local\/events\/([^/]+)\/send$/.exec(url.pathname)
    if (method === 'POST' && sendMatch) {
      const mode = (url.searchParams.get('signature') ?? 'valid') as SignatureMode
      if (!['valid', 'bad-signature', 'stale-timestamp'].includes(mode))
        return send(res, 400, { error: { type: 'invalid_request_error', message: `Unknown signature mode ${mode}` } })
      if (!eventsById.has(sendMatch[1]!))
        return send(res, 404, { error: { type: 'invalid_request_error', message: `No such event: '${sendMatch[1]}'` } })
      return send(res, 200, await sendOnce(sendMatch[1]!, mode))
    }
    return send(res, 404, {
      error: { type: 'invalid_request_error', message: `Unknown admin route ${method} ${url.pathname}` },
    })
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local')
    const work = url.pathname.startsWith('/_local/') ? handleAdmin(req, res, url) : handleApi(req, res, url)
    work.catch((error: unknown) => {
      log(`internal error ${(error as Error).stack ?? String(error)}`)
      if (!res.headersSent) send(res, 500, { error: { type: 'api_error', message: 'internal error' } })
      else res.end()
    })
  })
  server.keepAliveTimeout = 5_000

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host

  const handle: StripeLocal = {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    deliveries,
    async close() {
      closed = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
      await Promise.allSettled([...inflight])
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
    idle,
    events: () => [...events],
    event: (id) => eventsById.get(id),
    eventsFor: (objectId) => events.filter((e) => (e.data.object as { id: string }).id === objectId),
    paymentIntent: (id) => {
      const pi = paymentIntents.get(id)
      return pi ? structuredClone(pi) : undefined
    },
    pauseDeliveries,
    resumeDeliveries,
    held: () => [...heldIds],
    discardHeld() {
      const ids = heldIds
      heldIds = []
      return ids
    },
    send: (eventId, { signature = 'valid' } = {}) => sendOnce(eventId, signature),
    setWebhookUrl(url) {
      webhookUrl = url
    },
  }
  return handle
}
