// Refusals of the management use cases as field errors (i18n keys with their parameters).
import { errorKey } from '~/components/field-error'

export function instrumentReasonErrors(outcome: {
  reason: string
  details?: Record<string, unknown>
}): Record<string, string[]> {
  const d = outcome.details ?? {}
  switch (outcome.reason) {
    case 'asset-no-taken':
      return {
        assetNo: [
          errorKey('manage:errors.assetNoTaken', { assetNo: String(d.assetNo ?? ''), name: String(d.name ?? '') }),
        ],
      }
    case 'unknown-category':
      return { categoryCode: ['manage:errors.unknownCategory'] }
    default:
      return { '': ['manage:errors.gone'] }
  }
}
