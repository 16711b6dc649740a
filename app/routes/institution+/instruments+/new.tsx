import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { requireInstrumentStaff } from '~/features/instruments/manage/access.server'
import {
  bpToPercentText,
  DEFAULT_BOOKING_RULES,
  DEFAULT_CANCEL_RULES,
} from '~/features/instruments/manage/booking-rules'
import { InstrumentForm } from '~/features/instruments/manage/instrument-form'
import { createInstrument } from '~/features/instruments/manage/instruments.server'
import { instrumentReasonErrors } from '~/features/instruments/manage/reason-errors'
import { listCategoryOptions } from '~/features/instruments/manage/queries.server'
import { InstrumentSchema } from '~/features/instruments/manage/schemas'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireInstrumentStaff(request, 'create:instrument:own')
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'manage')
  return json({ title: t('form.newTitle'), locale, categories: await listCategoryOptions(getDb()) })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '新增仪器' }]

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request, 'create:instrument:own')
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: InstrumentSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const outcome = await createInstrument({}, actor, submission.value)
  if (!outcome.ok) {
    return json({ result: submission.reply({ fieldErrors: instrumentReasonErrors(outcome) }) }, { status: 400 })
  }
  return redirect(`/institution/instruments/${outcome.value.instrumentId}?done=created`)
}

export default function NewInstrument() {
  const { t } = useTranslation('manage')
  const { locale, categories } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const rules = DEFAULT_BOOKING_RULES
  return (
    <PageContainer>
      <PageHeader title={t('form.newTitle')} description={t('form.newLead')} />
      <InstrumentForm
        id="instrument-new"
        action="/institution/instruments/new"
        locale={locale}
        categories={categories}
        mode="create"
        cancelTo="/institution/instruments"
        lastResult={actionData?.result}
        defaultValue={{
          valueUnit: 'wan',
          sharingStatus: 'open',
          bookingMode: 'operated',
          minNoticeHours: String(rules.minNoticeHours),
          maxAdvanceDays: String(rules.maxAdvanceDays),
          slotMinutes: String(rules.slotMinutes) as '30',
          minDurationMinutes: String(rules.minDurationMinutes),
          maxDurationMinutes: String(rules.maxDurationMinutes),
          bufferMinutes: String(rules.bufferMinutes),
          requiresApproval: 'on',
          cancelFreeHours: String(DEFAULT_CANCEL_RULES.cancelFreeHours),
          cancelFeePercent: bpToPercentText(DEFAULT_CANCEL_RULES.cancelFeeBp),
        }}
      />
    </PageContainer>
  )
}
