// The institution staff's booking pages: the list's URL parameters and the forms of the booking
// page (reject / cancel with a reason, propose another time, record the delivery). Messages are
// i18n keys in the 'staffBookings' namespace (components/field-error.ts translates them). Pure: the
// clock and the booking's snapshot come in as parameters.
import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import { parseShanghaiDateTime } from '~/features/instruments/manage/shanghai-time'
import { parseWholeNumber, toHalfWidth } from '~/features/instruments/manage/text-normalise'
import { formatFen, parseYuanToFen } from '~/features/money/money'
import { EVIDENCE_NO_MAX_LENGTH } from './delivery'
import { REASON_MAX_LENGTH } from './reason'
import type { BookingState } from './transitions'

// ---------------------------------------------------------------------------------------------
// The list: tabs by what the staff has to do next.

export const STAFF_TABS = ['pending', 'upcoming', 'in_service', 'delivered', 'done', 'closed', 'all'] as const
export type StaffTab = (typeof STAFF_TABS)[number]

export const TAB_STATUSES: Record<Exclude<StaffTab, 'all'>, readonly BookingState[]> = {
  pending: ['requested'],
  upcoming: ['approved', 'paid'],
  in_service: ['in_service'],
  delivered: ['delivered', 'disputed'],
  done: ['confirmed', 'claimed', 'redeemed', 'claim_rejected', 'settled'],
  closed: ['rejected', 'cancelled', 'expired'],
}

export function tabOfStatus(status: BookingState): Exclude<StaffTab, 'all'> {
  for (const [tab, statuses] of Object.entries(TAB_STATUSES) as [Exclude<StaffTab, 'all'>, BookingState[]][]) {
    if (statuses.includes(status)) return tab
  }
  return 'closed'
}

export const STAFF_PAGE_SIZE = 25

export type StaffListParams = {
  tab: StaffTab
  /** Requested-at order: the pending queue reads oldest first, the other tabs newest first. */
  dir: 'asc' | 'desc'
  page: number
  pageSize: number
}

export function defaultDir(tab: StaffTab): 'asc' | 'desc' {
  return tab === 'pending' ? 'asc' : 'desc'
}

/** Query string → list parameters; anything unknown falls back to the default (never an error page). */
export function parseStaffListParams(params: URLSearchParams): StaffListParams {
  const raw = params.get('tab') ?? ''
  const tab = (STAFF_TABS as readonly string[]).includes(raw) ? (raw as StaffTab) : 'pending'
  const dir = params.get('dir')
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  return {
    tab,
    dir: dir === 'asc' || dir === 'desc' ? dir : defaultDir(tab),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: STAFF_PAGE_SIZE,
  }
}

/** List parameters → query string (defaults left out). */
export function staffListSearch(p: StaffListParams, change: Partial<StaffListParams> = {}): string {
  const next = { ...p, ...change }
  const search = new URLSearchParams()
  if (next.tab !== 'pending') search.set('tab', next.tab)
  if (next.dir !== defaultDir(next.tab)) search.set('dir', next.dir)
  if (next.page > 1) search.set('page', String(next.page))
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

// ---------------------------------------------------------------------------------------------
// The forms.

export { EVIDENCE_NO_MAX_LENGTH, REASON_MAX_LENGTH }

/** Field → message keys; `form` for what belongs to no one field. */
export type FormErrors = Record<string, string[]> & { form?: string[] }

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors }

function flatten<T>(result: z.ZodSafeParseResult<T>): Parsed<T> {
  if (result.success) return { ok: true, value: result.data }
  const errors: FormErrors = {}
  for (const issue of result.error.issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : 'form'
    errors[field] = [...(errors[field] ?? []), issue.message]
  }
  return { ok: false, errors }
}

const reason = z
  .string({ error: 'staffBookings:errors.reasonRequired' })
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      .min(1, { error: 'staffBookings:errors.reasonRequired' })
      .max(REASON_MAX_LENGTH, { error: errorKey('staffBookings:errors.tooLong', { max: REASON_MAX_LENGTH }) }),
  )

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(z.string().max(max, { error: errorKey('staffBookings:errors.tooLong', { max }) }))
    .transform((v) => (v ? v : null))

/** Reject and cancel: a reason the enterprise reads (DOMAIN: every review step keeps its reason). */
export const ReasonSchema = z.object({ reason })

export function parseReason(fields: Record<string, unknown>): Parsed<{ reason: string }> {
  return flatten(ReasonSchema.safeParse({ reason: fields.reason ?? undefined }))
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
const TIME = /^(\d{1,2})[:：](\d{2})$/

/** A date and a time of day typed in Asia/Shanghai → the instant; null when either is not real. */
export function shanghaiInstant(date: string, time: string): Date | null {
  const d = DATE.exec(toHalfWidth(date).trim())
  const t = TIME.exec(toHalfWidth(time).trim())
  if (!d || !t) return null
  // "24:00" ends a day: the next day's midnight.
  if (t[1] === '24' && t[2] === '00') {
    const midnight = parseShanghaiDateTime(`${d[1]}-${d[2]}-${d[3]}T00:00`)
    return midnight ? new Date(midnight.getTime() + 24 * 3_600_000) : null
  }
  return parseShanghaiDateTime(`${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}`)
}

export type Proposal = { startsAt: Date; endsAt: Date; note: string | null }

/** Propose another time: a day, a start and an end (Asia/Shanghai), in the future, start before end. */
export function parseProposal(fields: Record<string, unknown>, now: Date): Parsed<Proposal> {
  const str = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : '')
  const errors: FormErrors = {}
  const add = (field: string, key: string) => (errors[field] = [...(errors[field] ?? []), key])
  const date = str('date')
  const start = str('start')
  const end = str('end')
  if (!date.trim()) add('date', 'staffBookings:errors.dateRequired')
  else if (!DATE.test(toHalfWidth(date).trim()) || !shanghaiInstant(date, '00:00'))
    add('date', 'staffBookings:errors.dateInvalid')
  if (!start.trim()) add('start', 'staffBookings:errors.timeRequired')
  else if (!TIME.test(toHalfWidth(start).trim())) add('start', 'staffBookings:errors.timeInvalid')
  if (!end.trim()) add('end', 'staffBookings:errors.timeRequired')
  else if (!TIME.test(toHalfWidth(end).trim())) add('end', 'staffBookings:errors.timeInvalid')
  const note = optionalText(REASON_MAX_LENGTH).safeParse(fields.note ?? undefined)
  if (!note.success) add('note', note.error.issues[0]!.message)
  const startsAt = errors.date || errors.start ? null : shanghaiInstant(date, start)
  const endsAt = errors.date || errors.end ? null : shanghaiInstant(date, end)
  if (!errors.date && !errors.start && !startsAt) add('start', 'staffBookings:errors.timeInvalid')
  if (!errors.date && !errors.end && !endsAt) add('end', 'staffBookings:errors.timeInvalid')
  if (startsAt && endsAt) {
    if (endsAt.getTime() <= startsAt.getTime()) add('end', 'staffBookings:errors.endBeforeStart')
    else if (startsAt.getTime() <= now.getTime()) add('start', 'staffBookings:errors.inThePast')
  }
  if (Object.keys(errors).length > 0 || !startsAt || !endsAt || !note.success) return { ok: false, errors }
  return { ok: true, value: { startsAt, endsAt, note: note.data } }
}

export type DeliveryForm = {
  actualStartsAt: Date | null
  actualEndsAt: Date | null
  actualQuantity: number | null
  finalFeeFen: bigint
  reportNo: string
  invoiceNo: string
}

/** An evidence number as typed: half-width, no surrounding or doubled spaces, no control characters. */
export function normaliseEvidenceNo(value: string): string {
  return toHalfWidth(value)
    .replace(/\s+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim()
}

const MAX_QUANTITY = 100_000

/**
 * Record the delivery. `timed` (an hourly booking with a slot) asks for the actual start and end;
 * otherwise the actual quantity. DOMAIN: the final fee is never above the fee snapshotted when the
 * booking was made (`maxFeeFen`) — said with the maximum, so the staff know what to type.
 */
export function parseDelivery(
  fields: Record<string, unknown>,
  booking: { maxFeeFen: bigint; timed: boolean },
  now: Date,
): Parsed<DeliveryForm> {
  const str = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : '')
  const errors: FormErrors = {}
  const add = (field: string, key: string) => (errors[field] = [...(errors[field] ?? []), key])

  let actualStartsAt: Date | null = null
  let actualEndsAt: Date | null = null
  let actualQuantity: number | null = null
  if (booking.timed) {
    const start = str('actualStart')
    const end = str('actualEnd')
    if (!start.trim()) add('actualStart', 'staffBookings:errors.dateTimeRequired')
    else if (!(actualStartsAt = parseShanghaiDateTime(start)))
      add('actualStart', 'staffBookings:errors.dateTimeInvalid')
    if (!end.trim()) add('actualEnd', 'staffBookings:errors.dateTimeRequired')
    else if (!(actualEndsAt = parseShanghaiDateTime(end))) add('actualEnd', 'staffBookings:errors.dateTimeInvalid')
    if (actualStartsAt && actualEndsAt && actualEndsAt.getTime() <= actualStartsAt.getTime()) {
      add('actualEnd', 'staffBookings:errors.endBeforeStart')
    } else if (actualEndsAt && actualEndsAt.getTime() > now.getTime()) {
      // Usage is recorded after it happened.
      add('actualEnd', 'staffBookings:errors.inTheFuture')
    }
  } else {
    const raw = str('actualQuantity')
    const n = raw.trim() ? parseWholeNumber(raw) : null
    if (!raw.trim()) add('actualQuantity', 'staffBookings:errors.quantityRequired')
    else if (n === null || n < 1 || n > MAX_QUANTITY)
      add('actualQuantity', errorKey('staffBookings:errors.quantityRange', { max: MAX_QUANTITY }))
    else actualQuantity = n
  }

  const feeText = str('finalFee')
  const fee = feeText.trim() ? parseYuanToFen(feeText) : null
  const max = formatFen(booking.maxFeeFen)
  if (!feeText.trim()) add('finalFee', errorKey('staffBookings:errors.feeRequired', { max }))
  else if (fee === null) add('finalFee', errorKey('staffBookings:errors.feeInvalid', { max }))
  else if (fee < 0n) add('finalFee', errorKey('staffBookings:errors.feeInvalid', { max }))
  else if (fee > booking.maxFeeFen) add('finalFee', errorKey('staffBookings:errors.feeAboveSnapshot', { max }))

  const reportNo = normaliseEvidenceNo(str('reportNo'))
  const invoiceNo = normaliseEvidenceNo(str('invoiceNo'))
  for (const [field, value] of [
    ['reportNo', reportNo],
    ['invoiceNo', invoiceNo],
  ] as const) {
    if (!value) add(field, `staffBookings:errors.${field}Required`)
    else if (value.length > EVIDENCE_NO_MAX_LENGTH)
      add(field, errorKey('staffBookings:errors.tooLong', { max: EVIDENCE_NO_MAX_LENGTH }))
  }
  if (Object.keys(errors).length > 0 || fee === null) return { ok: false, errors }
  return {
    ok: true,
    value: { actualStartsAt, actualEndsAt, actualQuantity, finalFeeFen: fee, reportNo, invoiceNo },
  }
}

// ---------------------------------------------------------------------------------------------
// The engine's refusals, put on the field they concern.

/** Which field of which form an engine refusal belongs to (unknown reasons go to the form). */
export function refusalErrors(
  reason: string,
  context: { intent: string; maxFeeFen?: bigint; durationMinutes?: number | null },
): FormErrors {
  const max = context.maxFeeFen !== undefined ? formatFen(context.maxFeeFen) : ''
  switch (reason) {
    // Delivery.
    case 'fee-above-snapshot':
      return { finalFee: [errorKey('staffBookings:errors.feeAboveSnapshot', { max })] }
    case 'invalid-final-fee':
      return { finalFee: [errorKey('staffBookings:errors.feeInvalid', { max })] }
    case 'report-no-taken':
      return { reportNo: ['staffBookings:errors.reportNoTaken'] }
    case 'invoice-no-taken':
      return { invoiceNo: ['staffBookings:errors.invoiceNoTaken'] }
    case 'report-no-required':
      return { reportNo: ['staffBookings:errors.reportNoRequired'] }
    case 'invoice-no-required':
      return { invoiceNo: ['staffBookings:errors.invoiceNoRequired'] }
    case 'report-no-too-long':
      return { reportNo: [errorKey('staffBookings:errors.tooLong', { max: EVIDENCE_NO_MAX_LENGTH })] }
    case 'invoice-no-too-long':
      return { invoiceNo: [errorKey('staffBookings:errors.tooLong', { max: EVIDENCE_NO_MAX_LENGTH })] }
    case 'invalid-actual-range':
      return { actualEnd: ['staffBookings:errors.endBeforeStart'] }
    case 'actual-in-future':
      return { actualEnd: ['staffBookings:errors.inTheFuture'] }
    case 'invalid-actual-quantity':
      return { actualQuantity: [errorKey('staffBookings:errors.quantityRange', { max: 100_000 })] }
    // Reasons (reject, cancel, resolve).
    case 'reason-required':
      return { reason: ['staffBookings:errors.reasonRequired'] }
    case 'reason-too-long':
      return { reason: [errorKey('staffBookings:errors.tooLong', { max: REASON_MAX_LENGTH })] }
    // Proposals.
    case 'slot-taken':
    case 'slot-not-free':
      return { start: ['staffBookings:errors.slotTaken'] }
    case 'same-time':
      return { start: ['staffBookings:errors.sameTime'] }
    case 'proposal-in-past':
      return { start: ['staffBookings:errors.inThePast'] }
    case 'duration-changed':
      return { end: [errorKey('staffBookings:errors.durationChanged', { minutes: context.durationMinutes ?? 0 })] }
    case 'invalid-time-range':
      return context.intent === 'deliver'
        ? { actualEnd: ['staffBookings:errors.endBeforeStart'] }
        : { end: ['staffBookings:errors.endBeforeStart'] }
    case 'no-slot':
    case 'copay-unpaid':
    case 'wrong-status':
    case 'not-allowed':
    case 'not-found':
      return { form: [`staffBookings:errors.${reason}`] }
    default:
      return { form: [errorKey('staffBookings:errors.refused', { reason })] }
  }
}
