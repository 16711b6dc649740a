// Idempotent upserts of the demo institutions, their instruments and the demo enterprises,
// each by its natural key: USCC; (institution, asset_no); (instrument, service item name).
import type { Db } from '~/infra/db.server'
import { DEMO_ENTERPRISES } from './enterprises'
import { DEMO_INSTITUTIONS } from './institutions'
import { demoInstruments, type DemoBlackout, type DemoInstrument, type DemoOpenHours } from './instruments'

const WAN_FEN = 1_000_000n

/** Returns institution key → id. */
export async function seedInstitutions(db: Db): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const inst of DEMO_INSTITUTIONS) {
    const data = {
      name: inst.name,
      nameEn: inst.nameEn,
      type: inst.type,
      regionId: inst.regionId,
      status: inst.status,
      legalRep: inst.legalRep,
      cmaNo: inst.cmaNo,
      cnasNo: inst.cnasNo,
      bankName: inst.bankName,
      bankAccount: inst.bankAccount,
      contactName: inst.contactName,
      contactPhone: inst.contactPhone,
      address: inst.address,
    }
    const row = await db.institution.upsert({
      where: { uscc: inst.uscc },
      create: { uscc: inst.uscc, ...data },
      update: data,
      select: { id: true },
    })
    ids.set(inst.key, row.id)
  }
  return ids
}

/** Returns enterprise key → id. `institutionIds` (key → id) resolves declared related parties. */
export async function seedEnterprises(db: Db, institutionIds: Map<string, string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const e of DEMO_ENTERPRISES) {
    const data = {
      name: e.name,
      regionId: e.regionId,
      status: e.status,
      smeRegNo: e.smeRegNo,
      smeRegYear: e.smeRegYear,
      otherStatus: e.otherStatus,
      legalRep: e.legalRep,
      staffCount: e.staffCount,
      salesFen: BigInt(e.salesWan) * WAN_FEN,
      assetsFen: BigInt(e.assetsWan) * WAN_FEN,
      contactName: e.contactName,
      contactPhone: e.contactPhone,
      address: e.address,
      bankAccount: e.bankAccount,
      controllerGroup: e.controllerGroup ?? null,
    }
    const row = await db.enterprise.upsert({
      where: { uscc: e.uscc },
      create: { uscc: e.uscc, ...data },
      update: data,
      select: { id: true },
    })
    ids.set(e.key, row.id)
    for (const party of e.relatedParties ?? []) {
      const institutionId = institutionIds.get(party.institutionKey)
      if (!institutionId)
        throw new Error(`enterprise ${e.key}: related institution ${party.institutionKey} was not seeded`)
      const declared = { relation: party.relation, note: party.note ?? null }
      await db.enterpriseRelatedParty.upsert({
        where: { enterpriseId_institutionId: { enterpriseId: row.id, institutionId } },
        create: { enterpriseId: row.id, institutionId, ...declared },
        update: declared,
      })
    }
  }
  return ids
}

function sameOpenHours(a: DemoOpenHours[], b: DemoOpenHours[]) {
  const key = (rows: DemoOpenHours[]) =>
    rows
      .map((r) => `${r.weekday}:${r.startMinute}-${r.endMinute}`)
      .sort()
      .join(',')
  return key(a) === key(b)
}

function sameBlackouts(a: DemoBlackout[], b: { startsAt: Date; endsAt: Date; reason: string | null }[]) {
  const key = (rows: { startsAt: Date; endsAt: Date; reason: string | null }[]) =>
    rows
      .map((r) => `${r.startsAt.toISOString()}/${r.endsAt.toISOString()}/${r.reason ?? ''}`)
      .sort()
      .join(',')
  return key(a) === key(b)
}

async function seedInstrument(db: Db, institutionId: string, d: DemoInstrument): Promise<string> {
  const data = {
    name: d.name,
    nameEn: d.nameEn,
    model: d.model,
    manufacturer: d.manufacturer,
    country: d.country,
    originalValueFen: d.originalValueFen,
    inUseSince: d.inUseSince,
    categoryCode: d.categoryCode,
    lab: d.lab,
    address: d.address,
    specifications: d.specifications,
    researchFields: d.researchFields,
    uses: d.uses,
    accessories: d.accessories,
    accreditation: d.accreditation,
    contactName: d.contactName,
    contactPhone: d.contactPhone,
    sharingStatus: d.sharingStatus,
    bookingMode: d.bookingMode,
  }
  const { id } = await db.instrument.upsert({
    where: { institutionId_assetNo: { institutionId, assetNo: d.assetNo } },
    create: { institutionId, assetNo: d.assetNo, ...data },
    update: data,
    select: { id: true },
  })

  // Service items are referenced by bookings, so they are updated in place, never replaced.
  const existing = await db.serviceItem.findMany({ where: { instrumentId: id } })
  for (const s of d.services) {
    const item = {
      nameEn: s.nameEn,
      unit: s.unit,
      feeFen: s.feeFen,
      minQuantity: s.minQuantity,
      description: s.description,
      isActive: true,
    }
    const found = existing.find((e) => e.name === s.name)
    if (found) await db.serviceItem.update({ where: { id: found.id }, data: item })
    else await db.serviceItem.create({ data: { instrumentId: id, name: s.name, ...item } })
  }
  // An item the demo no longer lists is withdrawn (bookings may still point at it).
  const stale = existing.filter((e) => e.isActive && !d.services.some((s) => s.name === e.name))
  if (stale.length > 0)
    await db.serviceItem.updateMany({ where: { id: { in: stale.map((e) => e.id) } }, data: { isActive: false } })

  // Open hours and blackouts have no natural key: replace the set only when it differs.
  const hours = await db.openHours.findMany({ where: { instrumentId: id } })
  if (!sameOpenHours(d.openHours, hours)) {
    await db.openHours.deleteMany({ where: { instrumentId: id } })
    await db.openHours.createMany({ data: d.openHours.map((h) => ({ instrumentId: id, ...h })) })
  }
  const blackouts = await db.blackout.findMany({ where: { instrumentId: id } })
  if (!sameBlackouts(d.blackouts, blackouts)) {
    await db.blackout.deleteMany({ where: { instrumentId: id } })
    await db.blackout.createMany({ data: d.blackouts.map((b) => ({ instrumentId: id, ...b })) })
  }
  return id
}

/** Returns the demo instruments with their ids (index order). */
export async function seedInstruments(db: Db, institutionIds: Map<string, string>, count?: number) {
  const out: (DemoInstrument & { id: string })[] = []
  for (const d of demoInstruments(count)) {
    const institutionId = institutionIds.get(d.institutionKey)
    if (!institutionId) throw new Error(`instrument ${d.assetNo}: institution ${d.institutionKey} was not seeded`)
    out.push({ ...d, id: await seedInstrument(db, institutionId, d) })
  }
  return out
}
