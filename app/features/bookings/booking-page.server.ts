// What the booking page shows for the enterprise's current choices: the service item, the free
// slots of the next 14 days for the chosen duration (the instrument page's computation) or the
// quantity and wanted-by date, each active voucher with its available balance, the share it would
// pay and the rule that stops it (eligibility.ts, the same functions requestBooking enforces), and
// the quote. The loader calls it for the page; the action calls it again after a refusal, so a
// taken slot comes back with fresh slots. Money leaves as fen strings, instants as ISO strings.
import { shanghaiMidnight, type DayStatus } from '~/features/availability/free-slots'
import { instrumentFreeSlots } from '~/features/availability/queries.server'
import { formatMinuteOfDay } from '~/features/instruments/catalogue'
import type { InstrumentDetail } from '~/features/instruments/queries.server'
import type { Db, Tx } from '~/infra/db.server'
import {
  defaultVoucherId,
  durationChoices,
  relatedPartyCheck,
  serviceEndFor,
  startsForDuration,
  voucherProblem,
  wantedByProblem,
  type VoucherProblem,
} from './eligibility'
import type { BookingChoice } from './enterprise-schemas'
import { quoteBooking } from './quote'
import {
  isDeclaredRelatedParty,
  listActiveVoucherOptions,
  loadEnterpriseFacts,
  loadServiceFacts,
} from './request-queries.server'

export const BOOKING_DAYS = 14

export type SlotChoice = { value: string; label: string; startMinute: number }
export type SlotDay = { date: string; weekday: number; status: DayStatus; starts: SlotChoice[] }

/** A rule that stops a voucher, as the page explains it (i18n key 'bookings:refusal.<reason>' + params). */
export type Blocker = {
  reason: string
  problem?: string
  expiresAt?: string
  serviceEndsAt?: string
  allowed?: string[]
}

export type QuoteData = { feeFen: string; voucherShareFen: string; copayFen: string }

export type VoucherChoiceData = {
  id: string
  serial: string
  programmeName: string
  expiresAt: string
  availableFen: string
  shareBp: number
  quote: QuoteData | null
  blocker: Blocker | null
}

export type BookingPageData = Awaited<ReturnType<typeof bookingPageData>>

const MINUTE_MS = 60_000

function blockerOf(problem: VoucherProblem): Blocker {
  switch (problem.reason) {
    case 'voucher-not-usable':
    case 'related-party':
      return { reason: problem.reason, problem: problem.problem }
    case 'category-not-allowed':
      return { reason: problem.reason, allowed: problem.allowed }
    case 'partner-region-not-accepted':
      return { reason: problem.reason }
    case 'voucher-expires-before-service':
      return {
        reason: problem.reason,
        expiresAt: problem.expiresAt.toISOString(),
        serviceEndsAt: problem.serviceEndsAt.toISOString(),
      }
  }
}

const quoteData = (q: { feeFen: bigint; voucherShareFen: bigint; copayFen: bigint }): QuoteData => ({
  feeFen: q.feeFen.toString(),
  voucherShareFen: q.voucherShareFen.toString(),
  copayFen: q.copayFen.toString(),
})

export async function bookingPageData(
  db: Db | Tx,
  input: { instrument: InstrumentDetail; enterpriseId: string; choice: BookingChoice; now: Date },
) {
  const { instrument, enterpriseId, choice, now } = input
  const items = instrument.serviceItems
  const listed = items.find((s) => s.id === choice.item) ?? (items.length === 1 ? items[0]! : null)
  const item = listed ? await loadServiceFacts(db, listed.id) : null
  const bookable = instrument.sharingStatus === 'open'

  // Hourly: durations, the free starts of the next 14 days for the chosen duration, the slot.
  let durations: number[] = []
  let duration: number | null = null
  let days: SlotDay[] = []
  let start: string | null = null
  let startGone = false
  // Samples and items: how many, and by when.
  let quantity: number | null = null
  let wantedBy: string | null = null
  let wantedByInvalid = false

  if (item && item.unit === 'hour') {
    durations = durationChoices(item.rules, item.minQuantity)
    duration = choice.duration && durations.includes(choice.duration) ? choice.duration : (durations[0] ?? null)
    const slots = (await instrumentFreeSlots(db, instrument.id, { now, days: BOOKING_DAYS })) ?? []
    days = slots.map((day) => {
      const midnight = shanghaiMidnight(day.date)
      const starts = duration === null ? [] : startsForDuration(day, duration)
      return {
        date: day.date,
        weekday: day.weekday,
        status: starts.length > 0 ? day.status : day.status === 'free' ? 'full' : day.status,
        starts: starts.map((m) => ({
          value: new Date(midnight + m * MINUTE_MS).toISOString(),
          label: `${formatMinuteOfDay(m)}–${formatMinuteOfDay(Math.min(1440, m + (duration ?? 0)))}`,
          startMinute: m,
        })),
      }
    })
    if (choice.start) {
      const offered = days.some((d) => d.starts.some((s) => s.value === choice.start))
      if (offered) start = choice.start
      else startGone = true
    }
    if (duration !== null) quantity = Math.ceil(duration / 60)
  } else if (item) {
    quantity = Math.max(choice.quantity ?? item.minQuantity, 1)
    if (choice.wantedBy) {
      if (wantedByProblem(choice.wantedBy, now)) wantedByInvalid = true
      else wantedBy = choice.wantedBy
    }
  }
  const endsAt = start && duration ? new Date(Date.parse(start) + duration * MINUTE_MS) : null
  const belowMinimum = item !== null && quantity !== null && quantity < item.minQuantity

  // Vouchers: each with the rule that stops it for this booking, its share and the quote.
  const options = await listActiveVoucherOptions(db, enterpriseId, now)
  const enterprise = await loadEnterpriseFacts(db, enterpriseId)
  // DOMAIN: only a verified enterprise books (requestBooking refuses the others too).
  const enterpriseVerified = enterprise?.status === 'verified'
  let vouchers: VoucherChoiceData[] = []
  if (item) {
    const relatedParty = enterprise
      ? relatedPartyCheck({
          declared: await isDeclaredRelatedParty(db, enterpriseId, item.institution.id),
          enterprise,
          institution: item.institution,
        })
      : { blocked: null, matches: [] }
    const facts = {
      enterpriseId,
      topCategoryCode: item.topCategoryCode,
      institutionIsPartner: item.institution.isPartner,
      relatedParty,
      serviceEndsAt: serviceEndFor({ endsAt, wantedBy }),
    }
    vouchers = options.map((v) => {
      const problem = voucherProblem(v, facts, now)
      const blocker: Blocker | null = problem
        ? blockerOf(problem)
        : v.availableFen <= 0n
          ? { reason: 'insufficient-voucher-balance' }
          : null
      return {
        id: v.id,
        serial: v.serial,
        programmeName: v.programmeName,
        expiresAt: v.expiresAt.toISOString(),
        availableFen: v.availableFen.toString(),
        shareBp: v.shareBp,
        quote:
          quantity !== null && quantity > 0
            ? quoteData(
                quoteBooking({
                  unitFeeFen: item.feeFen,
                  quantity,
                  shareBp: v.shareBp,
                  voucherAvailableFen: v.availableFen,
                }),
              )
            : null,
        blocker,
      }
    })
  }
  const proposed = defaultVoucherId(
    vouchers.map((v) => ({
      id: v.id,
      serial: v.serial,
      expiresAt: new Date(v.expiresAt),
      availableFen: BigInt(v.availableFen),
      blocked: v.blocker !== null,
    })),
  )
  // 'none' = the enterprise pays it all; an unknown id falls back to the proposal.
  const voucherId = choice.voucher === 'none' ? null : (vouchers.find((v) => v.id === choice.voucher)?.id ?? proposed)
  const selected = vouchers.find((v) => v.id === voucherId) ?? null
  const quote =
    item && quantity !== null && quantity > 0
      ? (selected?.quote ??
        quoteData(quoteBooking({ unitFeeFen: item.feeFen, quantity, shareBp: 0, voucherAvailableFen: 0n })))
      : null

  const needsSlot = item?.unit === 'hour'
  const ready =
    bookable &&
    enterpriseVerified &&
    item !== null &&
    item.isActive &&
    quote !== null &&
    !belowMinimum &&
    !wantedByInvalid &&
    (needsSlot ? start !== null && duration !== null : true) &&
    (selected === null || selected.blocker === null)

  return {
    bookable,
    enterpriseVerified,
    enterpriseStatus: enterprise?.status ?? null,
    itemId: item?.serviceItemId ?? null,
    unit: item?.unit ?? null,
    unitFeeFen: item ? String(item.feeFen) : null,
    minQuantity: item?.minQuantity ?? 1,
    durations,
    duration,
    days,
    start,
    endsAt: endsAt?.toISOString() ?? null,
    startGone,
    quantity,
    belowMinimum,
    wantedBy,
    wantedByInvalid,
    vouchers,
    proposedVoucherId: proposed,
    voucherId,
    quote,
    ready,
  }
}
