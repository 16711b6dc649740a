import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card } from '~/components/card'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { ProgrammeForm } from '~/features/programmes/programme-form'
import { createProgramme } from '~/features/programmes/programmes.server'
import { topLevelCategories } from '~/features/programmes/queries.server'
import { programmeRefusalErrors } from '~/features/programmes/refusals'
import { DEFAULT_SHARE_PERCENT } from '~/features/programmes/rules'
import { ProgrammeSchema, toProgrammeFields } from '~/features/programmes/schemas'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireMembership(request, 'manage:programme:any', ['city_officer'])
  const locale = await getLocale(request)
  const categories = await topLevelCategories(getDb())
  const year = new Date().getUTCFullYear() + 1
  return json({
    title: getFixedT(locale, 'programmes')('form.newTitle'),
    categories: categories.map((c) => ({ code: c.code, label: locale === 'en' ? c.nameEn : c.name })),
    year,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '新建创新券计划' }]

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const { user, membership } = await requireMembership(request, 'manage:programme:any', ['city_officer'])
  const submission = parseWithZod(formData, { schema: ProgrammeSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const outcome = await createProgramme(
    {},
    { regionId: membership.regionId!, actorUserId: user.id, fields: toProgrammeFields(submission.value) },
  )
  if (outcome.ok) return redirect(`/bureau/programmes/${outcome.value.programmeId}?done=created`)
  const locale = await getLocale(request)
  return json(
    { result: submission.reply({ fieldErrors: programmeRefusalErrors(outcome.reason, outcome.details, locale) }) },
    { status: 400 },
  )
}

export default function NewProgrammePage() {
  const { t } = useTranslation('programmes')
  const { categories, year } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <PageContainer narrow>
      <PageHeader title={t('form.newTitle')} />
      <Card className="mt-6">
        <ProgrammeForm
          id="programme-new"
          action="/bureau/programmes/new"
          lastResult={actionData?.result}
          categories={categories}
          submitLabel={t('form.create')}
          cancelTo="/bureau/programmes"
          defaultValue={{
            year: String(year),
            budgetUnit: 'wan',
            applyFrom: `${year}-01-01`,
            applyTo: `${year}-12-31`,
            cap: '20',
            capUnit: 'wan',
            sharePercent: String(DEFAULT_SHARE_PERCENT),
            validityMonths: '12',
            redemptionGraceMonths: '3',
            acceptPartnerRegions: 'on',
          }}
        />
      </Card>
    </PageContainer>
  )
}
