import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { randomUUID } from 'node:crypto'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card, StatCard } from '~/components/card'
import { Field, SelectField } from '~/components/field'
import { translateError, translateErrors } from '~/components/field-error'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { formatFen, formatWan } from '~/features/money/money'
import { programmeFigures } from '~/features/programmes/figures.server'
import { ProgrammeForm } from '~/features/programmes/programme-form'
import { fundProgrammeFromForm, updateProgramme } from '~/features/programmes/programmes.server'
import { getProgramme, topLevelCategories } from '~/features/programmes/queries.server'
import { programmeRefusalErrors } from '~/features/programmes/refusals'
import {
  fenToAmountInput,
  fundingHeadroom,
  identityLocked,
  parseAmountToFen,
  shanghaiDate,
  sharePercentFromBp,
} from '~/features/programmes/rules'
import { FundSchema, ProgrammeSchema, toProgrammeFields } from '~/features/programmes/schemas'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { notFound } from '~/infra/http.server'
import { isUuid } from '~/infra/uuid'

// One programme: its figures (all from the ledger), funding, and its settings form.

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMembership(request, 'manage:programme:any', ['city_officer'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const [programme, figures, categories] = await Promise.all([
    getProgramme(db, id),
    programmeFigures(db, id),
    topLevelCategories(db),
  ])
  if (!programme || !figures) throw await notFound(request)
  const locale = await getLocale(request)
  const budget = fenToAmountInput(programme.totalBudgetFen)
  const cap = fenToAmountInput(programme.capFen)
  const str = (fen: bigint) => fen.toString()
  return json({
    title: programme.name,
    locale,
    id: programme.id,
    name: programme.name,
    year: programme.year,
    serialPrefix: programme.serialPrefix,
    identityLocked: identityLocked(programme.lastSerial),
    // A fresh random key per page view: submitting this form twice funds once.
    fundKey: randomUUID(),
    headroomFen: str(fundingHeadroom(programme.totalBudgetFen, figures.fundedFen)),
    figures: {
      budgetFen: str(figures.budgetFen),
      fundedFen: str(figures.fundedFen),
      availableFen: str(figures.availableFen),
      issuedFen: str(figures.issuedFen),
      voucherCount: figures.voucherCount,
      heldFen: str(figures.heldFen),
      redeemedFen: str(figures.redeemedFen),
      lapsedFen: str(figures.lapsedFen),
      returnedFen: str(figures.returnedFen),
      check: { ...figures.check, debitsFen: str(figures.check.debitsFen), creditsFen: str(figures.check.creditsFen) },
    },
    categories: categories.map((c) => ({ code: c.code, label: locale === 'en' ? c.nameEn : c.name })),
    defaults: {
      name: programme.name,
      year: String(programme.year),
      serialPrefix: programme.serialPrefix,
      totalBudget: budget.amount,
      budgetUnit: budget.unit,
      applyFrom: shanghaiDate(programme.applyFrom),
      applyTo: shanghaiDate(programme.applyTo),
      cap: cap.amount,
      capUnit: cap.unit,
      sharePercent: String(sharePercentFromBp(programme.shareBp)),
      allowedCategories: programme.allowedCategories,
      validityMonths: String(programme.validityMonths),
      redemptionGraceMonths: String(programme.redemptionGraceMonths),
      acceptPartnerRegions: programme.acceptPartnerRegions ? ('on' as const) : ('' as const),
    },
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券计划' }]

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const { user } = await requireMembership(request, 'manage:programme:any', ['city_officer'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const locale = await getLocale(request)
  const intent = formData.get('intent')

  if (intent === 'fund') {
    const submission = parseWithZod(formData, { schema: FundSchema })
    if (submission.status !== 'success') return json({ intent, result: submission.reply() }, { status: 400 })
    const outcome = await fundProgrammeFromForm(
      {},
      {
        programmeId: id,
        amountFen: parseAmountToFen(submission.value.amount, submission.value.unit)!,
        reason: submission.value.reason,
        idempotencyKey: submission.value.idempotencyKey,
        actorUserId: user.id,
      },
    )
    if (outcome.ok) return redirect(`/bureau/programmes/${id}?done=${outcome.value.created ? 'funded' : 'fundedAgain'}`)
    if (outcome.reason === 'not-found') throw await notFound(request)
    return json(
      {
        intent,
        result: submission.reply({ fieldErrors: programmeRefusalErrors(outcome.reason, outcome.details, locale) }),
      },
      { status: 400 },
    )
  }

  const submission = parseWithZod(formData, { schema: ProgrammeSchema })
  if (submission.status !== 'success') return json({ intent: 'save', result: submission.reply() }, { status: 400 })
  const outcome = await updateProgramme(
    {},
    { programmeId: id, actorUserId: user.id, fields: toProgrammeFields(submission.value) },
  )
  if (outcome.ok) return redirect(`/bureau/programmes/${id}?done=saved`)
  if (outcome.reason === 'not-found') throw await notFound(request)
  return json(
    {
      intent: 'save',
      result: submission.reply({ fieldErrors: programmeRefusalErrors(outcome.reason, outcome.details, locale) }),
    },
    { status: outcome.reason === 'identity-locked' ? 409 : 400 },
  )
}

const DONE = {
  created: 'detail.doneCreated',
  saved: 'detail.doneSaved',
  funded: 'detail.doneFunded',
  fundedAgain: 'detail.doneFundedAgain',
} as const

function Money({ fen, locale }: { fen: string; locale: 'zh-CN' | 'en' }) {
  // The exact fen on hover: 万元 rounds to two decimals.
  return <span title={formatFen(BigInt(fen))}>{formatWan(BigInt(fen), locale)}</span>
}

export default function ProgrammePage() {
  const { t } = useTranslation('programmes')
  const { t: tc } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const { locale, figures: f } = data
  const done = searchParams.get('done')
  const doneKey = !actionData && done && done in DONE ? DONE[done as keyof typeof DONE] : null
  const formAction = `/bureau/programmes/${data.id}`
  const fundBusy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'fund'

  const [fundForm, fund] = useForm({
    id: 'programme-fund',
    lastResult: actionData?.intent === 'fund' ? actionData.result : undefined,
    defaultValue: { unit: 'wan', idempotencyKey: data.fundKey },
    constraint: getZodConstraint(FundSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FundSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const err = (messages: string[] | undefined) => translateErrors(tc, messages)
  const headroom = BigInt(data.headroomFen)
  const check = f.check
  const checkText = t(check.balanced ? 'detail.checkOk' : 'detail.checkBad', {
    debits: formatFen(BigInt(check.debitsFen)),
    credits: formatFen(BigInt(check.creditsFen)),
    accounts: check.accountCount,
  })

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/bureau/programmes" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={`${data.year} · ${data.serialPrefix}`}
        title={data.name}
        description={<p>{t('detail.figuresNote')}</p>}
      />
      {doneKey ? (
        <Alert tone="success" className="mt-4">
          {t(doneKey)}
        </Alert>
      ) : null}

      <section aria-labelledby="figures" className="mt-6">
        <h2 id="figures" className="text-lg font-semibold text-slate-900">
          {t('detail.figures')}
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4 sm:gap-4">
          <StatCard
            label={t('detail.budget')}
            value={<Money fen={f.budgetFen} locale={locale} />}
            testId="fig-budget"
          />
          <StatCard
            label={t('detail.funded')}
            value={<Money fen={f.fundedFen} locale={locale} />}
            testId="fig-funded"
          />
          <StatCard
            label={t('detail.available')}
            value={<Money fen={f.availableFen} locale={locale} />}
            testId="fig-available"
          />
          <StatCard
            label={t('detail.issued')}
            value={<Money fen={f.issuedFen} locale={locale} />}
            detail={t('detail.issuedCount', { count: f.voucherCount })}
            testId="fig-issued"
          />
          <StatCard label={t('detail.held')} value={<Money fen={f.heldFen} locale={locale} />} testId="fig-held" />
          <StatCard
            label={t('detail.redeemed')}
            value={<Money fen={f.redeemedFen} locale={locale} />}
            testId="fig-redeemed"
          />
          <StatCard
            label={t('detail.lapsed')}
            value={<Money fen={f.lapsedFen} locale={locale} />}
            testId="fig-lapsed"
          />
          <StatCard
            label={t('detail.returned')}
            value={<Money fen={f.returnedFen} locale={locale} />}
            testId="fig-returned"
          />
        </dl>
        <p
          data-testid="ledger-check"
          className={`mt-3 text-sm ${check.balanced ? 'text-emerald-800' : 'font-medium text-red-700'}`}
          role={check.balanced ? undefined : 'alert'}
        >
          {check.balanced ? '✓ ' : '✗ '}
          {checkText}
        </p>
      </section>

      <div className="mt-8 grid gap-6 lg:grid-cols-[1fr_2fr]">
        <Card title={t('detail.fund')} titleId="fund">
          {headroom > 0n ? (
            <Form method="post" action={formAction} {...getFormProps(fundForm)} className="space-y-4">
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="fund" />
              <input {...getInputProps(fund.idempotencyKey, { type: 'hidden' })} key={fund.idempotencyKey.key} />
              <p className="text-sm text-slate-600">
                {t('detail.fundHint', { headroom: formatWan(headroom, locale) })}
              </p>
              {fundForm.errors?.length || fund.idempotencyKey.errors?.length ? (
                <Alert tone="error">
                  {[...(fundForm.errors ?? []), ...(fund.idempotencyKey.errors ?? [])].map((e) => (
                    <p key={e}>{translateError(tc, e)}</p>
                  ))}
                </Alert>
              ) : null}
              <div className="grid grid-cols-[1fr_auto] gap-3">
                <Field
                  label={t('detail.amount')}
                  errors={err(fund.amount.errors)}
                  inputProps={{ ...getInputProps(fund.amount, { type: 'text' }), inputMode: 'decimal' }}
                />
                <SelectField
                  label={t('form.unit')}
                  errors={err(fund.unit.errors)}
                  options={[
                    { value: 'wan', label: t('form.unitWan') },
                    { value: 'yuan', label: t('form.unitYuan') },
                  ]}
                  selectProps={getSelectProps(fund.unit)}
                />
              </div>
              <Field
                label={t('detail.reason')}
                hint={t('detail.reasonHint')}
                errors={err(fund.reason.errors)}
                inputProps={getInputProps(fund.reason, { type: 'text' })}
              />
              <Button type="submit" disabled={fundBusy}>
                {fundBusy ? t('form.saving') : t('detail.fundSubmit')}
              </Button>
            </Form>
          ) : (
            <p className="text-sm text-slate-600">{t('detail.fundFull')}</p>
          )}
        </Card>

        <Card title={t('form.editTitle')} titleId="settings">
          <ProgrammeForm
            id="programme-edit"
            action={formAction}
            extraHidden={{ intent: 'save' }}
            lastResult={actionData?.intent === 'save' ? actionData.result : undefined}
            defaultValue={data.defaults}
            categories={data.categories}
            identityLocked={data.identityLocked}
            submitLabel={t('form.save')}
            cancelTo="/bureau/programmes"
          />
        </Card>
      </div>
    </PageContainer>
  )
}
