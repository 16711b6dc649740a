// Use cases: institution staff create, edit and retire their own instruments. One transaction
// each: ownership in the WHERE clause, the row, an audit row (stream institution:<id>) with the
// record before and after. Retired instruments are never deleted (bookings and redemptions point at them).
import type { Instrument } from '~/generated/prisma/client'
import { isUuid } from '~/infra/uuid'
import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { inTransaction, Refusal, refused, sqlStateOf, SQLSTATE, type Outcome } from '~/infra/tx.server'
import { isSelectableCategory } from './queries.server'
import type { InstrumentInput } from './schemas'

export type Ctx = { db?: Db; now?: Date }
/** Who acts, and for which institution (their institution_staff membership). */
export type Actor = { userId: string; institutionId: string }

export type InstrumentReason = 'not-found' | 'asset-no-taken' | 'unknown-category'

/** The audit snapshot of an instrument: its own columns, nothing joined. */
export function instrumentSnapshot(i: Instrument) {
  const { createdAt: _created, updatedAt: _updated, ...rest } = i
  return rest
}

async function assertAssetNoFree(tx: Tx, actor: Actor, assetNo: string, exceptId: string | null) {
  const clash = await tx.instrument.findFirst({
    where: { institutionId: actor.institutionId, assetNo, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, name: true },
  })
  if (clash) throw new Refusal('asset-no-taken', { assetNo, instrumentId: clash.id, name: clash.name })
}

async function assertCategory(tx: Tx, code: string) {
  if (!(await isSelectableCategory(tx, code))) throw new Refusal('unknown-category', { categoryCode: code })
}

// The unique key (institution_id, asset_no) is the first line; the lookup above only gives the
// friendlier answer. A race between two submits ends here.
async function withUniqueAssetNo<T>(fn: () => Promise<Outcome<T>>, assetNo: string): Promise<Outcome<T>> {
  try {
    return await fn()
  } catch (error) {
    if (sqlStateOf(error) === SQLSTATE.uniqueViolation) return refused('asset-no-taken', { assetNo })
    throw error
  }
}

function columns(input: InstrumentInput) {
  return {
    assetNo: input.assetNo,
    name: input.name,
    nameEn: input.nameEn,
    model: input.model,
    manufacturer: input.manufacturer,
    country: input.country,
    originalValueFen: input.originalValueFen,
    inUseSince: input.inUseSince,
    categoryCode: input.categoryCode,
    lab: input.lab,
    address: input.address,
    specifications: input.specifications,
    researchFields: input.researchFields,
    uses: input.uses,
    accessories: input.accessories,
    accreditation: input.accreditation,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    sharingStatus: input.sharingStatus,
    bookingMode: input.bookingMode,
    minNoticeHours: input.minNoticeHours,
    maxAdvanceDays: input.maxAdvanceDays,
    slotMinutes: input.slotMinutes,
    minDurationMinutes: input.minDurationMinutes,
    maxDurationMinutes: input.maxDurationMinutes,
    bufferMinutes: input.bufferMinutes,
    requiresApproval: input.requiresApproval,
    cancelFreeHours: input.cancelFreeHours,
    cancelFeeBp: input.cancelFeeBp,
  }
}

export async function createInstrument(
  ctx: Ctx,
  actor: Actor,
  input: InstrumentInput,
): Promise<Outcome<{ instrumentId: string }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return withUniqueAssetNo(
    () =>
      inTransaction(db, async (tx) => {
        await assertCategory(tx, input.categoryCode)
        await assertAssetNoFree(tx, actor, input.assetNo, null)
        const created = await tx.instrument.create({
          data: { ...columns(input), institutionId: actor.institutionId, createdAt: now, updatedAt: now },
        })
        await appendAudit(tx, {
          actorUserId: actor.userId,
          orgType: 'institution',
          orgId: actor.institutionId,
          action: 'instrument.create',
          entityType: 'instrument',
          entityId: created.id,
          after: instrumentSnapshot(created),
          at: now,
        })
        return { instrumentId: created.id }
      }),
    input.assetNo,
  )
}

async function lockOwn(tx: Tx, actor: Actor, instrumentId: string): Promise<Instrument> {
  // FOR UPDATE: two staff saving the same instrument apply one after the other, each audited
  // against the state it replaced.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM instrument
     WHERE id = ${instrumentId}::uuid AND institution_id = ${actor.institutionId}::uuid FOR UPDATE`
  if (!rows[0]) throw new Refusal('not-found', { instrumentId })
  return tx.instrument.findFirstOrThrow({ where: { id: instrumentId, institutionId: actor.institutionId } })
}

export async function updateInstrument(
  ctx: Ctx,
  actor: Actor,
  instrumentId: string,
  input: InstrumentInput,
): Promise<Outcome<{ instrumentId: string; changed: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(instrumentId)) return refused('not-found', { instrumentId })
  return withUniqueAssetNo(
    () =>
      inTransaction(db, async (tx) => {
        const before = await lockOwn(tx, actor, instrumentId)
        await assertCategory(tx, input.categoryCode)
        await assertAssetNoFree(tx, actor, input.assetNo, instrumentId)
        const after = await tx.instrument.update({
          where: { id: instrumentId, institutionId: actor.institutionId },
          data: { ...columns(input), updatedAt: now },
        })
        const changed =
          JSON.stringify(instrumentSnapshot(before), bigintJson) !==
          JSON.stringify(instrumentSnapshot(after), bigintJson)
        if (changed) {
          await appendAudit(tx, {
            actorUserId: actor.userId,
            orgType: 'institution',
            orgId: actor.institutionId,
            action: 'instrument.update',
            entityType: 'instrument',
            entityId: instrumentId,
            before: instrumentSnapshot(before),
            after: instrumentSnapshot(after),
            at: now,
          })
        }
        return { instrumentId, changed }
      }),
    input.assetNo,
  )
}

const bigintJson = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)

/** DOMAIN: sharing status 'retired' — out of the catalogue and not bookable, never deleted. */
export async function retireInstrument(
  ctx: Ctx,
  actor: Actor,
  instrumentId: string,
): Promise<Outcome<{ instrumentId: string; changed: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(instrumentId)) return refused('not-found', { instrumentId })
  return inTransaction(db, async (tx) => {
    const before = await lockOwn(tx, actor, instrumentId)
    if (before.sharingStatus === 'retired') return { instrumentId, changed: false }
    await tx.instrument.update({
      where: { id: instrumentId, institutionId: actor.institutionId },
      data: { sharingStatus: 'retired', updatedAt: now },
    })
    await appendAudit(tx, {
      actorUserId: actor.userId,
      orgType: 'institution',
      orgId: actor.institutionId,
      action: 'instrument.retire',
      entityType: 'instrument',
      entityId: instrumentId,
      before: { sharingStatus: before.sharingStatus },
      after: { sharingStatus: 'retired' },
      at: now,
    })
    return { instrumentId, changed: true }
  })
}
