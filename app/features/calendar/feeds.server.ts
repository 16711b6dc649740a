import { randomBytes } from 'node:crypto'
import { appendAudit } from '~/features/audit/audit.server'
import type { Locale } from '~/i18n/config'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import { mailLocale } from '~/features/notifications/recipients'
import { FEED_STATES, type FeedBooking } from './feed'

// Calendar feeds (ICS) behind secret URLs: /calendar/u/<token>.ics for a person's bookings and
// /calendar/i/<token>.ics for one instrument's. The token is the only secret (calendar clients
// cannot log in): 32 random bytes, base64url; resetting it makes the old URL a 404.

/** 32 random bytes → 43 base64url characters. */
export function newCalendarToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The shape of a token, checked before any query (anything else is a 404 at once). */
export function isCalendarToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value)
}

export function userFeedPath(token: string): string {
  return `/calendar/u/${token}.ics`
}

export function instrumentFeedPath(token: string): string {
  return `/calendar/i/${token}.ics`
}

/** How far back a feed reaches: older bookings are history, not calendar. */
const FEED_DAYS_BACK = 180
const FEED_LIMIT = 1000

type FeedRow = {
  id: string
  status: string
  starts_at: Date | null
  ends_at: Date | null
  wanted_by: string | null
  updated_at: Date
  quantity: number
  unit: 'hour' | 'sample' | 'item'
  purpose: string | null
  instrument_name: string
  instrument_name_en: string | null
  service_item_name: string
  service_item_name_en: string | null
  institution_name: string
  institution_name_en: string | null
  enterprise_name: string
  address: string | null
  lab: string | null
  side: 'enterprise' | 'institution'
}

function toFeedBooking(r: FeedRow): FeedBooking {
  return {
    id: r.id,
    status: r.status,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    wantedBy: r.wanted_by,
    updatedAt: r.updated_at,
    quantity: r.quantity,
    unit: r.unit,
    purpose: r.purpose,
    instrumentName: r.instrument_name,
    instrumentNameEn: r.instrument_name_en,
    serviceItemName: r.service_item_name,
    serviceItemNameEn: r.service_item_name_en,
    institutionName: r.institution_name,
    institutionNameEn: r.institution_name_en,
    enterpriseName: r.enterprise_name,
    address: r.address,
    lab: r.lab,
    side: r.side,
  }
}

export type UserFeed = { userName: string; locale: Locale; bookings: FeedBooking[] }

/**
 * The bookings of the person whose token this is: their enterprises' bookings (as an enterprise
 * member) and their institutions' bookings (as institution staff), by the memberships they hold
 * now — a person who left an organisation stops seeing its bookings. Null for an unknown token
 * or a disabled user.
 */
export async function findUserFeed(db: Db, token: string, now: Date): Promise<UserFeed | null> {
  const users = await db.$queryRaw<{ id: string; name: string; locale: string }[]>`
    SELECT id::text AS id, name, locale FROM app_user WHERE calendar_token = ${token} AND is_active`
  const user = users[0]
  if (!user) return null
  const since = new Date(now.getTime() - FEED_DAYS_BACK * 86_400_000)
  const rows = await db.$queryRaw<FeedRow[]>`
    WITH mine AS (
      SELECT m.role, m.enterprise_id, m.institution_id FROM role_membership m
       WHERE m.user_id = ${user.id}::uuid AND m.role IN ('enterprise_member', 'institution_staff'))
    SELECT b.id::text AS id, b.status::text AS status, b.starts_at, b.ends_at, to_char(b.wanted_by, 'YYYY-MM-DD') AS wanted_by,
           b.updated_at, b.quantity, b.unit::text AS unit, b.purpose,
           i.name AS instrument_name, i.name_en AS instrument_name_en, si.name AS service_item_name,
           si.name_en AS service_item_name_en, inst.name AS institution_name, inst.name_en AS institution_name_en,
           e.name AS enterprise_name, i.address, i.lab,
           CASE WHEN EXISTS (SELECT 1 FROM mine WHERE mine.enterprise_id = b.enterprise_id) THEN 'enterprise' ELSE 'institution' END AS side
      FROM booking b
      JOIN instrument i ON i.id = b.instrument_id
      JOIN service_item si ON si.id = b.service_item_id
      JOIN institution inst ON inst.id = i.institution_id
      JOIN enterprise e ON e.id = b.enterprise_id
     WHERE b.status::text = ANY(${[...FEED_STATES]}::text[])
       AND (   b.enterprise_id IN (SELECT enterprise_id FROM mine WHERE role = 'enterprise_member')
            OR i.institution_id IN (SELECT institution_id FROM mine WHERE role = 'institution_staff'))
       AND COALESCE(b.ends_at, b.wanted_by::timestamptz + interval '1 day', b.created_at) >= ${since}::timestamptz
     ORDER BY COALESCE(b.starts_at, b.wanted_by::timestamptz, b.created_at), b.id
     LIMIT ${FEED_LIMIT}`
  return { userName: user.name, locale: mailLocale(user.locale), bookings: rows.map(toFeedBooking) }
}

export type InstrumentFeed = { instrumentName: string; assetNo: string; bookings: FeedBooking[] }

/** The bookings of the instrument whose token this is, as its institution sees them. */
export async function findInstrumentFeed(db: Db, token: string, now: Date): Promise<InstrumentFeed | null> {
  const instruments = await db.$queryRaw<{ id: string; name: string; asset_no: string }[]>`
    SELECT id::text AS id, name, asset_no FROM instrument WHERE calendar_token = ${token}`
  const instrument = instruments[0]
  if (!instrument) return null
  const since = new Date(now.getTime() - FEED_DAYS_BACK * 86_400_000)
  const rows = await db.$queryRaw<FeedRow[]>`
    SELECT b.id::text AS id, b.status::text AS status, b.starts_at, b.ends_at, to_char(b.wanted_by, 'YYYY-MM-DD') AS wanted_by,
           b.updated_at, b.quantity, b.unit::text AS unit, b.purpose,
           i.name AS instrument_name, i.name_en AS instrument_name_en, si.name AS service_item_name,
           si.name_en AS service_item_name_en, inst.name AS institution_name, inst.name_en AS institution_name_en,
           e.name AS enterprise_name, i.address, i.lab, 'institution' AS side
      FROM booking b
      JOIN instrument i ON i.id = b.instrument_id
      JOIN service_item si ON si.id = b.service_item_id
      JOIN institution inst ON inst.id = i.institution_id
      JOIN enterprise e ON e.id = b.enterprise_id
     WHERE b.instrument_id = ${instrument.id}::uuid
       AND b.status::text = ANY(${[...FEED_STATES]}::text[])
       AND COALESCE(b.ends_at, b.wanted_by::timestamptz + interval '1 day', b.created_at) >= ${since}::timestamptz
     ORDER BY COALESCE(b.starts_at, b.wanted_by::timestamptz, b.created_at), b.id
     LIMIT ${FEED_LIMIT}`
  return { instrumentName: instrument.name, assetNo: instrument.asset_no, bookings: rows.map(toFeedBooking) }
}

// --- tokens -------------------------------------------------------------------------------------

/** The user's current token, or null when they have none yet. */
export async function getUserCalendarToken(db: Db, userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { calendarToken: true } })
  return user?.calendarToken ?? null
}

/**
 * Creates the user's token when they have none (`reset: false`; two clicks at once get the same
 * one) or replaces it (`reset: true`: the old URL stops working at once). Audited; the token itself
 * never goes into the audit log.
 */
export async function issueUserCalendarToken(
  ctx: { db?: Db; now?: Date },
  input: { userId: string; reset: boolean },
): Promise<Outcome<{ token: string; changed: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inTransaction(db, async (tx) => {
    const fresh = newCalendarToken()
    const rows = input.reset
      ? await tx.$queryRaw<{ token: string; changed: boolean }[]>`
          UPDATE app_user SET calendar_token = ${fresh} WHERE id = ${input.userId}::uuid
          RETURNING calendar_token AS token, true AS changed`
      : await tx.$queryRaw<{ token: string; changed: boolean }[]>`
          UPDATE app_user SET calendar_token = COALESCE(calendar_token, ${fresh}) WHERE id = ${input.userId}::uuid
          RETURNING calendar_token AS token, calendar_token = ${fresh} AS changed`
    const row = rows[0]
    if (!row) throw new Refusal('user-not-found', { userId: input.userId })
    if (row.changed)
      await auditToken(tx, now, input.userId, input.reset, { entityType: 'user', entityId: input.userId })
    return { token: row.token, changed: row.changed }
  })
}

/** The instrument's current token if the instrument belongs to `institutionId`; undefined when it does not. */
export async function getInstrumentCalendarToken(
  db: Db,
  input: { instrumentId: string; institutionId: string },
): Promise<string | null | undefined> {
  const instrument = await db.instrument.findFirst({
    where: { id: input.instrumentId, institutionId: input.institutionId },
    select: { calendarToken: true },
  })
  return instrument ? instrument.calendarToken : undefined
}

/** Creates or replaces an instrument's token; only for its own institution (the query carries the id). */
export async function issueInstrumentCalendarToken(
  ctx: { db?: Db; now?: Date },
  input: { instrumentId: string; institutionId: string; actorUserId: string; reset: boolean },
): Promise<Outcome<{ token: string; changed: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inTransaction(db, async (tx) => {
    const fresh = newCalendarToken()
    const rows = input.reset
      ? await tx.$queryRaw<{ token: string; changed: boolean }[]>`
          UPDATE instrument SET calendar_token = ${fresh}
           WHERE id = ${input.instrumentId}::uuid AND institution_id = ${input.institutionId}::uuid
          RETURNING calendar_token AS token, true AS changed`
      : await tx.$queryRaw<{ token: string; changed: boolean }[]>`
          UPDATE instrument SET calendar_token = COALESCE(calendar_token, ${fresh})
           WHERE id = ${input.instrumentId}::uuid AND institution_id = ${input.institutionId}::uuid
          RETURNING calendar_token AS token, calendar_token = ${fresh} AS changed`
    const row = rows[0]
    if (!row) throw new Refusal('not-found', { instrumentId: input.instrumentId })
    if (row.changed) {
      await appendAudit(tx, {
        actorUserId: input.actorUserId,
        orgType: 'institution',
        orgId: input.institutionId,
        action: input.reset ? 'instrument.calendar-token.reset' : 'instrument.calendar-token.created',
        entityType: 'instrument',
        entityId: input.instrumentId,
        at: now,
      })
    }
    return { token: row.token, changed: row.changed }
  })
}

async function auditToken(
  tx: Tx,
  now: Date,
  userId: string,
  reset: boolean,
  entity: { entityType: string; entityId: string },
) {
  await appendAudit(tx, {
    actorUserId: userId,
    orgType: 'platform',
    orgId: 'platform',
    action: reset ? 'user.calendar-token.reset' : 'user.calendar-token.created',
    ...entity,
    at: now,
  })
}

/**
 * The origin to put in a feed URL: APP_ORIGIN when the deployment sets it (behind a proxy the
 * request may say http://internal), else the origin the browser used (development, the demo).
 */
export function publicOrigin(request: Request): string {
  return process.env.APP_ORIGIN ? getEnv().APP_ORIGIN : new URL(request.url).origin
}
