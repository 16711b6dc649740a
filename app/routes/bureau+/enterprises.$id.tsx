import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Badge } from '~/components/badge'
import { Button, ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { cn } from '~/components/cn'
import { DataTable } from '~/components/data-table'
import { translateError } from '~/components/field-error'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { useOtherStatusLabel } from '~/features/enterprises/profile-card'
import { getEnterpriseForReview, listControllerGroupPeers } from '~/features/enterprises/review/queries.server'
import { reviewEnterprise } from '~/features/enterprises/review/review-enterprise.server'
import {
  availableActions,
  ENTERPRISE_ACTIONS,
  ENTERPRISE_TRANSITIONS,
  nextReviewer,
  REASON_MAX,
  reviewerReachFor,
  type EnterpriseAction,
  type ReviewDecision,
  type ReviewStep,
} from '~/features/enterprises/review/review-flow'
import { EnterpriseReviewSchema } from '~/features/enterprises/review/schemas'
import { figuresAboveSmeLimits, SME_LIMITS } from '~/features/enterprises/sme-limits'
import { STATUS_TONE } from '~/features/institutions/status-tone'
import { formatWan } from '~/features/money/money'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { forbidden, notFound } from '~/infra/http.server'
import { isUuid } from '~/infra/uuid'

// One enterprise's review: every field (size figures in 万元), the history, and the decision form
// with only the buttons this officer may press now (review-flow.ts decides; the use case checks
// again inside its transaction).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:enterprise:region')
  const officer = reviewerReachFor(user.memberships)
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const enterprise = await getEnterpriseForReview(getDb(), officer, id)
  // Another county's enterprise is "not found", not "forbidden": its existence is not revealed.
  if (!enterprise) throw await notFound(request)
  const locale = await getLocale(request)
  const target = {
    status: enterprise.status,
    regionId: enterprise.region.id,
    isPartnerRegion: enterprise.region.isPartner,
  }
  const { memberships, ...rest } = enterprise
  const groupPeers = enterprise.controllerGroup
    ? await listControllerGroupPeers(getDb(), officer, enterprise.id)
    : { visible: [], hiddenCount: 0 }
  return json({
    title: enterprise.name,
    locale,
    enterprise: {
      ...rest,
      salesFen: enterprise.salesFen?.toString() ?? null,
      assetsFen: enterprise.assetsFen?.toString() ?? null,
      createdAt: enterprise.createdAt.toISOString(),
      reviews: enterprise.reviews.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() })),
      relatedParties: enterprise.relatedParties.map((p) => ({
        ...p,
        id: p.id.toString(),
        declaredAt: p.declaredAt.toISOString(),
      })),
      owner: memberships[0]?.user ?? null,
    },
    // DOMAIN: the national SME limits are "for reference": a warning for the reviewer, no refusal.
    aboveSmeLimits: figuresAboveSmeLimits(enterprise),
    groupPeers,
    actions: availableActions(target, officer),
    next: nextReviewer(target),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '企业审核' }]

type ActionErrors = { reason?: string; form?: string }

const REFUSAL_KEYS: Record<string, string> = {
  'not-allowed': 'enterprises:errors.notAllowed',
  'not-in-region': 'enterprises:errors.notInRegion',
  'wrong-status': 'enterprises:errors.wrongStatus',
  'status-changed': 'enterprises:errors.statusChanged',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const user = await requireUserWithPermission(request, 'review:enterprise:region')
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const parsed = EnterpriseReviewSchema.safeParse({
    intent: formData.get('intent') ?? undefined,
    reason: formData.get('reason') ?? undefined,
  })
  const reason = typeof formData.get('reason') === 'string' ? String(formData.get('reason')) : ''
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const errors: ActionErrors =
      issue?.path[0] === 'reason' ? { reason: issue.message } : { form: 'enterprises:errors.unknownAction' }
    return json({ errors, reason }, { status: 400 })
  }
  const outcome = await reviewEnterprise({
    enterpriseId: id,
    action: parsed.data.intent,
    reason: parsed.data.reason,
    reviewerId: user.id,
    officer: reviewerReachFor(user.memberships),
  })
  if (outcome.ok) return redirect(`/bureau/enterprises/${id}?done=${parsed.data.intent}`)
  if (outcome.reason === 'not-found') throw await notFound(request)
  if (outcome.reason === 'not-allowed' || outcome.reason === 'not-in-region') throw await forbidden(request)
  const errors: ActionErrors =
    outcome.reason === 'reason-required'
      ? { reason: 'enterprises:errors.reasonRequired' }
      : outcome.reason === 'reason-too-long'
        ? { reason: 'enterprises:errors.reasonTooLong' }
        : { form: REFUSAL_KEYS[outcome.reason] ?? 'enterprises:errors.wrongStatus' }
  return json({ errors, reason }, { status: outcome.reason === 'status-changed' ? 409 : 400 })
}

const POSITIVE: readonly EnterpriseAction[] = ['county_approve', 'city_verify', 'reinstate']

export default function EnterpriseReviewPage() {
  const { t } = useTranslation('enterprises')
  const { t: tc } = useTranslation()
  const { locale, enterprise: ent, actions, next, aboveSmeLimits, groupPeers } = useLoaderData<typeof loader>()
  const otherStatusLabel = useOtherStatusLabel()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  const justDone = !actionData && (ENTERPRISE_ACTIONS as readonly string[]).includes(done ?? '') ? done : null
  const busy = navigation.state !== 'idle'
  const reasonId = useId()
  const errors = actionData?.errors
  const regionName = locale === 'en' ? ent.region.nameEn : ent.region.name
  const none = <span className="text-slate-400">{t('detail.none')}</span>

  const facts: [string, React.ReactNode][] = [
    [t('detail.name'), ent.name],
    [t('detail.uscc'), <span className="font-mono">{ent.uscc}</span>],
    [
      t('detail.region'),
      <span className="inline-flex flex-wrap items-center gap-1.5">
        {regionName}
        {ent.region.isPartner ? <Badge tone="info">{t('queue.partner')}</Badge> : null}
      </span>,
    ],
    [t('detail.legalRep'), ent.legalRep ?? none],
    [
      t('detail.smeRegNo'),
      ent.smeRegNo ? (
        <span className="font-mono" data-testid="sme-reg-no">
          {ent.smeRegNo}
        </span>
      ) : (
        none
      ),
    ],
    [t('detail.smeRegYear'), ent.smeRegYear ?? none],
    [t('detail.otherStatus'), ent.otherStatus ? otherStatusLabel(ent.otherStatus) : none],
    [t('detail.staffCount'), ent.staffCount != null ? t('detail.staffValue', { count: ent.staffCount }) : none],
    [t('detail.sales'), ent.salesFen != null ? formatWan(BigInt(ent.salesFen), locale) : none],
    [t('detail.assets'), ent.assetsFen != null ? formatWan(BigInt(ent.assetsFen), locale) : none],
    [t('detail.controllerGroup'), ent.controllerGroup ?? none],
    [t('detail.bankAccount'), ent.bankAccount ? <span className="font-mono break-all">{ent.bankAccount}</span> : none],
    [t('detail.contact'), [ent.contactName, ent.contactPhone].filter(Boolean).join(' · ') || none],
    [t('detail.address'), ent.address ?? none],
    [
      t('detail.owner'),
      ent.owner
        ? locale === 'en'
          ? `${ent.owner.name} (${[ent.owner.email, ent.owner.phone].filter(Boolean).join(' · ')})`
          : `${ent.owner.name}（${[ent.owner.email, ent.owner.phone].filter(Boolean).join(' · ')}）`
        : none,
    ],
    [t('detail.submittedAt'), formatDateTime(ent.createdAt, locale)],
  ]

  const history = [
    {
      id: 'registered',
      at: ent.createdAt,
      step: 'registered' as ReviewStep | 'registered',
      decision: null as ReviewDecision | null,
      reviewer: ent.owner?.name ?? null,
      reason: null as string | null,
    },
    ...ent.reviews.map((r) => ({
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
        <Link to="/bureau/enterprises" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('detail.eyebrow')}
        title={ent.name}
        testId="enterprise-detail"
        actions={
          ent.status === 'verified' || ent.status === 'suspended' ? (
            <>
              <ButtonLink to={`/bureau/vouchers?q=${encodeURIComponent(ent.uscc)}`} variant="secondary">
                {t('detail.vouchersLink')}
              </ButtonLink>
              <ButtonLink to={`/bureau/applications?status=all&q=${encodeURIComponent(ent.uscc)}`} variant="secondary">
                {t('detail.applicationsLink')}
              </ButtonLink>
            </>
          ) : null
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[ent.status]}>
              <span data-testid="enterprise-status">{t(`status.${ent.status}`)}</span>
            </Badge>
            <span className="text-sm">{regionName}</span>
          </span>
        }
      />

      {justDone ? (
        <Alert tone="success" className="mt-6">
          {t(`done.${justDone as EnterpriseAction}`)}
        </Alert>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('detail.facts')} titleId="enterprise-facts" className="lg:col-span-2">
          {aboveSmeLimits.length > 0 ? (
            <Alert tone="warning" title={t('detail.smeWarningTitle')} className="mb-4">
              <ul className="list-disc space-y-0.5 pl-5" data-testid="sme-limit-warning">
                {aboveSmeLimits.map((figure) => (
                  <li key={figure}>
                    {figure === 'staffCount'
                      ? t('detail.smeWarning.staffCount', {
                          value: t('detail.staffValue', { count: ent.staffCount ?? 0 }),
                          limit: SME_LIMITS.staffCount,
                        })
                      : t(`detail.smeWarning.${figure}`, {
                          value: formatWan(BigInt((figure === 'salesFen' ? ent.salesFen : ent.assetsFen) ?? 0), locale),
                          limit: formatWan(SME_LIMITS[figure], locale),
                        })}
                  </li>
                ))}
              </ul>
              <p className="mt-1">{t('detail.smeWarningNote')}</p>
            </Alert>
          ) : null}
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[12rem_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-sm text-slate-500 sm:pt-0.5">{label}</dt>
                <dd className="-mt-2 text-slate-900 sm:mt-0">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>

        <Card title={t('detail.decisionTitle')} titleId="enterprise-decision">
          {ent.region.isPartner && (ent.status === 'pending' || ent.status === 'county_reviewed') ? (
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
                    data-reason-required={ENTERPRISE_TRANSITIONS[a].reasonRequired || undefined}
                  >
                    {t(`action.${a}`)}
                  </Button>
                ))}
              </div>
            </Form>
          ) : (
            <p className="text-sm text-slate-600" data-testid="nothing-to-do">
              {ent.status === 'rejected' ? t('detail.finalRejected') : (waiting ?? t('detail.nothingToDo'))}
            </p>
          )}
        </Card>
      </div>

      <Card title={t('detail.relatedTitle')} titleId="enterprise-related" className="mt-6">
        <h3 className="text-sm font-semibold text-slate-800">{t('detail.relatedParties')}</h3>
        {ent.relatedParties.length > 0 ? (
          <div className="mt-2">
            <DataTable
              caption={t('detail.relatedCaption')}
              captionHidden
              rows={ent.relatedParties}
              rowKey={(p) => p.id}
              columns={[
                {
                  key: 'institution',
                  header: t('detail.relatedInstitution'),
                  rowHeader: true,
                  wrap: true,
                  cell: (p) => (locale === 'en' ? (p.institution.nameEn ?? p.institution.name) : p.institution.name),
                },
                {
                  key: 'relation',
                  header: t('detail.relatedRelation'),
                  cell: (p) => t(`relation.${p.relation}`, { defaultValue: p.relation }),
                },
                { key: 'note', header: t('detail.relatedNote'), wrap: true, cell: (p) => p.note ?? '—' },
              ]}
            />
          </div>
        ) : (
          <p className="mt-1 text-sm text-slate-600" data-testid="no-related-parties">
            {t('detail.noRelated')}
          </p>
        )}

        <h3 className="mt-6 text-sm font-semibold text-slate-800">{t('detail.controllerGroup')}</h3>
        {ent.controllerGroup ? (
          <>
            <p className="mt-1 text-slate-900" data-testid="controller-group">
              {ent.controllerGroup}
            </p>
            <h4 className="mt-4 text-sm font-medium text-slate-800">{t('detail.groupPeers')}</h4>
            <p className="mt-1 text-sm text-slate-600">{t('detail.groupPeersLead')}</p>
            {groupPeers.visible.length > 0 ? (
              <ul className="mt-2 space-y-1" data-testid="group-peers">
                {groupPeers.visible.map((peer) => (
                  <li key={peer.id} className="flex flex-wrap items-center gap-2">
                    <Link
                      to={`/bureau/enterprises/${peer.id}`}
                      className="text-brand-700 underline-offset-2 hover:underline"
                    >
                      {peer.name}
                    </Link>
                    <span className="text-sm text-slate-500">
                      {locale === 'en' ? peer.region.nameEn : peer.region.name}
                      {peer.controllerGroup && peer.controllerGroup !== ent.controllerGroup
                        ? ` · ${peer.controllerGroup}`
                        : ''}
                    </span>
                    <Badge tone={STATUS_TONE[peer.status]}>{t(`status.${peer.status}`)}</Badge>
                  </li>
                ))}
              </ul>
            ) : groupPeers.hiddenCount === 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t('detail.groupPeersNone')}</p>
            ) : null}
            {groupPeers.hiddenCount > 0 ? (
              <p className="mt-2 text-sm text-slate-600">
                {t('detail.groupPeersHidden', { count: groupPeers.hiddenCount })}
              </p>
            ) : null}
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-600">{t('detail.noGroup')}</p>
        )}
      </Card>

      <Card title={t('detail.history')} titleId="enterprise-history" className="mt-6">
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
