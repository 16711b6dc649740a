import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { CheckboxField, TextAreaField } from '~/components/field'
import { errorKey, translateError, translateErrors } from '~/components/field-error'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { formatFen } from '~/features/money/money'
import { REVOKE_REASON_MAX_LENGTH } from '~/features/vouchers/revocation'
import { revokeVoucher } from '~/features/vouchers/revoke-voucher.server'
import { voucherDetailData } from '~/features/vouchers/wallet-data'
import { getWalletVoucher, listVoucherTransfers } from '~/features/vouchers/wallet-queries.server'
import { RevokeVoucherSchema } from '~/features/vouchers/wallet-schemas'
import { isUuid } from '~/infra/uuid'
import {
  VoucherFiguresCard,
  VoucherMovementsCard,
  VoucherStatusBadge,
  VoucherValidityCard,
} from '~/features/vouchers/wallet-view'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { hasPermission, reachFor } from '~/infra/permissions'
import { notFound } from '~/infra/http.server'

// One voucher for the bureau: the enterprise's view (figures, validity, movements) plus who holds
// it, the application it came from, its revocation when revoked, and — for a city officer — the
// form that revokes it. A county officer sees only vouchers of their county's enterprises: another
// county's voucher is "not found".

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:voucher:region')
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const voucher = await getWalletVoucher(db, id, reachFor(user.memberships, 'read:voucher:region'))
  if (!voucher) throw await notFound(request)
  const locale = await getLocale(request)
  const transfers = await listVoucherTransfers(db, voucher.accountId)
  return json({
    title: voucher.serial,
    locale,
    voucher: voucherDetailData(voucher, transfers, new Date()),
    // DOMAIN: a voucher can be revoked (fraud) — by the city bureau, while active or expired.
    canRevoke: hasPermission(user.memberships, 'revoke:voucher:any') && voucher.status !== 'revoked',
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券' }]

type ActionErrors = { reason?: string[]; confirm?: string[]; form?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const user = await requireUserWithPermission(request, 'revoke:voucher:any')
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const reason = typeof formData.get('reason') === 'string' ? String(formData.get('reason')) : ''
  const parsed = RevokeVoucherSchema.safeParse({
    reason: formData.get('reason') ?? undefined,
    confirm: formData.get('confirm') ?? undefined,
  })
  if (!parsed.success) {
    const errors: ActionErrors = {}
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === 'confirm' ? 'confirm' : 'reason'
      errors[field] = [...(errors[field] ?? []), issue.message]
    }
    return json({ errors, reason }, { status: 400 })
  }
  const outcome = await revokeVoucher({}, { voucherId: id, reason: parsed.data.reason, actorUserId: user.id })
  if (outcome.ok) return redirect(`/bureau/vouchers/${id}?done=revoked`)
  switch (outcome.reason) {
    case 'voucher-not-found':
      throw await notFound(request)
    case 'already-revoked':
      return json({ errors: { form: 'wallet:errors.alreadyRevoked' } satisfies ActionErrors, reason }, { status: 409 })
    case 'reason-too-long':
      return json(
        {
          errors: {
            reason: [errorKey('wallet:errors.reasonTooLong', { max: REVOKE_REASON_MAX_LENGTH })],
          } satisfies ActionErrors,
          reason,
        },
        { status: 400 },
      )
    default:
      return json(
        { errors: { reason: ['wallet:errors.reasonRequired'] } satisfies ActionErrors, reason },
        { status: 400 },
      )
  }
}

export default function BureauVoucherDetail() {
  const { t } = useTranslation('wallet')
  const { t: tc } = useTranslation()
  const { locale, voucher, canRevoke } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const busy = navigation.state !== 'idle'
  const errors: ActionErrors | undefined = actionData?.errors
  const justRevoked = !actionData && searchParams.get('done') === 'revoked' && voucher.status === 'revoked'
  const none = <span className="text-slate-400">—</span>

  const facts: [string, React.ReactNode][] = [
    [
      t('detail.enterprise'),
      <Link
        to={`/bureau/enterprises/${voucher.enterprise.id}`}
        className="text-brand-700 underline-offset-2 hover:underline"
        data-testid="voucher-enterprise"
      >
        {voucher.enterprise.name}
      </Link>,
    ],
    [t('detail.county'), locale === 'en' ? voucher.region.nameEn : voucher.region.name],
    [
      t('detail.application'),
      voucher.application ? (
        <Link
          to={`/bureau/applications/${voucher.application.id}`}
          className="text-brand-700 underline-offset-2 hover:underline"
        >
          {t('detail.viewApplication')}
        </Link>
      ) : (
        none
      ),
    ],
    [t('detail.applicationPurpose'), voucher.application?.purpose || none],
  ]

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/bureau/vouchers" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('bureau.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('detail.eyebrow')}
        title={<span className="font-mono">{voucher.serial}</span>}
        testId="voucher-detail"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <VoucherStatusBadge status={voucher.status} />
            <span>{voucher.enterprise.name}</span>
          </span>
        }
      />

      {justRevoked ? (
        <Alert tone="success" className="mt-6">
          {t('revoke.done')}
        </Alert>
      ) : null}

      <Card className="mt-6">
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[10rem_1fr]">
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-sm text-slate-500 sm:pt-0.5">{label}</dt>
              <dd className="-mt-2 break-words text-slate-900 sm:mt-0">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <VoucherFiguresCard voucher={voucher} />
        <VoucherValidityCard voucher={voucher} locale={locale} />
      </div>

      {voucher.revocation ? (
        <Card title={t('revocation.title')} titleId="voucher-revocation" className="mt-6 border-red-200">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]" data-testid="revocation">
            <dt className="text-slate-500">{t('revocation.at')}</dt>
            <dd className="-mt-2 sm:mt-0">{formatDateTime(voucher.revocation.at, locale)}</dd>
            <dt className="text-slate-500">{t('revocation.by')}</dt>
            <dd className="-mt-2 sm:mt-0">{voucher.revocation.byName ?? none}</dd>
            <dt className="text-slate-500">{t('revocation.reason')}</dt>
            <dd className="-mt-2 break-words whitespace-pre-line sm:mt-0">{voucher.revocation.reason ?? none}</dd>
            <dt className="text-slate-500">{t('revocation.clawback')}</dt>
            <dd className="-mt-2 sm:mt-0">
              <span className="font-medium tabular-nums">
                {voucher.revocation.clawbackFen !== null ? formatFen(BigInt(voucher.revocation.clawbackFen)) : none}
              </span>
              <span className="block text-xs text-slate-500">{t('revocation.clawbackHint')}</span>
            </dd>
          </dl>
        </Card>
      ) : null}

      <VoucherMovementsCard movements={voucher.movements} locale={locale} />

      {canRevoke ? (
        <Card title={t('revoke.title')} titleId="voucher-revoke" className="mt-6 border-red-200">
          <p className="mb-4 max-w-3xl text-sm text-slate-700">{t('revoke.lead')}</p>
          {errors?.form ? (
            <Alert tone="error" className="mb-4">
              {translateError(tc, errors.form)}
            </Alert>
          ) : null}
          <Form method="post" className="max-w-2xl space-y-4">
            <AuthenticityTokenInput />
            <TextAreaField
              label={t('revoke.reasonLabel')}
              hint={t('revoke.reasonHint', { max: REVOKE_REASON_MAX_LENGTH })}
              errors={translateErrors(tc, errors?.reason)}
              textareaProps={{
                name: 'reason',
                rows: 4,
                required: true,
                maxLength: REVOKE_REASON_MAX_LENGTH,
                defaultValue: actionData?.reason ?? '',
              }}
            />
            <CheckboxField
              label={t('revoke.confirmLabel')}
              errors={translateErrors(tc, errors?.confirm)}
              inputProps={{ name: 'confirm', required: true }}
            />
            <Button type="submit" variant="danger" disabled={busy}>
              {busy ? t('revoke.submitting') : t('revoke.submit')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </PageContainer>
  )
}
