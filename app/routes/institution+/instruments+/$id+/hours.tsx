import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Badge } from '~/components/badge'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { Field, SelectField } from '~/components/field'
import { translateErrors } from '~/components/field-error'
import { PageContainer } from '~/components/page-container'
import { formatShanghaiDateTime } from '~/features/instruments/catalogue'
import { instrumentNotFound, requireInstrumentStaff } from '~/features/instruments/manage/access.server'
import { DoneNotice } from '~/features/instruments/manage/form-parts'
import { addException, removeException, replaceOpenHours } from '~/features/instruments/manage/hours.server'
import { InstrumentManageHeader } from '~/features/instruments/manage/instrument-tabs'
import { formatDayRanges, WEEKDAYS } from '~/features/instruments/manage/open-hours'
import { getOwnInstrument, headerOf } from '~/features/instruments/manage/queries.server'
import { ExceptionSchema, OpenHoursSchema, weekRows } from '~/features/instruments/manage/schemas'
import { getLocale } from '~/i18n/locale.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const instrument = await getOwnInstrument(getDb(), params.id ?? '', actor)
  if (!instrument) return instrumentNotFound(request)
  const now = Date.now()
  const week = Object.fromEntries(
    WEEKDAYS.map((d) => [`day${d}`, formatDayRanges(instrument.openHours.filter((h) => h.weekday === d))]),
  ) as Record<`day${(typeof WEEKDAYS)[number]}`, string>
  return json({
    locale: await getLocale(request),
    header: headerOf(instrument),
    week,
    exceptions: instrument.blackouts.map((b) => ({
      id: b.id,
      from: formatShanghaiDateTime(b.startsAt),
      to: formatShanghaiDateTime(b.endsAt),
      isExtraOpen: b.isExtraOpen,
      reason: b.reason,
      past: b.endsAt.getTime() < now,
    })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.header.name} · 开放时间` : '开放时间' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const id = params.id ?? ''
  const base = `/institution/instruments/${id}/hours`
  const intent = String(formData.get('intent') ?? '')
  if (intent === 'remove-exception') {
    const outcome = await removeException({}, actor, String(formData.get('exceptionId') ?? ''))
    if (!outcome.ok) return instrumentNotFound(request)
    return redirect(`${base}?done=exceptionRemoved`)
  }
  if (intent === 'add-exception') {
    const submission = parseWithZod(formData, { schema: ExceptionSchema })
    if (submission.status !== 'success')
      return json({ formId: 'exception', result: submission.reply() }, { status: 400 })
    const outcome = await addException({}, actor, id, submission.value)
    if (!outcome.ok) return instrumentNotFound(request)
    return redirect(`${base}?done=exceptionAdded#exceptions`)
  }
  const submission = parseWithZod(formData, { schema: OpenHoursSchema })
  if (submission.status !== 'success') return json({ formId: 'week', result: submission.reply() }, { status: 400 })
  const outcome = await replaceOpenHours({}, actor, id, weekRows(submission.value))
  if (!outcome.ok) return instrumentNotFound(request)
  return redirect(`${base}?done=${outcome.value.changed ? 'hoursSaved' : 'unchanged'}`)
}

// After a successful save (a redirect, so a new location) the forms start afresh from what was
// stored; after a refused one the typed values stay.
export default function InstrumentHours() {
  const location = useLocation()
  return <InstrumentHoursPage key={location.key} />
}

function InstrumentHoursPage() {
  const { t } = useTranslation('manage')
  const { t: tc } = useTranslation()
  const { locale, header, week, exceptions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const formAction = `/institution/instruments/${header.id}/hours`
  const err = (m: string[] | undefined) => translateErrors(tc, m)

  const [weekForm, days] = useForm<z.input<typeof OpenHoursSchema>, z.output<typeof OpenHoursSchema>, string[]>({
    id: 'week',
    lastResult: actionData?.formId === 'week' ? actionData.result : undefined,
    defaultValue: week,
    constraint: getZodConstraint(OpenHoursSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OpenHoursSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const [exceptionForm, ex] = useForm<z.input<typeof ExceptionSchema>, z.output<typeof ExceptionSchema>, string[]>({
    id: 'exception',
    lastResult: actionData?.formId === 'exception' ? actionData.result : undefined,
    defaultValue: { kind: 'blackout' },
    constraint: getZodConstraint(ExceptionSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExceptionSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const kindLabel = (extra: boolean) => (extra ? t('hours.kindExtra') : t('hours.kindBlackout'))

  return (
    <PageContainer>
      <InstrumentManageHeader instrument={header} locale={locale} />
      <div className="mt-6 space-y-6">
        <DoneNotice done={params.get('done')} />
        <Card title={t('hours.title')} titleId="week-title">
          <p className="mb-4 text-sm text-slate-600">{t('hours.lead')}</p>
          <Form method="post" action={formAction} {...getFormProps(weekForm)} className="space-y-4">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="week" />
            <div className="space-y-3">
              {WEEKDAYS.map((d) => {
                const field = days[`day${d}`]
                return (
                  <Field
                    key={d}
                    className="sm:grid sm:grid-cols-[5rem_1fr] sm:items-start sm:gap-x-4 sm:[&>label]:pt-3 sm:[&>ul]:col-start-2 sm:[&>p]:col-start-2"
                    label={t(`hours.weekday.${d}`)}
                    errors={err(field.errors)}
                    inputProps={{
                      ...getInputProps(field, { type: 'text' }),
                      placeholder: t('hours.closed'),
                      autoComplete: 'off',
                      spellCheck: false,
                      className: 'tabular-nums sm:mt-0',
                    }}
                  />
                )
              })}
            </div>
            <p className="text-sm text-slate-500">{t('hours.copyHint')}</p>
            <Button type="submit">{t('hours.save')}</Button>
          </Form>
        </Card>

        <Card title={t('hours.exceptionsTitle')} titleId="exceptions">
          <p className="mb-4 text-sm text-slate-600">{t('hours.exceptionsLead')}</p>
          <DataTable
            caption={t('hours.exceptionsCaption')}
            captionHidden
            rows={exceptions}
            rowKey={(e) => e.id}
            empty={<p className="text-slate-600">{t('hours.exceptionsNone')}</p>}
            columns={[
              {
                key: 'kind',
                header: t('hours.kind'),
                cell: (e) => <Badge tone={e.isExtraOpen ? 'success' : 'warning'}>{kindLabel(e.isExtraOpen)}</Badge>,
              },
              {
                key: 'period',
                header: t('hours.period'),
                rowHeader: true,
                cell: (e) => (
                  <span className={e.past ? 'text-slate-500' : undefined}>
                    <span className="tabular-nums">
                      {e.from} – {e.to}
                    </span>
                    {e.past ? <span className="ml-2 text-xs">（{t('hours.past')}）</span> : null}
                  </span>
                ),
              },
              { key: 'reason', header: t('hours.reason'), wrap: true, cell: (e) => e.reason ?? '' },
              {
                key: 'remove',
                header: t('list.actions'),
                cell: (e) => (
                  <Form method="post" action={formAction}>
                    <AuthenticityTokenInput />
                    <input type="hidden" name="intent" value="remove-exception" />
                    <input type="hidden" name="exceptionId" value={e.id} />
                    <Button
                      type="submit"
                      size="sm"
                      variant="ghost"
                      aria-label={t('hours.removeLabel', { kind: kindLabel(e.isExtraOpen), from: e.from, to: e.to })}
                    >
                      {t('hours.remove')}
                    </Button>
                  </Form>
                ),
              },
            ]}
          />
          <Form
            method="post"
            action={formAction}
            {...getFormProps(exceptionForm)}
            className="mt-6 grid gap-4 border-t border-slate-100 pt-5 sm:grid-cols-2 lg:grid-cols-4"
          >
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="add-exception" />
            <SelectField
              label={t('hours.kind')}
              errors={err(ex.kind.errors)}
              options={[
                { value: 'blackout', label: t('hours.kindBlackout') },
                { value: 'extra', label: t('hours.kindExtra') },
              ]}
              selectProps={getSelectProps(ex.kind)}
            />
            <Field
              label={t('hours.startsAt')}
              errors={err(ex.startsAt.errors)}
              inputProps={getInputProps(ex.startsAt, { type: 'datetime-local' })}
            />
            <Field
              label={t('hours.endsAt')}
              errors={err(ex.endsAt.errors)}
              inputProps={getInputProps(ex.endsAt, { type: 'datetime-local' })}
            />
            <Field
              label={t('hours.reason')}
              hint={t('hours.reasonHint')}
              optional
              errors={err(ex.reason.errors)}
              inputProps={getInputProps(ex.reason, { type: 'text' })}
            />
            <div className="sm:col-span-2 lg:col-span-4">
              <Button type="submit" variant="secondary">
                {t('hours.add')}
              </Button>
            </div>
          </Form>
        </Card>
      </div>
    </PageContainer>
  )
}
