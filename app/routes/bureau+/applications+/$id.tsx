import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Card } from '~/components/card'
import { FactList } from '~/components/fact-list'
import { errorKey } from '~/components/field-error'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { ReviewDecisionCard, ReviewDoneAlert } from '~/components/review-decision'
import { ReviewHistoryCard, type ReviewHistoryRow } from '~/components/review-history'
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
} from '~/features/applications/rules'
import { ApplicationReviewSchema } from '~/features/applications/schemas'
import { reviewReachFor } from '~/features/org-review/review-flow'
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

export default function ApplicationReviewPage() {
  const { t } = useTranslation('applications')
  const { locale, application: a, countyStep, figures, actions, next } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
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

  const history: ReviewHistoryRow[] = [
    { id: 'submitted', step: 'submitted', decision: null, at: a.createdAt, reviewer: a.applicant, reason: null },
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

      <ReviewDoneAlert ns="applications" actions={APPLICATION_ACTIONS} hidden={actionData !== undefined} />

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('detail.facts')} titleId="application-facts" className="lg:col-span-2">
          <FactList facts={facts} breakWords />
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

          <ReviewDecisionCard
            ns="applications"
            titleId="application-decision"
            actions={actions}
            rules={APPLICATION_TRANSITIONS}
            note={!countyStep && a.status === 'submitted' ? t('detail.noCountyStep') : null}
            formError={errors?.form}
            reasonErrors={errors?.reason}
            reasonDefault={actionData?.reason}
            reasonMax={REASON_MAX}
            reasonOptional
            idle={
              next === 'county'
                ? t('detail.waitingCounty', { region: a.enterprise.region })
                : next === 'city'
                  ? t('detail.waitingCity')
                  : t('detail.final')
            }
          />
        </div>
      </div>

      <ReviewHistoryCard ns="applications" titleId="application-history" locale={locale} rows={history} />
    </PageContainer>
  )
}
