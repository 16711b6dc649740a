import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Badge } from '~/components/badge'
import { ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { formatDateTime } from '~/components/format'
import { useOtherStatusLabel } from '~/features/enterprises/profile-card'
import { getEnterpriseForReview, listControllerGroupPeers } from '~/features/enterprises/review/queries.server'
import { ENTERPRISE_REVIEW } from '~/features/enterprises/review/review-flow'
import { figuresAboveSmeLimits, SME_LIMITS } from '~/features/enterprises/sme-limits'
import { formatWan } from '~/features/money/money'
import { OrgReviewDetail } from '~/features/org-review/detail-page'
import { loadOrgForReview, orgReviewAction, reviewsJson } from '~/features/org-review/pages.server'
import { STATUS_TONE } from '~/features/org-review/status-tone'
import { getDb } from '~/infra/db.server'

// One enterprise's review: every field (size figures in 万元), the declarations (related parties,
// controller group and its other enterprises), the history, and the decision form with only the
// buttons this officer may press now (features/org-review: review-flow.ts decides; the use case
// checks again inside its transaction).

export async function loader(args: LoaderFunctionArgs) {
  const {
    officer,
    found: enterprise,
    locale,
    actions,
    next,
  } = await loadOrgForReview(ENTERPRISE_REVIEW, args, getEnterpriseForReview)
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
      reviews: reviewsJson(enterprise.reviews),
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
    actions,
    next,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '企业审核' }]

export async function action(args: ActionFunctionArgs) {
  return orgReviewAction(ENTERPRISE_REVIEW, args)
}

export default function EnterpriseReviewPage() {
  const { t } = useTranslation('enterprises')
  const { locale, enterprise: ent, actions, next, aboveSmeLimits, groupPeers } = useLoaderData<typeof loader>()
  const otherStatusLabel = useOtherStatusLabel()
  const actionData = useActionData<typeof action>()
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

  return (
    <OrgReviewDetail
      org={ENTERPRISE_REVIEW}
      subject={ent}
      locale={locale}
      actions={actions}
      next={next}
      actionData={actionData}
      eyebrow={t('detail.eyebrow')}
      title={ent.name}
      headerActions={
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
      facts={facts}
      wideLabels
      factsTop={
        aboveSmeLimits.length > 0 ? (
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
        ) : null
      }
      openedBy={ent.owner?.name ?? null}
    >
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
    </OrgReviewDetail>
  )
}
