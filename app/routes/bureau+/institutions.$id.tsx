import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge } from '~/components/badge'
import { formatDateTime } from '~/components/format'
import { INSTITUTION_REVIEW } from '~/features/institutions/admission'
import { getInstitutionForReview } from '~/features/institutions/queries.server'
import { OrgReviewDetail } from '~/features/org-review/detail-page'
import { loadOrgForReview, orgReviewAction, reviewsJson } from '~/features/org-review/pages.server'

// One institution's admission: every field, the history, and the decision form with only the
// buttons this officer may press now (features/org-review: admission.ts's table decides; the use
// case checks again).

export async function loader(args: LoaderFunctionArgs) {
  const {
    found: institution,
    locale,
    actions,
    next,
  } = await loadOrgForReview(INSTITUTION_REVIEW, args, getInstitutionForReview)
  return json({
    title: institution.name,
    locale,
    institution: {
      ...institution,
      createdAt: institution.createdAt.toISOString(),
      reviews: reviewsJson(institution.reviews),
      applicant: institution.memberships[0]?.user ?? null,
    },
    actions,
    next,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '入库审核' }]

export async function action(args: ActionFunctionArgs) {
  return orgReviewAction(INSTITUTION_REVIEW, args)
}

export default function InstitutionReviewPage() {
  const { t } = useTranslation('institutions')
  const { locale, institution: inst, actions, next } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
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

  return (
    <OrgReviewDetail
      org={INSTITUTION_REVIEW}
      subject={inst}
      locale={locale}
      actions={actions}
      next={next}
      actionData={actionData}
      eyebrow={t(`type.${inst.type}`)}
      title={locale === 'en' ? (inst.nameEn ?? inst.name) : inst.name}
      facts={facts}
      openedBy={inst.applicant?.name ?? null}
    />
  )
}
