import { describe, expect, it } from 'vitest'
import { canonicalParams, FormBodyError, parseFormBody, splitKey } from './form-body'

describe('parseFormBody (Stripe bracket notation)', () => {
  it('reads what the SDK writes: indexed arrays, hashes, nested hashes', () => {
    const body =
      'amount=2000&currency=cny&payment_method_types[0]=card&payment_method_types[1]=alipay&payment_method_types[2]=wechat_pay' +
      '&metadata[booking_id]=5b2c&payment_method_options[wechat_pay][client]=web'
    expect(parseFormBody(body)).toEqual({
      amount: '2000',
      currency: 'cny',
      payment_method_types: ['card', 'alipay', 'wechat_pay'],
      metadata: { booking_id: '5b2c' },
      payment_method_options: { wechat_pay: { client: 'web' } },
    })
  })

  it('accepts percent-encoded brackets, appended arrays and UTF-8 values', () => {
    expect(parseFormBody('types%5B%5D=a&types%5B%5D=b&description=%E6%A3%80%E6%B5%8B')).toEqual({
      types: ['a', 'b'],
      description: '检测',
    })
  })

  it('keeps sparse or non-numeric keys as a hash', () => {
    expect(parseFormBody('a[1]=x')).toEqual({ a: { '1': 'x' } })
    expect(parseFormBody('a[0]=x&a[k]=y')).toEqual({ a: { '0': 'x', k: 'y' } })
  })

  it('keeps empty values (Stripe: an empty string unsets)', () => {
    expect(parseFormBody('metadata[booking_id]=&description=')).toEqual({
      metadata: { booking_id: '' },
      description: '',
    })
  })

  it('refuses a key that is both a value and a hash, and prototype keys', () => {
    expect(() => parseFormBody('a=1&a[b]=2')).toThrow(FormBodyError)
    expect(() => parseFormBody('a[b]=2&a=1')).toThrow(FormBodyError)
    expect(() => parseFormBody('__proto__[polluted]=1')).toThrow(FormBodyError)
    expect(() => parseFormBody('metadata[__proto__]=1')).toThrow(FormBodyError)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses malformed names', () => {
    expect(() => splitKey('a[b')).toThrow(FormBodyError)
    expect(() => splitKey('a[b]c')).toThrow(FormBodyError)
    expect(() => parseFormBody('[x]=1')).toThrow(FormBodyError)
    expect(splitKey('a[b][0]')).toEqual(['a', 'b', '0'])
  })
})

describe('canonicalParams', () => {
  it('ignores key order and keeps array order', () => {
    expect(canonicalParams(parseFormBody('a=1&m[x]=1&m[y]=2'))).toBe(
      canonicalParams(parseFormBody('m[y]=2&m[x]=1&a=1')),
    )
    expect(canonicalParams(parseFormBody('t[0]=a&t[1]=b'))).not.toBe(canonicalParams(parseFormBody('t[0]=b&t[1]=a')))
    expect(canonicalParams(parseFormBody('a=1'))).not.toBe(canonicalParams(parseFormBody('a=2')))
  })
})
