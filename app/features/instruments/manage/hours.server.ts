// Use cases: weekly open hours (replaced as a whole week, as the form edits them) and dated
// exceptions — blackouts (maintenance, holidays) and extra openings — in Asia/Shanghai, stored as UTC.
import { isUuid } from '~/infra/uuid'
import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Tx } from '~/infra/db.server'
import { inTransaction, Refusal, refused, type Outcome } from '~/infra/tx.server'
import type { Actor, Ctx } from './instruments.server'
import type { MinuteRange } from './open-hours'
import type { ExceptionInput } from './schemas'

async function assertOwn(tx: Tx, actor: Actor, instrumentId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM instrument
     WHERE id = ${instrumentId}::uuid AND institution_id = ${actor.institutionId}::uuid FOR UPDATE`
  if (!rows[0]) throw new Refusal('not-found', { instrumentId })
}

const week = (rows: (MinuteRange & { weekday: number })[]) =>
  [...rows]
    .sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute)
    .map((r) => ({ weekday: r.weekday, startMinute: r.startMinute, endMinute: r.endMinute }))

export async function replaceOpenHours(
  ctx: Ctx,
  actor: Actor,
  instrumentId: string,
  rows: (MinuteRange & { weekday: number })[],
): Promise<Outcome<{ instrumentId: string; changed: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(instrumentId)) return refused('not-found', { instrumentId })
  return inTransaction(db, async (tx) => {
    await assertOwn(tx, actor, instrumentId)
    const before = week(
      await tx.openHours.findMany({
        where: { instrumentId },
        select: { weekday: true, startMinute: true, endMinute: true },
      }),
    )
    const after = week(rows)
    if (JSON.stringify(before) === JSON.stringify(after)) return { instrumentId, changed: false }
    await tx.openHours.deleteMany({ where: { instrumentId } })
    if (after.length > 0) await tx.openHours.createMany({ data: after.map((r) => ({ ...r, instrumentId })) })
    await tx.instrument.update({ where: { id: instrumentId }, data: { updatedAt: now } })
    await appendAudit(tx, {
      actorUserId: actor.userId,
      orgType: 'institution',
      orgId: actor.institutionId,
      action: 'instrument.open_hours',
      entityType: 'instrument',
      entityId: instrumentId,
      before,
      after,
      at: now,
    })
    return { instrumentId, changed: true }
  })
}

export async function addException(
  ctx: Ctx,
  actor: Actor,
  instrumentId: string,
  input: ExceptionInput,
): Promise<Outcome<{ exceptionId: string }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(instrumentId)) return refused('not-found', { instrumentId })
  return inTransaction(db, async (tx) => {
    await assertOwn(tx, actor, instrumentId)
    const row = await tx.blackout.create({
      data: {
        instrumentId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        isExtraOpen: input.kind === 'extra',
        reason: input.reason,
      },
    })
    await appendAudit(tx, {
      actorUserId: actor.userId,
      orgType: 'institution',
      orgId: actor.institutionId,
      action: 'instrument.exception_add',
      entityType: 'blackout',
      entityId: row.id,
      after: row,
      at: now,
    })
    return { exceptionId: row.id }
  })
}

export async function removeException(
  ctx: Ctx,
  actor: Actor,
  exceptionId: string,
): Promise<Outcome<{ exceptionId: string }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(exceptionId)) return refused('not-found', { exceptionId })
  return inTransaction(db, async (tx) => {
    const row = await tx.blackout.findFirst({
      where: { id: exceptionId, instrument: { institutionId: actor.institutionId } },
    })
    if (!row) throw new Refusal('not-found', { exceptionId })
    await tx.blackout.delete({ where: { id: row.id } })
    await appendAudit(tx, {
      actorUserId: actor.userId,
      orgType: 'institution',
      orgId: actor.institutionId,
      action: 'instrument.exception_remove',
      entityType: 'blackout',
      entityId: row.id,
      before: row,
      at: now,
    })
    return { exceptionId }
  })
}
