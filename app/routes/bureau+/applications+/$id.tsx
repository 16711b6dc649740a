import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Badge } from '~/components/badge'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { errorKey, translateError, translateErrors } from '~/components/field-error'
import { TextAreaField } from '~/components/field'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { budgetUsage, capUsage, getApplication, userNames } from '~/features/applications/queries.server'
import { reviewApplication } from '~/features/applications/review-application.server'
import {
  APPLICATION_ACTIONS,
  APPLICATION_TRANSITIONS,
  availableApplicationActions,
  canSeeApplication,
  hasCountyStep,
  nextApplicationReviewer,
  REASON_MAX,
  type ApplicationAction,
} from '~/features/applications/rules'
import { ApplicationReviewSchema } from '~/features/applications/schemas'
import { reviewReachFor } from '~/features/institutions/admission'
import { formatFen } from '~/features/money/money'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { forbidden, notFound } from '~/infra/http.server'
import { isUuid } from '~/infra/uuid'
import { ApplicationStatusBadge } from '~/features/applications/status-badge'

// One voucher application for its reviewers: what is asked and why, the cap and budget figures
// the decision depends on (read now; the use case checks them again under its locks), the history,
// and only the buttons this officer may press now.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:region')
  const officer = reviewReachFor(user.memberships, 'application')
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const a = await getApplication(db, id)
  // Another county's application is "not found": its existence is not revealed.
  if (!a || !canSeeApplication(officer, a.enterprise.region.id)) throw await notFound(request)
  const locale = await getLocale(request)
  const countyStep = hasCountyStep(a.enterprise.region)
  const target = { status: a.status, regionId: a.enterprise.region.id, countyStep }
  const [cap, budget, names] = await Promise.all([
    capUsage(db, { enterpriseId: a.enterpriseId, regionId: a.programme.regionId, year: a.programme.year }, a.id),
    budgetUsage(db, a.programmeId, a.id),
    userNames(db, [a.applicantId, a.countyReviewerId, a.cityReviewerId]),
  ])
  const undecided = a.status === 'submitted' || a.status === 'county_approved'
  return json({
    title: a.enterprise.name,
    locale,
    application: {
      id: a.id,
      status: a.status,
      amountFen: a.amountFen.toString(),
      purpose: a.purpose,
      plannedUse: a.plannedUse,
      createdAt: a.createdAt.toISOString(),
      applicant: names[a.applicantId ?? ''] ?? null,
      programme: a.programme.name,
      enterprise: {
        id: a.enterprise.id,
        name: a.enterprise.name,
        uscc: a.enterprise.uscc,
        smeRegNo: a.enterprise.smeRegNo,
        otherStatus: a.enterprise.otherStatus,
        controllerGroup: a.enterprise.controllerGroup,
        region: locale === 'en' ? a.enterprise.region.nameEn : a.enterprise.region.name,
      },
      voucher: a.voucher ? { id: a.voucher.id, serial: a.voucher.serial } : null,
      steps: [
        a.countyDecision
          ? {
              step: 'county' as const,
              decision: a.countyDecision as 'approved' | 'rejected',
              at: a.countyReviewedAt!.toISOString(),
              reviewer: names[a.countyReviewerId ?? ''] ?? null,
              reason: a.countyReason,
            }
          : null,
        a.cityDecision
          ? {
              step: 'city' as const,
              decision: a.cityDecision as 'approved' | 'rejected',
              at: a.cityReviewedAt!.toISOString(),
              reviewer: names[a.cityReviewerId ?? ''] ?? null,
              reason: a.cityReason,
            }
          : null,
      ].filter((s) => s !== null),
    },
    countyStep,
    figures: undecided
      ? {
          capFen: a.programme.capFen.toString(),
          issuedFen: cap.issuedFen.toString(),
          pendingOthersFen: cap.pendingFen.toString(),
          afterIssueFen: (cap.issuedFen + a.amountFen).toString(),
          overCap: cap.issuedFen + a.amountFen > a.programme.capFen,
          groupSize: cap.groupSize,
          budgetAvailableFen: budget.availableFen.toString(),
          budgetPendingFen: budget.pendingFen.toString(),
          overBudget: a.amountFen > budget.availableFen,
        }
      : null,
    actions: availableApplicationActions(target, officer),
    next: nextApplicationReviewer(target),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券申请' }]

type ActionErrors = { reason?: string[]; form?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const user = await requireUserWithPermission(request, 'review:application:region')
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const reason = typeof formData.get('reason') === 'string' ? String(formData.get('reason')) : ''
  const parsed = ApplicationReviewSchema.safeParse({
    intent: formData.get('intent') ?? undefined,
    reason: formData.get('reason') ?? undefined,
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const errors: ActionErrors =
      issue?.path[0] === 'reason' ? { reason: [issue.message] } : { form: 'applications:errors.unknownAction' }
    return json({ errors, reason }, { status: 400 })
  }
  const outcome = await reviewApplication({
    applicationId: id,
    action: parsed.data.intent,
    reason: parsed.data.reason,
    reviewerId: user.id,
    officer: reviewReachFor(user.memberships, 'application'),
  })
  if (outcome.ok) return redirect(`/bureau/applications/${id}?done=${parsed.data.intent}`)
  if (outcome.reason === 'not-found') throw await notFound(request)
  if (outcome.reason === 'not-allowed' || outcome.reason === 'not-in-region') throw await forbidden(request)
  const d = outcome.details ?? {}
  const errors: ActionErrors =
    outcome.reason === 'reason-required'
      ? { reason: ['applications:errors.reasonRequired'] }
      : outcome.reason === 'reason-too-long'
        ? { reason: ['applications:errors.reasonTooLong'] }
        : outcome.reason === 'over-cap'
          ? {
              form: errorKey('applications:errors.over-cap-review', {
                issued: formatFen(d.issuedFen as bigint),
                cap: formatFen(d.capFen as bigint),
              }),
            }
          : outcome.reason === 'insufficient-budget'
            ? { form: 'applications:errors.insufficient-budget' }
            : outcome.reason === 'enterprise-not-verified'
              ? { form: 'applications:errors.enterprise-not-verified-review' }
              : { form: 'applications:errors.wrongStatus' }
  return json({ errors, reason }, { status: outcome.reason === 'wrong-status' ? 409 : 400 })
}

const POSITIVE: readonly ApplicationAction[] = ['county_approve', 'city_approve']

export default function ApplicationReviewPage() {
  const { t } = useTranslation('applications')
  const { t: tc } = useTranslation()
  const { locale, application: a, countyStep, figures, actions, next } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  const justDone = !actionData && (APPLICATION_ACTIONS as readonly string[]).includes(done ?? '') ? done : null
  const busy = navigation.state !== 'idle'
  const errors = actionData?.errors
  const none = <span className="text-slate-400">—</span>

  const qualification = [
    a.enterprise.smeRegNo ? t('detail.smeRegNo', { number: a.enterprise.smeRegNo }) : null,
    a.enterprise.otherStatus
      ? (t as unknown as (k: string, o: object) => string)(`otherStatus.${a.enterprise.otherStatus}`, {
          defaultValue: a.enterprise.otherStatus,
        })
      : null,
  ].filter(Boolean)

  const facts: [string, React.ReactNode][] = [
    [
      t('detail.enterprise'),
      <Link to={`/bureau/enterprises/${a.enterprise.id}`} className="text-brand-700 underline-offset-2 hover:underline">
        {a.enterprise.name}
      </Link>,
    ],
    [t('detail.uscc'), <span className="font-mono">{a.enterprise.uscc}</span>],
    [t('detail.region'), a.enterprise.region],
    [t('detail.qualification'), qualification.length ? qualification.join(locale === 'en' ? '; ' : '；') : none],
    [t('detail.controllerGroup'), a.enterprise.controllerGroup ?? none],
    [t('detail.programme'), a.programme],
    [
      t('detail.amount'),
      <span className="text-lg font-semibold tabular-nums" data-testid="application-amount">
        {formatFen(BigInt(a.amountFen))}
      </span>,
    ],
    [t('detail.purpose'), a.purpose],
    [t('detail.plannedUse'), a.plannedUse ?? none],
    [t('detail.applicant'), a.applicant ?? none],
    [t('detail.submittedAt'), formatDateTime(a.createdAt, locale)],
  ]

  const history = [
    {
      id: 'submitted',
      step: 'submitted' as const,
      decision: null,
      at: a.createdAt,
      reviewer: a.applicant,
      reason: null,
    },
    ...a.steps.map((s) => ({ id: s.step, ...s })),
  ]

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/bureau/applications" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('detail.eyebrow')}
        title={a.enterprise.name}
        testId="application-detail"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <ApplicationStatusBadge status={a.status} countyStep={countyStep} testId="application-status" />
            {a.voucher ? (
              <span className="font-mono text-sm" data-testid="issued-serial">
                {t('detail.voucherIssued', { serial: a.voucher.serial })}
              </span>
            ) : null}
          </span>
        }
      />

      {justDone ? (
        <Alert tone="success" className="mt-6">
          {t(`done.${justDone as ApplicationAction}`)}
        </Alert>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('detail.facts')} titleId="application-facts" className="lg:col-span-2">
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[10rem_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-sm text-slate-500 sm:pt-0.5">{label}</dt>
                <dd className="-mt-2 break-words text-slate-900 sm:mt-0">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>

        <div className="space-y-6">
          {figures ? (
            <Card title={t('detail.capTitle')} titleId="application-figures">
              <dl className="space-y-1.5 text-sm">
                {(
                  [
                    ['cap', figures.capFen],
                    ['issued', figures.issuedFen],
                    ['pendingOthers', figures.pendingOthersFen],
                    ['afterIssue', figures.afterIssueFen],
                    ['budgetAvailable', figures.budgetAvailableFen],
                    ['budgetPending', figures.budgetPendingFen],
                  ] as const
                ).map(([k, fen]) => (
                  <div key={k} className="flex justify-between gap-4">
                    <dt className="text-slate-600">{t(`detail.${k}`)}</dt>
                    <dd className="font-medium tabular-nums text-slate-900">{formatFen(BigInt(fen))}</dd>
                  </div>
                ))}
              </dl>
              {figures.overCap ? (
                <Alert tone="warning" className="mt-3">
                  {t('detail.overCapWarning')}
                </Alert>
              ) : null}
              {figures.overBudget ? (
                <Alert tone="warning" className="mt-3">
                  {t('detail.overBudgetWarning')}
                </Alert>
              ) : null}
            </Card>
          ) : null}

          <Card title={t('detail.decisionTitle')} titleId="application-decision">
            {!countyStep && a.status === 'submitted' ? (
              <p className="mb-3 text-sm text-slate-600">{t('detail.noCountyStep')}</p>
            ) : null}
            {errors?.form ? (
              <Alert tone="error" className="mb-4">
                {translateError(tc, errors.form)}
              </Alert>
            ) : null}
            {actions.length > 0 ? (
              <Form method="post" className="space-y-4">
                <AuthenticityTokenInput />
                <TextAreaField
                  label={t('detail.reasonLabel')}
                  hint={t('detail.reasonHint')}
                  errors={translateErrors(tc, errors?.reason)}
                  optional
                  textareaProps={{
                    name: 'reason',
                    rows: 4,
                    maxLength: REASON_MAX,
                    defaultValue: actionData?.reason ?? '',
                  }}
                />
                <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
                  {actions.map((action) => (
                    <Button
                      key={action}
                      type="submit"
                      name="intent"
                      value={action}
                      disabled={busy}
                      variant={POSITIVE.includes(action) ? 'primary' : 'danger'}
                      data-reason-required={APPLICATION_TRANSITIONS[action].reasonRequired || undefined}
                    >
                      {t(`action.${action}`)}
                    </Button>
                  ))}
                </div>
              </Form>
            ) : (
              <p className="text-sm text-slate-600" data-testid="nothing-to-do">
                {next === 'county'
                  ? t('detail.waitingCounty', { region: a.enterprise.region })
                  : next === 'city'
                    ? t('detail.waitingCity')
                    : t('detail.final')}
              </p>
            )}
          </Card>
        </div>
      </div>

      <Card title={t('detail.history')} titleId="application-history" className="mt-6">
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
                  <Badge tone={r.decision === 'rejected' ? 'danger' : 'success'}>{t(`decision.${r.decision}`)}</Badge>
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
