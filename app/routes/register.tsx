import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { Field, SelectField } from '~/components/field'
import { translateError, translateErrors } from '~/components/field-error'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { useHydrated } from '~/components/use-hydrated'
import { validateUscc } from '~/features/enterprises/uscc'
import { listRegistrationRegions } from '~/features/users/queries.server'
import { regionFromUsccCode } from '~/features/users/region-from-uscc'
import { registerEnterpriseOwner } from '~/features/users/register-enterprise-owner.server'
import { RegisterSchema } from '~/features/users/schemas'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireAnonymous } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { clientIp } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'

// Public by design: self-registration of an SME owner and their enterprise (accounts for
// institutions and bureaus are created by an administrator).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'auth')
  const regions = await listRegistrationRegions(getDb())
  return json({
    title: t('register.title'),
    regions: regions.map((r) => ({ id: r.id, label: locale === 'en' ? r.nameEn : r.name, isPartner: r.isPartner })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '企业注册' }]

const HIDDEN = ['password', 'confirmPassword']

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: RegisterSchema })
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ hideFields: HIDDEN }) }, { status: 400 })
  }
  const { confirmPassword: _confirm, ...input } = submission.value
  const outcome = await registerEnterpriseOwner(input)
  if (!outcome.ok) {
    const fieldErrors: Record<string, string[]> = {}
    if (outcome.reason === 'already-registered') {
      if (outcome.emailTaken) fieldErrors.email = ['auth:errors.emailTaken']
      if (outcome.usccTaken) fieldErrors.uscc = ['auth:errors.usccTaken']
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

export default function RegisterPage() {
  const { t } = useTranslation('auth')
  const { t: tc } = useTranslation()
  const { regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formAction === '/register'
  // Once the person picks a region themselves, typing the USCC no longer overrides it.
  const regionChosenByHand = useRef(false)
  const [regionFromCode, setRegionFromCode] = useState<string | null>(null)

  const [form, fields] = useForm({
    id: 'register',
    lastResult: actionData?.result,
    constraint: getZodConstraint(RegisterSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
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

  const labels = {
    enterpriseName: t('register.enterpriseName'),
    uscc: t('register.uscc'),
    regionId: t('register.region'),
    name: t('register.name'),
    email: t('register.email'),
    phone: t('register.phone'),
    password: t('register.password'),
    confirmPassword: t('register.confirmPassword'),
  } as const
  const serverErrors = actionData?.result.error ?? {}
  const invalidFields = (Object.keys(labels) as (keyof typeof labels)[])
    .map((name) => ({ name, id: fields[name].id, label: labels[name], error: fields[name].errors?.[0] }))
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
        {/* After a round trip to the server (no JavaScript, or a duplicate email/USCC) the page
            may reopen far above the field at fault: list what to fix, each a link to its field. */}
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

        <Card title={t('register.enterpriseSection')} titleId="register-enterprise">
          <div className="space-y-5">
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
          </div>
        </Card>

        <Card title={t('register.accountSection')} titleId="register-account">
          <div className="space-y-5">
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
          </div>
        </Card>

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
