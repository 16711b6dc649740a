// Usage totals per instrument for one year (Asia/Shanghai calendar year): SQL only; the figures
// (rates, roll-ups) are utilisation.ts. The reach puts ownership into the query: staff see their
// institution's instruments, a county officer the institutions in the county, the bureau all.
import { Prisma, type InstitutionType, type SharingStatus } from '~/generated/prisma/client'
import { shanghaiMidnight } from '~/features/availability/free-slots'
import type { Db, Tx } from '~/infra/db.server'
import type { Reach } from '~/infra/permissions'
import {
  COMPLETED_STATES,
  rollUpByInstitution,
  utilisationFigures,
  ZERO_TOTALS,
  addTotals,
  type UsageTotals,
  type UtilisationFigures,
  type UtilisationNorm,
} from './utilisation'

export type InstrumentUsage = UsageTotals & {
  instrumentId: string
  name: string
  model: string | null
  sharingStatus: SharingStatus
  institutionId: string
  institutionName: string
  institutionNameEn: string | null
  institutionType: InstitutionType
  regionName: string
}

type Row = Omit<InstrumentUsage, 'incomeFen'> & { incomeFen: string }

function reachCondition(reach: Reach): Prisma.Sql {
  switch (reach.kind) {
    case 'any':
      return Prisma.sql`inst.status IN ('verified', 'suspended')`
    case 'region':
      return Prisma.sql`inst.status IN ('verified', 'suspended')
        AND (inst.region_id = ANY(${reach.regionIds}::text[]) OR r.parent_id = ANY(${reach.regionIds}::text[]))`
    case 'own':
      return Prisma.sql`inst.id = ANY(${reach.institutionIds}::uuid[])`
    case 'none':
      return Prisma.sql`false`
  }
}

/**
 * Per instrument: minutes and fees of completed bookings that started in the year (a booking
 * without a time range counts from when it was made; its minutes are its quantity when billed by
 * the hour, otherwise none), plus the declared internal use. Retired instruments appear only when
 * they were used that year.
 */
export async function instrumentUsage(
  db: Db | Tx,
  { year, reach }: { year: number; reach: Reach },
): Promise<InstrumentUsage[]> {
  const from = new Date(shanghaiMidnight(`${year}-01-01`))
  const to = new Date(shanghaiMidnight(`${year + 1}-01-01`))
  const rows = await db.$queryRaw<Row[]>`
    WITH done AS (
      SELECT b.instrument_id,
             sum(CASE WHEN b.during IS NOT NULL THEN extract(epoch FROM upper(b.during) - lower(b.during)) / 60
                      WHEN b.unit = 'hour' THEN b.quantity * 60
                      ELSE 0 END)::bigint AS minutes,
             sum(b.fee_fen)::bigint AS income,
             count(*)::int AS n
      FROM booking b
      WHERE b.status::text = ANY(${[...COMPLETED_STATES]}::text[])
        AND coalesce(b.starts_at, b.created_at) >= ${from}::timestamptz
        AND coalesce(b.starts_at, b.created_at) < ${to}::timestamptz
      GROUP BY b.instrument_id
    )
    SELECT i.id::text AS "instrumentId", i.name, i.model, i.sharing_status::text AS "sharingStatus",
           inst.id::text AS "institutionId", inst.name AS "institutionName", inst.name_en AS "institutionNameEn",
           inst.type::text AS "institutionType", r.name AS "regionName",
           coalesce(done.minutes, 0)::int AS "externalMinutes",
           coalesce(u.minutes, 0)::int AS "internalMinutes",
           coalesce(done.income, 0)::text AS "incomeFen",
           coalesce(done.n, 0)::int AS "completedBookings"
    FROM instrument i
    JOIN institution inst ON inst.id = i.institution_id
    JOIN region r ON r.id = inst.region_id
    LEFT JOIN done ON done.instrument_id = i.id
    LEFT JOIN instrument_internal_use u ON u.instrument_id = i.id AND u.year = ${year}
    WHERE ${reachCondition(reach)}
      AND (i.sharing_status <> 'retired' OR done.n > 0 OR u.minutes > 0)
    ORDER BY inst.name, coalesce(done.minutes, 0) + coalesce(u.minutes, 0) DESC, i.name, i.id`
  return rows.map((row) => ({ ...row, incomeFen: BigInt(row.incomeFen) }))
}

export type UtilisationReport = {
  year: number
  normHours: UtilisationNorm
  instruments: (Omit<InstrumentUsage, 'incomeFen'> & { figures: JsonFigures })[]
  institutions: {
    institutionId: string
    institutionName: string
    institutionNameEn: string | null
    regionName: string
    figures: JsonFigures
  }[]
  total: JsonFigures
}

/** Figures with the fen as a decimal string, so they survive JSON. */
export type JsonFigures = Omit<UtilisationFigures, 'incomeFen'> & { incomeFen: string }

function toJson(f: UtilisationFigures): JsonFigures {
  return { ...f, incomeFen: f.incomeFen.toString() }
}

export async function utilisationReport(
  db: Db | Tx,
  { year, reach, normHours }: { year: number; reach: Reach; normHours: UtilisationNorm },
): Promise<UtilisationReport> {
  const rows = await instrumentUsage(db, { year, reach })
  const byInstitution = rollUpByInstitution(rows)
  const total = rows.reduce<UsageTotals>((sum, row) => addTotals(sum, row), ZERO_TOTALS)
  return {
    year,
    normHours,
    instruments: rows.map(({ incomeFen, ...row }) => ({
      ...row,
      figures: toJson(utilisationFigures({ ...row, incomeFen }, { normHours })),
    })),
    institutions: [...byInstitution.values()].map(({ totals, instruments, first }) => ({
      institutionId: first.institutionId,
      institutionName: first.institutionName,
      institutionNameEn: first.institutionNameEn,
      regionName: first.regionName,
      figures: toJson(utilisationFigures(totals, { normHours, instruments })),
    })),
    total: toJson(utilisationFigures(total, { normHours, instruments: rows.length })),
  }
}
