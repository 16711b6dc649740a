import type { Appearance, StripePaymentElementOptions } from '@stripe/stripe-js'
import { PAY_METHODS } from './pay-page'

// How the Payment Element looks and what it offers (ADR 012). The Element renders in Stripe's
// iframe and cannot read our CSS, so the theme values are repeated here from app/styles/tailwind.css
// (a unit test compares them): the brand blue, the Chinese-first font stack, Tailwind's rounded-md.
// Type-only import: nothing of Stripe.js is bundled by this module.

export const BRAND_600 = '#1d4ed8'
export const FONT_SANS =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', system-ui, -apple-system, 'Segoe UI', sans-serif"

export const paymentAppearance: Appearance = {
  theme: 'stripe',
  variables: {
    colorPrimary: BRAND_600,
    colorBackground: '#ffffff',
    // slate-900 / slate-600 / red-700: the text colours the page uses.
    colorText: '#0f172a',
    colorTextSecondary: '#475569',
    colorDanger: '#b91c1c',
    fontFamily: FONT_SANS,
    fontSizeBase: '16px',
    fontLineHeight: '1.7',
    // rounded-md
    borderRadius: '6px',
    spacingUnit: '4px',
  },
  rules: {
    '.Input': { borderColor: '#cbd5e1', boxShadow: 'none' },
    '.Input:focus': { borderColor: BRAND_600, boxShadow: `0 0 0 1px ${BRAND_600}` },
    '.Tab': { borderColor: '#e2e8f0', boxShadow: 'none' },
    '.Tab--selected': { borderColor: BRAND_600, backgroundColor: '#eff6ff' },
  },
}

/**
 * The Element offers what the PaymentIntent allows (card, Alipay, WeChat Pay — the server creates it
 * with allowed_payment_method_types) in our order; no wallets or Link, which are not among them.
 */
export const paymentElementOptions: StripePaymentElementOptions = {
  layout: 'tabs',
  paymentMethodOrder: [...PAY_METHODS],
  wallets: { applePay: 'never', googlePay: 'never', link: 'never' },
}
