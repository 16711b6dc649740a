import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BRAND_600, FONT_SANS, paymentAppearance, paymentElementOptions } from './stripe-appearance'

// The Payment Element renders in Stripe's iframe, so its theme repeats values from our Tailwind theme;
// this keeps the two from drifting apart.
const css = readFileSync(path.resolve(import.meta.dirname, '../../styles/tailwind.css'), 'utf8')

function themeValue(name: string): string {
  const match = new RegExp(`--${name}:\\s*([^;]+);`).exec(css)
  if (!match) throw new Error(`--${name} is not in app/styles/tailwind.css`)
  return match[1]!.replace(/\s+/g, ' ').trim()
}

describe('the Payment Element’s appearance', () => {
  it('uses the brand colour and the font stack of the Tailwind theme', () => {
    expect(BRAND_600).toBe(themeValue('color-brand-600'))
    expect(FONT_SANS).toBe(themeValue('font-sans'))
    expect(paymentAppearance.variables).toMatchObject({ colorPrimary: BRAND_600, fontFamily: FONT_SANS })
  })

  it('has the corners of rounded-md', () => {
    expect(paymentAppearance.variables?.borderRadius).toBe('6px')
  })

  it('offers card, Alipay and WeChat Pay in that order, no wallets or Link', () => {
    expect(paymentElementOptions.paymentMethodOrder).toEqual(['card', 'alipay', 'wechat_pay'])
    expect(paymentElementOptions.wallets).toEqual({ applePay: 'never', googlePay: 'never', link: 'never' })
  })
})
