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
import { reachFor } from '~/infra/permissions'

// The bureau: the city sees every institution, a county officer the institutions in the county.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireMembership(request, 'read:utilisation:region', ['city_officer', 'county_officer'])
  const { year, normHours, years } = parseUtilisationParams(new URL(request.url).searchParams, new Date())
  const reach = reachFor(user.memberships, 'read:utilisation:region')
  const report = await utilisationReport(getDb(), { year, normHours, reach })
  const locale = await getLocale(request)
  return json({ report, years, title: getFixedT(locale, 'catalogue')('utilisation.bureauTitle') })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '大型仪器使用效益统计' }]

export default function BureauUtilisation() {
  const { report, years } = useLoaderData<typeof loader>()
  const { t } = useTranslation('catalogue')
  return (
    <PageContainer>
      <PageHeader title={t('utilisation.bureauTitle')} description={t('utilisation.lead')} />
      <UtilisationView report={report} years={years} action="/bureau/utilisation" showInstitutions />
    </PageContainer>
  )
}
