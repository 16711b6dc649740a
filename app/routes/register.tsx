import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Field, SelectField } from '~/components/field'
import { translateError, translateErrors } from '~/components/field-error'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { useHydrated } from '~/components/use-hydrated'
import {
  OTHER_STATUSES,
  RELATED_PARTY_MAX,
  RELATED_PARTY_ROWS,
  RELATIONS,
  SME_REG_YEAR_MIN,
} from '~/features/enterprises/declarations'
import { validateUscc } from '~/features/enterprises/uscc'
import { shanghaiDate } from '~/features/programmes/rules'
import { listAdmittedInstitutions, listRegistrationRegions } from '~/features/users/queries.server'
import { regionFromUsccCode } from '~/features/users/region-from-uscc'
import { registerEnterpriseOwner } from '~/features/users/register-enterprise-owner.server'
import { registerSchema, toRegistration } from '~/features/users/schemas'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireAnonymous } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { clientIp } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'

/** The calendar year in Asia/Shanghai: the latest 科技型中小企业 registration year accepted. */
function currentYear(now: Date): number {
  return Number(shanghaiDate(now).slice(0, 4))
}

// Public by design: self-registration of an SME owner and their enterprise (accounts for
// institutions and bureaus are created by an administrator).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'auth')
  const db = getDb()
  const [regions, institutions] = await Promise.all([listRegistrationRegions(db), listAdmittedInstitutions(db)])
  return json({
    title: t('register.title'),
    currentYear: currentYear(new Date()),
    regions: regions.map((r) => ({ id: r.id, label: locale === 'en' ? r.nameEn : r.name, isPartner: r.isPartner })),
    institutions: institutions.map((i) => ({ id: i.id, label: locale === 'en' ? (i.nameEn ?? i.name) : i.name })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '企业注册' }]

const HIDDEN = ['password', 'confirmPassword']

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: registerSchema({ currentYear: currentYear(new Date()) }) })
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ hideFields: HIDDEN }) }, { status: 400 })
  }
  const outcome = await registerEnterpriseOwner(toRegistration(submission.value))
  if (!outcome.ok) {
    const fieldErrors: Record<string, string[]> = {}
    if (outcome.reason === 'already-registered') {
      if (outcome.emailTaken) fieldErrors.email = ['auth:errors.emailTaken']
      if (outcome.usccTaken) fieldErrors.uscc = ['auth:errors.usccTaken']
    } else if (outcome.reason === 'unknown-institution') {
      // Point at the row of the form that named it.
      const rows = (submission.payload.relatedParties ?? []) as { institutionId?: unknown }[]
      const row = rows.findIndex(
        (r) => typeof r?.institutionId === 'string' && r.institutionId.trim().toLowerCase() === outcome.institutionId,
      )
      fieldErrors[`relatedParties[${Math.max(row, 0)}].institutionId`] = ['auth:errors.relatedInstitutionUnknown']
    } else {
      fieldErrors.regionId = [
        outcome.reason === 'region-required' ? 'auth:errors.regionRequired' : 'auth:errors.regionNotCovered',
      ]
    }
    return json({ result: submission.reply({ fieldErrors, hideFields: HIDDEN }) }, { status: 400 })
  }
  const session = await createSession(request, { userId: outcome.userId, remember: false, ip: clientIp(context) })
  return redirect('/enterprise?registered=1', { headers: { 'Set-Cookie': session.setCookie } })
}

/** One group of the form, with its legend shown as the card's heading. */
function Section({
  id,
  legend,
  lead,
  children,
}: {
  id: string
  legend: string
  lead?: ReactNode
  children: ReactNode
}) {
  return (
    <fieldset
      aria-describedby={lead ? `${id}-lead` : undefined}
      className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <legend className="float-left w-full border-b border-slate-100 px-4 py-3 text-lg font-semibold text-slate-900 sm:px-5">
        {legend}
      </legend>
      <div className="clear-left space-y-5 px-4 py-4 sm:px-5">
        {lead ? (
          <p id={`${id}-lead`} className="text-sm text-slate-600">
            {lead}
          </p>
        ) : null}
        {children}
      </div>
    </fieldset>
  )
}

const EMPTY_ROW = { institutionId: '', relation: '', note: '' }

export default function RegisterPage() {
  const { t } = useTranslation('auth')
  const { t: te } = useTranslation('enterprises')
  const { t: tc } = useTranslation()
  const { regions, institutions, currentYear } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formAction === '/register'
  const schema = useMemo(() => registerSchema({ currentYear }), [currentYear])
  // Once the person picks a region themselves, typing the USCC no longer overrides it.
  const regionChosenByHand = useRef(false)
  const [regionFromCode, setRegionFromCode] = useState<string | null>(null)

  const [form, fields] = useForm({
    id: 'register',
    lastResult: actionData?.result,
    // Without JavaScript the form offers a fixed number of related-party rows; empty ones are ignored.
    defaultValue: {
      salesUnit: 'wan',
      assetsUnit: 'wan',
      relatedParties: Array.from({ length: RELATED_PARTY_ROWS }, () => EMPTY_ROW),
    },
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })

  const selectable = regions.map((r) => r.id)
  const onUsccInput = (value: string) => {
    if (regionChosenByHand.current) return
    const result = validateUscc(value)
    const id = result.ok ? regionFromUsccCode(result.regionCode, selectable) : null
    setRegionFromCode(id)
    if (id) form.update({ name: fields.regionId.name, value: id })
  }
  const regionLabel = regions.find((r) => r.id === regionFromCode)?.label

  // Without JavaScript the page comes back from the server with the password fields empty (they
  // are never echoed into HTML): say so where the person will look.
  const hydrated = useHydrated()
  const passwordsCleared = !!actionData?.result && !hydrated
  const passwordHint = passwordsCleared ? (
    <>
      {t('register.passwordHint')}
      <span className="block font-medium text-amber-800">{t('register.passwordsCleared')}</span>
    </>
  ) : (
    t('register.passwordHint')
  )

  const rows = fields.relatedParties.getFieldList().map((row) => row.getFieldset())
  const unitOptions = [
    { value: 'wan', label: t('register.unitWan') },
    { value: 'yuan', label: t('register.unitYuan') },
  ]
  const relationOptions = RELATIONS.map((r) => ({ value: r, label: te(`relation.${r}`) }))
  const institutionOptions = institutions.map((i) => ({ value: i.id, label: i.label }))

  // After a round trip to the server (no JavaScript, or a duplicate email/USCC) the page may reopen
  // far above the field at fault: list what to fix, each a link to its field.
  const described = [
    { field: fields.enterpriseName, label: t('register.enterpriseName') },
    { field: fields.uscc, label: t('register.uscc') },
    { field: fields.regionId, label: t('register.region') },
    { field: fields.legalRep, label: t('register.legalRep') },
    { field: fields.address, label: t('register.address') },
    { field: fields.smeRegNo, label: t('register.smeRegNo') },
    { field: fields.smeRegYear, label: t('register.smeRegYear') },
    { field: fields.otherStatus, label: t('register.otherStatus') },
    { field: fields.staffCount, label: t('register.staffCount') },
    { field: fields.sales, label: t('register.sales') },
    { field: fields.salesUnit, label: t('register.sales') },
    { field: fields.assets, label: t('register.assets') },
    { field: fields.assetsUnit, label: t('register.assets') },
    { field: fields.relatedParties, label: t('register.relatedSection') },
    ...rows.flatMap((row, i) => {
      const prefix = `${t('register.relatedRow', { n: i + 1 })} · `
      return [
        { field: row.institutionId, label: prefix + t('register.relatedInstitution') },
        { field: row.relation, label: prefix + t('register.relation') },
        { field: row.note, label: prefix + t('register.relatedNote') },
      ]
    }),
    { field: fields.controllerGroup, label: t('register.controllerGroup') },
    { field: fields.name, label: t('register.name') },
    { field: fields.email, label: t('register.email') },
    { field: fields.phone, label: t('register.phone') },
    { field: fields.password, label: t('register.password') },
    { field: fields.confirmPassword, label: t('register.confirmPassword') },
  ]
  const serverErrors = actionData?.result.error ?? {}
  const invalidFields = described
    .map(({ field, label }) => ({ name: field.name, id: field.id, label, error: field.errors?.[0] }))
    .filter((f): f is typeof f & { error: string } => !!f.error && !!serverErrors[f.name])

  const err = (messages: string[] | undefined) => translateErrors(tc, messages)

  return (
    <PageContainer narrow>
      <PageHeader title={t('register.title')} description={t('register.lead')} />
      <Form method="post" action="/register" {...getFormProps(form)} className="mt-6 space-y-6">
        <AuthenticityTokenInput />
        {form.errors?.length ? (
          <Alert tone="error" id={form.errorId}>
            {form.errors.map((e) => (
              <p key={e}>{translateError(tc, e)}</p>
            ))}
          </Alert>
        ) : null}
        {invalidFields.length > 0 ? (
          <Alert tone="error" title={tc('form.errorSummary')}>
            <ul className="list-disc space-y-0.5 pl-5">
              {invalidFields.map((f) => (
                <li key={f.name}>
                  <a href={`#${f.id}`} className="underline underline-offset-2">
                    {f.label}
                  </a>
                  {tc('form.colon')}
                  {translateError(tc, f.error)}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}

        <Section id="register-enterprise" legend={t('register.enterpriseSection')}>
          <Field
            label={t('register.enterpriseName')}
            hint={t('register.enterpriseNameHint')}
            errors={err(fields.enterpriseName.errors)}
            inputProps={{ ...getInputProps(fields.enterpriseName, { type: 'text' }), autoComplete: 'organization' }}
          />
          <Field
            label={t('register.uscc')}
            hint={t('register.usccHint')}
            errors={err(fields.uscc.errors)}
            inputProps={{
              ...getInputProps(fields.uscc, { type: 'text' }),
              autoComplete: 'off',
              autoCapitalize: 'characters',
              spellCheck: false,
              className: 'font-mono tracking-wider uppercase',
              onInput: (e) => onUsccInput(e.currentTarget.value),
            }}
          />
          <SelectField
            label={t('register.region')}
            hint={regionLabel ? t('register.regionFromUscc', { region: regionLabel }) : t('register.regionHint')}
            optional
            errors={err(fields.regionId.errors)}
            placeholder={t('register.regionPlaceholder')}
            options={[
              {
                label: t('register.dazhouGroup'),
                options: regions.filter((r) => !r.isPartner).map((r) => ({ value: r.id, label: r.label })),
              },
              {
                label: t('register.partnerGroup'),
                options: regions.filter((r) => r.isPartner).map((r) => ({ value: r.id, label: r.label })),
              },
            ]}
            selectProps={{
              ...getSelectProps(fields.regionId),
              onChange: () => {
                regionChosenByHand.current = true
                setRegionFromCode(null)
              },
            }}
          />
          <Field
            label={t('register.legalRep')}
            hint={t('register.legalRepHint')}
            errors={err(fields.legalRep.errors)}
            inputProps={{ ...getInputProps(fields.legalRep, { type: 'text' }), autoComplete: 'off' }}
          />
          <Field
            label={t('register.address')}
            hint={t('register.addressHint')}
            errors={err(fields.address.errors)}
            inputProps={{ ...getInputProps(fields.address, { type: 'text' }), autoComplete: 'street-address' }}
          />
        </Section>

        <Section
          id="register-qualification"
          legend={t('register.qualificationSection')}
          lead={t('register.qualificationLead')}
        >
          <div className="grid gap-5 sm:grid-cols-[2fr_1fr]">
            <Field
              label={t('register.smeRegNo')}
              hint={t('register.smeRegNoHint')}
              errors={err(fields.smeRegNo.errors)}
              inputProps={{
                ...getInputProps(fields.smeRegNo, { type: 'text' }),
                autoComplete: 'off',
                spellCheck: false,
                className: 'font-mono',
              }}
            />
            <Field
              label={t('register.smeRegYear')}
              hint={t('register.smeRegYearHint', { min: SME_REG_YEAR_MIN, max: currentYear })}
              errors={err(fields.smeRegYear.errors)}
              inputProps={{
                ...getInputProps(fields.smeRegYear, { type: 'text' }),
                inputMode: 'numeric',
                autoComplete: 'off',
                maxLength: 4,
              }}
            />
          </div>
          <SelectField
            label={t('register.otherStatus')}
            hint={t('register.otherStatusHint')}
            errors={err(fields.otherStatus.errors)}
            placeholder={t('register.otherStatusNone')}
            options={OTHER_STATUSES.map((s) => ({ value: s, label: te(`otherStatus.${s}`) }))}
            selectProps={getSelectProps(fields.otherStatus)}
          />
          <p className="border-t border-slate-100 pt-4 text-sm text-slate-600">{t('register.sizeLead')}</p>
          <Field
            label={t('register.staffCount')}
            hint={t('register.staffCountHint')}
            errors={err(fields.staffCount.errors)}
            className="sm:max-w-xs"
            inputProps={{
              ...getInputProps(fields.staffCount, { type: 'text' }),
              inputMode: 'numeric',
              autoComplete: 'off',
            }}
          />
          <div className="grid grid-cols-[1fr_auto] gap-3">
            <Field
              label={t('register.sales')}
              hint={t('register.salesHint')}
              errors={err(fields.sales.errors)}
              inputProps={{
                ...getInputProps(fields.sales, { type: 'text' }),
                inputMode: 'decimal',
                autoComplete: 'off',
              }}
            />
            <SelectField
              label={t('register.unit')}
              errors={err(fields.salesUnit.errors)}
              options={unitOptions}
              selectProps={getSelectProps(fields.salesUnit)}
            />
          </div>
          <div className="grid grid-cols-[1fr_auto] gap-3">
            <Field
              label={t('register.assets')}
              hint={t('register.assetsHint')}
              errors={err(fields.assets.errors)}
              inputProps={{
                ...getInputProps(fields.assets, { type: 'text' }),
                inputMode: 'decimal',
                autoComplete: 'off',
              }}
            />
            <SelectField
              label={t('register.unit')}
              errors={err(fields.assetsUnit.errors)}
              options={unitOptions}
              selectProps={getSelectProps(fields.assetsUnit)}
            />
          </div>
        </Section>

        <Section id="register-related" legend={t('register.relatedSection')} lead={t('register.relatedLead')}>
          {fields.relatedParties.errors?.length ? (
            <Alert tone="error">{err(fields.relatedParties.errors)?.join(' ')}</Alert>
          ) : null}
          {institutions.length === 0 ? (
            <p className="text-sm text-slate-600">{t('register.relatedNoInstitutions')}</p>
          ) : (
            <>
              {rows.map((row, i) => (
                <fieldset key={row.institutionId.key ?? i} className="min-w-0 rounded-md border border-slate-200 p-3">
                  <legend className="px-1 text-sm font-medium text-slate-700">
                    {t('register.relatedRow', { n: i + 1 })}
                  </legend>
                  <div className="grid gap-4 sm:grid-cols-2">
                    <SelectField
                      className="sm:col-span-2"
                      label={t('register.relatedInstitution')}
                      optional
                      errors={err(row.institutionId.errors)}
                      placeholder={t('register.relatedInstitutionPlaceholder')}
                      options={institutionOptions}
                      selectProps={getSelectProps(row.institutionId)}
                    />
                    <SelectField
                      label={t('register.relation')}
                      errors={err(row.relation.errors)}
                      placeholder={t('register.relationPlaceholder')}
                      options={relationOptions}
                      selectProps={getSelectProps(row.relation)}
                    />
                    <Field
                      label={t('register.relatedNote')}
                      hint={t('register.relatedNoteHint')}
                      optional
                      errors={err(row.note.errors)}
                      inputProps={{ ...getInputProps(row.note, { type: 'text' }), autoComplete: 'off' }}
                    />
                  </div>
                </fieldset>
              ))}
              {/* With JavaScript more rows can be added; without it the fixed rows are enough for most. */}
              {hydrated && rows.length < RELATED_PARTY_MAX ? (
                <Button
                  variant="secondary"
                  onClick={() => form.insert({ name: fields.relatedParties.name, defaultValue: EMPTY_ROW })}
                >
                  {t('register.relatedAdd')}
                </Button>
              ) : null}
            </>
          )}
          <Field
            label={t('register.controllerGroup')}
            hint={t('register.controllerGroupHint')}
            optional
            errors={err(fields.controllerGroup.errors)}
            inputProps={{ ...getInputProps(fields.controllerGroup, { type: 'text' }), autoComplete: 'off' }}
          />
        </Section>

        <Section id="register-account" legend={t('register.accountSection')}>
          <Field
            label={t('register.name')}
            hint={t('register.nameHint')}
            errors={err(fields.name.errors)}
            inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
          />
          <Field
            label={t('register.email')}
            hint={t('register.emailHint')}
            errors={err(fields.email.errors)}
            inputProps={{
              ...getInputProps(fields.email, { type: 'email' }),
              autoComplete: 'email',
              inputMode: 'email',
            }}
          />
          <Field
            label={t('register.phone')}
            hint={t('register.phoneHint')}
            errors={err(fields.phone.errors)}
            inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel' }}
          />
          <Field
            label={t('register.password')}
            hint={passwordHint}
            errors={err(fields.password.errors)}
            inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
          />
          <Field
            label={t('register.confirmPassword')}
            hint={t('register.confirmHint')}
            errors={err(fields.confirmPassword.errors)}
            inputProps={{
              ...getInputProps(fields.confirmPassword, { type: 'password' }),
              autoComplete: 'new-password',
            }}
          />
        </Section>

        <div className="flex flex-col-reverse gap-4 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-slate-600">
            {t('register.haveAccount')}{' '}
            <Link to="/login" className="font-medium text-brand-700 underline underline-offset-2">
              {t('register.loginLink')}
            </Link>
          </p>
          <Button type="submit" disabled={submitting} className="w-full sm:w-auto">
            {submitting ? t('register.submitting') : t('register.submit')}
          </Button>
        </div>
      </Form>
    </PageContainer>
  )
}
