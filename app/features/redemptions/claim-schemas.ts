// The bureau's redemption-claim list: its URL parameters (the page and the XLSX export share them).
// Anything unknown falls back to the default, never an error page. Pure.
import { isUuid } from '~/infra/uuid'

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/

export const CLAIM_STATUSES = ['submitted', 'approved', 'rejected', 'settled'] as const
export type ClaimStatus = (typeof CLAIM_STATUSES)[number]
export const CLAIM_STATUS_FILTERS = ['all', ...CLAIM_STATUSES] as const
export type ClaimStatusFilter = (typeof CLAIM_STATUS_FILTERS)[number]

export const CLAIM_PAGE_SIZE = 50

export type ClaimListParams = {
  status: ClaimStatusFilter
  institutionId: string | null
  /** The settlement month, YYYY-MM (redemption_claim.period is its first day). */
  period: string | null
  page: number
  pageSize: number
}

export function parseClaimListParams(params: URLSearchParams): ClaimListParams {
  const status = params.get('status') ?? ''
  const institutionId = params.get('institution') ?? ''
  const period = params.get('period') ?? ''
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  return {
    status: (CLAIM_STATUS_FILTERS as readonly string[]).includes(status) ? (status as ClaimStatusFilter) : 'all',
    institutionId: isUuid(institutionId) ? institutionId.toLowerCase() : null,
    period: PERIOD.test(period) ? period : null,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: CLAIM_PAGE_SIZE,
  }
}

export function claimListSearch(p: ClaimListParams, change: Partial<ClaimListParams> = {}): string {
  const next = { ...p, ...change }
  const search = new URLSearchParams()
  if (next.status !== 'all') search.set('status', next.status)
  if (next.institutionId) search.set('institution', next.institutionId)
  if (next.period) search.set('period', next.period)
  if (next.page > 1) search.set('page', String(next.page))
  const qs = search.toString()
  return qs ? `?${qs}` : ''
}

/** "2026-06" → the first day of that month as the DATE column holds it. */
export function periodDate(period: string): Date {
  return new Date(`${period}-01T00:00:00.000Z`)
}
