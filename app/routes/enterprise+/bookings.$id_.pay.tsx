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
import { DEMO_PAY_METHODS, PayFormSchema, payMode, payPageState } from '~/features/payments/pay-page'
import { getPayableBooking, paymentOfBooking } from '~/features/payments/queries.server'
import { startCopayment } from '~/features/payments/start-copayment.server'
import { StripePaymentForm } from '~/features/payments/stripe-payment-form'
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
  const submitted = new URL(request.url).searchParams.get('submitted') === '1'
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
  })
  const local = localMode()
  const publishableKey = stripePublishableKey()
  const mode = payMode({ state, localMode: local, publishableKey, clientSecret })
  return json(
    {
      locale: await getLocale(request),
      localMode: local,
      state,
      mode,
      // What Stripe.js needs, and nothing else of Stripe's: the enterprise's own booking (the query
      // has the enterprise in it), waiting for payment, against the real API.
      stripe: mode === 'stripe-js' ? { publishableKey: publishableKey!, clientSecret: clientSecret! } : null,
      startError,
      booking: {
        id: booking.id,
        status: booking.status,
        instrumentName: booking.instrumentName,
        serviceItemName: booking.serviceItemName,
        institutionName: booking.institutionName,
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
  if (outcome.ok) return redirect(`/enterprise/bookings/${id}/pay?submitted=1`)
  if (outcome.reason === 'booking-not-found') throw await notFound(request)
  return json({ error: `payments:errors.${outcome.reason}` }, { status: 400 })
}

export default function PayCopayment() {
  const { t } = useTranslation('payments')
  const { locale, mode, stripe, state, startError, booking, payment } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
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
            <Alert tone="error" title={t('state.failedTitle')}>
              <p>{t('state.failedBody')}</p>
              {payment?.lastError ? (
                <p className="mt-1">{t('state.failedReason', { reason: payment.lastError })}</p>
              ) : null}
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

          {state === 'pay' ? (
            <Card title={t('method.legend')} titleId="pay-method">
              {booking.payBy ? (
                <p className="mb-4 text-sm text-slate-600">
                  {t('summary.payBy', { time: formatDateTime(booking.payBy, locale) })}
                </p>
              ) : null}
              {startError ? (
                <Alert tone="error" className="mb-4">
                  {translateError(t, `payments:errors.${startError}`)}
                </Alert>
              ) : null}
              {actionData?.error ? (
                <Alert tone="error" className="mb-4">
                  {translateError(t, actionData.error)}
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

          {state !== 'pay' && state !== 'processing' ? (
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
