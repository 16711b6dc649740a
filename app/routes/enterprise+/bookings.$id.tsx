import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button, ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { formatDate, formatDateTime } from '~/components/format'
import { translateErrors } from '~/components/field-error'
import { TextAreaField } from '~/components/field'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { cancellationTerms } from '~/features/bookings/cancellation'
import { getEnterpriseBooking } from '~/features/bookings/enterprise-queries.server'
import { ENTERPRISE_INTENTS, IntentSchema, type EnterpriseIntent } from '~/features/bookings/enterprise-schemas'
import { isUuid } from '~/infra/uuid'
import { bpPercent, EnterpriseStatusBadge } from '~/features/bookings/enterprise-view'
import { fireBookingTransition } from '~/features/bookings/fire.server'
import { REASON_MAX_LENGTH } from '~/features/bookings/reason'
import { BookingHistory, EvidenceFacts, FactList, formatRange, None } from '~/features/bookings/staff-view'
import { availableTransitions, isActive } from '~/features/bookings/transitions'
import { localName } from '~/features/instruments/instrument-badges'
import { formatFen } from '~/features/money/money'
import { paymentErrorText } from '~/features/payments/payment-error'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import type { Permission } from '~/infra/permissions'
import { notFound } from '~/infra/http.server'
import { VOUCHER_REVOKED_FLAG } from '~/features/vouchers/revocation'

// One booking of the enterprise: everything about it, its history, the delivery evidence, and the
// actions the enterprise may take now (the transitions table says which), each a small form
// posting an `intent` that the booking engine fires. The enterprise is in every query: another
// enterprise's booking is "not found" (404), never shown or changed.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:booking:own', ['enterprise_member'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const booking = await getEnterpriseBooking(getDb(), membership.enterpriseId!, id)
  if (!booking) throw await notFound(request)
  const locale = await getLocale(request)
  const now = new Date()
  const allowed = new Set(availableTransitions(booking.status, 'enterprise_member').map((t) => t.name))
  const can = (intent: EnterpriseIntent) => {
    if (!allowed.has(intent)) return false
    if (intent === 'accept-proposal' || intent === 'decline-proposal') return booking.proposal !== null
    return true
  }
  const actions = ENTERPRISE_INTENTS.filter(can)
  const canPay = booking.status === 'approved' && BigInt(booking.copayFen) > 0n
  // What cancelling now would cost (DOMAIN: only the co-payment can cover a cancellation fee).
  const paid =
    booking.payment && (booking.payment.status === 'succeeded' || booking.status === 'paid')
      ? BigInt(booking.payment.amountFen) - BigInt(booking.payment.refundedFen)
      : 0n
  const terms = actions.includes('cancel')
    ? cancellationTerms({
        side: 'enterprise',
        feeFen: BigInt(booking.feeFen),
        cancelFeeBp: booking.instrument.cancelFeeBp,
        cancelFreeHours: booking.instrument.cancelFreeHours,
        startsAt: booking.startsAt ? new Date(booking.startsAt) : null,
        approved: booking.status !== 'requested',
        paidCopayFen: paid,
        now,
      })
    : null
  return json({
    title: `${booking.instrument.name} · ${getFixedT(locale, 'bookings')('detail.eyebrow')}`,
    locale,
    // The bureau's audit flags are not the enterprise's business; a revoked voucher is.
    booking: { ...booking, flags: booking.flags.filter((f) => f.kind === VOUCHER_REVOKED_FLAG) },
    actions,
    canPay,
    // DOMAIN (ADR 013): a declined attempt leaves the booking waiting for payment until pay_by.
    lastAttemptFailed:
      canPay && booking.payment?.status === 'failed' ? paymentErrorText(booking.payment.lastError, locale) : null,
    cancelTerms: terms
      ? {
          basis: terms.basis,
          feeFen: terms.feeFen.toString(),
          dueFen: terms.dueFen.toString(),
          refundFen: terms.refundFen.toString(),
          freeUntil: terms.freeUntil?.toISOString() ?? null,
        }
      : null,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '预约' }]

const PERMISSION: Record<EnterpriseIntent, Permission> = {
  cancel: 'cancel:booking:own',
  'accept-proposal': 'create:booking:own',
  'decline-proposal': 'create:booking:own',
  confirm: 'confirm:booking:own',
  dispute: 'confirm:booking:own',
}

type ActionErrors = { reason?: string[]; form?: string[] }

const KNOWN_REFUSALS = [
  'reason-required',
  'reason-too-long',
  'not-allowed',
  'wrong-status',
  'no-proposal',
  'slot-taken',
]

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const raw = String(formData.get('intent') ?? '')
  const intent = (ENTERPRISE_INTENTS as readonly string[]).includes(raw) ? (raw as EnterpriseIntent) : null
  const { user, membership } = await requireMembership(request, intent ? PERMISSION[intent] : 'read:booking:own', [
    'enterprise_member',
  ])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const enterpriseId = membership.enterpriseId!
  // Ownership in the query: another enterprise's booking is not found.
  const own = await getDb().booking.findFirst({ where: { id, enterpriseId }, select: { id: true } })
  if (!own) throw await notFound(request)
  const parsed = IntentSchema.safeParse({
    intent: raw,
    ...(formData.has('reason') ? { reason: String(formData.get('reason')) } : {}),
  })
  if (!parsed.success || !intent) {
    const reason = parsed.success ? [] : parsed.error.issues.filter((i) => i.path[0] === 'reason').map((i) => i.message)
    const errors: ActionErrors = reason.length > 0 ? { reason } : { form: ['bookings:errors.generic'] }
    return json(
      {
        intent,
        errors,
        reason: String(formData.get('reason') ?? ''),
      },
      { status: 400 },
    )
  }
  const outcome = await fireBookingTransition(
    {},
    {
      bookingId: id,
      name: parsed.data.intent,
      actor: { kind: 'enterprise_member', userId: user.id, enterpriseId },
      reason: 'reason' in parsed.data ? parsed.data.reason : null,
    },
  )
  if (outcome.ok) return redirect(`/enterprise/bookings/${id}?done=${intent}`)
  const key = `bookings:errors.${KNOWN_REFUSALS.includes(outcome.reason) ? outcome.reason : 'generic'}`
  const errors: ActionErrors =
    outcome.reason === 'reason-required' || outcome.reason === 'reason-too-long' ? { reason: [key] } : { form: [key] }
  return json(
    { intent, errors, reason: String(formData.get('reason') ?? '') },
    { status: outcome.reason === 'wrong-status' || outcome.reason === 'slot-taken' ? 409 : 400 },
  )
}

export default function EnterpriseBookingPage() {
  const { t } = useTranslation('bookings')
  const { t: tc } = useTranslation()
  const { locale, booking: b, actions, canPay, lastAttemptFailed, cancelTerms } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const done = params.get('done')
  const errorsFor = (intent: EnterpriseIntent): ActionErrors | undefined =>
    actionData?.intent === intent ? actionData.errors : undefined
  const unit = b.unit as 'hour' | 'sample' | 'item'
  const money = (fen: string) => formatFen(BigInt(fen))
  const name = localName(locale, b.instrument.name, b.instrument.nameEn)
  const formError = actionData?.errors.form ? translateErrors(tc, actionData.errors.form)?.join(' ') : null

  const facts: [string, ReactNode][] = [
    [t('detail.service'), localName(locale, b.serviceItem.name, b.serviceItem.nameEn)],
    [t('detail.institution'), localName(locale, b.institution.name, b.institution.nameEn)],
    b.startsAt && b.endsAt
      ? [
          t('detail.when'),
          <span key="w" className="tabular-nums">
            {formatRange(b.startsAt, b.endsAt, locale)}
          </span>,
        ]
      : [t('detail.quantity'), t(`quantity.${unit}`, { count: b.quantity })],
    ...(b.wantedBy
      ? ([[t('detail.wantedBy'), formatDate(`${b.wantedBy}T00:00:00+08:00`, locale)]] as [string, ReactNode][])
      : []),
    [t('detail.purpose'), b.purpose ?? <None />],
    [
      t('detail.voucher'),
      b.voucher ? (
        <Link key="v" to={`/enterprise/vouchers/${b.voucher.id}`} className="font-mono text-brand-700 hover:underline">
          {b.voucher.serial}
        </Link>
      ) : (
        t('detail.voucherNone')
      ),
    ],
    [t('detail.requestedAt'), formatDateTime(b.createdAt, locale)],
    ...((b.status === 'requested' && b.decideBy
      ? [[t('detail.decideBy'), formatDateTime(b.decideBy, locale)]]
      : []) as [string, ReactNode][]),
    ...((b.status === 'approved' && b.payBy ? [[t('detail.payBy'), formatDateTime(b.payBy, locale)]] : []) as [
      string,
      ReactNode,
    ][]),
    ...((b.status === 'delivered' && b.confirmBy
      ? [[t('detail.confirmBy'), formatDateTime(b.confirmBy, locale)]]
      : []) as [string, ReactNode][]),
  ]

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/enterprise/bookings" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('detail.eyebrow')}
        title={name}
        testId="enterprise-booking"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span data-testid="booking-status" data-status={b.status}>
              <EnterpriseStatusBadge status={b.status} copayFen={b.copayFen} />
            </span>
            <span>{localName(locale, b.institution.name, b.institution.nameEn)}</span>
          </span>
        }
      />

      {done && !actionData && (ENTERPRISE_INTENTS as readonly string[]).concat('requested').includes(done) ? (
        <Alert tone="success" className="mt-6">
          {t(`detail.done.${done as EnterpriseIntent | 'requested'}`)}
          {done === 'requested' && b.voucherShareFen !== '0' ? (
            <span className="block">{t('detail.done.requestedHold', { amount: money(b.voucherShareFen) })}</span>
          ) : null}
        </Alert>
      ) : null}
      {formError ? (
        <Alert tone="error" className="mt-6">
          {formError}
        </Alert>
      ) : null}
      {b.flags.length > 0 && isActive(b.status) ? (
        <Alert tone="warning" className="mt-6" title={t('detail.voucherRevoked.title')}>
          <p data-testid="voucher-revoked-notice">
            {t('detail.voucherRevoked.text', { amount: money(b.voucherShareFen) })}
          </p>
        </Alert>
      ) : null}

      {b.proposal && actions.includes('accept-proposal') ? (
        <Card title={t('detail.proposal.title')} titleId="proposal" className="mt-6 border-amber-300">
          <p className="text-slate-800">
            {t('detail.proposal.text', { when: formatRange(b.proposal.startsAt, b.proposal.endsAt, locale) })}
          </p>
          {b.proposal.note ? (
            <p className="mt-1 text-sm text-slate-600">{t('detail.proposal.note', { note: b.proposal.note })}</p>
          ) : null}
          <div className="mt-4 flex flex-wrap gap-2">
            <Form method="post">
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="accept-proposal" />
              <Button type="submit" disabled={busy}>
                {t('detail.proposal.accept')}
              </Button>
            </Form>
            <Form method="post">
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="decline-proposal" />
              <Button type="submit" variant="secondary" disabled={busy}>
                {t('detail.proposal.decline')}
              </Button>
            </Form>
          </div>
        </Card>
      ) : null}

      <div className="mt-6 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-6">
          <Card title={t('detail.facts')} titleId="booking-facts">
            <FactList facts={facts} testId="booking-facts" />
            {b.rejectReason && b.status === 'rejected' ? (
              <Alert tone="warning" className="mt-4" title={t('detail.rejected')}>
                {t('detail.reason', { reason: b.rejectReason })}
              </Alert>
            ) : null}
            {b.cancellation ? (
              <Alert tone="info" className="mt-4" title={t('detail.cancelled')}>
                {[
                  b.cancellation.side === 'enterprise' || b.cancellation.side === 'institution'
                    ? t(`detail.cancelledBy.${b.cancellation.side}`)
                    : null,
                  b.cancellation.feeFen && b.cancellation.feeFen !== '0'
                    ? t('detail.cancellationFee', { amount: money(b.cancellation.feeFen) })
                    : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {b.cancellation.reason ? (
                  <span className="block">{t('detail.reason', { reason: b.cancellation.reason })}</span>
                ) : null}
              </Alert>
            ) : null}
            {b.dispute ? (
              <Alert tone="warning" className="mt-4" title={t('detail.disputed')}>
                {t('detail.reason', { reason: b.dispute.reason ?? '' })}
              </Alert>
            ) : null}
          </Card>

          {b.delivery ? (
            <Card title={t('detail.evidence')} titleId="booking-evidence">
              <EvidenceFacts booking={b} locale={locale} />
            </Card>
          ) : null}
        </div>

        <div className="space-y-6">
          <Card title={t('detail.money')} titleId="booking-money">
            <dl className="space-y-2 text-sm" data-testid="booking-money">
              <MoneyRow label={t('detail.unitFee')} value={`${money(b.unitFeeFen)}/${t(`unit.${unit}`)}`} />
              <MoneyRow label={t('detail.fee')} value={money(b.feeFen)} />
              <MoneyRow
                label={`${t('detail.share')}${b.voucher ? ` (${bpPercent(b.shareBp)}%)` : ''}`}
                value={`− ${money(b.voucherShareFen)}`}
              />
              <MoneyRow label={t('detail.copay')} value={money(b.copayFen)} strong />
            </dl>
            {b.delivery?.finalFeeFen ? (
              <dl className="mt-4 space-y-2 border-t border-slate-100 pt-3 text-sm">
                <p className="text-slate-600">{t('detail.finalNote')}</p>
                <MoneyRow label={t('detail.finalFee')} value={money(b.delivery.finalFeeFen)} />
                <MoneyRow label={t('detail.finalShare')} value={`− ${money(b.delivery.finalVoucherShareFen ?? '0')}`} />
                <MoneyRow label={t('detail.finalCopay')} value={money(b.delivery.finalCopayFen ?? '0')} strong />
              </dl>
            ) : null}
            {b.payment ? (
              <p className="mt-3 border-t border-slate-100 pt-3 text-sm text-slate-700">
                {t('detail.paymentLine', {
                  amount: money(b.payment.amountFen),
                  status: t(`detail.paymentStatus.${b.payment.status as 'succeeded'}`, {
                    defaultValue: b.payment.status,
                  }),
                })}
                {b.payment.refundedFen !== '0'
                  ? ` · ${t('detail.refunded', { amount: money(b.payment.refundedFen) })}`
                  : ''}
              </p>
            ) : null}
          </Card>

          <Card title={t('detail.actions')} titleId="booking-actions">
            <div className="space-y-6" data-testid="booking-actions">
              {canPay ? (
                <section aria-labelledby="pay-title">
                  <h3 id="pay-title" className="font-semibold text-slate-900">
                    {t('detail.pay.title')}
                  </h3>
                  <p className="mt-1 text-sm text-slate-700">
                    {t(lastAttemptFailed !== null ? 'detail.pay.retryText' : 'detail.pay.text', {
                      amount: money(b.copayFen),
                      date: b.payBy ? formatDateTime(b.payBy, locale) : '—',
                      reason: lastAttemptFailed ?? '',
                    })}
                  </p>
                  <ButtonLink to={`/enterprise/bookings/${b.id}/pay`} className="mt-3">
                    {t(lastAttemptFailed !== null ? 'detail.pay.retryLink' : 'detail.pay.link')}
                  </ButtonLink>
                </section>
              ) : null}

              {actions.includes('confirm') ? (
                <section aria-labelledby="confirm-title">
                  <h3 id="confirm-title" className="font-semibold text-slate-900">
                    {t('detail.confirm.title')}
                  </h3>
                  <p className="mt-1 text-sm text-slate-700">
                    {t('detail.confirm.text', { date: b.confirmBy ? formatDate(b.confirmBy, locale) : '—' })}
                  </p>
                  <Form method="post" className="mt-3">
                    <AuthenticityTokenInput />
                    <input type="hidden" name="intent" value="confirm" />
                    <Button type="submit" disabled={busy}>
                      {t('detail.confirm.submit')}
                    </Button>
                  </Form>
                </section>
              ) : null}

              {actions.includes('dispute') ? (
                <ReasonForm
                  intent="dispute"
                  title={t('detail.dispute.title')}
                  label={t('detail.dispute.reason')}
                  hint={t('detail.dispute.reasonHint')}
                  submit={t('detail.dispute.submit')}
                  errors={translateErrors(tc, errorsFor('dispute')?.reason)}
                  defaultValue={actionData?.intent === 'dispute' ? actionData.reason : ''}
                  busy={busy}
                  variant="secondary"
                />
              ) : null}

              {actions.includes('cancel') ? (
                <ReasonForm
                  intent="cancel"
                  title={t('detail.cancel.title')}
                  label={t('detail.cancel.reason')}
                  hint={t('detail.cancel.reasonHint')}
                  submit={t('detail.cancel.submit')}
                  errors={translateErrors(tc, errorsFor('cancel')?.reason)}
                  defaultValue={actionData?.intent === 'cancel' ? actionData.reason : ''}
                  busy={busy}
                  variant="danger"
                  note={
                    cancelTerms ? (
                      <p className="text-sm text-slate-700" data-testid="cancel-terms">
                        {cancelTerms.basis === 'free-period'
                          ? cancelTerms.freeUntil
                            ? t('detail.cancel.freeUntil', { date: formatDateTime(cancelTerms.freeUntil, locale) })
                            : t('detail.cancel.free')
                          : cancelTerms.basis === 'no-fee-set'
                            ? t('detail.cancel.noFeeSet')
                            : cancelTerms.basis === 'nothing-paid'
                              ? t('detail.cancel.nothingPaid')
                              : cancelTerms.basis === 'capped-by-copay'
                                ? t('detail.cancel.capped', {
                                    due: money(cancelTerms.dueFen),
                                    fee: money(cancelTerms.feeFen),
                                  })
                                : t('detail.cancel.charged', {
                                    fee: money(cancelTerms.feeFen),
                                    refund: money(cancelTerms.refundFen),
                                  })}
                        {b.voucher && b.voucherShareFen !== '0' ? (
                          <span className="block">{t('detail.cancel.holdNote')}</span>
                        ) : null}
                      </p>
                    ) : null
                  }
                />
              ) : null}

              {!canPay && actions.filter((a) => a !== 'accept-proposal' && a !== 'decline-proposal').length === 0 ? (
                <p className="text-sm text-slate-600">{t('detail.noActions')}</p>
              ) : null}
            </div>
          </Card>
        </div>
      </div>

      <BookingHistory history={b.history} createdAt={b.createdAt} locale={locale} />
    </PageContainer>
  )
}

function MoneyRow({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className="flex justify-between gap-3">
      <dt className={strong ? 'font-semibold text-slate-900' : 'text-slate-600'}>{label}</dt>
      <dd className={strong ? 'font-semibold tabular-nums text-slate-900' : 'tabular-nums text-slate-900'}>{value}</dd>
    </div>
  )
}

function ReasonForm({
  intent,
  title,
  label,
  hint,
  submit,
  errors,
  defaultValue,
  busy,
  variant,
  note,
}: {
  intent: 'cancel' | 'dispute'
  title: string
  label: string
  hint: string
  submit: string
  errors?: string[]
  defaultValue: string
  busy: boolean
  variant: 'secondary' | 'danger'
  note?: ReactNode
}) {
  return (
    <section aria-labelledby={`${intent}-title`}>
      <h3 id={`${intent}-title`} className="font-semibold text-slate-900">
        {title}
      </h3>
      {note ? <div className="mt-1">{note}</div> : null}
      <Form method="post" className="mt-3 space-y-3">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value={intent} />
        <TextAreaField
          label={label}
          hint={hint}
          errors={errors}
          textareaProps={{ name: 'reason', maxLength: REASON_MAX_LENGTH, required: true, defaultValue }}
        />
        <Button type="submit" variant={variant} disabled={busy}>
          {submit}
        </Button>
      </Form>
    </section>
  )
}
