import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { translateError } from '~/components/field-error'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { formatFen } from '~/features/money/money'
import { confirmCopaymentForDemo } from '~/features/payments/confirm-demo.server'
import { DEMO_PAY_METHODS, PayFormSchema, payMode, payPageState, takesPayment } from '~/features/payments/pay-page'
import { paymentErrorText } from '~/features/payments/payment-error'
import { getPayableBooking, paymentOfBooking } from '~/features/payments/queries.server'
import { startCopayment } from '~/features/payments/start-copayment.server'
import { StripePaymentForm } from '~/features/payments/stripe-payment-form'
import { localName } from '~/features/instruments/instrument-badges'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { isLocalStripe, stripePublishableKey, stripeSettings } from '~/infra/stripe.server'
import { notFound } from '~/infra/http.server'
import { isUuid } from '~/infra/uuid'

// /enterprise/bookings/:id/pay — the enterprise pays its co-payment (自付部分) of an approved
// booking: the amount, the three methods (银行卡 / 支付宝 / 微信支付). Against the local Stripe
// server (demo, e2e) a "模拟支付" submit has the server confirm with a test payment method (ADR 011);
// against Stripe the browser confirms with Stripe.js's Payment Element, given the publishable key
// and the PaymentIntent's client secret — only the owner, only while the booking waits for payment
// (ADR 012). Either way the webhook moves the booking, so after submitting (or coming back from
// Stripe's redirect) the page shows "支付处理中…" and refreshes itself until it has.
// DOMAIN (ADR 013): a declined attempt does not end the booking. Until pay_by the page says why the
// payment failed and what to do (another card, Alipay, WeChat Pay) and shows the form again, on the
// same PaymentIntent; only the pay-by timer ends an unpaid booking.
// `$id_`: not nested in the booking detail page's layout, whatever that page renders.

function localMode(): boolean {
  try {
    return isLocalStripe(stripeSettings())
  } catch {
    return false
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, membership } = await requireMembership(request, 'read:booking:own', ['enterprise_member'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const enterpriseId = membership.enterpriseId!
  const db = getDb()
  const booking = await getPayableBooking(db, id, enterpriseId)
  if (!booking) throw await notFound(request)
  const url = new URL(request.url)
  const submitted = url.searchParams.get('submitted') === '1'
  // Appended by Stripe to return_url; only tells a retry on its way from one Stripe said failed.
  const redirectStatus = url.searchParams.get('redirect_status')
  // The PaymentIntent exists once the page is open (idempotent: one per booking).
  let startError: string | null = null
  let clientSecret: string | null = null
  if (booking.status === 'approved' && booking.copayFen > 0n) {
    const started = await startCopayment({ db }, { bookingId: id, enterpriseId, actorUserId: user.id })
    if (started.ok) clientSecret = started.value.clientSecret
    else startError = started.reason
  }
  const payment = await paymentOfBooking(db, id)
  const state = payPageState({
    bookingStatus: booking.status,
    copayFen: booking.copayFen,
    paymentStatus: payment?.status ?? null,
    paymentLastError: payment?.lastError ?? null,
    submitted,
    redirectStatus,
  })
  const locale = await getLocale(request)
  const local = localMode()
  const publishableKey = stripePublishableKey()
  const mode = payMode({ state, localMode: local, publishableKey, clientSecret })
  return json(
    {
      locale,
      localMode: local,
      state,
      mode,
      // Why the last attempt failed, in the reader's words (a retry, or the booking it ended).
      failureReason:
        (state === 'retry' || state === 'failed') && payment?.lastError
          ? paymentErrorText(payment.lastError, locale)
          : null,
      // What Stripe.js needs, and nothing else of Stripe's: the enterprise's own booking (the query
      // has the enterprise in it), waiting for payment, against the real API.
      stripe: mode === 'stripe-js' ? { publishableKey: publishableKey!, clientSecret: clientSecret! } : null,
      startError,
      booking: {
        id: booking.id,
        status: booking.status,
        instrumentName: localName(locale, booking.instrumentName, booking.instrumentNameEn),
        serviceItemName: localName(locale, booking.serviceItemName, booking.serviceItemNameEn),
        institutionName: localName(locale, booking.institutionName, booking.institutionNameEn),
        startsAt: booking.startsAt?.toISOString() ?? null,
        endsAt: booking.endsAt?.toISOString() ?? null,
        quantity: booking.quantity,
        feeFen: booking.feeFen.toString(),
        voucherShareFen: booking.voucherShareFen.toString(),
        copayFen: booking.copayFen.toString(),
        payBy: booking.payBy?.toISOString() ?? null,
      },
      payment: payment
        ? {
            status: payment.status,
            amountFen: payment.amountFen.toString(),
            refundedFen: payment.refundedFen.toString(),
            lastError: payment.lastError,
          }
        : null,
    },
    // It may carry the client secret: never kept by a shared cache or replayed from the browser's.
    { headers: { 'Cache-Control': 'private, no-store' } },
  )
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  'Cache-Control': loaderHeaders.get('Cache-Control') ?? 'private, no-store',
})

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.booking.instrumentName ? `支付 · ${data.booking.instrumentName}` : '支付自付部分' },
  // No JavaScript needed: while the webhook has not reported, the page reloads itself.
  ...(data?.state === 'processing' ? [{ httpEquiv: 'refresh', content: '3' } as const] : []),
]

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const { user, membership } = await requireMembership(request, 'create:booking:own', ['enterprise_member'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const parsed = PayFormSchema.safeParse({ method: formData.get('method') })
  if (!parsed.success)
    return json({ error: parsed.error.issues[0]?.message ?? 'payments:errors.method' }, { status: 400 })
  const outcome = await confirmCopaymentForDemo(
    {},
    { bookingId: id, enterpriseId: membership.enterpriseId!, method: parsed.data.method, actorUserId: user.id },
  )
  // A decline is known at once: the page says why, with the form for another method (ADR 013); the
  // webhook records it meanwhile. Anything else waits for the webhook ("支付处理中…").
  if (outcome.ok && outcome.value.declined)
    return json({ declined: paymentErrorText(outcome.value.lastError, await getLocale(request)) })
  if (outcome.ok) return redirect(`/enterprise/bookings/${id}/pay?submitted=1`)
  if (outcome.reason === 'booking-not-found') throw await notFound(request)
  return json({ error: `payments:errors.${outcome.reason}` }, { status: 400 })
}

export default function PayCopayment() {
  const { t } = useTranslation('payments')
  const { locale, mode, stripe, state, startError, booking, payment, failureReason } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const actionError = actionData && 'error' in actionData ? actionData.error : null
  // The attempt just declined (the action's answer), else the last one the webhook recorded.
  const declinedReason = takesPayment(state)
    ? ((actionData && 'declined' in actionData ? actionData.declined : null) ??
      (state === 'retry' ? failureReason : null))
    : null
  const payBy = booking.payBy ? formatDateTime(booking.payBy, locale) : null
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const statusLabel = (t as unknown as (key: string) => string)(`status.${booking.status}`)
  const backTo = `/enterprise/bookings/${booking.id}`

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to={backTo} className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('eyebrow')}
        title={t('title')}
        testId="pay-page"
        description={`${booking.instrumentName} · ${booking.serviceItemName} · ${booking.institutionName}`}
      />

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card title={t('summary.title')} titleId="pay-summary">
          <dl className="grid gap-3 text-sm">
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">{t('summary.fee')}</dt>
              <dd className="tabular-nums">{formatFen(BigInt(booking.feeFen))}</dd>
            </div>
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">{t('summary.voucherShare')}</dt>
              <dd className="tabular-nums">− {formatFen(BigInt(booking.voucherShareFen))}</dd>
            </div>
            <div className="flex justify-between gap-4 border-t border-slate-100 pt-3 text-base font-semibold">
              <dt>{t('summary.copay')}</dt>
              <dd data-testid="pay-amount" className="tabular-nums">
                {formatFen(BigInt(booking.copayFen))}
              </dd>
            </div>
            {booking.startsAt && booking.endsAt ? (
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">{t('summary.when')}</dt>
                <dd className="text-right">
                  {formatDateTime(booking.startsAt, locale)} – {formatDateTime(booking.endsAt, locale)}
                </dd>
              </div>
            ) : (
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">{t('summary.quantity')}</dt>
                <dd>{booking.quantity}</dd>
              </div>
            )}
          </dl>
        </Card>

        <div className="grid content-start gap-4" data-testid="pay-state" data-state={state}>
          {state === 'paid' ? (
            <Alert tone="success" title={t('state.paidTitle')}>
              <p>{t('state.paidBody', { amount: formatFen(BigInt(payment?.amountFen ?? booking.copayFen)) })}</p>
              {payment && BigInt(payment.refundedFen) > 0n ? (
                <p className="mt-1">{t('state.refundedBody', { amount: formatFen(BigInt(payment.refundedFen)) })}</p>
              ) : null}
            </Alert>
          ) : null}

          {state === 'failed' ? (
            <Alert tone="error" title={t('state.failedTitle')} testId="pay-failed">
              <p>{t('state.failedBody')}</p>
              {failureReason ? <p className="mt-1">{t('state.failedReason', { reason: failureReason })}</p> : null}
            </Alert>
          ) : null}

          {declinedReason !== null ? (
            <Alert tone="error" title={t('state.retryTitle')} testId="pay-declined">
              <p>{t('state.retryReason', { reason: declinedReason })}</p>
              <p className="mt-1">{payBy ? t('state.retryBody', { time: payBy }) : t('state.retryBodyNoDeadline')}</p>
            </Alert>
          ) : null}

          {state === 'nothing-to-pay' ? (
            <Alert tone="info" title={t('state.nothingTitle')}>
              {t('state.nothingBody')}
            </Alert>
          ) : null}

          {state === 'closed' ? (
            <Alert tone="info" title={t('state.closedTitle')} testId="pay-closed">
              <p>{t('state.closedBody', { status: statusLabel })}</p>
              {payment?.status === 'canceled' ? <p className="mt-1">{t('state.closedCanceled')}</p> : null}
            </Alert>
          ) : null}

          {state === 'not-payable' ? (
            <Alert tone="warning" title={t('state.notPayableTitle')}>
              {t('state.notPayableBody', { status: statusLabel })}
            </Alert>
          ) : null}

          {state === 'processing' ? (
            <Alert tone="info" title={t('state.processingTitle')}>
              <p>{t('state.processingBody')}</p>
              <p className="mt-2">
                <Link
                  to={`/enterprise/bookings/${booking.id}/pay?submitted=1`}
                  reloadDocument
                  className="font-medium underline underline-offset-2"
                >
                  {t('state.refresh')}
                </Link>
              </p>
            </Alert>
          ) : null}

          {takesPayment(state) ? (
            <Card title={t('method.legend')} titleId="pay-method">
              {payBy && declinedReason === null ? (
                <p className="mb-4 text-sm text-slate-600">{t('summary.payBy', { time: payBy })}</p>
              ) : null}
              {startError ? (
                <Alert tone="error" className="mb-4">
                  {translateError(t, `payments:errors.${startError}`)}
                </Alert>
              ) : null}
              {actionError ? (
                <Alert tone="error" className="mb-4">
                  {translateError(t, actionError)}
                </Alert>
              ) : null}
              {mode === 'simulated' ? (
                <Form method="post" className="grid gap-4">
                  <AuthenticityTokenInput />
                  <fieldset className="grid gap-2">
                    <legend className="sr-only">{t('method.legend')}</legend>
                    {DEMO_PAY_METHODS.map((method, i) => (
                      <label
                        key={method}
                        className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 px-3 py-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                      >
                        <input
                          type="radio"
                          name="method"
                          value={method}
                          defaultChecked={i === 0}
                          className="mt-1 h-4 w-4 accent-brand-600"
                          data-testid={`pay-method-${method}`}
                        />
                        <span>
                          <span className="block font-medium text-slate-900">
                            {(t as unknown as (key: string) => string)(`method.${method}`)}
                          </span>
                          <span className="block text-sm text-slate-600">
                            {(t as unknown as (key: string) => string)(`method.${method}Hint`)}
                          </span>
                        </span>
                      </label>
                    ))}
                  </fieldset>
                  <Alert tone="info" title={t('demo.title')}>
                    {t('demo.body')}
                  </Alert>
                  <div>
                    <Button type="submit" disabled={busy} data-testid="pay-submit">
                      {t('demo.submit')} {formatFen(BigInt(booking.copayFen))}
                    </Button>
                  </div>
                </Form>
              ) : null}
              {mode === 'stripe-js' && stripe ? (
                // key: a new PaymentIntent (never expected) mounts a fresh Element.
                <StripePaymentForm
                  key={stripe.clientSecret}
                  publishableKey={stripe.publishableKey}
                  clientSecret={stripe.clientSecret}
                  bookingId={booking.id}
                  amountFen={booking.copayFen}
                  locale={locale}
                  institutionName={booking.institutionName}
                />
              ) : null}
              {mode === 'unavailable' ? (
                <Alert tone="warning" title={t('unavailable.title')} testId="pay-unavailable">
                  {t('unavailable.body', { institution: booking.institutionName })}
                </Alert>
              ) : null}
            </Card>
          ) : null}

          {!takesPayment(state) && state !== 'processing' ? (
            <p className="text-sm">
              <Link to={backTo} className="text-brand-700 underline-offset-2 hover:underline">
                {t('back')}
              </Link>
            </p>
          ) : null}
        </div>
      </div>
    </PageContainer>
  )
}
