import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { CheckboxField } from '~/components/field'
import { PageContainer } from '~/components/page-container'
import { CALENDAR_INTENTS, CalendarLinkCard } from '~/features/calendar/calendar-link-card'
import {
  getInstrumentCalendarToken,
  instrumentFeedPath,
  issueInstrumentCalendarToken,
  publicOrigin,
} from '~/features/calendar/feeds.server'
import { requireInstrumentStaff, instrumentNotFound } from '~/features/instruments/manage/access.server'
import { DoneNotice } from '~/features/instruments/manage/form-parts'
import { InstrumentForm } from '~/features/instruments/manage/instrument-form'
import { InstrumentManageHeader } from '~/features/instruments/manage/instrument-tabs'
import { retireInstrument, updateInstrument } from '~/features/instruments/manage/instruments.server'
import {
  formValuesOf,
  getOwnInstrument,
  headerOf,
  listCategoryOptions,
} from '~/features/instruments/manage/queries.server'
import { instrumentReasonErrors } from '~/features/instruments/manage/reason-errors'
import { InstrumentSchema } from '~/features/instruments/manage/schemas'
import { getLocale } from '~/i18n/locale.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const instrument = await getOwnInstrument(getDb(), params.id ?? '', actor)
  if (!instrument) return instrumentNotFound(request)
  const locale = await getLocale(request)
  const calendarToken = await getInstrumentCalendarToken(getDb(), {
    instrumentId: instrument.id,
    institutionId: actor.institutionId,
  })
  return json({
    locale,
    calendarUrl: calendarToken ? `${publicOrigin(request)}${instrumentFeedPath(calendarToken)}` : null,
    header: headerOf(instrument),
    values: formValuesOf(instrument),
    categories: await listCategoryOptions(getDb()),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.header.name} · ${data.header.assetNo}` : '仪器' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const id = params.id ?? ''
  const base = `/institution/instruments/${id}`
  const intent = formData.get('intent')
  if (intent === CALENDAR_INTENTS.create || intent === CALENDAR_INTENTS.reset) {
    const reset = intent === CALENDAR_INTENTS.reset
    if (reset && formData.get('confirm') !== 'on')
      return json({ calendarResetError: true, retireError: false, result: null }, { status: 400 })
    const outcome = await issueInstrumentCalendarToken(
      {},
      { instrumentId: id, institutionId: actor.institutionId, actorUserId: actor.userId, reset },
    )
    if (!outcome.ok) return instrumentNotFound(request)
    return redirect(`${base}?calendar=${reset ? 'reset' : 'created'}#instrument-calendar-title`)
  }
  if (formData.get('intent') === 'retire') {
    if (formData.get('confirm') !== 'on') return json({ retireError: true, result: null }, { status: 400 })
    const outcome = await retireInstrument({}, actor, id)
    if (!outcome.ok) return instrumentNotFound(request)
    return redirect(`${base}?done=retired`)
  }
  const submission = parseWithZod(formData, { schema: InstrumentSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), retireError: false }, { status: 400 })
  const outcome = await updateInstrument({}, actor, id, submission.value)
  if (!outcome.ok) {
    if (outcome.reason === 'not-found') return instrumentNotFound(request)
    return json(
      { result: submission.reply({ fieldErrors: instrumentReasonErrors(outcome) }), retireError: false },
      { status: 400 },
    )
  }
  return redirect(`${base}?done=${outcome.value.changed ? 'saved' : 'unchanged'}`)
}

export default function EditInstrument() {
  const { t } = useTranslation('manage')
  const { t: tn } = useTranslation('notifications')
  const { locale, header, values, categories, calendarUrl } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const base = `/institution/instruments/${header.id}`
  return (
    <PageContainer>
      <InstrumentManageHeader instrument={header} locale={locale} />
      <div className="mt-6 space-y-4">
        <DoneNotice done={params.get('done')} />
        {header.sharingStatus === 'retired' ? <Alert tone="warning">{t('retire.retiredNotice')}</Alert> : null}
      </div>
      <InstrumentForm
        // Remount after a save so the form shows what was stored.
        key={JSON.stringify(values)}
        id="instrument-edit"
        action={base}
        locale={locale}
        categories={categories}
        mode="edit"
        currentStatus={header.sharingStatus}
        cancelTo="/institution/instruments"
        lastResult={actionData?.result ?? undefined}
        defaultValue={values}
      />
      <div className="mt-10">
        <CalendarLinkCard
          title={tn('calendar.instrumentTitle')}
          text={tn('calendar.instrumentText')}
          url={calendarUrl}
          action={base}
          done={params.get('calendar')}
          resetError={actionData !== undefined && 'calendarResetError' in actionData}
          idPrefix="instrument-calendar"
        />
      </div>
      {header.sharingStatus !== 'retired' ? (
        <Card title={t('retire.title')} titleId="retire" className="mt-10 border-red-200">
          <p className="text-sm text-slate-700">{t('retire.text')}</p>
          <Form method="post" action={base} className="mt-4 space-y-4">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="retire" />
            <CheckboxField
              label={t('retire.confirm')}
              hint={t('retire.confirmHint')}
              errors={actionData?.retireError ? [t('retire.confirmRequired')] : undefined}
              inputProps={{ name: 'confirm', id: 'retire-confirm' }}
            />
            <Button type="submit" variant="danger">
              {t('retire.button')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </PageContainer>
  )
}
