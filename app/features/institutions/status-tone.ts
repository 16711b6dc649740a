import type { BadgeTone } from '~/components/badge'
import type { OrgStatus } from './admission'

/** The badge colour of an admission status (the text carries the meaning; colour reinforces it). */
export const STATUS_TONE: Record<OrgStatus, BadgeTone> = {
  pending: 'warning',
  county_reviewed: 'info',
  verified: 'success',
  rejected: 'danger',
  suspended: 'neutral',
}
