import type { BadgeTone } from '~/components/badge'
import type { OrgStatus } from './review-flow'

/** The badge colour of an organisation's review status (the text carries the meaning; colour reinforces it). */
export const STATUS_TONE: Record<OrgStatus, BadgeTone> = {
  pending: 'warning',
  county_reviewed: 'info',
  verified: 'success',
  rejected: 'danger',
  suspended: 'neutral',
}
