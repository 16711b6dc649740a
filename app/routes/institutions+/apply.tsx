import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Badge } from '~/components/badge'
import { Button, ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { Field, SelectField } from '~/components/field'
import { translateError, translateErrors } from '~/components/field-error'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { useHydrated } from '~/components/use-hydrated'
import { validateUscc } from '~/features/enterprises/uscc'
import { applyForInstitution, type Applicant } from '~/features/institutions/apply-institution.server'
import { getOwnApplication, listAdmissionRegions } from '~/features/institutions/queries.server'
import {
  ApplySchema,
  ApplyWithAccountSchema,
  INSTITUTION_TYPES,
  type ApplyWithAccountInput,
} from '~/features/institutions/schemas'
import { regionFromUsccCode } from '~/features/users/region-from-uscc'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getOptionalUser } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { clientIp } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'
import { isUuid } from '~/infra/uuid'

// Public by design: an institution applies for admission (入库). A visitor opens their account
// with the application (the contact person becomes the institution's staff user, as an SME owner
// does on /register); someone already signed in applies under their own account, which gains an
// institution_staff membership — so a person who got an account another way is not made to
// register twice. `?submitted=<id>` shows the applicant what happens next.

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request)
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'institutions')
  const submittedId = new URL(request.url).searchParams.get('submitted')
  const db = getDb()
  if (submittedId && user && isUuid(submittedId)) {
    const application = await getOwnApplication(db, user.id, submittedId)
    if (application) {
      const { reviews, ...rest } = application
      const last = reviews[0]
      return json({
        mode: 'submitted' as const,
        title: t('submitted.title'),
        locale,
        application: { ...rest, lastReason: last && last.decision !== 'approved' ? last.reason : null },
      })
    }
  }
  const regions = await listAdmissionRegions(db)
  return json({
    mode: 'form' as const,
    title: t('apply.title'),
    locale,
    signedIn: user ? { name: user.name, email: user.email } : null,
    regions: regions.map((r) => ({ id: r.id, label: locale === 'en' ? r.nameEn : r.name, isPartner: r.isPartner })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '服务机构入库申请' }]

const HIDDEN = ['password', 'confirmPassword']

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const user = await getOptionalUser(request)
  const submission = parseWithZod(formData, { schema: user ? ApplySchema : ApplyWithAccountSchema })
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ hideFields: HIDDEN }) }, { status: 400 })
  }
  const value = submission.value
  let applicant: Applicant
  if (user) applicant = { kind: 'user', userId: user.id }
  else {
    const { email, password } = value as ApplyWithAccountInput
    applicant = { kind: 'new-account', email, password }
  }
  const outcome = await applyForInstitution(value, applicant)
  if (!outcome.ok) {
    const fieldErrors: Record<string, string[]> = {}
    if (outcome.reason === 'taken') {
      if (outcome.usccTaken) fieldErrors.uscc = ['institutions:errors.usccTaken']
      if (outcome.emailTaken) fieldErrors.email = ['institutions:errors.emailTaken']
    } else {
      fieldErrors.regionId = [
        outcome.reason === 'region-required'
          ? 'institutions:errors.regionRequired'
          : 'institutions:errors.regionNotCovered',
      ]
    }
    return json({ result: submission.reply({ fieldErrors, hideFields: HIDDEN }) }, { status: 400 })
  }
  const to = `/institutions/apply?submitted=${outcome.institutionId}`
  if (user) return redirect(to)
  const session = await createSession(request, { userId: outcome.userId, remember: false, ip: clientIp(context) })
  return redirect(to, { headers: { 'Set-Cookie': session.setCookie } })
}

export default function ApplyPage() {
  const data = useLoaderData<typeof loader>()
  if (data.mode === 'submitted') return <Submitted application={data.application} locale={data.locale} />
  return <ApplyForm regions={data.regions} signedIn={data.signedIn} />
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

function Submitted({
  application,
  locale,
}: {
  application: Extract<LoaderData, { mode: 'submitted' }>['application']
  locale: Extract<LoaderData, { mode: 'submitted' }>['locale']
}) {
  const { t } = useTranslation('institutions')
  const name = locale === 'en' ? (application.nameEn ?? application.name) : application.name
  const region = locale === 'en' ? application.region.nameEn : application.region.name
  const steps = [
    application.region.isPartner ? t('submitted.partnerStep') : t('submitted.countyStep', { region }),
    ...(application.region.isPartner ? [] : [t('submitted.cityStep')]),
    t('submitted.listStep'),
  ]
  return (
    <PageContainer narrow>
      <PageHeader title={t('submitted.title')} description={t('submitted.lead', { name })} testId="apply-submitted" />
      <Card className="mt-6">
        <dl className="grid gap-3 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-slate-500">{t('submitted.statusLabel')}</dt>
            <dd className="mt-1">
              <Badge tone={application.status === 'rejected' ? 'danger' : 'warning'}>
                {t(`status.${application.status}`)}
              </Badge>
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-500">{t('submitted.submittedAt')}</dt>
            <dd className="mt-1 text-slate-900">{formatDateTime(application.createdAt, locale)}</dd>
          </div>
        </dl>
        <h2 className="mt-6 text-lg font-semibold text-slate-900">{t('submitted.nextSteps')}</h2>
        <ol className="mt-2 list-decimal space-y-1.5 pl-5 text-slate-700">
          {steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        {application.lastReason ? (
          <Alert
            tone={application.status === 'rejected' ? 'error' : 'warning'}
            title={t('submitted.reason')}
            className="mt-4"
          >
            {application.lastReason}
          </Alert>
        ) : (
          <p className="mt-4 text-sm text-slate-500">{t('submitted.rejectNote')}</p>
        )}
        <div className="mt-6 flex flex-col gap-3 sm:flex-row">
          <ButtonLink to="/institution">{t('submitted.toWorkspace')}</ButtonLink>
          <ButtonLink to="/instruments" variant="secondary">
            {t('submitted.toCatalogue')}
          </ButtonLink>
        </div>
      </Card>
    </PageContainer>
  )
}

function ApplyForm({
  regions,
  signedIn,
}: {
  regions: { id: string; label: string; isPartner: boolean }[]
  signedIn: { name: string; email: string } | null
}) {
  const { t } = useTranslation('institutions')
  const { t: tc } = useTranslation()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formAction === '/institutions/apply'
  const schema = signedIn ? ApplySchema : ApplyWithAccountSchema
  // Once the person picks a region themselves, typing the USCC no longer overrides it.
  const regionChosenByHand = useRef(false)
  const [regionFromCode, setRegionFromCode] = useState<string | null>(null)

  const [form, fields] = useForm({
    id: 'institution-apply',
    lastResult: actionData?.result,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  // The account fields exist only for visitors; Conform's field map is typed by the larger schema.
  const f = fields as unknown as ReturnType<typeof useForm<Record<string, string>>>[1]

  const selectable = regions.map((r) => r.id)
  const onUsccInput = (value: string) => {
    if (regionChosenByHand.current) return
    const result = validateUscc(value)
    const id = result.ok ? regionFromUsccCode(result.regionCode, selectable) : null
    setRegionFromCode(id)
    if (id) form.update({ name: f.regionId!.name, value: id })
  }
  const regionLabel = regions.find((r) => r.id === regionFromCode)?.label

  const hydrated = useHydrated()
  const passwordsCleared = !!actionData?.result && !hydrated

  const labels: Record<string, string> = {
    name: t('apply.name'),
    nameEn: t('apply.nameEn'),
    uscc: t('apply.uscc'),
    type: t('apply.type'),
    regionId: t('apply.region'),
    legalRep: t('apply.legalRep'),
    cmaNo: t('apply.cmaNo'),
    cnasNo: t('apply.cnasNo'),
    bankName: t('apply.bankName'),
    bankAccount: t('apply.bankAccount'),
    contactName: t('apply.contactName'),
    contactPhone: t('apply.contactPhone'),
    address: t('apply.address'),
    ...(signedIn
      ? {}
      : { email: t('apply.email'), password: t('apply.password'), confirmPassword: t('apply.confirmPassword') }),
  }
  const serverErrors = actionData?.result.error ?? {}
  const invalidFields = Object.keys(labels)
    .map((name) => ({ name, id: f[name]!.id, label: labels[name]!, error: f[name]!.errors?.[0] }))
    .filter((x): x is typeof x & { error: string } => !!x.error && !!serverErrors[x.name])

  const err = (messages: string[] | undefined) => translateErrors(tc, messages)
  const text = (name: string, hint: string, extra: Record<string, unknown> = {}, optional = false) => (
    <Field
      label={labels[name]}
      hint={hint}
      optional={optional}
      errors={err(f[name]!.errors)}
      inputProps={{ ...getInputProps(f[name]!, { type: 'text' }), ...extra }}
    />
  )

  return (
    <PageContainer narrow>
      <PageHeader title={t('apply.title')} description={t('apply.lead')} />
      <Form method="post" action="/institutions/apply" {...getFormProps(form)} className="mt-6 space-y-6">
        <AuthenticityTokenInput />
        {signedIn ? <Alert tone="info">{t('apply.signedInAs', signedIn)}</Alert> : null}
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
              {invalidFields.map((x) => (
                <li key={x.name}>
                  <a href={`#${x.id}`} className="underline underline-offset-2">
                    {x.label}
                  </a>
                  {tc('form.colon')}
                  {translateError(tc, x.error)}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}

        <Card title={t('apply.institutionSection')} titleId="apply-institution">
          <div className="space-y-5">
            {text('name', t('apply.nameHint'), { autoComplete: 'organization' })}
            {text('nameEn', t('apply.nameEnHint'), { autoComplete: 'off', lang: 'en' }, true)}
            {text('uscc', t('apply.usccHint'), {
              autoComplete: 'off',
              autoCapitalize: 'characters',
              spellCheck: false,
              className: 'font-mono tracking-wider uppercase',
              onInput: (e: React.FormEvent<HTMLInputElement>) => onUsccInput(e.currentTarget.value),
            })}
            <SelectField
              label={labels.type}
              errors={err(f.type!.errors)}
              placeholder={t('apply.typePlaceholder')}
              options={INSTITUTION_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
              selectProps={getSelectProps(f.type!)}
            />
            <SelectField
              label={labels.regionId}
              hint={
                <>
                  {regionLabel ? t('apply.regionFromUscc', { region: regionLabel }) : t('apply.regionHint')}
                  <span className="mt-1 block">{t('apply.partnerNote')}</span>
                </>
              }
              optional
              errors={err(f.regionId!.errors)}
              placeholder={t('apply.regionPlaceholder')}
              options={[
                {
                  label: t('apply.dazhouGroup'),
                  options: regions.filter((r) => !r.isPartner).map((r) => ({ value: r.id, label: r.label })),
                },
                {
                  label: t('apply.partnerGroup'),
                  options: regions.filter((r) => r.isPartner).map((r) => ({ value: r.id, label: r.label })),
                },
              ]}
              selectProps={{
                ...getSelectProps(f.regionId!),
                onChange: () => {
                  regionChosenByHand.current = true
                  setRegionFromCode(null)
                },
              }}
            />
            {text('legalRep', t('apply.legalRepHint'))}
            {text('address', t('apply.addressHint'), { autoComplete: 'street-address' })}
          </div>
        </Card>

        <Card title={t('apply.accreditationSection')} titleId="apply-accreditation">
          <p className="mb-4 text-sm text-slate-600">{t('apply.accreditationLead')}</p>
          <div className="space-y-5">
            {text(
              'cmaNo',
              t('apply.cmaNoHint'),
              { autoComplete: 'off', inputMode: 'numeric', spellCheck: false },
              true,
            )}
            {text('cnasNo', t('apply.cnasNoHint'), { autoComplete: 'off', spellCheck: false }, true)}
          </div>
        </Card>

        <Card title={t('apply.bankSection')} titleId="apply-bank">
          <p className="mb-4 text-sm text-slate-600">{t('apply.bankLead')}</p>
          <div className="space-y-5">
            {text('bankName', t('apply.bankNameHint'))}
            {text('bankAccount', t('apply.bankAccountHint'), {
              autoComplete: 'off',
              inputMode: 'numeric',
              spellCheck: false,
              className: 'font-mono tracking-wide',
            })}
          </div>
        </Card>

        <Card title={t('apply.contactSection')} titleId="apply-contact">
          <div className="space-y-5">
            {text('contactName', t('apply.contactNameHint'), { autoComplete: 'name' })}
            <Field
              label={labels.contactPhone}
              hint={t('apply.contactPhoneHint')}
              errors={err(f.contactPhone!.errors)}
              inputProps={{ ...getInputProps(f.contactPhone!, { type: 'tel' }), autoComplete: 'tel' }}
            />
          </div>
        </Card>

        {signedIn ? null : (
          <Card title={t('apply.accountSection')} titleId="apply-account">
            <p className="mb-4 text-sm text-slate-600">{t('apply.accountLead')}</p>
            <div className="space-y-5">
              <Field
                label={labels.email}
                hint={t('apply.emailHint')}
                errors={err(f.email!.errors)}
                inputProps={{
                  ...getInputProps(f.email!, { type: 'email' }),
                  autoComplete: 'email',
                  inputMode: 'email',
                }}
              />
              <Field
                label={labels.password}
                hint={
                  <>
                    {t('apply.passwordHint')}
                    {passwordsCleared ? (
                      <span className="block font-medium text-amber-800">{t('apply.passwordsCleared')}</span>
                    ) : null}
                  </>
                }
                errors={err(f.password!.errors)}
                inputProps={{ ...getInputProps(f.password!, { type: 'password' }), autoComplete: 'new-password' }}
              />
              <Field
                label={labels.confirmPassword}
                hint={t('apply.confirmHint')}
                errors={err(f.confirmPassword!.errors)}
                inputProps={{
                  ...getInputProps(f.confirmPassword!, { type: 'password' }),
                  autoComplete: 'new-password',
                }}
              />
            </div>
          </Card>
        )}

        <div className="flex flex-col-reverse gap-4 sm:flex-row sm:items-center sm:justify-between">
          {signedIn ? (
            <span />
          ) : (
            <p className="text-sm text-slate-600">
              {t('apply.haveAccount')}{' '}
              <Link
                to={`/login?${new URLSearchParams({ redirectTo: '/institutions/apply' })}`}
                className="font-medium text-brand-700 underline underline-offset-2"
              >
                {t('apply.loginFirst')}
              </Link>
            </p>
          )}
          <Button type="submit" disabled={submitting} className="w-full sm:w-auto">
            {submitting ? t('apply.submitting') : t('apply.submit')}
          </Button>
        </div>
      </Form>
    </PageContainer>
  )
}
