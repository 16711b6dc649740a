// Reads the booking rules need (eligibility.ts): the service item with its instrument and
// institution, the enterprise's registered details, a declared related party, the enterprise's
// vouchers with their programme's rules and available balance. SQL only, no rules: requestBooking
// calls these inside its transaction, the booking page in its loader.
import type { Db, Tx } from '~/infra/db.server'
import type { PartyFacts, SlotRules } from './eligibility'

export type ServiceFacts = {
  serviceItemId: string
  serviceName: string
  serviceNameEn: string | null
  unit: 'hour' | 'sample' | 'item'
  feeFen: number
  minQuantity: number
  isActive: boolean
  instrumentId: string
  instrumentName: string
  sharingStatus: string
  categoryCode: string
  /** The parent's code, or the instrument's own code when its category is top-level. */
  topCategoryCode: string
  rules: SlotRules
  institution: PartyFacts & {
    id: string
    name: string
    status: string
    regionId: string
    isPartner: boolean
  }
}

type ServiceRow = {
  service_item_id: string
  service_name: string
  service_name_en: string | null
  unit: 'hour' | 'sample' | 'item'
  fee_fen: number
  min_quantity: number
  is_active: boolean
  instrument_id: string
  instrument_name: string
  sharing_status: string
  category_code: string
  top_category_code: string
  min_notice_hours: number
  max_advance_days: number
  slot_minutes: number
  min_duration_minutes: number
  max_duration_minutes: number
  buffer_minutes: number
  institution_id: string
  institution_name: string
  institution_status: string
  institution_uscc: string
  institution_legal_rep: string | null
  institution_phone: string | null
  institution_address: string | null
  institution_bank_account: string | null
  region_id: string
  is_partner: boolean
}

export async function loadServiceFacts(db: Db | Tx, serviceItemId: string): Promise<ServiceFacts | null> {
  const rows = await db.$queryRaw<ServiceRow[]>`
    SELECT si.id::text AS service_item_id, si.name AS service_name, si.name_en AS service_name_en,
           si.unit::text AS unit, si.fee_fen, si.min_quantity, si.is_active,
           i.id::text AS instrument_id, i.name AS instrument_name, i.sharing_status::text AS sharing_status,
           i.category_code, COALESCE(c.parent_code, c.code) AS top_category_code,
           i.min_notice_hours, i.max_advance_days, i.slot_minutes, i.min_duration_minutes, i.max_duration_minutes,
           i.buffer_minutes,
           inst.id::text AS institution_id, inst.name AS institution_name, inst.status::text AS institution_status,
           inst.uscc AS institution_uscc, inst.legal_rep AS institution_legal_rep,
           inst.contact_phone AS institution_phone, inst.address AS institution_address,
           inst.bank_account AS institution_bank_account, r.id AS region_id, r.is_partner
      FROM service_item si
      JOIN instrument i ON i.id = si.instrument_id
      JOIN instrument_category c ON c.code = i.category_code
      JOIN institution inst ON inst.id = i.institution_id
      JOIN region r ON r.id = inst.region_id
     WHERE si.id = ${serviceItemId}::uuid`
  const r = rows[0]
  if (!r) return null
  return {
    serviceItemId: r.service_item_id,
    serviceName: r.service_name,
    serviceNameEn: r.service_name_en,
    unit: r.unit,
    feeFen: r.fee_fen,
    minQuantity: r.min_quantity,
    isActive: r.is_active,
    instrumentId: r.instrument_id,
    instrumentName: r.instrument_name,
    sharingStatus: r.sharing_status,
    categoryCode: r.category_code,
    topCategoryCode: r.top_category_code,
    rules: {
      minNoticeHours: r.min_notice_hours,
      maxAdvanceDays: r.max_advance_days,
      slotMinutes: r.slot_minutes,
      minDurationMinutes: r.min_duration_minutes,
      maxDurationMinutes: r.max_duration_minutes,
      bufferMinutes: r.buffer_minutes,
    },
    institution: {
      id: r.institution_id,
      name: r.institution_name,
      status: r.institution_status,
      regionId: r.region_id,
      isPartner: r.is_partner,
      uscc: r.institution_uscc,
      legalRep: r.institution_legal_rep,
      phone: r.institution_phone,
      address: r.institution_address,
      bankAccount: r.institution_bank_account,
    },
  }
}

export type EnterpriseFacts = PartyFacts & { id: string; name: string; status: string }

export async function loadEnterpriseFacts(db: Db | Tx, enterpriseId: string): Promise<EnterpriseFacts | null> {
  const e = await db.enterprise.findUnique({
    where: { id: enterpriseId },
    select: {
      id: true,
      name: true,
      status: true,
      uscc: true,
      legalRep: true,
      contactPhone: true,
      address: true,
      bankAccount: true,
    },
  })
  if (!e) return null
  return {
    id: e.id,
    name: e.name,
    status: e.status,
    uscc: e.uscc,
    legalRep: e.legalRep,
    phone: e.contactPhone,
    address: e.address,
    bankAccount: e.bankAccount,
  }
}

/** Whether the enterprise declared the institution a related party (enterprise_related_party). */
export async function isDeclaredRelatedParty(db: Db | Tx, enterpriseId: string, institutionId: string) {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM enterprise_related_party
     WHERE enterprise_id = ${enterpriseId}::uuid AND institution_id = ${institutionId}::uuid`
  return (rows[0]?.n ?? 0n) > 0n
}

export type VoucherOption = {
  id: string
  serial: string
  enterpriseId: string
  status: 'active' | 'expired' | 'revoked'
  expiresAt: Date
  accountId: bigint
  programmeName: string
  shareBp: number
  allowedCategories: string[]
  acceptPartnerRegions: boolean
  /** posted credits − posted debits − pending debits of the voucher's account. */
  availableFen: bigint
}

type VoucherRow = {
  id: string
  serial: string
  enterprise_id: string
  status: 'active' | 'expired' | 'revoked'
  expires_at: Date
  account_id: bigint
  programme_name: string
  share_bp: number
  allowed_categories: string[]
  accept_partner_regions: boolean
  available: bigint
}

const VOUCHER_SQL_COLUMNS = `v.id::text AS id, v.serial, v.enterprise_id::text AS enterprise_id, v.status::text AS status,
       v.expires_at, v.account_id, p.name AS programme_name, p.share_bp, p.allowed_categories, p.accept_partner_regions,
       (la.credits_posted - la.debits_posted - la.debits_pending) AS available`

function toOption(r: VoucherRow): VoucherOption {
  return {
    id: r.id,
    serial: r.serial,
    enterpriseId: r.enterprise_id,
    status: r.status,
    expiresAt: r.expires_at,
    accountId: r.account_id,
    programmeName: r.programme_name,
    shareBp: r.share_bp,
    allowedCategories: r.allowed_categories,
    acceptPartnerRegions: r.accept_partner_regions,
    availableFen: r.available,
  }
}

/** One voucher with its programme's rules; `lock` takes the voucher's ledger account FOR UPDATE first. */
export async function loadVoucherOption(
  tx: Db | Tx,
  voucherId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<VoucherOption | null> {
  // Holds on one voucher queue on its account row, so the balance read below is the one the hold
  // will be taken from (createTransfer's conditional UPDATE stays the guard).
  if (lock)
    await tx.$queryRaw`SELECT la.id FROM ledger_account la JOIN voucher v ON v.account_id = la.id
                        WHERE v.id = ${voucherId}::uuid FOR UPDATE OF la`
  const rows = await tx.$queryRawUnsafe<VoucherRow[]>(
    `SELECT ${VOUCHER_SQL_COLUMNS}
       FROM voucher v JOIN programme p ON p.id = v.programme_id JOIN ledger_account la ON la.id = v.account_id
      WHERE v.id = $1::uuid`,
    voucherId,
  )
  return rows[0] ? toOption(rows[0]) : null
}

/** The enterprise's active vouchers (what the booking page offers), soonest expiry first. */
export async function listActiveVoucherOptions(db: Db | Tx, enterpriseId: string, now: Date): Promise<VoucherOption[]> {
  const rows = await db.$queryRawUnsafe<VoucherRow[]>(
    `SELECT ${VOUCHER_SQL_COLUMNS}
       FROM voucher v JOIN programme p ON p.id = v.programme_id JOIN ledger_account la ON la.id = v.account_id
      WHERE v.enterprise_id = $1::uuid AND v.status = 'active' AND v.expires_at > $2::timestamptz
      ORDER BY v.expires_at, v.serial`,
    enterpriseId,
    now,
  )
  return rows.map(toOption)
}
