import { errorKey } from '~/components/field-error'
import { formatWan } from '~/features/money/money'
import type { Locale } from '~/i18n/config'

// Use-case refusals → the form field they concern and the message key that says what to fix.
export function programmeRefusalErrors(
  reason: string,
  details: Record<string, unknown> | undefined,
  locale: Locale,
): Record<string, string[]> {
  switch (reason) {
    case 'prefix-taken':
      return { serialPrefix: ['programmes:errors.prefixTaken'] }
    case 'name-taken':
      return { name: ['programmes:errors.nameTaken'] }
    case 'identity-locked':
      return { serialPrefix: ['programmes:errors.identityLocked'], '': ['programmes:errors.identityLocked'] }
    case 'unknown-category':
      return { allowedCategories: ['programmes:errors.categoryUnknown'] }
    case 'budget-below-funded':
      return {
        totalBudget: [
          errorKey('programmes:errors.budgetBelowFunded', {
            funded: formatWan(BigInt(String(details?.fundedFen ?? 0)), locale),
          }),
        ],
      }
    case 'over-budget': {
      const headroom = BigInt(String(details?.totalBudgetFen ?? 0)) - BigInt(String(details?.fundedFen ?? 0))
      return {
        amount: [
          errorKey('programmes:errors.overBudget', { headroom: formatWan(headroom > 0n ? headroom : 0n, locale) }),
        ],
      }
    }
    case 'invalid-amount':
      return { amount: ['programmes:errors.fundAmountInvalid'] }
    default:
      return { '': ['programmes:errors.formExpired'] }
  }
}
