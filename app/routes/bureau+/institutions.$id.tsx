import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Badge } from '~/components/badge'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { cn } from '~/components/cn'
import { DataTable } from '~/components/data-table'
import { translateError } from '~/components/field-error'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import {
  ADMISSION_ACTIONS,
  ADMISSION_TRANSITIONS,
  availableActions,
  nextReviewer,
  officerReachFor,
  REASON_MAX,
  type AdmissionAction,
  type ReviewDecision,
  type ReviewStep,
} from '~/features/institutions/admission'
import { getInstitutionForReview } from '~/features/institutions/queries.server'
import { reviewInstitution } from '~/features/institutions/review-institution.server'
import { ReviewSchema } from '~/features/institutions/schemas'
import { STATUS_TONE } from '~/features/institutions/status-tone'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { forbidden, notFound } from '~/infra/http.server'
import { isUuid } from '~/infra/uuid'

// One institution's admission: every field, the history, and the decision form with only the
// buttons this officer may press now (admission.ts decides; the use case checks again).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:institution:region')
  const officer = officerReachFor(user.memberships)
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const institution = await getInstitutionForReview(getDb(), officer, id)
  // Another county's institution is "not found", not "forbidden": its existence is not revealed.
  if (!institution) throw await notFound(request)
  const locale = await getLocale(request)
  const target = {
    status: institution.status,
    regionId: institution.region.id,
    isPartnerRegion: institution.region.isPartner,
  }
  return json({
    title: institution.name,
    locale,
    institution: {
      ...institution,
      createdAt: institution.createdAt.toISOString(),
      reviews: institution.reviews.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() })),
      applicant: institution.memberships[0]?.user ?? null,
    },
    actions: availableActions(target, officer),
    next: nextReviewer(target),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '入库审核' }]

type ActionErrors = { reason?: string; form?: string }

const REFUSAL_KEYS: Record<string, string> = {
  'not-allowed': 'institutions:errors.notAllowed',
  'not-in-region': 'institutions:errors.notInRegion',
  'wrong-status': 'institutions:errors.wrongStatus',
  'status-changed': 'institutions:errors.statusChanged',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const user = await requireUserWithPermission(request, 'review:institution:region')
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const parsed = ReviewSchema.safeParse({
    intent: formData.get('intent') ?? undefined,
    reason: formData.get('reason') ?? undefined,
  })
  const reason = typeof formData.get('reason') === 'string' ? String(formData.get('reason')) : ''
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const errors: ActionErrors =
      issue?.path[0] === 'reason' ? { reason: issue.message } : { form: 'institutions:errors.unknownAction' }
    return json({ errors, reason }, { status: 400 })
  }
  const outcome = await reviewInstitution({
    institutionId: id,
    action: parsed.data.intent,
    reason: parsed.data.reason,
    reviewerId: user.id,
    officer: officerReachFor(user.memberships),
  })
  if (outcome.ok) return redirect(`/bureau/institutions/${id}?done=${parsed.data.intent}`)
  if (outcome.reason === 'not-found') throw await notFound(request)
  if (outcome.reason === 'not-allowed' || outcome.reason === 'not-in-region') throw await forbidden(request)
  const errors: ActionErrors =
    outcome.reason === 'reason-required'
      ? { reason: 'institutions:errors.reasonRequired' }
      : outcome.reason === 'reason-too-long'
        ? { reason: 'institutions:errors.reasonTooLong' }
        : { form: REFUSAL_KEYS[outcome.reason] ?? 'institutions:errors.wrongStatus' }
  return json({ errors, reason }, { status: outcome.reason === 'status-changed' ? 409 : 400 })
}

const POSITIVE: readonly AdmissionAction[] = ['county_approve', 'city_admit', 'reinstate']

export default function InstitutionReviewPage() {
  const { t } = useTranslation('institutions')
  const { t: tc } = useTranslation()
  const { locale, institution: inst, actions, next } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  const justDone = !actionData && (ADMISSION_ACTIONS as readonly string[]).includes(done ?? '') ? done : null
  const busy = navigation.state !== 'idle'
  const reasonId = useId()
  const errors = actionData?.errors
  const regionName = locale === 'en' ? inst.region.nameEn : inst.region.name
  const none = <span className="text-slate-400">{t('detail.none')}</span>

  const facts: [string, React.ReactNode][] = [
    [t('detail.name'), inst.name],
    [t('detail.nameEn'), inst.nameEn ?? none],
    [t('detail.uscc'), <span className="font-mono">{inst.uscc}</span>],
    [t('detail.type'), t(`type.${inst.type}`)],
    [
      t('detail.region'),
      <span className="inline-flex flex-wrap items-center gap-1.5">
        {regionName}
        {inst.region.isPartner ? <Badge tone="info">{t('queue.partner')}</Badge> : null}
      </span>,
    ],
    [t('detail.legalRep'), inst.legalRep ?? none],
    [t('detail.cma'), inst.cmaNo ? <span className="font-mono">{inst.cmaNo}</span> : none],
    [t('detail.cnas'), inst.cnasNo ? <span className="font-mono">{inst.cnasNo}</span> : none],
    [
      t('detail.bank'),
      inst.bankName || inst.bankAccount ? (
        <>
          <span className="block">{inst.bankName}</span>
          <span className="block font-mono break-all">{inst.bankAccount}</span>
        </>
      ) : (
        none
      ),
    ],
    [t('detail.contact'), [inst.contactName, inst.contactPhone].filter(Boolean).join(' · ') || none],
    [t('detail.address'), inst.address ?? none],
    [t('detail.applicant'), inst.applicant ? `${inst.applicant.name}（${inst.applicant.email}）` : none],
    [t('detail.submittedAt'), formatDateTime(inst.createdAt, locale)],
  ]

  const history = [
    {
      id: 'applied',
      at: inst.createdAt,
      step: 'applied' as ReviewStep | 'applied',
      decision: null as ReviewDecision | null,
      reviewer: inst.applicant?.name ?? null,
      reason: null as string | null,
    },
    ...inst.reviews.map((r) => ({
      id: r.id,
      at: r.at,
      step: r.step as ReviewStep,
      decision: r.decision as ReviewDecision,
      reviewer: r.reviewer.name,
      reason: r.reason,
    })),
  ]

  const waiting =
    next === 'county'
      ? t('detail.waitingCounty', { region: regionName })
      : next === 'city'
        ? t('detail.waitingCity')
        : null

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/bureau/institutions" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t(`type.${inst.type}`)}
        title={locale === 'en' ? (inst.nameEn ?? inst.name) : inst.name}
        testId="institution-detail"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[inst.status]}>
              <span data-testid="institution-status">{t(`status.${inst.status}`)}</span>
            </Badge>
            <span className="text-sm">{regionName}</span>
          </span>
        }
      />

      {justDone ? (
        <Alert tone="success" className="mt-6">
          {t(`done.${justDone as AdmissionAction}`)}
        </Alert>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('detail.facts')} titleId="institution-facts" className="lg:col-span-2">
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[10rem_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-sm text-slate-500 sm:pt-0.5">{label}</dt>
                <dd className="-mt-2 text-slate-900 sm:mt-0">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>

        <Card title={t('detail.decisionTitle')} titleId="institution-decision">
          {inst.region.isPartner && (inst.status === 'pending' || inst.status === 'county_reviewed') ? (
            <p className="mb-3 text-sm text-slate-600">{t('detail.partnerRoute')}</p>
          ) : null}
          {errors?.form ? (
            <Alert tone="error" className="mb-4">
              {translateError(tc, errors.form)}
            </Alert>
          ) : null}
          {actions.length > 0 ? (
            <Form method="post" className="space-y-4">
              <AuthenticityTokenInput />
              <div>
                <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">
                  {t('detail.reasonLabel')}
                </label>
                <textarea
                  id={reasonId}
                  name="reason"
                  rows={4}
                  maxLength={REASON_MAX}
                  defaultValue={actionData?.reason ?? ''}
                  aria-invalid={errors?.reason ? true : undefined}
                  aria-describedby={`${reasonId}-hint${errors?.reason ? ` ${reasonId}-error` : ''}`}
                  className={cn(
                    'mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none',
                    errors?.reason ? 'border-red-500' : 'border-slate-300',
                  )}
                />
                <p id={`${reasonId}-hint`} className="mt-1 text-sm text-slate-500">
                  {t('detail.reasonHint')}
                </p>
                {errors?.reason ? (
                  <p id={`${reasonId}-error`} className="mt-1 text-sm text-red-700">
                    {translateError(tc, errors.reason)}
                  </p>
                ) : null}
              </div>
              <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
                {actions.map((a) => (
                  <Button
                    key={a}
                    type="submit"
                    name="intent"
                    value={a}
                    disabled={busy}
                    variant={POSITIVE.includes(a) ? 'primary' : 'danger'}
                    data-reason-required={ADMISSION_TRANSITIONS[a].reasonRequired || undefined}
                  >
                    {t(`action.${a}`)}
                  </Button>
                ))}
              </div>
            </Form>
          ) : (
            <p className="text-sm text-slate-600" data-testid="nothing-to-do">
              {inst.status === 'rejected' ? t('detail.finalRejected') : (waiting ?? t('detail.nothingToDo'))}
            </p>
          )}
        </Card>
      </div>

      <Card title={t('detail.history')} titleId="institution-history" className="mt-6">
        <DataTable
          caption={t('detail.historyCaption')}
          captionHidden
          rows={history}
          rowKey={(r) => r.id}
          columns={[
            { key: 'at', header: t('detail.when'), cell: (r) => formatDateTime(r.at, locale) },
            { key: 'step', header: t('detail.stepColumn'), rowHeader: true, cell: (r) => t(`step.${r.step}`) },
            {
              key: 'decision',
              header: t('detail.decisionColumn'),
              cell: (r) =>
                r.decision ? (
                  <Badge
                    tone={r.decision === 'rejected' ? 'danger' : r.decision === 'suspended' ? 'warning' : 'success'}
                  >
                    {t(`decision.${r.decision}`)}
                  </Badge>
                ) : (
                  '—'
                ),
            },
            { key: 'reviewer', header: t('detail.reviewer'), cell: (r) => r.reviewer ?? '—' },
            { key: 'reason', header: t('detail.reason'), wrap: true, cell: (r) => r.reason ?? '—' },
          ]}
        />
      </Card>
    </PageContainer>
  )
}
