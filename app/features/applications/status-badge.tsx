import { useTranslation } from 'react-i18next'
import { Badge, type BadgeTone } from '~/components/badge'
import type { ApplicationStatus } from './rules'

const TONE: Record<ApplicationStatus, BadgeTone> = {
  submitted: 'warning',
  county_approved: 'info',
  approved: 'success',
  rejected: 'danger',
}

/**
 * An application's status as the applicant and the reviewers read it: a submitted application of
 * an enterprise with no county step already waits for the city.
 */
export function ApplicationStatusBadge({
  status,
  countyStep,
  testId,
}: {
  status: ApplicationStatus
  countyStep: boolean
  testId?: string
}) {
  const { t } = useTranslation('applications')
  const label = status === 'submitted' && !countyStep ? t('status.submittedCity') : t(`status.${status}`)
  return (
    <Badge tone={TONE[status]}>
      <span data-testid={testId}>{label}</span>
    </Badge>
  )
}
