import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import { checkRevokeReason, REVOKE_REASON_MAX_LENGTH } from './revocation'
import { isUuid } from '~/infra/uuid'

// The voucher wallet's URL parameters (the bureau list and its export share them) and the revoke
// form. Form messages are i18n keys (components/field-error.ts) in the 'wallet' namespace.

/** A region id as stored: a GB/T 2260 code, or the city code plus a local flag (511700-GX). */
const REGION_ID = /^\d{6}(-[A-Z]{1,8})?$/

export const VOUCHER_STATUS_FILTERS = ['all', 'active', 'expired', 'revoked'] as const
export type VoucherStatusFilter = (typeof VOUCHER_STATUS_FILTERS)[number]

export const VOUCHER_SORTS = [
  'issued',
  'serial',
  'enterprise',
  'programme',
  'face',
  'available',
  'held',
  'used',
  'expires',
] as const
export type VoucherSort = (typeof VOUCHER_SORTS)[number]

export const VOUCHER_PAGE_SIZE = 25

export type VoucherListParams = {
  status: VoucherStatusFilter
  programmeId: string | null
  regionId: string | null
  q: string | null
  sort: VoucherSort
  dir: 'asc' | 'desc'
  page: number
  pageSize: number
}

/** Query string → list parameters; anything unknown falls back to the default (never an error page). */
export function parseVoucherListParams(params: URLSearchParams): VoucherListParams {
  const status = params.get('status') ?? ''
  const sort = params.get('sort') ?? ''
  const programmeId = params.get('programme') ?? ''
  const regionId = params.get('county') ?? ''
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  const dir = params.get('dir')
  return {
    status: (VOUCHER_STATUS_FILTERS as readonly string[]).includes(status) ? (status as VoucherStatusFilter) : 'all',
    programmeId: isUuid(programmeId) ? programmeId : null,
    regionId: REGION_ID.test(regionId) ? regionId : null,
    q: (params.get('q') ?? '').trim().slice(0, 100) || null,
    sort: (VOUCHER_SORTS as readonly string[]).includes(sort) ? (sort as VoucherSort) : 'issued',
    dir: dir === 'asc' ? 'asc' : 'desc',
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: VOUCHER_PAGE_SIZE,
  }
}

/** List parameters → query string (defaults left out), for links that change one of them. */
export function voucherListSearch(p: VoucherListParams, change: Partial<VoucherListParams> = {}): string {
  const next = { ...p, ...change }
  const search = new URLSearchParams()
  if (next.status !== 'all') search.set('status', next.status)
  if (next.programmeId) search.set('programme', next.programmeId)
  if (next.regionId) search.set('county', next.regionId)
  if (next.q) search.set('q', next.q)
  if (next.sort !== 'issued') search.set('sort', next.sort)
  if (next.dir !== 'desc') search.set('dir', next.dir)
  if (next.page > 1) search.set('page', String(next.page))
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

/** The revoke form: a reason (the same check as the use case: trimmed, 1–500 characters) and a confirmation. */
export const RevokeVoucherSchema = z.object({
  reason: z.string({ error: 'wallet:errors.reasonRequired' }).transform((value, ctx) => {
    const checked = checkRevokeReason(value)
    if (checked.ok) return checked.reason
    ctx.addIssue({
      code: 'custom',
      message:
        checked.problem === 'reason-required'
          ? 'wallet:errors.reasonRequired'
          : errorKey('wallet:errors.reasonTooLong', { max: REVOKE_REASON_MAX_LENGTH }),
    })
    return z.NEVER
  }),
  confirm: z.literal('on', { error: 'wallet:errors.confirmRequired' }),
})
export type RevokeVoucherForm = z.infer<typeof RevokeVoucherSchema>
