// Use cases: service items (服务项目) and their published fees. DOMAIN: a booking keeps the fee it
// was made at (booking.unit_fee_fen), so editing a fee here changes future bookings only.
import { isUuid } from '~/infra/uuid'
import { appendAudit } from '~/features/audit/audit.server'
import { getDb } from '~/infra/db.server'
import { inTransaction, Refusal, refused, type Outcome } from '~/infra/tx.server'
import type { Actor, Ctx } from './instruments.server'
import type { ServiceItemInput } from './schemas'

function audit(actor: Actor) {
  return {
    actorUserId: actor.userId,
    orgType: 'institution' as const,
    orgId: actor.institutionId,
    entityType: 'service_item',
  }
}

export async function addServiceItem(
  ctx: Ctx,
  actor: Actor,
  instrumentId: string,
  input: ServiceItemInput,
): Promise<Outcome<{ serviceItemId: string }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(instrumentId)) return refused('not-found', { instrumentId })
  return inTransaction(db, async (tx) => {
    const owned = await tx.instrument.findFirst({
      where: { id: instrumentId, institutionId: actor.institutionId },
      select: { id: true },
    })
    if (!owned) throw new Refusal('not-found', { instrumentId })
    const item = await tx.serviceItem.create({ data: { ...input, instrumentId } })
    await appendAudit(tx, { ...audit(actor), action: 'service_item.create', entityId: item.id, after: item, at: now })
    return { serviceItemId: item.id }
  })
}

export async function updateServiceItem(
  ctx: Ctx,
  actor: Actor,
  serviceItemId: string,
  input: ServiceItemInput,
): Promise<Outcome<{ serviceItemId: string }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(serviceItemId)) return refused('not-found', { serviceItemId })
  return inTransaction(db, async (tx) => {
    const before = await tx.serviceItem.findFirst({
      where: { id: serviceItemId, instrument: { institutionId: actor.institutionId } },
    })
    if (!before) throw new Refusal('not-found', { serviceItemId })
    const after = await tx.serviceItem.update({ where: { id: serviceItemId }, data: input })
    await appendAudit(tx, {
      ...audit(actor),
      action: before.feeFen !== after.feeFen ? 'service_item.update_fee' : 'service_item.update',
      entityId: serviceItemId,
      before,
      after,
      at: now,
    })
    return { serviceItemId }
  })
}

/** Deactivate (no new bookings) or reactivate a service item. Items are never deleted: bookings point at them. */
export async function setServiceItemActive(
  ctx: Ctx,
  actor: Actor,
  serviceItemId: string,
  isActive: boolean,
): Promise<Outcome<{ serviceItemId: string; changed: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(serviceItemId)) return refused('not-found', { serviceItemId })
  return inTransaction(db, async (tx) => {
    const before = await tx.serviceItem.findFirst({
      where: { id: serviceItemId, instrument: { institutionId: actor.institutionId } },
      select: { isActive: true },
    })
    if (!before) throw new Refusal('not-found', { serviceItemId })
    if (before.isActive === isActive) return { serviceItemId, changed: false }
    await tx.serviceItem.update({ where: { id: serviceItemId }, data: { isActive } })
    await appendAudit(tx, {
      ...audit(actor),
      action: isActive ? 'service_item.activate' : 'service_item.deactivate',
      entityId: serviceItemId,
      before,
      after: { isActive },
      at: now,
    })
    return { serviceItemId, changed: true }
  })
}
