// The instrument record form (create and edit): every field of DOMAIN.md's instrument record and
// the booking rules. Works without JavaScript (the server validates with the same schema and
// sends the typed values back); with JavaScript, Conform validates as the person types.
import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button, ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { CheckboxField, Field, SelectField } from '~/components/field'
import { translateError, translateErrors } from '~/components/field-error'
import { isLargeInstrument } from '~/features/instruments/catalogue'
import { localName } from '~/features/instruments/instrument-badges'
import { parseOriginalValue } from './money-input'
import { BOOKING_MODES, EDITABLE_SHARING_STATUSES, InstrumentFields, InstrumentSchema } from './schemas'
import { ErrorSummary, TextareaField } from './form-parts'
import { SLOT_MINUTES } from './booking-rules'

export type CategoryGroup = {
  code: string
  name: string
  nameEn: string
  children: { code: string; name: string; nameEn: string }[]
}

export type InstrumentFormValues = Partial<z.input<typeof InstrumentSchema>>

export function InstrumentForm({
  id,
  action,
  locale,
  categories,
  defaultValue,
  lastResult,
  mode,
  currentStatus,
  cancelTo,
}: {
  id: string
  action: string
  locale: string
  categories: CategoryGroup[]
  defaultValue: InstrumentFormValues
  lastResult: SubmissionResult<string[]> | undefined
  mode: 'create' | 'edit'
  currentStatus?: string
  cancelTo: string
}) {
  const { t } = useTranslation('manage')
  const { t: tc } = useTranslation()
  const { t: tcat } = useTranslation('catalogue')
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formAction === action
  const [form, fields] = useForm<z.input<typeof InstrumentSchema>, z.output<typeof InstrumentSchema>, string[]>({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(InstrumentFields),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InstrumentSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const err = (messages: string[] | undefined) => translateErrors(tc, messages)

  const labels: Record<string, string> = {
    assetNo: t('form.assetNo'),
    name: t('form.name'),
    nameEn: t('form.nameEn'),
    model: t('form.model'),
    manufacturer: t('form.manufacturer'),
    country: t('form.country'),
    originalValue: t('form.originalValue'),
    valueUnit: t('form.valueUnit'),
    inUseSince: t('form.inUseSince'),
    categoryCode: t('form.categoryCode'),
    lab: t('form.lab'),
    address: t('form.address'),
    specifications: t('form.specifications'),
    researchFields: t('form.researchFields'),
    uses: t('form.uses'),
    accessories: t('form.accessories'),
    accreditation: t('form.accreditation'),
    contactName: t('form.contactName'),
    contactPhone: t('form.contactPhone'),
    sharingStatus: t('form.sharingStatus'),
    bookingMode: t('form.bookingMode'),
    minNoticeHours: t('form.minNoticeHours'),
    maxAdvanceDays: t('form.maxAdvanceDays'),
    slotMinutes: t('form.slotMinutes'),
    minDurationMinutes: t('form.minDurationMinutes'),
    maxDurationMinutes: t('form.maxDurationMinutes'),
    bufferMinutes: t('form.bufferMinutes'),
    cancelFreeHours: t('form.cancelFreeHours'),
    cancelFeePercent: t('form.cancelFeePercent'),
  }
  const serverErrors = lastResult?.error ?? {}
  const summary = Object.keys(labels)
    .map((name) => {
      const field = fields[name as keyof typeof fields]
      const first = field?.errors?.[0]
      return field && first && serverErrors[name]
        ? { id: field.id, label: labels[name]!, error: translateError(tc, first) }
        : null
    })
    .filter((x): x is { id: string; label: string; error: string } => x !== null)

  // 大型科研仪器 note as the value is typed (from the current form values when hydrated).
  const typedValue = fields.originalValue.value
  const typedUnit = fields.valueUnit.value === 'yuan' ? 'yuan' : 'wan'
  const parsedValue = typeof typedValue === 'string' ? parseOriginalValue(typedValue, typedUnit) : null
  const large = parsedValue?.ok ? isLargeInstrument(parsedValue.fen) : false

  const statuses =
    currentStatus === 'retired' ? [...EDITABLE_SHARING_STATUSES, 'retired' as const] : EDITABLE_SHARING_STATUSES
  const text = (name: keyof typeof fields, type: 'text' | 'date' | 'tel' = 'text') =>
    getInputProps(fields[name], { type })

  return (
    <Form method="post" action={action} {...getFormProps(form)} className="mt-6 space-y-6">
      <AuthenticityTokenInput />
      {form.errors?.length ? (
        <Alert tone="error" id={form.errorId}>
          {form.errors.map((e) => (
            <p key={e}>{translateError(tc, e)}</p>
          ))}
        </Alert>
      ) : null}
      <ErrorSummary items={summary} />

      <Card title={t('form.basics')} titleId={`${id}-basics`}>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label={t('form.assetNo')}
            hint={t('form.assetNoHint')}
            errors={err(fields.assetNo.errors)}
            inputProps={{ ...text('assetNo'), autoComplete: 'off', spellCheck: false, className: 'font-mono' }}
          />
          <Field
            label={t('form.name')}
            hint={t('form.nameHint')}
            errors={err(fields.name.errors)}
            inputProps={text('name')}
          />
          <Field
            label={t('form.nameEn')}
            hint={t('form.nameEnHint')}
            optional
            errors={err(fields.nameEn.errors)}
            inputProps={{ ...text('nameEn'), lang: 'en' }}
          />
          <Field
            label={t('form.model')}
            hint={t('form.modelHint')}
            optional
            errors={err(fields.model.errors)}
            inputProps={text('model')}
          />
          <Field
            label={t('form.manufacturer')}
            optional
            errors={err(fields.manufacturer.errors)}
            inputProps={text('manufacturer')}
          />
          <Field
            label={t('form.country')}
            hint={t('form.countryHint')}
            optional
            errors={err(fields.country.errors)}
            inputProps={text('country')}
          />
        </div>
      </Card>

      <Card title={t('form.valueSection')} titleId={`${id}-value`}>
        <div className="grid gap-5 sm:grid-cols-[minmax(0,1fr)_10rem_minmax(0,1fr)]">
          <Field
            label={t('form.originalValue')}
            hint={t('form.originalValueHint')}
            errors={err(fields.originalValue.errors)}
            inputProps={{ ...text('originalValue'), inputMode: 'decimal', autoComplete: 'off' }}
          />
          <SelectField
            label={t('form.valueUnit')}
            errors={err(fields.valueUnit.errors)}
            options={[
              { value: 'wan', label: t('form.unitWan') },
              { value: 'yuan', label: t('form.unitYuan') },
            ]}
            selectProps={getSelectProps(fields.valueUnit)}
          />
          <Field
            label={t('form.inUseSince')}
            optional
            errors={err(fields.inUseSince.errors)}
            inputProps={text('inUseSince', 'date')}
          />
        </div>
        {large ? (
          <p className="mt-3 text-sm text-brand-700" role="status">
            {t('form.largeNote')}
          </p>
        ) : null}
      </Card>

      <Card title={t('form.location')} titleId={`${id}-location`}>
        <div className="grid gap-5 sm:grid-cols-2">
          <SelectField
            className="sm:col-span-2"
            label={t('form.categoryCode')}
            hint={t('form.categoryHint')}
            errors={err(fields.categoryCode.errors)}
            placeholder={t('form.categoryPlaceholder')}
            options={categories.map((group) =>
              group.children.length > 0
                ? {
                    label: localName(locale, group.name, group.nameEn),
                    options: group.children.map((c) => ({ value: c.code, label: localName(locale, c.name, c.nameEn) })),
                  }
                : {
                    value: group.code,
                    label: t('form.categoryWhole', { name: localName(locale, group.name, group.nameEn) }),
                  },
            )}
            selectProps={getSelectProps(fields.categoryCode)}
          />
          <Field
            label={t('form.lab')}
            hint={t('form.labHint')}
            optional
            errors={err(fields.lab.errors)}
            inputProps={text('lab')}
          />
          <Field
            label={t('form.address')}
            hint={t('form.addressHint')}
            optional
            errors={err(fields.address.errors)}
            inputProps={text('address')}
          />
        </div>
      </Card>

      <Card title={t('form.description')} titleId={`${id}-description`}>
        <div className="grid gap-5 sm:grid-cols-2">
          <TextareaField
            className="sm:col-span-2"
            label={t('form.specifications')}
            hint={t('form.specificationsHint')}
            optional
            errors={err(fields.specifications.errors)}
            textareaProps={{ ...getTextareaProps(fields.specifications), rows: 4 }}
          />
          <TextareaField
            className="sm:col-span-2"
            label={t('form.uses')}
            optional
            errors={err(fields.uses.errors)}
            textareaProps={getTextareaProps(fields.uses)}
          />
          <Field
            label={t('form.researchFields')}
            hint={t('form.researchFieldsHint')}
            optional
            errors={err(fields.researchFields.errors)}
            inputProps={text('researchFields')}
          />
          <Field
            label={t('form.accreditation')}
            hint={t('form.accreditationHint')}
            optional
            errors={err(fields.accreditation.errors)}
            inputProps={text('accreditation')}
          />
          <TextareaField
            className="sm:col-span-2"
            label={t('form.accessories')}
            optional
            errors={err(fields.accessories.errors)}
            textareaProps={{ ...getTextareaProps(fields.accessories), rows: 2 }}
          />
        </div>
      </Card>

      <Card title={t('form.contactSection')} titleId={`${id}-contact`}>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label={t('form.contactName')}
            optional
            errors={err(fields.contactName.errors)}
            inputProps={{ ...text('contactName'), autoComplete: 'off' }}
          />
          <Field
            label={t('form.contactPhone')}
            hint={t('form.contactPhoneHint')}
            optional
            errors={err(fields.contactPhone.errors)}
            inputProps={{ ...text('contactPhone', 'tel'), autoComplete: 'off' }}
          />
        </div>
      </Card>

      <Card title={t('form.sharingSection')} titleId={`${id}-sharing`}>
        <div className="grid gap-5 sm:grid-cols-2">
          <SelectField
            label={t('form.sharingStatus')}
            hint={t('form.sharingStatusHint')}
            errors={err(fields.sharingStatus.errors)}
            options={statuses.map((s) => ({ value: s, label: tcat(`status.${s}`) }))}
            selectProps={getSelectProps(fields.sharingStatus)}
          />
          <SelectField
            label={t('form.bookingMode')}
            errors={err(fields.bookingMode.errors)}
            options={BOOKING_MODES.map((m) => ({ value: m, label: tcat(`bookingMode.${m}`) }))}
            selectProps={getSelectProps(fields.bookingMode)}
          />
        </div>
      </Card>

      <Card title={t('form.rulesSection')} titleId={`${id}-rules`}>
        <p className="mb-4 text-sm text-slate-600">{t('form.rulesLead')}</p>
        <div className="grid gap-5 sm:grid-cols-3">
          <Field
            label={t('form.minNoticeHours')}
            hint={t('form.minNoticeHoursHint')}
            errors={err(fields.minNoticeHours.errors)}
            inputProps={{ ...text('minNoticeHours'), inputMode: 'numeric' }}
          />
          <Field
            label={t('form.maxAdvanceDays')}
            hint={t('form.maxAdvanceDaysHint')}
            errors={err(fields.maxAdvanceDays.errors)}
            inputProps={{ ...text('maxAdvanceDays'), inputMode: 'numeric' }}
          />
          <SelectField
            label={t('form.slotMinutes')}
            hint={t('form.slotMinutesHint')}
            errors={err(fields.slotMinutes.errors)}
            options={SLOT_MINUTES.map((m) => ({ value: String(m), label: t('form.slotOption', { minutes: m }) }))}
            selectProps={getSelectProps(fields.slotMinutes)}
          />
          <Field
            label={t('form.minDurationMinutes')}
            hint={t('form.minDurationMinutesHint')}
            errors={err(fields.minDurationMinutes.errors)}
            inputProps={{ ...text('minDurationMinutes'), inputMode: 'numeric' }}
          />
          <Field
            label={t('form.maxDurationMinutes')}
            hint={t('form.maxDurationMinutesHint')}
            errors={err(fields.maxDurationMinutes.errors)}
            inputProps={{ ...text('maxDurationMinutes'), inputMode: 'numeric' }}
          />
          <Field
            label={t('form.bufferMinutes')}
            hint={t('form.bufferMinutesHint')}
            errors={err(fields.bufferMinutes.errors)}
            inputProps={{ ...text('bufferMinutes'), inputMode: 'numeric' }}
          />
          <CheckboxField
            className="sm:col-span-3"
            label={t('form.requiresApproval')}
            hint={t('form.requiresApprovalHint')}
            errors={err(fields.requiresApproval.errors)}
            inputProps={getInputProps(fields.requiresApproval, { type: 'checkbox' })}
          />
        </div>
        <fieldset className="mt-6 border-t border-slate-100 pt-5">
          <legend className="sr-only">{t('form.cancelSection')}</legend>
          <p aria-hidden="true" className="font-medium text-slate-900">
            {t('form.cancelSection')}
          </p>
          <p className="mt-1 mb-4 max-w-3xl text-sm text-slate-600">{t('form.cancelLead')}</p>
          <div className="grid gap-5 sm:grid-cols-3">
            <Field
              label={t('form.cancelFreeHours')}
              hint={t('form.cancelFreeHoursHint')}
              errors={err(fields.cancelFreeHours.errors)}
              inputProps={{ ...text('cancelFreeHours'), inputMode: 'numeric' }}
            />
            <Field
              label={t('form.cancelFeePercent')}
              hint={t('form.cancelFeePercentHint')}
              errors={err(fields.cancelFeePercent.errors)}
              inputProps={{ ...text('cancelFeePercent'), inputMode: 'decimal' }}
            />
          </div>
        </fieldset>
      </Card>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <ButtonLink to={cancelTo} variant="secondary">
          {t('form.cancel')}
        </ButtonLink>
        <Button type="submit" disabled={submitting}>
          {submitting ? t('form.saving') : mode === 'create' ? t('form.create') : t('form.save')}
        </Button>
      </div>
    </Form>
  )
}
