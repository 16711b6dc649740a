// The enterprise's booking pages: the booking form's choices (read from the URL to recompute the
// quote, and from the submitted form), the list's URL parameters and the detail page's intents.
// Messages are i18n keys in the 'bookings' namespace (components/field-error.ts translates them).
// Pure: no clock, no DB.
import { z } from 'zod'
import { REASON_MAX_LENGTH } from './reason'
import type { BookingState } from './transitions'
import { isUuid } from '~/infra/uuid'

const DATE = /^\d{4}-\d{2}-\d{2}$/

export const PURPOSE_MAX_LENGTH = 500

// ---------------------------------------------------------------------------------------------
// The booking form

/**
 * What the enterprise chose so far. The same names travel in the URL (the quote is recomputed by
 * the loader, so the page works without JavaScript) and in the submitted form.
 * `voucher`: a voucher id, 'none' (pay it all), or null (the page proposes one).
 */
export type BookingChoice = {
  item: string | null
  start: string | null
  duration: number | null
  quantity: number | null
  wantedBy: string | null
  voucher: string | null
}

type Source = { get(name: string): unknown }

function str(source: Source, name: string): string {
  const v = source.get(name)
  return typeof v === 'string' ? v.trim() : ''
}

function positiveInt(raw: string): number | null {
  const half = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
  if (!/^\d{1,6}$/.test(half)) return null
  const n = Number.parseInt(half, 10)
  return n > 0 ? n : null
}

/** Reads the choices leniently: anything malformed is simply not chosen (the loader never fails on the URL). */
export function readBookingChoice(source: Source): BookingChoice {
  const item = str(source, 'item')
  const start = str(source, 'start')
  const voucher = str(source, 'voucher')
  const wantedBy = str(source, 'wantedBy')
  return {
    item: isUuid(item) ? item.toLowerCase() : null,
    start: start && !Number.isNaN(Date.parse(start)) ? new Date(start).toISOString() : null,
    duration: positiveInt(str(source, 'duration')),
    quantity: positiveInt(str(source, 'quantity')),
    wantedBy: DATE.test(wantedBy) ? wantedBy : null,
    voucher: voucher === 'none' ? 'none' : isUuid(voucher) ? voucher.toLowerCase() : null,
  }
}

/** The choices as a query string (the page's links and the quote form's state). */
export function choiceSearch(choice: BookingChoice, change: Partial<BookingChoice> = {}): string {
  const next = { ...choice, ...change }
  const search = new URLSearchParams()
  if (next.item) search.set('item', next.item)
  if (next.duration) search.set('duration', String(next.duration))
  if (next.start) search.set('start', next.start)
  if (next.quantity) search.set('quantity', String(next.quantity))
  if (next.wantedBy) search.set('wantedBy', next.wantedBy)
  if (next.voucher) search.set('voucher', next.voucher)
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

export type SubmitErrors = Partial<
  Record<'item' | 'start' | 'duration' | 'quantity' | 'wantedBy' | 'voucher' | 'purpose' | 'form', string[]>
>

export type BookingSubmission = {
  serviceItemId: string
  voucherId: string | null
  /** Hourly services. */
  startsAt: Date | null
  durationMinutes: number | null
  /** Sample / item services. */
  quantity: number | null
  wantedBy: string | null
  purpose: string | null
  idempotencyKey: string
}

/**
 * The submitted form, strictly: a missing service item, slot or quantity is a field error (keys in
 * 'bookings:errors'). Whether the slot or quantity suits the service is the use case's to say.
 */
export function parseBookingSubmission(
  form: Source,
  unit: 'hour' | 'sample' | 'item' | null,
): { ok: true; value: BookingSubmission } | { ok: false; errors: SubmitErrors } {
  const choice = readBookingChoice(form)
  const errors: SubmitErrors = {}
  const add = (field: keyof SubmitErrors, key: string) => (errors[field] ??= []).push(`bookings:errors.${key}`)
  if (!choice.item || !unit) add('item', 'itemRequired')
  if (unit === 'hour') {
    if (!choice.duration) add('duration', 'durationRequired')
    if (!choice.start) add('start', 'startRequired')
  } else if (unit) {
    if (!choice.quantity) add('quantity', 'quantityRequired')
    if (str(form, 'wantedBy') && !choice.wantedBy) add('wantedBy', 'invalid-wanted-by')
  }
  const rawVoucher = str(form, 'voucher')
  if (rawVoucher && rawVoucher !== 'none' && !choice.voucher) add('voucher', 'voucher-not-usable')
  const purpose = str(form, 'purpose')
  if ([...purpose].length > PURPOSE_MAX_LENGTH) add('purpose', 'purposeTooLong')
  const idempotencyKey = str(form, 'idempotencyKey')
  if (!isUuid(idempotencyKey)) add('form', 'formExpired')
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    value: {
      serviceItemId: choice.item!,
      voucherId: choice.voucher && choice.voucher !== 'none' ? choice.voucher : null,
      startsAt: unit === 'hour' ? new Date(choice.start!) : null,
      durationMinutes: unit === 'hour' ? choice.duration : null,
      quantity: unit === 'hour' ? null : choice.quantity,
      wantedBy: unit === 'hour' ? null : choice.wantedBy,
      purpose: purpose || null,
      idempotencyKey,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The list

export const LIST_FILTERS = ['all', 'open', 'to-confirm', 'done', 'closed'] as const
export type ListFilter = (typeof LIST_FILTERS)[number]

/** Which statuses each filter shows: what the enterprise is waiting for, has to act on, is done with. */
export const FILTER_STATUSES: Record<Exclude<ListFilter, 'all'>, readonly BookingState[]> = {
  open: ['requested', 'approved', 'paid', 'in_service'],
  'to-confirm': ['delivered', 'disputed'],
  done: ['confirmed', 'claimed', 'redeemed', 'claim_rejected', 'settled'],
  closed: ['rejected', 'cancelled', 'expired'],
}

export const LIST_SORTS = ['created', 'service'] as const
export type ListSort = (typeof LIST_SORTS)[number]

export const LIST_PAGE_SIZE = 25

export type ListParams = { status: ListFilter; sort: ListSort; dir: 'asc' | 'desc'; page: number; pageSize: number }

/** Query string → list parameters; anything unknown falls back to the default (newest bookings first). */
export function parseListParams(params: URLSearchParams): ListParams {
  const status = params.get('status') ?? ''
  const sort = params.get('sort') ?? ''
  const dir = params.get('dir')
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  return {
    status: (LIST_FILTERS as readonly string[]).includes(status) ? (status as ListFilter) : 'all',
    sort: (LIST_SORTS as readonly string[]).includes(sort) ? (sort as ListSort) : 'created',
    dir: dir === 'asc' ? 'asc' : 'desc',
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: LIST_PAGE_SIZE,
  }
}

export function listSearch(p: ListParams, change: Partial<ListParams> = {}): string {
  const next = { ...p, ...change }
  const search = new URLSearchParams()
  if (next.status !== 'all') search.set('status', next.status)
  if (next.sort !== 'created') search.set('sort', next.sort)
  if (next.dir !== 'desc') search.set('dir', next.dir)
  if (next.page > 1) search.set('page', String(next.page))
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

// ---------------------------------------------------------------------------------------------
// The detail page's actions

export const ENTERPRISE_INTENTS = ['cancel', 'accept-proposal', 'decline-proposal', 'confirm', 'dispute'] as const
export type EnterpriseIntent = (typeof ENTERPRISE_INTENTS)[number]

export const IntentSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.enum(['cancel', 'dispute']),
    reason: z
      .string()
      .trim()
      .min(1, 'bookings:errors.reason-required')
      .max(REASON_MAX_LENGTH, 'bookings:errors.reason-too-long'),
  }),
  z.object({ intent: z.enum(['accept-proposal', 'decline-proposal', 'confirm']) }),
])
export type IntentInput = z.infer<typeof IntentSchema>
