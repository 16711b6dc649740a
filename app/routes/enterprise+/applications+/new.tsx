import { randomUUID } from 'node:crypto'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button, ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { cn } from '~/components/cn'
import { EmptyState } from '~/components/empty-state'
import { errorKey, translateError, translateErrors } from '~/components/field-error'
import { Field, SelectField, TextAreaField } from '~/components/field'
import { formatDate } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { applyForVoucher } from '~/features/applications/apply.server'
import { budgetUsage, capUsage, listProgrammesForEnterprise } from '~/features/applications/queries.server'
import { budgetRoom, capRoom, PLANNED_USE_MAX, PURPOSE_MAX } from '~/features/applications/rules'
import { ApplySchema } from '~/features/applications/schemas'
import { formatFen } from '~/features/money/money'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

// The enterprise applies for a voucher: the open programmes of its city, what it can still ask for
// under the cap (its controller group's) and the budget, then the form. The use case checks all of
// it again under its locks; a refusal comes back as a message on the field it concerns.

export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'create:application:own', ['enterprise_member'])
  const locale = await getLocale(request)
  const db = getDb()
  const enterpriseId = membership.enterpriseId!
  const enterprise = await db.enterprise.findUniqueOrThrow({
    where: { id: enterpriseId },
    select: { id: true, name: true, status: true, regionId: true },
  })
  const now = new Date()
  const programmes = await listProgrammesForEnterprise(db, enterprise.regionId, now)
  const withRoom = await Promise.all(
    programmes.map(async (p) => {
      const cap = await capUsage(db, { enterpriseId, regionId: p.region_id, year: p.year })
      const budget = await budgetUsage(db, p.id)
      const room = capRoom({ capFen: p.cap_fen, issuedFen: cap.issuedFen, pendingFen: cap.pendingFen })
      const budgetLeft = budgetRoom(budget.availableFen, budget.pendingFen)
      return {
        id: p.id,
        name: p.name,
        applyFrom: p.apply_from.toISOString(),
        applyTo: p.apply_to.toISOString(),
        open: p.apply_from.getTime() <= now.getTime(),
        sharePercent: p.share_bp / 100,
        capFen: p.cap_fen.toString(),
        issuedFen: cap.issuedFen.toString(),
        pendingFen: cap.pendingFen.toString(),
        groupSize: cap.groupSize,
        roomFen: (room < budgetLeft ? room : budgetLeft).toString(),
      }
    }),
  )
  return json({
    title: getFixedT(locale, 'applications')('apply.title'),
    locale,
    enterprise: { name: enterprise.name, verified: enterprise.status === 'verified' },
    programmes: withRoom,
    formKey: randomUUID(),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '申请创新券' }]

type Errors = Partial<Record<'programmeId' | 'amount' | 'purpose' | 'plannedUse' | 'form', string[]>>

/** Which field a refusal belongs to, and its message with the figures a person needs. */
function refusalErrors(reason: string, details: Record<string, unknown> | undefined, locale: 'zh-CN' | 'en'): Errors {
  const room = typeof details?.roomFen === 'bigint' ? formatFen(details.roomFen) : ''
  switch (reason) {
    case 'over-cap':
    case 'over-budget':
      return { amount: [errorKey(`applications:errors.${reason}`, { room })] }
    case 'invalid-amount':
      return { amount: [`applications:errors.${reason}`] }
    case 'window-not-open':
      return {
        programmeId: [
          errorKey('applications:errors.window-not-open', { date: formatDate(details?.opensAt as Date, locale) }),
        ],
      }
    case 'window-closed':
      return {
        programmeId: [
          errorKey('applications:errors.window-closed', { date: formatDate(details?.closedAt as Date, locale) }),
        ],
      }
    case 'programme-not-found':
    case 'programme-not-funded':
    case 'region-not-covered':
      return { programmeId: [`applications:errors.${reason}`] }
    default:
      return { form: [`applications:errors.${reason}`] }
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const { user, membership } = await requireMembership(request, 'create:application:own', ['enterprise_member'])
  const values = {
    programmeId: String(formData.get('programmeId') ?? ''),
    amount: String(formData.get('amount') ?? ''),
    purpose: String(formData.get('purpose') ?? ''),
    plannedUse: String(formData.get('plannedUse') ?? ''),
    idempotencyKey: String(formData.get('idempotencyKey') ?? ''),
  }
  const parsed = ApplySchema.safeParse(values)
  if (!parsed.success) {
    const errors: Errors = {}
    for (const issue of parsed.error.issues) {
      const field =
        issue.path[0] === 'idempotencyKey' ? 'form' : ((issue.path[0] as keyof Errors | undefined) ?? 'form')
      ;(errors[field] ??= []).push(issue.message)
    }
    return json({ errors, values }, { status: 400 })
  }
  const outcome = await applyForVoucher(
    {},
    {
      enterpriseId: membership.enterpriseId!,
      applicantId: user.id,
      programmeId: parsed.data.programmeId,
      amountFen: parsed.data.amount,
      purpose: parsed.data.purpose,
      plannedUse: parsed.data.plannedUse,
      idempotencyKey: parsed.data.idempotencyKey,
    },
  )
  if (outcome.ok) return redirect(`/enterprise/applications?done=submitted`)
  const locale = await getLocale(request)
  return json({ errors: refusalErrors(outcome.reason, outcome.details, locale), values }, { status: 400 })
}

export default function ApplyPage() {
  const { t } = useTranslation('applications')
  const { t: tc } = useTranslation()
  const { locale, enterprise, programmes, formKey } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const errors = actionData?.errors
  const values = actionData?.values
  const [programmeId, setProgrammeId] = useState(
    values?.programmeId ?? (programmes.length === 1 ? programmes[0]!.id : ''),
  )
  const chosen = programmes.find((p) => p.id === programmeId)

  if (!enterprise.verified) {
    return (
      <PageContainer narrow>
        <PageHeader title={t('apply.title')} />
        <Alert tone="warning" className="mt-6">
          {t('mine.notVerified')}
        </Alert>
      </PageContainer>
    )
  }

  return (
    <PageContainer narrow>
      <p className="mb-3 text-sm">
        <Link to="/enterprise/applications" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('mine.title')}
        </Link>
      </p>
      <PageHeader eyebrow={enterprise.name} title={t('apply.title')} description={t('apply.description')} />
      {programmes.length === 0 ? (
        <div className="mt-6">
          <EmptyState title={t('apply.noProgramme')} description={t('apply.noProgrammeText')} />
        </div>
      ) : (
        <Card className="mt-6">
          {errors?.form ? (
            <Alert tone="error" className="mb-4">
              {errors.form.map((e) => translateError(tc, e)).join(' ')}
            </Alert>
          ) : null}
          <Form method="post" className="space-y-5" noValidate>
            <AuthenticityTokenInput />
            <input type="hidden" name="idempotencyKey" value={formKey} />
            <SelectField
              label={t('apply.programme')}
              placeholder={programmes.length === 1 ? undefined : t('apply.programmePlaceholder')}
              options={programmes.map((p) => ({ value: p.id, label: p.name }))}
              errors={translateErrors(tc, errors?.programmeId)}
              hint={
                chosen
                  ? t('apply.programmeHint', {
                      from: formatDate(chosen.applyFrom, locale),
                      to: formatDate(chosen.applyTo, locale),
                      cap: formatFen(BigInt(chosen.capFen)),
                      share: chosen.sharePercent,
                    })
                  : undefined
              }
              selectProps={{
                name: 'programmeId',
                value: programmeId,
                onChange: (e) => setProgrammeId(e.currentTarget.value),
                required: true,
              }}
            />
            {chosen ? (
              <dl
                className="grid grid-cols-2 gap-3 rounded-md bg-slate-50 p-3 text-sm sm:grid-cols-4"
                data-testid="cap-room"
              >
                {(
                  [
                    ['cap', chosen.capFen],
                    ['issued', chosen.issuedFen],
                    ['pending', chosen.pendingFen],
                    ['room', chosen.roomFen],
                  ] as const
                ).map(([k, fen]) => (
                  <div key={k}>
                    <dt className="text-slate-500">{t(`apply.${k}`)}</dt>
                    <dd
                      className={cn('font-semibold tabular-nums', k === 'room' ? 'text-brand-700' : 'text-slate-900')}
                    >
                      {formatFen(BigInt(fen))}
                    </dd>
                  </div>
                ))}
                {chosen.groupSize > 1 ? (
                  <p className="col-span-full text-slate-600">
                    {t('apply.amountHintGroup', { count: chosen.groupSize })}
                  </p>
                ) : null}
              </dl>
            ) : null}
            {chosen && chosen.roomFen === '0' ? (
              <Alert tone="warning" id="no-room">
                {t('apply.noRoom')}
              </Alert>
            ) : null}
            <Field
              label={t('apply.amount')}
              errors={translateErrors(tc, errors?.amount)}
              inputProps={{
                name: 'amount',
                inputMode: 'decimal',
                autoComplete: 'off',
                defaultValue: values?.amount ?? '',
                placeholder: '50000',
                required: true,
              }}
            />
            <TextAreaField
              label={t('apply.purpose')}
              hint={t('apply.purposeHint', { max: PURPOSE_MAX })}
              errors={translateErrors(tc, errors?.purpose)}
              textareaProps={{
                name: 'purpose',
                maxLength: PURPOSE_MAX,
                defaultValue: values?.purpose ?? '',
                required: true,
              }}
            />
            <TextAreaField
              label={t('apply.plannedUse')}
              hint={t('apply.plannedUseHint')}
              errors={translateErrors(tc, errors?.plannedUse)}
              optional
              textareaProps={{ name: 'plannedUse', maxLength: PLANNED_USE_MAX, defaultValue: values?.plannedUse ?? '' }}
            />
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <ButtonLink to="/enterprise/applications" variant="secondary">
                {t('apply.cancel')}
              </ButtonLink>
              <Button type="submit" disabled={busy || chosen?.roomFen === '0'}>
                {t('apply.submit')}
              </Button>
            </div>
          </Form>
        </Card>
      )}
    </PageContainer>
  )
}
