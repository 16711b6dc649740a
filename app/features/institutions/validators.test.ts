import { describe, expect, it } from 'vitest'
import { validateBankAccount, validateCmaNo, validateCnasNo } from './validators'

describe('validateBankAccount', () => {
  it('accepts 8 to 30 digits, dropping grouping spaces, dashes and full-width digits', () => {
    expect(validateBankAccount('12345678')).toEqual({ ok: true, account: '12345678' })
    expect(validateBankAccount('6217 0000 1234 5678 901')).toEqual({ ok: true, account: '6217000012345678901' })
    expect(validateBankAccount('５１０５０１６１-２３４５')).toEqual({ ok: true, account: '510501612345' })
    expect(validateBankAccount('1'.repeat(30))).toMatchObject({ ok: true })
  })

  it('refuses letters and other characters', () => {
    expect(validateBankAccount('6217A00012345678')).toMatchObject({ ok: false, problem: 'digits' })
    expect(validateBankAccount('6217.0000.1234')).toMatchObject({ ok: false, problem: 'digits' })
  })

  it('refuses fewer than 8 or more than 30 digits, saying how many there were', () => {
    expect(validateBankAccount('1234567')).toEqual({ ok: false, problem: 'length', length: 7 })
    expect(validateBankAccount('1'.repeat(31))).toEqual({ ok: false, problem: 'length', length: 31 })
    expect(validateBankAccount('')).toEqual({ ok: false, problem: 'length', length: 0 })
  })
})

describe('validateCmaNo', () => {
  it('accepts the 12-digit certificate number, with or without a CMA prefix or spaces', () => {
    expect(validateCmaNo('221512050123')).toEqual({ ok: true, value: '221512050123' })
    expect(validateCmaNo('CMA 2215 1205 0123')).toEqual({ ok: true, value: '221512050123' })
    expect(validateCmaNo('２２１５１２０５０１２３')).toEqual({ ok: true, value: '221512050123' })
  })

  it('refuses other lengths and letters', () => {
    expect(validateCmaNo('22151205012')).toEqual({ ok: false })
    expect(validateCmaNo('2215120501234')).toEqual({ ok: false })
    expect(validateCmaNo('22151205012X')).toEqual({ ok: false })
  })
})

describe('validateCnasNo', () => {
  it('accepts the scheme letter and 4–5 digits, stored as printed', () => {
    expect(validateCnasNo('CNAS L12345')).toEqual({ ok: true, value: 'CNAS L12345' })
    expect(validateCnasNo('l0123')).toEqual({ ok: true, value: 'CNAS L0123' })
    expect(validateCnasNo('cnas ib0456')).toEqual({ ok: true, value: 'CNAS IB0456' })
    expect(validateCnasNo('ＣＮＡＳ　Ｌ１２３４５')).toEqual({ ok: true, value: 'CNAS L12345' })
  })

  it('refuses unknown schemes and wrong digit counts', () => {
    expect(validateCnasNo('CNAS X12345')).toEqual({ ok: false })
    expect(validateCnasNo('CNAS L123')).toEqual({ ok: false })
    expect(validateCnasNo('CNAS L123456')).toEqual({ ok: false })
    expect(validateCnasNo('12345')).toEqual({ ok: false })
  })
})
