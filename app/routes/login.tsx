import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { CheckboxField, Field } from '~/components/field'
import { errorKey, translateError, translateErrors } from '~/components/field-error'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { authenticate } from '~/features/users/authenticate.server'
import { findMembershipRoles } from '~/features/users/queries.server'
import { LoginSchema } from '~/features/users/schemas'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireAnonymous, safeRedirectPath } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { homePathForMemberships } from '~/infra/permissions'
import {
  checkLoginLimit,
  clearAccountFailures,
  clientIp,
  recordLoginFailure,
  retryAfterMinutes,
  type LoginLimit,
} from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'

// Public by design: the one page a visitor without permissions must reach. A signed-in user is
// sent to their workspace instead.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const t = getFixedT(await getLocale(request), 'auth')
  return json({ title: t('login.title') })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '登录' }]

function limitMessage(limit: Extract<LoginLimit, { limited: true }>): string {
  const key = limit.scope === 'ip' ? 'auth:login.errors.rateLimitedIp' : 'auth:login.errors.rateLimited'
  return errorKey(key, { minutes: retryAfterMinutes(limit) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: LoginSchema })
  // The password is never echoed back into the page; everything else the person typed is kept.
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, remember, redirectTo } = submission.value
  const ip = clientIp(context)

  const limit = await checkLoginLimit({ email, ip })
  if (limit.limited) {
    return json(
      { result: submission.reply({ formErrors: [limitMessage(limit)], hideFields: ['password'] }) },
      { status: 429 },
    )
  }

  const outcome = await authenticate({ email, password })
  if (!outcome.ok) {
    const after = await recordLoginFailure({ email, ip })
    // One message for unknown email, wrong password and disabled account (no enumeration).
    const message = after.limited ? limitMessage(after) : 'auth:login.errors.invalid'
    return json(
      { result: submission.reply({ formErrors: [message], hideFields: ['password'] }) },
      { status: after.limited ? 429 : 400 },
    )
  }

  await clearAccountFailures(email)
  const session = await createSession(request, { userId: outcome.userId, remember: remember === true, ip })
  const memberships = await findMembershipRoles(getDb(), outcome.userId)
  return redirect(safeRedirectPath(redirectTo, homePathForMemberships(memberships)), {
    headers: { 'Set-Cookie': session.setCookie },
  })
}

export default function LoginPage() {
  const { t } = useTranslation('auth')
  const { t: tc } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formAction === '/login'

  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    defaultValue: { redirectTo: searchParams.get('redirectTo') ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })

  return (
    <PageContainer narrow>
      <PageHeader title={t('login.title')} description={t('login.lead')} />
      <Card className="mt-6">
        <Form method="post" action="/login" {...getFormProps(form)} className="space-y-5">
          <AuthenticityTokenInput />
          <input {...getInputProps(fields.redirectTo, { type: 'hidden' })} />
          {form.errors?.length ? (
            <Alert tone="error" id={form.errorId}>
              {form.errors.map((e) => (
                <p key={e}>{translateError(tc, e)}</p>
              ))}
            </Alert>
          ) : null}
          <Field
            label={t('login.email')}
            errors={translateErrors(tc, fields.email.errors)}
            inputProps={{
              ...getInputProps(fields.email, { type: 'email' }),
              autoComplete: 'username',
              inputMode: 'email',
              autoFocus: true,
            }}
          />
          <Field
            label={t('login.password')}
            errors={translateErrors(tc, fields.password.errors)}
            inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
          />
          <CheckboxField
            label={t('login.remember')}
            inputProps={getInputProps(fields.remember, { type: 'checkbox' })}
          />
          <Button type="submit" className="w-full" disabled={submitting}>
            {submitting ? t('login.submitting') : t('login.submit')}
          </Button>
        </Form>
      </Card>
      <div className="mt-6 space-y-2 text-sm text-slate-600">
        <p>
          {t('login.noAccount')}{' '}
          <Link to="/register" className="font-medium text-brand-700 underline underline-offset-2">
            {t('login.registerLink')}
          </Link>
        </p>
        <p>
          {t('login.institutionApplyLead')}{' '}
          <Link to="/institutions/apply" className="font-medium text-brand-700 underline underline-offset-2">
            {t('login.institutionApply')}
          </Link>
        </p>
        <p>{t('login.staffHint')}</p>
      </div>
    </PageContainer>
  )
}
