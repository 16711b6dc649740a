import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { utilisationReport } from '~/features/utilisation/queries.server'
import { parseUtilisationParams } from '~/features/utilisation/utilisation'
import { UtilisationView } from '~/features/utilisation/utilisation-view'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// Institution staff: utilisation of their own institution's instruments only (the membership's
// institution goes into the query).
export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:utilisation:own', ['institution_staff'])
  const { year, normHours, years } = parseUtilisationParams(new URL(request.url).searchParams, new Date())
  const report = await utilisationReport(getDb(), {
    year,
    normHours,
    reach: { kind: 'own', enterpriseIds: [], institutionIds: [membership.institutionId!] },
  })
  const locale = await getLocale(request)
  const orgName = locale === 'en' ? (membership.orgNameEn ?? membership.orgName) : membership.orgName
  return json({ report, years, orgName, title: getFixedT(locale, 'catalogue')('utilisation.title') })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '仪器使用效益' }]

export default function InstitutionUtilisation() {
  const { report, years, orgName } = useLoaderData<typeof loader>()
  const { t } = useTranslation('catalogue')
  return (
    <PageContainer>
      <PageHeader eyebrow={orgName ?? undefined} title={t('utilisation.title')} description={t('utilisation.lead')} />
      <UtilisationView report={report} years={years} action="/institution/utilisation" showInstitutions={false} />
    </PageContainer>
  )
}
