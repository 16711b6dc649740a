import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { createI18n } from '~/i18n/i18n'
import type { Locale } from '~/i18n/config'
import { StripePaymentForm } from './stripe-payment-form'

// The server render of the production payment form: Stripe.js is only imported in an effect, so the
// server (and the first client render, which must match it) renders the labelled form, loading,
// with the submit button disabled — no Stripe code, no crash. What happens in the browser once
// Stripe.js loads cannot be tested here (no internet; Stripe.js is never faked): see ADR 012.

function render(locale: Locale) {
  return renderToString(
    <I18nextProvider i18n={createI18n(locale)}>
      <StripePaymentForm
        publishableKey="pk_test_ssr"
        clientSecret="pi_123_secret_456"
        bookingId="b1"
        amountFen="20000"
        locale={locale}
        institutionName="四川文理学院"
      />
    </I18nextProvider>,
  )
}

describe('StripePaymentForm on the server', () => {
  it('renders the fieldset with its legend, a loading status and the disabled "支付 ¥200.00" button', () => {
    const html = render('zh-CN')
    expect(html).toMatch(/<fieldset[^>]*><legend[^>]*>付款信息<\/legend>/)
    expect(html).toContain('role="status"')
    expect(html).toContain('正在加载支付组件…')
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""[^>]*>支付 ¥200.00<\/button>/)
    expect(html).toContain('aria-busy="true"')
    expect(html).not.toContain('role="alert"')
    // The secret is not written into the markup (it reaches the browser only in the loader data).
    expect(html).not.toContain('pi_123_secret_456')
  })

  it('speaks English on an English page', () => {
    const html = render('en')
    expect(html).toContain('Payment details')
    expect(html).toMatch(/disabled=""[^>]*>Pay ¥200.00<\/button>/)
  })
})
