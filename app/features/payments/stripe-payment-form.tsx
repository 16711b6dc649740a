import type { Stripe, StripeElements, StripePaymentElement } from '@stripe/stripe-js'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Button } from '~/components/button'
import { formatFen } from '~/features/money/money'
import { confirmErrorOutcome, payPagePath, payReturnUrl, stripeLocale, type ConfirmErrorOutcome } from './pay-page'
import { paymentAppearance, paymentElementOptions } from './stripe-appearance'

// The production payment form (ADR 012): Stripe.js's Payment Element for the booking's
// PaymentIntent. Stripe.js is imported in an effect, so the server render and the first client
// render never touch it (the server renders "loading…"); @stripe/stripe-js then adds
// https://js.stripe.com's script to the page. Card details, Alipay's redirect and WeChat Pay's QR
// code are Stripe's; only the webhook moves the payment and the booking. A declined attempt leaves
// the form in place for another card or method on the same PaymentIntent (ADR 013).

type Phase =
  /** Stripe.js or the Element is loading: the submit button is disabled. */
  | 'loading'
  | 'ready'
  | 'submitting'
  /** Stripe.js did not load (no network, blocked) or the Element could not load the PaymentIntent. */
  | 'load-failed'
  /** The PaymentIntent is no longer payable here (paid or processing elsewhere): no second submit. */
  | 'done'

type ConfirmError = { message: string; outcome: ConfirmErrorOutcome }

/** How long "loading…" may show before the page says the form did not load (it still recovers if it does). */
const LOAD_PATIENCE_MS = 20_000

export function StripePaymentForm({
  publishableKey,
  clientSecret,
  bookingId,
  amountFen,
  locale,
  institutionName,
}: {
  publishableKey: string
  clientSecret: string
  bookingId: string
  amountFen: string
  locale: string
  institutionName: string
}) {
  const { t } = useTranslation('payments')
  const mountRef = useRef<HTMLDivElement>(null)
  const errorRef = useRef<HTMLDivElement>(null)
  const stripeRef = useRef<{ stripe: Stripe; elements: StripeElements } | null>(null)
  const [phase, setPhase] = useState<Phase>('loading')
  const [error, setError] = useState<ConfirmError | null>(null)

  useEffect(() => {
    let cancelled = false
    let element: StripePaymentElement | null = null
    const patience = window.setTimeout(() => {
      if (!cancelled) setPhase((p) => (p === 'loading' ? 'load-failed' : p))
    }, LOAD_PATIENCE_MS)
    const failed = () => {
      if (!cancelled) setPhase('load-failed')
    }

    void (async () => {
      try {
        const { loadStripe } = await import('@stripe/stripe-js')
        // Rejects when the script cannot load (offline, blocked); null only outside a browser.
        const stripe = await loadStripe(publishableKey, { locale: stripeLocale(locale) })
        if (cancelled) return
        if (!stripe || !mountRef.current) return failed()
        const elements = stripe.elements({ clientSecret, locale: stripeLocale(locale), appearance: paymentAppearance })
        element = elements.create('payment', paymentElementOptions)
        element.on('ready', () => {
          if (!cancelled) setPhase((p) => (p === 'loading' || p === 'load-failed' ? 'ready' : p))
        })
        // A wrong key, a key of the other mode, a client secret Stripe does not know.
        element.on('loaderror', failed)
        element.mount(mountRef.current)
        stripeRef.current = { stripe, elements }
      } catch {
        failed()
      }
    })()

    return () => {
      cancelled = true
      window.clearTimeout(patience)
      element?.destroy()
      stripeRef.current = null
    }
  }, [publishableKey, clientSecret, locale])

  // WCAG 3.3.1: the error is announced (role="alert") and takes the focus, next to the form.
  useEffect(() => {
    if (error) errorRef.current?.focus()
  }, [error])

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const loaded = stripeRef.current
    if (!loaded || phase !== 'ready') return
    setPhase('submitting')
    setError(null)
    // Resolves only when Stripe does not redirect: on success (card, Alipay, WeChat Pay) the browser
    // goes to return_url and the page shows "支付处理中…" until the webhook has moved the booking.
    let failure: { type?: string; code?: string; message?: string }
    try {
      ;({ error: failure } = await loaded.stripe.confirmPayment({
        elements: loaded.elements,
        confirmParams: { return_url: payReturnUrl(window.location.origin, bookingId) },
      }))
    } catch {
      failure = {}
    }
    const outcome = confirmErrorOutcome(failure)
    setError({ message: failure.message ?? t('live.genericError'), outcome })
    // DOMAIN (ADR 013): after a decline the booking waits for payment until pay_by, and Stripe lets
    // the same PaymentIntent be confirmed again: the form stays.
    setPhase(outcome === 'check-status' ? 'done' : 'ready')
  }

  const amount = formatFen(BigInt(amountFen))

  // The form stays in the page while the warning shows: the Element is mounted in it, and a slow
  // Stripe.js that becomes ready after all brings it back.
  return (
    <div className="grid gap-4">
      {phase === 'load-failed' ? (
        <Alert tone="warning" title={t('unavailable.title')} testId="pay-unavailable">
          <p>{t('unavailable.loadFailed', { institution: institutionName })}</p>
          <p className="mt-2">
            <a href={payPagePath(bookingId)} className="font-medium underline underline-offset-2">
              {t('unavailable.reload')}
            </a>
          </p>
        </Alert>
      ) : null}
      <form
        onSubmit={onSubmit}
        hidden={phase === 'load-failed'}
        className="grid gap-4"
        aria-busy={phase === 'loading' || phase === 'submitting'}
      >
        <fieldset className="grid gap-3" disabled={phase === 'done'}>
          <legend className="mb-2 text-sm font-medium text-slate-900">{t('live.legend')}</legend>
          {phase === 'loading' ? (
            <p role="status" className="text-sm text-slate-600">
              {t('live.loading')}
            </p>
          ) : null}
          <div ref={mountRef} data-testid="pay-element" />
        </fieldset>
        {error ? (
          <Alert ref={errorRef} tabIndex={-1} tone="error" title={t('live.errorTitle')} testId="pay-error">
            <p>{error.message}</p>
            {error.outcome === 'declined' ? <p className="mt-1">{t('live.declinedBody')}</p> : null}
            {error.outcome === 'check-status' ? <p className="mt-1">{t('live.checkStatusBody')}</p> : null}
            {error.outcome === 'check-status' ? (
              <p className="mt-2">
                <a href={`${payPagePath(bookingId)}?submitted=1`} className="font-medium underline underline-offset-2">
                  {t('live.viewResult')}
                </a>
              </p>
            ) : null}
          </Alert>
        ) : null}
        <p className="text-sm text-slate-600">{t('live.body')}</p>
        {phase !== 'done' ? (
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={phase !== 'ready'} data-testid="pay-submit">
              {t('live.submit', { amount })}
            </Button>
            {phase === 'submitting' ? (
              <span role="status" className="text-sm text-slate-600">
                {t('live.submitting')}
              </span>
            ) : null}
          </div>
        ) : null}
      </form>
    </div>
  )
}
