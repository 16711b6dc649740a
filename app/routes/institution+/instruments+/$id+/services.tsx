import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Badge } from '~/components/badge'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { Field, SelectField } from '~/components/field'
import { translateError, translateErrors } from '~/components/field-error'
import { PageContainer } from '~/components/page-container'
import { localName } from '~/features/instruments/instrument-badges'
import { instrumentNotFound, requireInstrumentStaff } from '~/features/instruments/manage/access.server'
import { DoneNotice, TextareaField } from '~/features/instruments/manage/form-parts'
import { InstrumentManageHeader } from '~/features/instruments/manage/instrument-tabs'
import { feeInput } from '~/features/instruments/manage/money-input'
import { getOwnInstrument, headerOf } from '~/features/instruments/manage/queries.server'
import { SERVICE_UNITS, ServiceItemFields, ServiceItemSchema } from '~/features/instruments/manage/schemas'
import {
  addServiceItem,
  setServiceItemActive,
  updateServiceItem,
} from '~/features/instruments/manage/service-items.server'
import { formatFen } from '~/features/money/money'
import { getLocale } from '~/i18n/locale.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const instrument = await getOwnInstrument(getDb(), params.id ?? '', actor)
  if (!instrument) return instrumentNotFound(request)
  return json({
    locale: await getLocale(request),
    header: headerOf(instrument),
    items: instrument.serviceItems.map((s) => ({
      id: s.id,
      name: s.name,
      nameEn: s.nameEn,
      unit: s.unit,
      feeFen: s.feeFen,
      minQuantity: s.minQuantity,
      description: s.description,
      isActive: s.isActive,
    })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.header.name} · 收费` : '收费' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const id = params.id ?? ''
  const base = `/institution/instruments/${id}/services`
  const intent = String(formData.get('intent') ?? '')
  const itemId = String(formData.get('itemId') ?? '')
  if (intent === 'deactivate' || intent === 'activate') {
    const outcome = await setServiceItemActive({}, actor, itemId, intent === 'activate')
    if (!outcome.ok) return instrumentNotFound(request)
    return redirect(`${base}?done=${intent === 'activate' ? 'serviceActivated' : 'serviceDeactivated'}`)
  }
  const formId = intent === 'update' ? `service-${itemId}` : 'service-new'
  const submission = parseWithZod(formData, { schema: ServiceItemSchema })
  if (submission.status !== 'success') return json({ formId, result: submission.reply() }, { status: 400 })
  const outcome =
    intent === 'update'
      ? await updateServiceItem({}, actor, itemId, submission.value)
      : await addServiceItem({}, actor, id, submission.value)
  if (!outcome.ok) return instrumentNotFound(request)
  return redirect(`${base}?done=${intent === 'update' ? 'serviceSaved' : 'serviceAdded'}`)
}

type Values = z.input<typeof ServiceItemSchema>

function ServiceItemForm({
  formId,
  action,
  itemId,
  defaultValue,
  lastResult,
  submitLabel,
}: {
  formId: string
  action: string
  itemId?: string
  defaultValue?: Partial<Values>
  lastResult: SubmissionResult<string[]> | undefined
  submitLabel: string
}) {
  const { t } = useTranslation('manage')
  const { t: tc } = useTranslation()
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formData?.get('itemId') === (itemId ?? '')
  const [form, fields] = useForm<Values, z.output<typeof ServiceItemSchema>, string[]>({
    id: formId,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ServiceItemFields),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ServiceItemSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const err = (m: string[] | undefined) => translateErrors(tc, m)
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-4">
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value={itemId ? 'update' : 'add'} />
      <input type="hidden" name="itemId" value={itemId ?? ''} />
      {form.errors?.length ? (
        <Alert tone="error">{form.errors.map((e) => translateError(tc, e)).join(' ')}</Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t('services.name')}
          hint={t('services.nameHint')}
          errors={err(fields.name.errors)}
          inputProps={getInputProps(fields.name, { type: 'text' })}
        />
        <Field
          label={t('services.nameEn')}
          optional
          errors={err(fields.nameEn.errors)}
          inputProps={{ ...getInputProps(fields.nameEn, { type: 'text' }), lang: 'en' }}
        />
        <SelectField
          label={t('services.unit')}
          errors={err(fields.unit.errors)}
          options={SERVICE_UNITS.map((u) => ({
            value: u,
            label: t(u === 'hour' ? 'services.unitHour' : u === 'sample' ? 'services.unitSample' : 'services.unitItem'),
          }))}
          selectProps={getSelectProps(fields.unit)}
        />
        <Field
          label={t('services.fee')}
          hint={t('services.feeHint')}
          errors={err(fields.fee.errors)}
          inputProps={{ ...getInputProps(fields.fee, { type: 'text' }), inputMode: 'decimal', autoComplete: 'off' }}
        />
        <Field
          label={t('services.minQuantity')}
          hint={t('services.minQuantityHint')}
          errors={err(fields.minQuantity.errors)}
          inputProps={{ ...getInputProps(fields.minQuantity, { type: 'text' }), inputMode: 'numeric' }}
        />
        <TextareaField
          className="sm:col-span-2"
          label={t('services.description')}
          hint={t('services.descriptionHint')}
          optional
          errors={err(fields.description.errors)}
          textareaProps={{ ...getTextareaProps(fields.description), rows: 2 }}
        />
      </div>
      <Button type="submit" disabled={submitting}>
        {submitting ? t('form.saving') : submitLabel}
      </Button>
    </Form>
  )
}

// After a successful save (a redirect, so a new location) the forms start afresh from what was
// stored; after a refused one the typed values stay.
export default function InstrumentServices() {
  const location = useLocation()
  return <InstrumentServicesPage key={location.key} />
}

function InstrumentServicesPage() {
  const { t } = useTranslation('manage')
  const { locale, header, items } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const formAction = `/institution/instruments/${header.id}/services`
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : undefined)
  const unitName = (u: 'hour' | 'sample' | 'item') => t(`services.unitName.${u}`)
  return (
    <PageContainer>
      <InstrumentManageHeader instrument={header} locale={locale} />
      <div className="mt-6 space-y-6">
        <DoneNotice done={params.get('done')} />
        <Card title={t('services.title')} titleId="services">
          <p className="mb-4 text-sm text-slate-600">{t('services.lead')}</p>
          {items.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 bg-slate-50 px-4 py-6 text-center text-slate-700">
              {t('services.none')}
            </p>
          ) : (
            <ul
              className="divide-y divide-slate-100"
              aria-label={t('services.caption')}
              data-testid="manage-service-items"
            >
              {items.map((s) => {
                const result = resultFor(`service-${s.id}`)
                return (
                  <li key={s.id} className="py-4 first:pt-0">
                    <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                      <div className="min-w-0">
                        <p className="font-medium text-slate-900">
                          {localName(locale, s.name, s.nameEn)}{' '}
                          {s.isActive ? null : <Badge tone="neutral">{t('services.inactive')}</Badge>}
                        </p>
                        <p className="text-sm text-slate-600">
                          {t('services.minimum', { quantity: s.minQuantity, unit: unitName(s.unit) })}
                          {s.description ? ` · ${s.description}` : ''}
                        </p>
                      </div>
                      <p className="shrink-0 text-lg font-semibold tabular-nums text-slate-900">
                        {t('services.perUnit', { fee: formatFen(s.feeFen), unit: unitName(s.unit) })}
                      </p>
                    </div>
                    <div className="mt-2 flex flex-wrap items-start gap-3">
                      <details className="group w-full sm:w-auto sm:flex-1" open={!!result}>
                        <summary className="inline-flex h-9 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50">
                          {t('services.edit')}
                        </summary>
                        <div className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-4">
                          <h3 className="mb-3 font-medium text-slate-900">
                            {t('services.editTitle', { name: localName(locale, s.name, s.nameEn) })}
                          </h3>
                          <ServiceItemForm
                            formId={`service-${s.id}`}
                            action={formAction}
                            itemId={s.id}
                            lastResult={result}
                            submitLabel={t('services.save')}
                            defaultValue={{
                              name: s.name,
                              nameEn: s.nameEn ?? '',
                              unit: s.unit,
                              fee: feeInput(s.feeFen),
                              minQuantity: String(s.minQuantity),
                              description: s.description ?? '',
                            }}
                          />
                        </div>
                      </details>
                      <Form method="post" action={formAction}>
                        <AuthenticityTokenInput />
                        <input type="hidden" name="itemId" value={s.id} />
                        <input type="hidden" name="intent" value={s.isActive ? 'deactivate' : 'activate'} />
                        <Button type="submit" variant={s.isActive ? 'ghost' : 'secondary'} size="sm">
                          {s.isActive ? t('services.deactivate') : t('services.activate')}
                        </Button>
                      </Form>
                    </div>
                  </li>
                )
              })}
            </ul>
          )}
        </Card>
        <Card title={t('services.add')} titleId="service-add">
          <ServiceItemForm
            formId="service-new"
            action={formAction}
            lastResult={resultFor('service-new')}
            submitLabel={t('services.add')}
            defaultValue={{ unit: 'hour', minQuantity: '1' }}
          />
        </Card>
      </div>
    </PageContainer>
  )
}
