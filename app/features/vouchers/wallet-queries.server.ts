import { TRANSFER_KIND } from '~/features/ledger/accounts'
import type { TransferType } from '~/features/ledger/ledger'
import type { Db, Tx } from '~/infra/db.server'
import type { Reach } from '~/infra/permissions'
import type { VoucherLedgerSums, VoucherTransfer } from './wallet'
import type { VoucherListParams, VoucherSort } from './wallet-schemas'

// Reads for the voucher wallet (the enterprise's and the bureau's view). SQL only: every figure is
// the voucher account's balance columns or a sum of its transfers by kind; wallet.ts does the
// arithmetic. The caller's reach goes into the WHERE clause (indie-stack's habit), so a voucher
// out of reach is simply not found.

/** Sums of the transfers leaving a voucher account (`v`), by kind: joined LATERAL per voucher. */
const SUMS_SQL = `LEFT JOIN LATERAL (
    SELECT COALESCE(SUM(t.amount) FILTER (WHERE t.kind = '${TRANSFER_KIND.bookingHold}' AND t.type = 'post_pending'), 0)::bigint AS used,
           COALESCE(SUM(t.amount) FILTER (WHERE t.kind = '${TRANSFER_KIND.voucherLapse}' AND t.status = 'posted' AND t.type <> 'pending'), 0)::bigint AS lapsed,
           COALESCE(SUM(t.amount) FILTER (WHERE t.kind = '${TRANSFER_KIND.voucherRevocation}' AND t.status = 'posted' AND t.type <> 'pending'), 0)::bigint AS revoked
      FROM ledger_transfer t WHERE t.debit_account_id = v.account_id
  ) s ON true`

const AVAILABLE_SQL = '(la.credits_posted - la.debits_posted - la.debits_pending)'

const FROM_SQL = `FROM voucher v
  JOIN ledger_account la ON la.id = v.account_id
  JOIN programme p ON p.id = v.programme_id
  JOIN enterprise e ON e.id = v.enterprise_id
  JOIN region r ON r.id = e.region_id
  ${SUMS_SQL}`

const ROW_COLUMNS = `v.id::text AS id, v.serial, v.status::text AS status, v.face_value_fen, v.issued_at, v.expires_at, v.redeem_by,
  p.id::text AS programme_id, p.name AS programme_name, p.share_bp,
  e.id::text AS enterprise_id, e.name AS enterprise_name, e.uscc AS enterprise_uscc,
  r.id AS region_id, r.name AS region_name, r.name_en AS region_name_en,
  la.credits_posted, la.debits_posted, la.debits_pending, s.used, s.lapsed, s.revoked`

type RawRow = {
  id: string
  serial: string
  status: 'active' | 'expired' | 'revoked'
  face_value_fen: bigint
  issued_at: Date
  expires_at: Date
  redeem_by: Date
  programme_id: string
  programme_name: string
  share_bp: number
  enterprise_id: string
  enterprise_name: string
  enterprise_uscc: string
  region_id: string
  region_name: string
  region_name_en: string
  credits_posted: bigint
  debits_posted: bigint
  debits_pending: bigint
  used: bigint
  lapsed: bigint
  revoked: bigint
}

export type WalletVoucherRow = {
  id: string
  serial: string
  status: 'active' | 'expired' | 'revoked'
  issuedAt: Date
  expiresAt: Date
  redeemBy: Date
  programme: { id: string; name: string; shareBp: number }
  enterprise: { id: string; name: string; uscc: string }
  region: { id: string; name: string; nameEn: string }
  sums: VoucherLedgerSums
}

function toRow(r: RawRow): WalletVoucherRow {
  return {
    id: r.id,
    serial: r.serial,
    status: r.status,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    redeemBy: r.redeem_by,
    programme: { id: r.programme_id, name: r.programme_name, shareBp: r.share_bp },
    enterprise: { id: r.enterprise_id, name: r.enterprise_name, uscc: r.enterprise_uscc },
    region: { id: r.region_id, name: r.region_name, nameEn: r.region_name_en },
    sums: {
      faceValueFen: r.face_value_fen,
      creditsPostedFen: r.credits_posted,
      debitsPostedFen: r.debits_posted,
      debitsPendingFen: r.debits_pending,
      usedFen: r.used,
      lapsedFen: r.lapsed,
      revokedFen: r.revoked,
    },
  }
}

/** The reach as a WHERE condition on `e` (the voucher's enterprise); `arg` binds a parameter. */
function reachSql(reach: Reach, arg: (v: unknown) => string): string {
  switch (reach.kind) {
    case 'any':
      return 'true'
    case 'region':
      return `e.region_id = ANY(${arg(reach.regionIds)}::text[])`
    case 'own':
      return `e.id = ANY(${arg(reach.enterpriseIds)}::uuid[])`
    case 'none':
      return 'false'
  }
}

function binder() {
  const args: unknown[] = []
  const arg = (v: unknown) => {
    args.push(v)
    return `$${args.length}`
  }
  return { args, arg }
}

/** An enterprise's vouchers, newest first (the enterprise's wallet page). */
export async function listEnterpriseVouchers(db: Db | Tx, enterpriseId: string): Promise<WalletVoucherRow[]> {
  const rows = await db.$queryRawUnsafe<RawRow[]>(
    `SELECT ${ROW_COLUMNS} ${FROM_SQL} WHERE v.enterprise_id = $1::uuid ORDER BY v.issued_at DESC, v.serial DESC`,
    enterpriseId,
  )
  return rows.map(toRow)
}

export type WalletVoucherDetail = WalletVoucherRow & {
  accountId: bigint
  application: { id: string; purpose: string } | null
  revocation: {
    at: Date
    byName: string | null
    reason: string | null
    clawbackFen: bigint | null
  } | null
  expiredAt: Date | null
}

/**
 * One voucher within `reach` (an enterprise member: `{ kind: 'own', enterpriseIds: [its id] }`;
 * an officer: reachFor(…, 'read:voucher:region')), or null: another enterprise's or county's
 * voucher is not found, the same as a voucher that does not exist.
 */
export async function getWalletVoucher(
  db: Db | Tx,
  voucherId: string,
  reach: Reach,
): Promise<WalletVoucherDetail | null> {
  const { args, arg } = binder()
  const id = arg(voucherId)
  const rows = await db.$queryRawUnsafe<
    (RawRow & {
      account_id: bigint
      expired_at: Date | null
      application_id: string | null
      application_purpose: string | null
      revoked_at: Date | null
      revoked_by_name: string | null
      revoke_reason: string | null
      clawback_fen: bigint | null
    })[]
  >(
    `SELECT ${ROW_COLUMNS}, v.account_id, v.expired_at, a.id::text AS application_id, a.purpose AS application_purpose,
            v.revoked_at, u.name AS revoked_by_name, v.revoke_reason, v.clawback_fen
       ${FROM_SQL}
       LEFT JOIN voucher_application a ON a.id = v.application_id
       LEFT JOIN app_user u ON u.id = v.revoked_by_id
      WHERE v.id = ${id}::uuid AND ${reachSql(reach, arg)}`,
    ...args,
  )
  const r = rows[0]
  if (!r) return null
  return {
    ...toRow(r),
    accountId: r.account_id,
    expiredAt: r.expired_at,
    application: r.application_id !== null ? { id: r.application_id, purpose: r.application_purpose ?? '' } : null,
    revocation:
      r.revoked_at !== null
        ? { at: r.revoked_at, byName: r.revoked_by_name, reason: r.revoke_reason, clawbackFen: r.clawback_fen }
        : null,
  }
}

export type WalletTransfer = VoucherTransfer & {
  booking: {
    id: string
    status: string
    startsAt: Date | null
    createdAt: Date
    quantity: number
    unit: string
    instrumentName: string
    instrumentNameEn: string | null
  } | null
}

/**
 * Every ledger transfer touching the voucher account, oldest first, with the amount of the hold a
 * post or void resolves and the booking a hold belongs to (ref_type 'booking', ref_id its id, as
 * request-booking.server.ts writes it; the resolutions carry the same ref).
 */
export async function listVoucherTransfers(db: Db | Tx, accountId: bigint): Promise<WalletTransfer[]> {
  const rows = await db.$queryRaw<
    {
      id: bigint
      created_at: Date
      kind: string
      type: TransferType
      status: 'pending' | 'posted' | 'voided'
      amount: bigint
      debit_account_id: bigint
      credit_account_id: bigint
      pending_amount: bigint | null
      booking_id: string | null
      booking_status: string | null
      starts_at: Date | null
      booked_at: Date | null
      quantity: number | null
      unit: string | null
      instrument_name: string | null
      instrument_name_en: string | null
    }[]
  >`
    SELECT t.id, t.created_at, t.kind, t.type::text AS type, t.status::text AS status, t.amount,
           t.debit_account_id, t.credit_account_id, p.amount AS pending_amount,
           b.id::text AS booking_id, b.status::text AS booking_status, b.starts_at, b.created_at AS booked_at,
           b.quantity, b.unit::text AS unit, i.name AS instrument_name, i.name_en AS instrument_name_en
      FROM ledger_transfer t
      LEFT JOIN ledger_transfer p ON p.id = t.pending_id
      LEFT JOIN booking b ON t.ref_type = 'booking'
                         AND b.id = CASE WHEN t.ref_type = 'booking' THEN t.ref_id::uuid END
      LEFT JOIN instrument i ON i.id = b.instrument_id
     WHERE t.debit_account_id = ${accountId} OR t.credit_account_id = ${accountId}
     ORDER BY t.id`
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    kind: r.kind,
    type: r.type,
    status: r.status,
    amount: r.amount,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    pendingAmount: r.pending_amount,
    booking:
      r.booking_id !== null
        ? {
            id: r.booking_id,
            status: r.booking_status ?? '',
            startsAt: r.starts_at,
            createdAt: r.booked_at!,
            quantity: r.quantity ?? 0,
            unit: r.unit ?? '',
            instrumentName: r.instrument_name ?? '',
            instrumentNameEn: r.instrument_name_en,
          }
        : null,
  }))
}

const SORT_SQL: Record<VoucherSort, string> = {
  serial: 'v.serial',
  enterprise: 'e.name',
  programme: 'p.name',
  face: 'v.face_value_fen',
  available: AVAILABLE_SQL,
  held: 'la.debits_pending',
  used: 's.used',
  expires: 'v.expires_at',
  issued: 'v.issued_at',
}

export type VoucherListTotals = {
  count: number
  faceFen: bigint
  availableFen: bigint
  heldFen: bigint
  usedFen: bigint
  returnedFen: bigint
}

/**
 * The bureau's voucher list within `reach`: filters (programme, status, county, q = enterprise
 * name, USCC or serial), one sortable column, a page; the totals cover every matching voucher, not
 * just the page. `pageSize: null` returns all matches (the export).
 */
export async function listVouchersForBureau(
  db: Db | Tx,
  reach: Reach,
  f: Omit<VoucherListParams, 'pageSize'> & { pageSize: number | null },
): Promise<{ rows: WalletVoucherRow[]; totals: VoucherListTotals }> {
  const { args, arg } = binder()
  const where = [reachSql(reach, arg)]
  if (f.status !== 'all') where.push(`v.status = ${arg(f.status)}::voucher_status`)
  if (f.programmeId) where.push(`v.programme_id = ${arg(f.programmeId)}::uuid`)
  if (f.regionId) where.push(`e.region_id = ${arg(f.regionId)}`)
  if (f.q) {
    const like = arg(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    where.push(`(e.name ILIKE ${like} OR e.uscc ILIKE ${like} OR v.serial ILIKE ${like})`)
  }
  const whereSql = `WHERE ${where.join(' AND ')}`
  const countArgs = [...args]
  const dir = f.dir === 'asc' ? 'ASC' : 'DESC'
  const paging =
    f.pageSize === null ? '' : `LIMIT ${arg(f.pageSize)} OFFSET ${arg((Math.max(1, f.page) - 1) * f.pageSize)}`
  const [rows, totals] = await Promise.all([
    db.$queryRawUnsafe<RawRow[]>(
      `SELECT ${ROW_COLUMNS} ${FROM_SQL} ${whereSql}
        ORDER BY ${SORT_SQL[f.sort]} ${dir} NULLS LAST, v.serial ${dir}
        ${paging}`,
      ...args,
    ),
    db.$queryRawUnsafe<
      { count: number; face: bigint; available: bigint; held: bigint; used: bigint; returned: bigint }[]
    >(
      `SELECT count(*)::int AS count, COALESCE(SUM(v.face_value_fen), 0)::bigint AS face,
              COALESCE(SUM(${AVAILABLE_SQL}), 0)::bigint AS available, COALESCE(SUM(la.debits_pending), 0)::bigint AS held,
              COALESCE(SUM(s.used), 0)::bigint AS used, COALESCE(SUM(s.lapsed + s.revoked), 0)::bigint AS returned
         ${FROM_SQL} ${whereSql}`,
      ...countArgs,
    ),
  ])
  const t = totals[0]
  return {
    rows: rows.map(toRow),
    totals: {
      count: t?.count ?? 0,
      faceFen: t?.face ?? 0n,
      availableFen: t?.available ?? 0n,
      heldFen: t?.held ?? 0n,
      usedFen: t?.used ?? 0n,
      returnedFen: t?.returned ?? 0n,
    },
  }
}

/** The counties the list can be filtered by: Dazhou's counties and the partners, within reach. */
export async function listVoucherCounties(db: Db | Tx, reach: Reach) {
  return db.region.findMany({
    where: {
      isHistoric: false,
      level: 'county',
      OR: [{ parentId: '511700' }, { isPartner: true }],
      ...(reach.kind === 'region' ? { id: { in: reach.regionIds } } : {}),
    },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, nameEn: true },
  })
}

/** Programmes for the filter: every programme that issued a voucher, newest year first. */
export async function listVoucherProgrammes(db: Db | Tx) {
  return db.programme.findMany({
    where: { vouchers: { some: {} } },
    orderBy: [{ year: 'desc' }, { name: 'asc' }],
    select: { id: true, name: true, year: true },
  })
}
