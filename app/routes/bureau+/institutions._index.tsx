import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { INSTITUTION_REVIEW } from '~/features/institutions/admission'
import { listAdmissionQueue } from '~/features/institutions/queries.server'
import { loadOrgQueue } from '~/features/org-review/pages.server'
import { OrgQueuePage } from '~/features/org-review/queue-page'

// The admission review queue (入库审核): the organisation review queue (features/org-review) with
// the institution's type beside the USCC.
// (File name `institutions._index.tsx`, not `institutions.tsx`: with flat routes the latter would
// become the parent layout of the detail page `institutions.$id.tsx`.)

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await loadOrgQueue(INSTITUTION_REVIEW, request, listAdmissionQueue))
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '服务机构入库审核' }]

export default function InstitutionQueue() {
  const { t } = useTranslation('institutions')
  const data = useLoaderData<typeof loader>()
  return (
    <OrgQueuePage
      org={INSTITUTION_REVIEW}
      data={data}
      name={(r) => (data.locale === 'en' ? (r.nameEn ?? r.name) : r.name)}
      extraColumn={{ key: 'type', header: t('queue.type'), cell: (r) => t(`type.${r.type}`) }}
    />
  )
}
