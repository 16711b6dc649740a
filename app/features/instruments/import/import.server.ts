// The import use case: check an uploaded file (every row), then write the valid rows in ONE
// transaction — instruments matched on (institution, asset number), their main service item on
// (instrument, name) — with ONE audit row for the import that carries every instrument created
// (its values) or changed (before / after of the changed fields only), so a 500-row import costs
// one link of the institution's hash chain rather than 500 (measured: the per-row chain was the
// slowest part of the write). Nothing is written when the file has problems, unless the person chose to
// import only the valid rows.
import { createHash, randomUUID } from 'node:crypto'
import type { Prisma } from '~/generated/prisma/client'
import { appendAudit } from '~/features/audit/audit.server'
import type { Db, Tx } from '~/infra/db.server'
import { inTransaction, Refusal, refused, sqlStateOf, SQLSTATE, type Outcome } from '~/infra/tx.server'
import type { FileProblem } from './file-format'
import { readUpload, type SheetRows } from './read-file.server'
import {
  validateRows,
  type ImportRow,
  type InstrumentFields,
  type ProblemCode,
  type ServiceItemFields,
  type Validation,
} from './rows'
import type { CategoryRow } from './template-file.server'

export type ImportMode = 'all' | 'valid-only'

export async function loadCategories(db: Db | Tx): Promise<CategoryRow[]> {
  return db.instrumentCategory.findMany({
    select: { code: true, name: true, nameEn: true, parentCode: true },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
  })
}

export type CheckedFile =
  | { ok: false; problem: FileProblem; params?: Record<string, string | number> }
  | ({ ok: true; sha256: string; sheet: Omit<SheetRows, 'rows'>; totalRows: number } & Validation)

/** Reads and validates an upload (no writes). */
export async function checkUpload(db: Db | Tx, bytes: Uint8Array, today: Date): Promise<CheckedFile> {
  const read = await readUpload(bytes)
  if (!read.ok) return read
  const categories = await loadCategories(db)
  const validation = validateRows(read.rows, { categories, today, originalValueInWan: read.originalValueInWan })
  const { rows, ok: _ok, ...sheet } = read
  return {
    ok: true,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sheet,
    totalRows: rows.length,
    ...validation,
  }
}

export type SkippedRow = { row: number; assetNo: string; codes: ProblemCode[] }
export type ImportSummary = {
  importId: string
  created: number
  updated: number
  unchanged: number
  skipped: SkippedRow[]
}

export type ImportActor = { userId: string; institutionId: string }

/** One instrument in the import's audit row. */
export type ImportChange = {
  op: 'create' | 'update'
  row: number
  instrumentId: string
  assetNo: string
  before?: Record<string, unknown>
  after: Record<string, unknown>
}

type ExistingInstrument = Prisma.InstrumentGetPayload<{ include: { serviceItems: true } }>

const INSTRUMENT_FIELDS = [
  'name',
  'nameEn',
  'model',
  'manufacturer',
  'country',
  'originalValueFen',
  'inUseSince',
  'categoryCode',
  'lab',
  'address',
  'specifications',
  'researchFields',
  'uses',
  'accessories',
  'accreditation',
  'contactName',
  'contactPhone',
  'sharingStatus',
  'bookingMode',
] as const satisfies readonly (keyof InstrumentFields)[]

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  return a === b
}

/** The fields of `row` that differ from the stored instrument: [before, after] pairs. */
function instrumentChanges(existing: ExistingInstrument, row: InstrumentFields) {
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  for (const key of INSTRUMENT_FIELDS) {
    if (!same(existing[key], row[key])) {
      before[key] = existing[key]
      after[key] = row[key]
    }
  }
  return { before, after }
}

/**
 * Writes the checked rows. `mode: 'all'` refuses ('has-problems') when any row has a problem;
 * 'valid-only' writes exactly the valid rows and reports the others as skipped.
 */
export async function importInstruments(
  db: Db,
  actor: ImportActor,
  checked: Validation & { sha256: string; fileName: string; totalRows: number },
  { mode, now = new Date() }: { mode: ImportMode; now?: Date },
): Promise<Outcome<ImportSummary>> {
  if (mode === 'all' && checked.problems.length > 0)
    return refused('has-problems', { problems: checked.problems.length })
  if (checked.rows.length === 0) return refused('no-valid-rows')
  try {
    return await inTransaction(db, (tx) => write(tx, actor, checked, mode, now))
  } catch (error) {
    // The single-instrument form created the same asset number meanwhile: nothing was written.
    if (sqlStateOf(error) === SQLSTATE.uniqueViolation) return refused('conflict')
    throw error
  }
}

async function write(
  tx: Tx,
  actor: ImportActor,
  checked: Validation & { sha256: string; fileName: string; totalRows: number },
  mode: ImportMode,
  now: Date,
): Promise<ImportSummary> {
  // One import per institution at a time, and only while it is admitted.
  const locked = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM institution WHERE id = ${actor.institutionId}::uuid FOR UPDATE`
  if (locked[0]?.status !== 'verified') throw new Refusal('institution-not-admitted')

  const existing = await tx.instrument.findMany({
    where: { institutionId: actor.institutionId, assetNo: { in: checked.rows.map((r) => r.instrument.assetNo) } },
    include: { serviceItems: true },
  })
  const byAssetNo = new Map(existing.map((i) => [i.assetNo, i]))
  const audit = { actorUserId: actor.userId, orgType: 'institution' as const, orgId: actor.institutionId, at: now }
  let created = 0
  let updated = 0
  let unchanged = 0
  const changes: ImportChange[] = []
  const instrumentUpdates: (InstrumentFields & { id: string })[] = []
  const itemUpdates: ItemUpdate[] = []
  const itemCreates: (ServiceItemFields & { instrumentId: string })[] = []

  // New instruments in two statements (ids made here, so their service items can follow).
  const fresh = checked.rows.filter((r) => !byAssetNo.has(r.instrument.assetNo))
  const freshIds = new Map(fresh.map((r) => [r.rowNumber, randomUUID()]))
  if (fresh.length > 0) {
    await tx.instrument.createMany({
      data: fresh.map((r) => ({
        id: freshIds.get(r.rowNumber)!,
        institutionId: actor.institutionId,
        assetNo: r.instrument.assetNo,
        ...pick(r.instrument),
        createdAt: now,
        updatedAt: now,
      })),
    })
    const items = fresh.filter((r) => r.serviceItem)
    if (items.length > 0) {
      await tx.serviceItem.createMany({
        data: items.map((r) => ({ instrumentId: freshIds.get(r.rowNumber)!, ...r.serviceItem! })),
      })
    }
  }

  for (const row of checked.rows) {
    const current = byAssetNo.get(row.instrument.assetNo)
    if (!current) {
      created += 1
      changes.push({
        op: 'create',
        row: row.rowNumber,
        instrumentId: freshIds.get(row.rowNumber)!,
        assetNo: row.instrument.assetNo,
        after: { ...pick(row.instrument), serviceItem: row.serviceItem },
      })
      continue
    }
    const { before, after } = instrumentChanges(current, row.instrument)
    if (Object.keys(after).length > 0) instrumentUpdates.push({ id: current.id, ...row.instrument })
    const itemChange = serviceItemChange(current, row)
    if (itemChange) {
      if (itemChange.update) itemUpdates.push(itemChange.update)
      if (itemChange.create) itemCreates.push({ instrumentId: current.id, ...itemChange.create })
      before.serviceItem = itemChange.before
      after.serviceItem = itemChange.after
    }
    if (Object.keys(after).length === 0) {
      unchanged += 1
      continue
    }
    updated += 1
    changes.push({
      op: 'update',
      row: row.rowNumber,
      instrumentId: current.id,
      assetNo: current.assetNo,
      before,
      after,
    })
  }
  await updateInstruments(tx, instrumentUpdates, now)
  await updateServiceItems(tx, itemUpdates)
  if (itemCreates.length > 0) await tx.serviceItem.createMany({ data: itemCreates })

  const importId = randomUUID()
  const skipped: SkippedRow[] = checked.invalidRows.map(({ row, assetNo }) => ({
    row,
    assetNo,
    codes: [...new Set(checked.problems.filter((p) => p.row === row).map((p) => p.code))],
  }))
  await appendAudit(tx, {
    ...audit,
    action: 'instrument.import',
    entityType: 'instrument_import',
    entityId: importId,
    after: {
      fileName: checked.fileName,
      sha256: checked.sha256,
      mode,
      rows: checked.totalRows,
      created,
      updated,
      unchanged,
      skipped: skipped.map((s) => ({ row: s.row, assetNo: s.assetNo, codes: s.codes })),
      changes,
    },
  })
  return { importId, created, updated, unchanged, skipped }
}

function pick(row: InstrumentFields) {
  return Object.fromEntries(INSTRUMENT_FIELDS.map((k) => [k, row[k]])) as Pick<
    InstrumentFields,
    (typeof INSTRUMENT_FIELDS)[number]
  >
}

type ItemUpdate = { id: string; unit: string; feeFen: number; minQuantity: number; isActive: boolean }

/** What the row's service item changes on the instrument's item of the same name (created when missing). */
function serviceItemChange(
  instrument: ExistingInstrument,
  row: ImportRow,
): { before: unknown; after: unknown; update?: ItemUpdate; create?: ServiceItemFields } | null {
  const item = row.serviceItem
  if (!item) return null
  const match = instrument.serviceItems.find((s) => s.name === item.name)
  if (!match) return { before: null, after: item, create: item }
  const next = { unit: item.unit, feeFen: item.feeFen, minQuantity: item.minQuantity, isActive: true }
  const prev = { unit: match.unit, feeFen: match.feeFen, minQuantity: match.minQuantity, isActive: match.isActive }
  if ((Object.keys(next) as (keyof typeof next)[]).every((k) => prev[k] === next[k])) return null
  // DOMAIN: bookings keep their fee snapshot, so changing the published fee never alters one.
  return {
    before: { name: match.name, ...prev },
    after: { name: item.name, ...next },
    update: { id: match.id, ...next },
  }
}

/** Every changed instrument in one statement (a row per instrument through jsonb_to_recordset). */
async function updateInstruments(tx: Tx, rows: (InstrumentFields & { id: string })[], now: Date): Promise<void> {
  if (rows.length === 0) return
  const payload = JSON.stringify(
    rows.map((r) => ({
      ...r,
      originalValueFen: r.originalValueFen.toString(),
      inUseSince: r.inUseSince ? r.inUseSince.toISOString().slice(0, 10) : null,
    })),
  )
  const count = await tx.$executeRaw`
    UPDATE instrument i SET
      name = v."name", name_en = v."nameEn", model = v."model", manufacturer = v."manufacturer",
      country = v."country", original_value_fen = v."originalValueFen", in_use_since = v."inUseSince",
      category_code = v."categoryCode", lab = v."lab", address = v."address",
      specifications = v."specifications", research_fields = v."researchFields", uses = v."uses",
      accessories = v."accessories", accreditation = v."accreditation", contact_name = v."contactName",
      contact_phone = v."contactPhone", sharing_status = v."sharingStatus"::sharing_status,
      booking_mode = v."bookingMode"::booking_mode, updated_at = ${now}
    FROM jsonb_to_recordset(${payload}::jsonb) AS v(
      "id" uuid, "name" text, "nameEn" text, "model" text, "manufacturer" text, "country" text,
      "originalValueFen" bigint, "inUseSince" date, "categoryCode" text, "lab" text, "address" text,
      "specifications" text, "researchFields" text, "uses" text, "accessories" text,
      "accreditation" text, "contactName" text, "contactPhone" text, "sharingStatus" text, "bookingMode" text)
    WHERE i.id = v."id"`
  if (count !== rows.length) throw new Error(`import: updated ${count} instruments, expected ${rows.length}`)
}

async function updateServiceItems(tx: Tx, rows: ItemUpdate[]): Promise<void> {
  if (rows.length === 0) return
  const count = await tx.$executeRaw`
    UPDATE service_item s SET unit = v."unit"::service_unit, fee_fen = v."feeFen", min_quantity = v."minQuantity",
           is_active = v."isActive"
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           AS v("id" uuid, "unit" text, "feeFen" int, "minQuantity" int, "isActive" boolean)
     WHERE s.id = v."id"`
  if (count !== rows.length) throw new Error(`import: updated ${count} service items, expected ${rows.length}`)
}
