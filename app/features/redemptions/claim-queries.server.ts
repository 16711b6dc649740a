// Reads for the bureau's redemption claims and disputed bookings: SQL only. The officer's reach
// (officer-reach.ts) is part of every WHERE clause, so a claim out of reach is simply not found.
import { Prisma } from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import { periodDate, type ClaimListParams } from './claim-schemas'
import type { OfficerReach } from './officer-reach'

/** The reach over claims (`c`) at institutions (`inst`). */
function claimReachSql(reach: OfficerReach): Prisma.Sql {
  const parts: Prisma.Sql[] = []
  if (reach.cityIds.length > 0) {
    // 谁发券谁兑付: the city pays the claims on its vouchers wherever they were spent, and sees
    // every claim of an institution in the city or its counties.
    parts.push(Prisma.sql`(c.issuing_region_id = ANY(${reach.cityIds}::text[])
      OR inst.region_id IN (SELECT r.id FROM region r WHERE r.id = ANY(${reach.cityIds}::text[]) OR r.parent_id = ANY(${reach.cityIds}::text[])))`)
  }
  if (reach.countyIds.length > 0) parts.push(Prisma.sql`inst.region_id = ANY(${reach.countyIds}::text[])`)
  return parts.length > 0 ? Prisma.sql`(${Prisma.join(parts, ' OR ')})` : Prisma.sql`false`
}

function filterSql(params: Pick<ClaimListParams, 'status' | 'institutionId' | 'period'>): Prisma.Sql {
  const parts: Prisma.Sql[] = []
  if (params.status !== 'all') parts.push(Prisma.sql`c.status = ${params.status}`)
  if (params.institutionId) parts.push(Prisma.sql`c.institution_id = ${params.institutionId}::uuid`)
  if (params.period) parts.push(Prisma.sql`c.period = ${periodDate(params.period)}::date`)
  return parts.length > 0 ? Prisma.sql`AND ${Prisma.join(parts, ' AND ')}` : Prisma.empty
}

const FROM = Prisma.sql`FROM redemption_claim c
  JOIN booking b ON b.id = c.booking_id
  JOIN instrument i ON i.id = b.instrument_id
  JOIN institution inst ON inst.id = c.institution_id
  JOIN enterprise e ON e.id = b.enterprise_id
  JOIN voucher v ON v.id = c.voucher_id
  JOIN region ir ON ir.id = c.issuing_region_id`

type RawClaim = {
  id: string
  booking_id: string
  status: string
  amount_fen: bigint
  period: Date
  claimed_at: Date
  issuing_region_id: string
  issuing_region_name: string
  issuing_region_name_en: string
  institution_id: string
  institution_name: string
  institution_name_en: string | null
  enterprise_id: string
  enterprise_name: string
  enterprise_uscc: string
  instrument_name: string
  voucher_serial: string
  fee_fen: bigint
  final_fee_fen: bigint | null
  final_copay_fen: bigint | null
  report_no: string | null
  invoice_no: string | null
  has_report_file: boolean
  has_invoice_file: boolean
  delivered_at: Date | null
  flags: string[]
}

export type ClaimRow = {
  id: string
  bookingId: string
  status: string
  amountFen: bigint
  period: string
  claimedAt: Date
  issuingRegion: { id: string; name: string; nameEn: string }
  institution: { id: string; name: string; nameEn: string | null }
  enterprise: { id: string; name: string; uscc: string }
  instrumentName: string
  voucherSerial: string
  feeFen: bigint
  finalFeeFen: bigint | null
  finalCopayFen: bigint | null
  reportNo: string | null
  invoiceNo: string | null
  hasReportFile: boolean
  hasInvoiceFile: boolean
  deliveredAt: Date | null
  flags: string[]
}

function toClaimRow(r: RawClaim): ClaimRow {
  return {
    id: r.id,
    bookingId: r.booking_id,
    status: r.status,
    amountFen: r.amount_fen,
    period: r.period.toISOString().slice(0, 7),
    claimedAt: r.claimed_at,
    issuingRegion: { id: r.issuing_region_id, name: r.issuing_region_name, nameEn: r.issuing_region_name_en },
    institution: { id: r.institution_id, name: r.institution_name, nameEn: r.institution_name_en },
    enterprise: { id: r.enterprise_id, name: r.enterprise_name, uscc: r.enterprise_uscc },
    instrumentName: r.instrument_name,
    voucherSerial: r.voucher_serial,
    feeFen: r.fee_fen,
    finalFeeFen: r.final_fee_fen,
    finalCopayFen: r.final_copay_fen,
    reportNo: r.report_no,
    invoiceNo: r.invoice_no,
    hasReportFile: r.has_report_file,
    hasInvoiceFile: r.has_invoice_file,
    deliveredAt: r.delivered_at,
    flags: r.flags,
  }
}

const COLUMNS = Prisma.sql`c.id::text AS id, c.booking_id::text AS booking_id, c.status, c.amount_fen, c.period, c.claimed_at,
  c.issuing_region_id, ir.name AS issuing_region_name, ir.name_en AS issuing_region_name_en,
  inst.id::text AS institution_id, inst.name AS institution_name, inst.name_en AS institution_name_en,
  e.id::text AS enterprise_id, e.name AS enterprise_name, e.uscc AS enterprise_uscc,
  i.name AS instrument_name, v.serial AS voucher_serial,
  b.fee_fen, b.final_fee_fen, b.final_copay_fen, b.report_no, b.invoice_no,
  b.report_file IS NOT NULL AS has_report_file, b.invoice_file IS NOT NULL AS has_invoice_file, b.delivered_at,
  COALESCE((SELECT array_agg(f.kind ORDER BY f.raised_at, f.id) FROM booking_flag f WHERE f.booking_id = b.id), '{}'::text[]) AS flags`

export type ClaimGroup = {
  institutionId: string
  institutionName: string
  institutionNameEn: string | null
  period: string
  count: number
  amountFen: bigint
}

/**
 * The claims in reach that the filters select — a page of them in settlement order (month, newest
 * first; institution; claim time) — with totals of the whole filtered list and per institution
 * and month (the later settlement batches).
 */
export async function listClaims(db: Db | Tx, reach: OfficerReach, params: ClaimListParams) {
  const where = Prisma.sql`WHERE ${claimReachSql(reach)} ${filterSql(params)}`
  const [rows, totals, groups] = await Promise.all([
    db.$queryRaw<RawClaim[]>`SELECT ${COLUMNS} ${FROM} ${where}
      ORDER BY c.period DESC, inst.name, c.claimed_at DESC, c.id
      LIMIT ${params.pageSize} OFFSET ${(params.page - 1) * params.pageSize}`,
    db.$queryRaw<{ count: number; amount: bigint }[]>`
      SELECT count(*)::int AS count, COALESCE(sum(c.amount_fen), 0)::bigint AS amount ${FROM} ${where}`,
    db.$queryRaw<
      { institution_id: string; name: string; name_en: string | null; period: Date; count: number; amount: bigint }[]
    >`SELECT inst.id::text AS institution_id, inst.name, inst.name_en, c.period, count(*)::int AS count,
             sum(c.amount_fen)::bigint AS amount
        ${FROM} ${where}
       GROUP BY inst.id, inst.name, inst.name_en, c.period
       ORDER BY c.period DESC, inst.name`,
  ])
  return {
    rows: rows.map(toClaimRow),
    total: { count: totals[0]?.count ?? 0, amountFen: totals[0]?.amount ?? 0n },
    groups: groups.map((g): ClaimGroup => ({
      institutionId: g.institution_id,
      institutionName: g.name,
      institutionNameEn: g.name_en,
      period: g.period.toISOString().slice(0, 7),
      count: g.count,
      amountFen: g.amount,
    })),
  }
}

/** The institutions and months that have claims in reach (the filter's choices). */
export async function claimFilterOptions(db: Db | Tx, reach: OfficerReach) {
  const where = Prisma.sql`WHERE ${claimReachSql(reach)}`
  const [institutions, periods] = await Promise.all([
    db.$queryRaw<{ id: string; name: string; name_en: string | null }[]>`
      SELECT DISTINCT inst.id::text AS id, inst.name, inst.name_en ${FROM} ${where} ORDER BY inst.name`,
    db.$queryRaw<{ period: Date }[]>`SELECT DISTINCT c.period ${FROM} ${where} ORDER BY c.period DESC`,
  ])
  return {
    institutions: institutions.map((i) => ({ id: i.id, name: i.name, nameEn: i.name_en })),
    periods: periods.map((p) => p.period.toISOString().slice(0, 7)),
  }
}

/** One claim in reach, or null. */
export async function getClaimInReach(db: Db | Tx, reach: OfficerReach, claimId: string) {
  const rows = await db.$queryRaw<
    (RawClaim & { evidence: unknown; decided_at: Date | null; decision_reason: string | null })[]
  >`
    SELECT ${COLUMNS}, c.evidence, c.decided_at, c.decision_reason ${FROM}
     WHERE c.id = ${claimId}::uuid AND ${claimReachSql(reach)}`
  const r = rows[0]
  if (!r) return null
  return { ...toClaimRow(r), evidence: r.evidence, decidedAt: r.decided_at, decisionReason: r.decision_reason }
}

// ---------------------------------------------------------------------------------------------
// Disputed bookings.

/** The reach over bookings (`b`) of enterprises (`e`) at institutions (`inst`) with vouchers of programmes (`p`). */
function bookingReachSql(reach: OfficerReach): Prisma.Sql {
  const parts: Prisma.Sql[] = []
  if (reach.cityIds.length > 0) {
    const tree = Prisma.sql`(SELECT r.id FROM region r WHERE r.id = ANY(${reach.cityIds}::text[]) OR r.parent_id = ANY(${reach.cityIds}::text[]))`
    parts.push(
      Prisma.sql`(inst.region_id IN ${tree} OR e.region_id IN ${tree} OR p.region_id = ANY(${reach.cityIds}::text[]))`,
    )
  }
  if (reach.countyIds.length > 0) {
    parts.push(
      Prisma.sql`(inst.region_id = ANY(${reach.countyIds}::text[]) OR e.region_id = ANY(${reach.countyIds}::text[]))`,
    )
  }
  return parts.length > 0 ? Prisma.sql`(${Prisma.join(parts, ' OR ')})` : Prisma.sql`false`
}

const BOOKING_FROM = Prisma.sql`FROM booking b
  JOIN instrument i ON i.id = b.instrument_id
  JOIN institution inst ON inst.id = i.institution_id
  JOIN enterprise e ON e.id = b.enterprise_id
  LEFT JOIN voucher v ON v.id = b.voucher_id
  LEFT JOIN programme p ON p.id = v.programme_id`

/** Ids of disputed bookings in reach, the longest-waiting first. */
export async function listDisputedBookingIds(db: Db | Tx, reach: OfficerReach, limit = 100): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT b.id::text AS id ${BOOKING_FROM}
     WHERE b.status = 'disputed' AND ${bookingReachSql(reach)}
     ORDER BY b.disputed_at ASC NULLS LAST, b.id
     LIMIT ${limit}`
  return rows.map((r) => r.id)
}

/** Whether a booking is in the officer's reach (a disputed booking's resolve form checks this first). */
export async function bookingInReach(db: Db | Tx, reach: OfficerReach, bookingId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT b.id::text AS id ${BOOKING_FROM} WHERE b.id = ${bookingId}::uuid AND ${bookingReachSql(reach)}`
  return rows.length > 0
}
