import { Form, useNavigation, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from './alert'
import { AuthenticityTokenInput } from './authenticity-token-input'
import { Button } from './button'
import { Card } from './card'
import { TextAreaField } from './field'
import { translateError, translateErrors } from './field-error'

// The reviewer's side of a two-step review (enterprise verification, institution admission,
// voucher applications): the decision card with only the buttons the officer may press now, and
// the notice after a decision. Texts come from the review's namespace, which has the same keys in
// each: detail.decisionTitle, detail.reasonLabel, detail.reasonHint, action.<action>, done.<action>.

export type ReviewNs = 'enterprises' | 'institutions' | 'applications'

/** A key built from an action name; every ReviewNs has action.<a> and done.<a> for its actions. */
type KeyT = (key: string) => string

/** What the decision card needs of an action's transition. */
type ActionRule = { decision: string; reasonRequired: boolean }

export function ReviewDecisionCard<A extends string>({
  ns,
  titleId,
  actions,
  rules,
  note,
  formError,
  reasonErrors,
  reasonDefault,
  reasonMax,
  reasonOptional,
  idle,
}: {
  ns: ReviewNs
  titleId: string
  /** The actions to offer now; none shows `idle` instead of the form. */
  actions: readonly A[]
  rules: Record<A, ActionRule>
  /** A line above the form (how this case is routed). */
  note?: ReactNode
  /** Error keys from the action (field-error.ts), untranslated. */
  formError?: string
  reasonErrors?: readonly string[]
  reasonDefault?: string
  reasonMax: number
  /** Marks the reason "(选填)"; it is still required to reject (data-reason-required). */
  reasonOptional?: boolean
  /** Why there is nothing to do: whose turn it is, or that the outcome is final. */
  idle: ReactNode
}) {
  const { t } = useTranslation(ns)
  const { t: tc } = useTranslation()
  const busy = useNavigation().state !== 'idle'
  return (
    <Card title={t('detail.decisionTitle')} titleId={titleId}>
      {note ? <p className="mb-3 text-sm text-slate-600">{note}</p> : null}
      {formError ? (
        <Alert tone="error" className="mb-4">
          {translateError(tc, formError)}
        </Alert>
      ) : null}
      {actions.length > 0 ? (
        <Form method="post" className="space-y-4">
          <AuthenticityTokenInput />
          <TextAreaField
            label={t('detail.reasonLabel')}
            hint={t('detail.reasonHint')}
            errors={translateErrors(tc, reasonErrors)}
            optional={reasonOptional}
            textareaProps={{ name: 'reason', rows: 4, maxLength: reasonMax, defaultValue: reasonDefault ?? '' }}
          />
          <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
            {actions.map((a) => (
              <Button
                key={a}
                type="submit"
                name="intent"
                value={a}
                disabled={busy}
                variant={rules[a].decision === 'rejected' || rules[a].decision === 'suspended' ? 'danger' : 'primary'}
                data-reason-required={rules[a].reasonRequired || undefined}
              >
                {(t as unknown as KeyT)(`action.${a}`)}
              </Button>
            ))}
          </div>
        </Form>
      ) : (
        <p className="text-sm text-slate-600" data-testid="nothing-to-do">
          {idle}
        </p>
      )}
    </Card>
  )
}

/** "Done" after a decision (the action redirects with ?done=<action>); not over a refused one. */
export function ReviewDoneAlert({
  ns,
  actions,
  hidden,
}: {
  ns: ReviewNs
  actions: readonly string[]
  hidden: boolean
}) {
  const { t } = useTranslation(ns)
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  if (hidden || done === null || !actions.includes(done)) return null
  return (
    <Alert tone="success" className="mt-6">
      {(t as unknown as KeyT)(`done.${done}`)}
    </Alert>
  )
}
