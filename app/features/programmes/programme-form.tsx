import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button, ButtonLink } from '~/components/button'
import { Field, SelectField } from '~/components/field'
import { translateError, translateErrors } from '~/components/field-error'
import { ProgrammeSchema } from './schemas'

// The programme form (new and edit): every field labelled with a hint and its errors; works
// without JavaScript (the server answers with the same Conform reply, values kept).

export type ProgrammeFormDefaults = {
  name?: string
  year?: string
  serialPrefix?: string
  totalBudget?: string
  budgetUnit?: 'wan' | 'yuan'
  applyFrom?: string
  applyTo?: string
  cap?: string
  capUnit?: 'wan' | 'yuan'
  sharePercent?: string
  allowedCategories?: string[]
  validityMonths?: string
  redemptionGraceMonths?: string
  acceptPartnerRegions?: 'on' | ''
}

export function ProgrammeForm({
  id,
  action,
  defaultValue,
  lastResult,
  categories,
  identityLocked = false,
  submitLabel,
  cancelTo,
  extraHidden,
}: {
  id: string
  action: string
  defaultValue: ProgrammeFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  categories: { code: string; label: string }[]
  identityLocked?: boolean
  submitLabel: string
  cancelTo: string
  extraHidden?: Record<string, string>
}) {
  const { t } = useTranslation('programmes')
  const { t: tc } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formAction === action
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ProgrammeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgrammeSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const err = (messages: string[] | undefined) => translateErrors(tc, messages)
  const unitOptions = [
    { value: 'wan', label: t('form.unitWan') },
    { value: 'yuan', label: t('form.unitYuan') },
  ]
  const errorCount = Object.entries(form.allErrors).filter(([k, v]) => k !== '' && v.length > 0).length

  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-5">
      <AuthenticityTokenInput />
      {extraHidden
        ? Object.entries(extraHidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)
        : null}
      {form.errors?.length ? (
        <Alert tone="error" id={form.errorId}>
          {form.errors.map((e) => (
            <p key={e}>{translateError(tc, e)}</p>
          ))}
        </Alert>
      ) : null}
      {lastResult?.status === 'error' && errorCount > 0 ? (
        <Alert tone="error">{t('form.fixErrors', { count: errorCount })}</Alert>
      ) : null}

      <Field
        label={t('form.name')}
        hint={t('form.nameHint')}
        errors={err(fields.name.errors)}
        inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label={t('form.year')}
          errors={err(fields.year.errors)}
          inputProps={{
            ...getInputProps(fields.year, { type: 'number' }),
            inputMode: 'numeric',
            readOnly: identityLocked,
            className: identityLocked ? 'bg-slate-100' : undefined,
          }}
        />
        <Field
          label={t('form.serialPrefix')}
          hint={identityLocked ? t('form.prefixLockedHint') : t('form.serialPrefixHint')}
          errors={err(fields.serialPrefix.errors)}
          inputProps={{
            ...getInputProps(fields.serialPrefix, { type: 'text' }),
            autoComplete: 'off',
            autoCapitalize: 'characters',
            spellCheck: false,
            readOnly: identityLocked,
            className: `font-mono uppercase tracking-wider${identityLocked ? ' bg-slate-100' : ''}`,
          }}
        />
      </div>
      <div className="grid grid-cols-[1fr_auto] gap-3">
        <Field
          label={t('form.totalBudget')}
          hint={t('form.totalBudgetHint')}
          errors={err(fields.totalBudget.errors)}
          inputProps={{ ...getInputProps(fields.totalBudget, { type: 'text' }), inputMode: 'decimal' }}
        />
        <SelectField
          label={t('form.unit')}
          errors={err(fields.budgetUnit.errors)}
          options={unitOptions}
          selectProps={getSelectProps(fields.budgetUnit)}
        />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label={t('form.applyFrom')}
          hint={t('form.windowHint')}
          errors={err(fields.applyFrom.errors)}
          inputProps={getInputProps(fields.applyFrom, { type: 'date' })}
        />
        <Field
          label={t('form.applyTo')}
          hint={t('form.windowHint')}
          errors={err(fields.applyTo.errors)}
          inputProps={getInputProps(fields.applyTo, { type: 'date' })}
        />
      </div>
      <div className="grid grid-cols-[1fr_auto] gap-3">
        <Field
          label={t('form.cap')}
          hint={t('form.capHint')}
          errors={err(fields.cap.errors)}
          inputProps={{ ...getInputProps(fields.cap, { type: 'text' }), inputMode: 'decimal' }}
        />
        <SelectField
          label={t('form.unit')}
          errors={err(fields.capUnit.errors)}
          options={unitOptions}
          selectProps={getSelectProps(fields.capUnit)}
        />
      </div>
      <Field
        label={t('form.sharePercent')}
        hint={t('form.sharePercentHint')}
        errors={err(fields.sharePercent.errors)}
        inputProps={{ ...getInputProps(fields.sharePercent, { type: 'number' }), inputMode: 'numeric', step: 1 }}
      />
      <fieldset aria-describedby={`${fields.allowedCategories.id}-hint`}>
        <legend className="block text-sm font-medium text-slate-800">{t('form.categories')}</legend>
        <p id={`${fields.allowedCategories.id}-hint`} className="mt-1 text-sm text-slate-500">
          {t('form.categoriesHint')}
        </p>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {getCollectionProps(fields.allowedCategories, {
            type: 'checkbox',
            options: categories.map((c) => c.code),
          }).map((props) => {
            const { key, ...rest } = props
            const category = categories.find((c) => c.code === props.value)
            return (
              <label key={key} className="flex items-start gap-3 text-sm text-slate-800">
                <input {...rest} className="mt-0.5 size-5 shrink-0 rounded border-slate-300 accent-brand-600" />
                <span>{category?.label}</span>
              </label>
            )
          })}
        </div>
        {fields.allowedCategories.errors?.length ? (
          <p className="mt-1 text-sm text-red-700">{err(fields.allowedCategories.errors)?.join(' ')}</p>
        ) : null}
      </fieldset>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label={t('form.validityMonths')}
          hint={t('form.validityHint')}
          errors={err(fields.validityMonths.errors)}
          inputProps={{ ...getInputProps(fields.validityMonths, { type: 'number' }), inputMode: 'numeric' }}
        />
        <Field
          label={t('form.graceMonths')}
          hint={t('form.graceHint')}
          errors={err(fields.redemptionGraceMonths.errors)}
          inputProps={{ ...getInputProps(fields.redemptionGraceMonths, { type: 'number' }), inputMode: 'numeric' }}
        />
      </div>
      <div className="flex items-start gap-3">
        <input
          {...getInputProps(fields.acceptPartnerRegions, { type: 'checkbox' })}
          key={fields.acceptPartnerRegions.key}
          className="mt-1 size-5 shrink-0 rounded border-slate-300 accent-brand-600"
        />
        <label htmlFor={fields.acceptPartnerRegions.id} className="text-sm text-slate-800">
          {t('form.acceptPartnerRegions')}
        </label>
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={busy}>
          {busy ? t('form.saving') : submitLabel}
        </Button>
        <ButtonLink to={cancelTo} variant="secondary">
          {t('form.cancel')}
        </ButtonLink>
      </div>
    </Form>
  )
}
