// Who may book what, with which voucher (DOMAIN "Vouchers", "Related parties", "Bookings").
// Pure: no DB, no clock — `now` and every fact are parameters. requestBooking enforces these rules
// inside its transaction; the booking page runs the same functions in its loader, so a rule that
// blocks is explained before the enterprise submits and refused with the same reason after.
import {
  addDays,
  freeSlots,
  shanghaiDate,
  shanghaiMidnight,
  SHANGHAI_OFFSET_MS,
  type BookingRules,
  type DatedException,
  type DaySlots,
  type ExistingBooking,
  type WeeklyHours,
} from '~/features/availability/free-slots'
import { ACTIVE_STATES, type BookingState } from './transitions'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

// ---------------------------------------------------------------------------------------------
// Related parties
// ---------------------------------------------------------------------------------------------

/** What the rules compare between an enterprise and an institution (their registered details). */
export type PartyFacts = {
  uscc: string
  legalRep: string | null
  phone: string | null
  address: string | null
  bankAccount: string | null
}

export type RelatedPartyBlock = 'declared' | 'same-uscc' | 'same-legal-rep'
export type RelatedPartyMatch = 'phone' | 'address' | 'bank-account'
export type RelatedPartyCheck = { blocked: RelatedPartyBlock | null; matches: RelatedPartyMatch[] }

const text = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/g, '')
const digits = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/\D/g, '')

function normalPhone(s: string | null | undefined): string {
  const d = digits(s)
  // +86 138… and 138… are the same mobile number; 0818-… and 818-… the same landline.
  const national = d.length === 13 && d.startsWith('86') ? d.slice(2) : d
  return national.replace(/^0+/, '')
}

function normalAddress(s: string | null | undefined): string {
  return text(s).replace(/[,，.。·、:：;；\-—_()（）[\]【】#＃"'“”‘’]/g, '')
}

/**
 * DOMAIN "Related parties": a declared link, the same USCC or the same legal representative
 * blocks spending a voucher at the institution; a matching phone, address or bank account only
 * flags the booking for the auditor. Short or empty values never match.
 */
export function relatedPartyCheck(input: {
  declared: boolean
  enterprise: PartyFacts
  institution: PartyFacts
}): RelatedPartyCheck {
  const { enterprise: e, institution: i } = input
  const sameUscc = text(e.uscc).toUpperCase() !== '' && text(e.uscc).toUpperCase() === text(i.uscc).toUpperCase()
  const repE = text(e.legalRep)
  const sameRep = repE.length >= 2 && repE === text(i.legalRep)
  const blocked: RelatedPartyBlock | null = input.declared
    ? 'declared'
    : sameUscc
      ? 'same-uscc'
      : sameRep
        ? 'same-legal-rep'
        : null
  const matches: RelatedPartyMatch[] = []
  const phoneE = normalPhone(e.phone)
  if (phoneE.length >= 7 && phoneE === normalPhone(i.phone)) matches.push('phone')
  const addressE = normalAddress(e.address)
  if (addressE.length >= 6 && addressE === normalAddress(i.address)) matches.push('address')
  const bankE = digits(e.bankAccount)
  if (bankE.length >= 8 && bankE === digits(i.bankAccount)) matches.push('bank-account')
  return { blocked, matches }
}

// ---------------------------------------------------------------------------------------------
// Voucher rules
// ---------------------------------------------------------------------------------------------

export type VoucherFacts = {
  enterpriseId: string
  status: 'active' | 'expired' | 'revoked'
  expiresAt: Date
  /** The programme's allowed top-level category codes; empty = every category. */
  allowedCategories: readonly string[]
  acceptPartnerRegions: boolean
}

export type BookingFacts = {
  enterpriseId: string
  /** The instrument's top-level category (its parent's code, or its own when it has no parent). */
  topCategoryCode: string
  institutionIsPartner: boolean
  relatedParty: RelatedPartyCheck
  /** When the service ends: the slot's end, or the end of the wanted-by day; null when unknown. */
  serviceEndsAt: Date | null
}

export type VoucherProblem =
  | { reason: 'voucher-not-usable'; problem: 'wrong-enterprise' | 'revoked' | 'expired' }
  | { reason: 'related-party'; problem: RelatedPartyBlock }
  | { reason: 'category-not-allowed'; category: string; allowed: string[] }
  | { reason: 'partner-region-not-accepted' }
  | { reason: 'voucher-expires-before-service'; expiresAt: Date; serviceEndsAt: Date }

export type VoucherReason = VoucherProblem['reason']

export function categoryAllowed(allowed: readonly string[], topCategoryCode: string): boolean {
  return allowed.length === 0 || allowed.includes(topCategoryCode)
}

/**
 * The first rule that stops this voucher paying for this booking, or null. Order: the voucher
 * itself (bound to its enterprise, active, not expired), then the related party, the programme's
 * categories and partner regions, and last whether it is still valid when the service ends.
 */
export function voucherProblem(voucher: VoucherFacts, booking: BookingFacts, now: Date): VoucherProblem | null {
  // DOMAIN: a voucher is bound to its enterprise, never transferable.
  if (voucher.enterpriseId !== booking.enterpriseId)
    return { reason: 'voucher-not-usable', problem: 'wrong-enterprise' }
  if (voucher.status === 'revoked') return { reason: 'voucher-not-usable', problem: 'revoked' }
  if (voucher.status !== 'active' || voucher.expiresAt.getTime() <= now.getTime())
    return { reason: 'voucher-not-usable', problem: 'expired' }
  if (booking.relatedParty.blocked) return { reason: 'related-party', problem: booking.relatedParty.blocked }
  if (!categoryAllowed(voucher.allowedCategories, booking.topCategoryCode))
    return {
      reason: 'category-not-allowed',
      category: booking.topCategoryCode,
      allowed: [...voucher.allowedCategories],
    }
  // DOMAIN: whether partner regions' institutions are accepted (通用通兑) is the programme's setting.
  if (booking.institutionIsPartner && !voucher.acceptPartnerRegions) return { reason: 'partner-region-not-accepted' }
  if (booking.serviceEndsAt && voucher.expiresAt.getTime() < booking.serviceEndsAt.getTime())
    return {
      reason: 'voucher-expires-before-service',
      expiresAt: voucher.expiresAt,
      serviceEndsAt: booking.serviceEndsAt,
    }
  return null
}

/** The end of the service for the expiry rule: the slot's end, else the end of the wanted-by day (Asia/Shanghai). */
export function serviceEndFor(input: { endsAt?: Date | null; wantedBy?: string | null }): Date | null {
  if (input.endsAt) return input.endsAt
  if (input.wantedBy) return new Date(shanghaiMidnight(addDays(input.wantedBy, 1)))
  return null
}

/**
 * The voucher the page proposes: among those no rule blocks and with money left, the one that
 * expires first (spend what lapses soonest); ties by serial. Null when none can be used.
 */
export function defaultVoucherId(
  options: readonly { id: string; serial: string; expiresAt: Date; availableFen: bigint; blocked: boolean }[],
): string | null {
  const usable = options
    .filter((o) => !o.blocked && o.availableFen > 0n)
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.serial.localeCompare(b.serial))
  return usable[0]?.id ?? null
}

// ---------------------------------------------------------------------------------------------
// Sample / item bookings
// ---------------------------------------------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A wanted-by date is a real YYYY-MM-DD date, today or later (Asia/Shanghai). */
export function wantedByProblem(wantedBy: string | null | undefined, now: Date): 'invalid-wanted-by' | null {
  if (wantedBy === null || wantedBy === undefined) return null
  if (!DATE.test(wantedBy)) return 'invalid-wanted-by'
  try {
    shanghaiMidnight(wantedBy)
  } catch {
    return 'invalid-wanted-by'
  }
  return wantedBy < shanghaiDate(now) ? 'invalid-wanted-by' : null
}

/** DOMAIN: fee = quantity × unit fee; for an hourly service the quantity is the slot's started hours. */
export function hoursForSlot(startsAt: Date, endsAt: Date): number {
  return Math.ceil((endsAt.getTime() - startsAt.getTime()) / (60 * MINUTE_MS))
}

// ---------------------------------------------------------------------------------------------
// Slot rules: the same free-time computation the instrument page shows
// ---------------------------------------------------------------------------------------------

export type SlotRules = BookingRules & { maxDurationMinutes: number }

export type SlotCheckInput = {
  startsAt: Date
  endsAt: Date
  openHours: readonly WeeklyHours[]
  exceptions: readonly DatedException[]
  /** Active bookings of the instrument around the slot (others are ignored). */
  bookings: readonly ExistingBooking[]
  rules: SlotRules
  now: Date
}

export type SlotProblem = 'off-grid' | 'too-short' | 'too-long' | 'notice' | 'horizon' | 'closed'

export type SlotCheck =
  { ok: true } | { ok: false; reason: 'slot-not-available'; problem: SlotProblem } | { ok: false; reason: 'slot-taken' }

function localMinute(instant: Date): number {
  const local = instant.getTime() + SHANGHAI_OFFSET_MS
  return Math.round((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS)
}

/**
 * Whether a slot may be booked under the instrument's open hours and booking rules (minimum
 * notice, maximum advance, slot grid, minimum and maximum duration), computed with freeSlots —
 * what the instrument page shows as free — and then whether an active booking (with the
 * instrument's buffer) is in the way: that is 'slot-taken', not a rule.
 */
export function slotCheck(input: SlotCheckInput): SlotCheck {
  const { startsAt, endsAt, rules, now } = input
  const start = startsAt.getTime()
  const end = endsAt.getTime()
  const minutes = (end - start) / MINUTE_MS
  const fail = (problem: SlotProblem): SlotCheck => ({ ok: false, reason: 'slot-not-available', problem })
  if (!Number.isInteger(minutes) || start % MINUTE_MS !== 0) return fail('off-grid')
  // DOMAIN booking rules: starts on the grid counted from local midnight, lasts whole grid steps.
  if (localMinute(startsAt) % rules.slotMinutes !== 0 || minutes % rules.slotMinutes !== 0) return fail('off-grid')
  if (minutes < rules.minDurationMinutes) return fail('too-short')
  if (minutes > rules.maxDurationMinutes) return fail('too-long')
  if (start < now.getTime() + rules.minNoticeHours * 60 * MINUTE_MS) return fail('notice')
  if (end > now.getTime() + rules.maxAdvanceDays * DAY_MS) return fail('horizon')

  // Open time (weekly hours, blackouts, extra openings) of the days the slot touches, without
  // bookings: the slot must lie inside one free piece (pieces of consecutive days that touch at
  // midnight join, so an instrument open around the clock can be booked across midnight).
  const from = shanghaiDate(startsAt)
  const last = shanghaiDate(new Date(end - 1))
  const days = Math.round((shanghaiMidnight(last) - shanghaiMidnight(from)) / DAY_MS) + 1
  const open = freeSlots({
    openHours: input.openHours,
    exceptions: input.exceptions,
    bookings: [],
    rules,
    from,
    days,
    now,
    timeZone: 'Asia/Shanghai',
  })
  if (!insideFree(open, start, end)) return fail('closed')

  const buffer = rules.bufferMinutes * MINUTE_MS
  const active = new Set<BookingState>(ACTIVE_STATES)
  const clash = input.bookings.some(
    (b) => active.has(b.status) && b.startsAt.getTime() - buffer < end && b.endsAt.getTime() + buffer > start,
  )
  return clash ? { ok: false, reason: 'slot-taken' } : { ok: true }
}

function insideFree(days: readonly DaySlots[], start: number, end: number): boolean {
  const pieces = days
    .flatMap((d) => d.free)
    .map((f) => ({ start: Date.parse(f.startsAt), end: Date.parse(f.endsAt) }))
    .sort((a, b) => a.start - b.start)
  const merged: { start: number; end: number }[] = []
  for (const p of pieces) {
    const lastPiece = merged[merged.length - 1]
    if (lastPiece && p.start <= lastPiece.end) lastPiece.end = Math.max(lastPiece.end, p.end)
    else merged.push({ ...p })
  }
  return merged.some((p) => p.start <= start && end <= p.end)
}

// ---------------------------------------------------------------------------------------------
// What the booking page offers for an hourly service
// ---------------------------------------------------------------------------------------------

/**
 * Durations (minutes) the page offers: whole hours between the instrument's minimum and maximum
 * duration, and at least the service item's minimum quantity of hours. When no whole hour fits
 * the instrument's bounds, its minimum duration alone (billed as its started hours).
 */
export function durationChoices(rules: Pick<SlotRules, 'minDurationMinutes' | 'maxDurationMinutes'>, minQuantity = 1) {
  const firstHour = Math.max(Math.ceil(rules.minDurationMinutes / 60), Math.max(1, minQuantity))
  const lastHour = Math.min(Math.floor(rules.maxDurationMinutes / 60), 24)
  const out: number[] = []
  for (let h = firstHour; h <= lastHour; h++) out.push(h * 60)
  if (out.length === 0 && Math.ceil(rules.minDurationMinutes / 60) >= minQuantity) out.push(rules.minDurationMinutes)
  return out
}

/** Start minutes of one day (from freeSlots, bookings included) where a slot of `durationMinutes` fits. */
export function startsForDuration(day: DaySlots, durationMinutes: number): number[] {
  return day.starts.filter((s) => day.free.some((f) => f.startMinute <= s && s + durationMinutes <= f.endMinute))
}
