import { describe, expect, it } from 'vitest'
import { ENTERPRISE_REVIEW } from '~/features/enterprises/review/review-flow'
import { INSTITUTION_REVIEW } from '~/features/institutions/admission'
import { orgReviewSchema, parseOrgQueueParams } from './schemas'

describe('the review form and the queue’s URL', () => {
  it('accepts only the organisation’s own actions, with messages in its namespace', () => {
    expect(orgReviewSchema(ENTERPRISE_REVIEW).safeParse({ intent: 'city_verify' }).success).toBe(true)
    const wrong = orgReviewSchema(INSTITUTION_REVIEW).safeParse({ intent: 'city_verify' })
    expect(wrong.error?.issues[0]?.message).toBe('institutions:errors.unknownAction')
    const long = orgReviewSchema(ENTERPRISE_REVIEW).safeParse({ intent: 'county_reject', reason: '字'.repeat(501) })
    expect(long.error?.issues[0]).toMatchObject({ path: ['reason'], message: 'enterprises:errors.reasonTooLong' })
    expect(orgReviewSchema(ENTERPRISE_REVIEW).parse({ intent: 'county_reject', reason: '  资料不全 ' })).toEqual({
      intent: 'county_reject',
      reason: '资料不全',
    })
  })

  it('reads the filter and the order, defaulting to what awaits this officer, oldest first', () => {
    expect(parseOrgQueueParams(new URLSearchParams())).toEqual({ status: 'awaiting', order: 'asc' })
    expect(parseOrgQueueParams(new URLSearchParams('status=suspended&order=desc'))).toEqual({
      status: 'suspended',
      order: 'desc',
    })
    expect(parseOrgQueueParams(new URLSearchParams('status=bogus&order=up'))).toEqual({
      status: 'awaiting',
      order: 'asc',
    })
  })
})
