import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listEnterpriseQueue } from '~/features/enterprises/review/queries.server'
import { ENTERPRISE_REVIEW } from '~/features/enterprises/review/review-flow'
import { loadOrgQueue } from '~/features/org-review/pages.server'
import { OrgQueuePage } from '~/features/org-review/queue-page'

// The enterprise review queue (企业审核): the organisation review queue (features/org-review) with
// the 科技型中小企业 number beside the USCC.

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await loadOrgQueue(ENTERPRISE_REVIEW, request, listEnterpriseQueue))
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '企业审核' }]

export default function EnterpriseQueue() {
  const { t } = useTranslation('enterprises')
  const data = useLoaderData<typeof loader>()
  return (
    <OrgQueuePage
      org={ENTERPRISE_REVIEW}
      data={data}
      name={(r) => r.name}
      extraColumn={{
        key: 'sme',
        header: t('queue.smeRegNo'),
        cell: (r) => (r.smeRegNo ? <span className="font-mono text-xs">{r.smeRegNo}</span> : '—'),
      }}
    />
  )
}
