import type { Db, Tx } from '~/infra/db.server'

// Reads for voucher applications: the cap usage of an enterprise's controller group, the budget a
// programme can still promise, and the lists/detail pages. SQL only; the rules are in rules.ts.

/**
 * The controller-group key in SQL: enterprises whose declared group names match after removing
 * white space and folding case share one cap (index enterprise_controller_group_key_idx).
 */
const GROUP_KEY_SQL = `lower(regexp_replace(controller_group, '\\s', '', 'g'))`

export type CapScope = { enterpriseId: string; regionId: string; year: number }

/**
 * The key that names the cap a new application counts against: the controller group when the
 * enterprise declared one, else the enterprise itself. Used for the advisory lock that serialises
 * applications and approvals of one group.
 */
export async function capLockKey(tx: Tx | Db, scope: CapScope): Promise<string> {
  const rows = await tx.$queryRawUnsafe<{ key: string | null }[]>(
    `SELECT ${GROUP_KEY_SQL} AS key FROM enterprise WHERE id = $1::uuid`,
    scope.enterpriseId,
  )
  const group = rows[0]?.key
  return `voucher-cap:${scope.regionId}:${scope.year}:${group ? `g:${group}` : `e:${scope.enterpriseId}`}`
}

/** Takes the transaction-scoped advisory lock for a cap key (released at commit or rollback). */
export async function lockCap(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`
}

/**
 * Face value issued this year by this bureau to the enterprise or its controller group (every
 * voucher counts, also lapsed or revoked ones: the cap is on what was granted), and the amounts of
 * the group's applications still under review. `excludeApplicationId` leaves out the application
 * being decided.
 */
export async function capUsage(
  tx: Tx | Db,
  scope: CapScope,
  excludeApplicationId: string | null = null,
): Promise<{ issuedFen: bigint; pendingFen: bigint; groupSize: number }> {
  const rows = await tx.$queryRawUnsafe<{ issued: bigint; pending: bigint; group_size: number }[]>(
    `WITH me AS (SELECT id, ${GROUP_KEY_SQL} AS key FROM enterprise WHERE id = $1::uuid),
          grp AS (
            SELECT e.id FROM enterprise e, me
             WHERE e.id = me.id OR (me.key IS NOT NULL AND me.key <> '' AND ${GROUP_KEY_SQL.replace('controller_group', 'e.controller_group')} = me.key)
          ),
          progs AS (SELECT id FROM programme WHERE region_id = $2 AND year = $3)
     SELECT
       (SELECT COALESCE(SUM(v.face_value_fen), 0)::bigint FROM voucher v
         WHERE v.enterprise_id IN (SELECT id FROM grp) AND v.programme_id IN (SELECT id FROM progs)) AS issued,
       (SELECT COALESCE(SUM(a.amount_fen), 0)::bigint FROM voucher_application a
         WHERE a.enterprise_id IN (SELECT id FROM grp) AND a.programme_id IN (SELECT id FROM progs)
           AND a.status IN ('submitted', 'county_approved')
           AND ($4::uuid IS NULL OR a.id <> $4::uuid)) AS pending,
       (SELECT count(*)::int FROM grp) AS group_size`,
    scope.enterpriseId,
    scope.regionId,
    scope.year,
    excludeApplicationId,
  )
  const row = rows[0]!
  return { issuedFen: row.issued, pendingFen: row.pending, groupSize: row.group_size }
}

/** The programme's unissued budget (ledger) and the amounts of its applications under review. */
export async function budgetUsage(
  tx: Tx | Db,
  programmeId: string,
  excludeApplicationId: string | null = null,
): Promise<{ funded: boolean; availableFen: bigint; pendingFen: bigint }> {
  const rows = await tx.$queryRaw<{ funded: boolean; available: bigint; pending: bigint }[]>`
    SELECT p.budget_account_id IS NOT NULL AS funded,
           COALESCE(a.credits_posted - a.debits_posted - a.debits_pending, 0)::bigint AS available,
           (SELECT COALESCE(SUM(x.amount_fen), 0)::bigint FROM voucher_application x
             WHERE x.programme_id = p.id AND x.status IN ('submitted', 'county_approved')
               AND (${excludeApplicationId}::uuid IS NULL OR x.id <> ${excludeApplicationId}::uuid)) AS pending
      FROM programme p LEFT JOIN ledger_account a ON a.id = p.budget_account_id
     WHERE p.id = ${programmeId}::uuid`
  const row = rows[0]
  return row
    ? { funded: row.funded, availableFen: row.available, pendingFen: row.pending }
    : { funded: false, availableFen: 0n, pendingFen: 0n }
}

/** Programmes an enterprise in `regionId` could apply to now or later this year (window not over). */
export async function listProgrammesForEnterprise(db: Db, regionId: string, now: Date) {
  return db.$queryRaw<
    {
      id: string
      name: string
      year: number
      apply_from: Date
      apply_to: Date
      cap_fen: bigint
      share_bp: number
      validity_months: number
      region_id: string
    }[]
  >`
    SELECT p.id::text AS id, p.name, p.year, p.apply_from, p.apply_to, p.cap_fen, p.share_bp, p.validity_months, p.region_id
      FROM programme p
     WHERE p.apply_to >= ${now}::timestamptz
       AND (p.region_id = ${regionId} OR p.region_id = (SELECT parent_id FROM region WHERE id = ${regionId}))
     ORDER BY p.apply_from, p.name`
}

export type ApplicationListFilters = {
  status: 'awaiting' | 'submitted' | 'county_approved' | 'approved' | 'rejected' | 'all'
  programmeId?: string | null
  q?: string | null
  order: 'asc' | 'desc'
  page: number
  pageSize: number
}

/**
 * The review queue. `reach`: a county officer sees their counties' applications, the city sees
 * all. "awaiting" = what this officer can act on now: for a county officer, submitted ones in their
 * counties; for the city, county-approved ones and submitted ones with no county step.
 */
export async function listApplicationsForReview(
  db: Db,
  reach: { city: boolean; countyRegionIds: readonly string[] },
  f: ApplicationListFilters,
) {
  const where: string[] = []
  const args: unknown[] = []
  const arg = (v: unknown) => {
    args.push(v)
    return `$${args.length}`
  }
  if (!reach.city) where.push(`e.region_id = ANY(${arg([...reach.countyRegionIds])}::text[])`)
  if (f.status === 'awaiting') {
    const county = `(a.status = 'submitted' AND r.level = 'county' AND NOT r.is_partner AND e.region_id = ANY(${arg([...reach.countyRegionIds])}::text[]))`
    const city = reach.city
      ? `(a.status = 'county_approved' OR (a.status = 'submitted' AND NOT (r.level = 'county' AND NOT r.is_partner)))`
      : 'false'
    where.push(`(${county} OR ${city})`)
  } else if (f.status !== 'all') {
    where.push(`a.status = ${arg(f.status)}::application_status`)
  }
  if (f.programmeId) where.push(`a.programme_id = ${arg(f.programmeId)}::uuid`)
  if (f.q)
    where.push(
      `(e.name ILIKE ${arg(`%${f.q}%`)} OR e.uscc ILIKE ${arg(`%${f.q}%`)} OR a.purpose ILIKE ${arg(`%${f.q}%`)})`,
    )
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const order = f.order === 'desc' ? 'DESC' : 'ASC'
  const from = `FROM voucher_application a JOIN enterprise e ON e.id = a.enterprise_id
                JOIN region r ON r.id = e.region_id JOIN programme p ON p.id = a.programme_id`
  const countArgs = [...args]
  const limit = arg(f.pageSize)
  const offset = arg((f.page - 1) * f.pageSize)
  const [rows, totals] = await Promise.all([
    db.$queryRawUnsafe<
      {
        id: string
        status: string
        amount_fen: bigint
        purpose: string
        created_at: Date
        enterprise_id: string
        enterprise_name: string
        region_id: string
        region_name: string
        region_name_en: string
        region_level: string
        region_is_partner: boolean
        programme_name: string
        voucher_serial: string | null
      }[]
    >(
      `SELECT a.id::text AS id, a.status::text AS status, a.amount_fen, a.purpose, a.created_at,
              e.id::text AS enterprise_id, e.name AS enterprise_name, r.id AS region_id, r.name AS region_name,
              r.name_en AS region_name_en, r.level AS region_level, r.is_partner AS region_is_partner,
              p.name AS programme_name, (SELECT v.serial FROM voucher v WHERE v.application_id = a.id) AS voucher_serial
         ${from} ${whereSql}
        ORDER BY a.created_at ${order}, a.id
        LIMIT ${limit} OFFSET ${offset}`,
      ...args,
    ),
    db.$queryRawUnsafe<{ count: number; amount: bigint }[]>(
      `SELECT count(*)::int AS count, COALESCE(SUM(a.amount_fen), 0)::bigint AS amount ${from} ${whereSql}`,
      ...countArgs,
    ),
  ])
  return { rows, total: totals[0]?.count ?? 0, totalAmountFen: totals[0]?.amount ?? 0n }
}

/**
 * What the queue's export adds to its rows: the USCC and both review steps (reviewer's name,
 * decision, time) of the applications `ids` — ids the caller took from listApplicationsForReview,
 * which holds the officer's reach.
 */
export async function applicationReviewFacts(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, ApplicationReviewFacts>()
  const rows = await db.$queryRaw<(ApplicationReviewFacts & { id: string })[]>`
    SELECT a.id::text AS id, e.uscc,
           cu.name AS county_reviewer, a.county_decision, a.county_reviewed_at,
           yu.name AS city_reviewer, a.city_decision, a.city_reviewed_at
      FROM voucher_application a
      JOIN enterprise e ON e.id = a.enterprise_id
      LEFT JOIN app_user cu ON cu.id = a.county_reviewer_id
      LEFT JOIN app_user yu ON yu.id = a.city_reviewer_id
     WHERE a.id = ANY(${[...ids]}::uuid[])`
  return new Map(rows.map(({ id, ...facts }) => [id, facts]))
}

export type ApplicationReviewFacts = {
  uscc: string
  county_reviewer: string | null
  county_decision: string | null
  county_reviewed_at: Date | null
  city_reviewer: string | null
  city_decision: string | null
  city_reviewed_at: Date | null
}

/** One application with everything the reviewer and the applicant see. */
export async function getApplication(db: Db, id: string) {
  return db.voucherApplication.findUnique({
    where: { id },
    include: {
      programme: {
        select: {
          id: true,
          name: true,
          year: true,
          regionId: true,
          capFen: true,
          shareBp: true,
          applyFrom: true,
          applyTo: true,
          validityMonths: true,
        },
      },
      enterprise: {
        select: {
          id: true,
          name: true,
          uscc: true,
          status: true,
          smeRegNo: true,
          otherStatus: true,
          controllerGroup: true,
          region: { select: { id: true, name: true, nameEn: true, level: true, isPartner: true } },
        },
      },
      voucher: { select: { id: true, serial: true, faceValueFen: true, expiresAt: true } },
    },
  })
}

/** Names of the reviewers of an application (the two steps, and the applicant). */
export async function userNames(db: Db, ids: (string | null)[]): Promise<Record<string, string>> {
  const wanted = ids.filter((x): x is string => !!x)
  if (wanted.length === 0) return {}
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } })
  return Object.fromEntries(users.map((u) => [u.id, u.name]))
}

/** An enterprise's own applications, newest first. */
export async function listEnterpriseApplications(db: Db, enterpriseId: string) {
  return db.voucherApplication.findMany({
    where: { enterpriseId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    include: {
      programme: { select: { name: true } },
      voucher: { select: { id: true, serial: true } },
      enterprise: { select: { region: { select: { level: true, isPartner: true } } } },
    },
  })
}
