import { describe, expect, it } from 'vitest'
import {
  applyEffects,
  availableBalance,
  idempotencyDifferences,
  lockOrder,
  transferEffects,
  withinLimits,
  type Balances,
} from './ledger'

const zero: Balances = { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n }
const debitLimited = { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false }
const creditLimited = { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true }

describe('availableBalance', () => {
  it('is posted credits minus posted and pending debits for a debit-limited account', () => {
    expect(availableBalance({ debitsPending: 30n, debitsPosted: 20n, creditsPending: 999n, creditsPosted: 100n })).toBe(
      50n,
    )
  })
  it('ignores pending credits (money not yet arrived cannot be spent)', () => {
    expect(availableBalance({ ...zero, creditsPending: 100n })).toBe(0n)
  })
  it('mirrors for a credit-limited account', () => {
    expect(
      availableBalance(
        { debitsPending: 0n, debitsPosted: 100n, creditsPending: 10n, creditsPosted: 30n },
        creditLimited,
      ),
    ).toBe(60n)
  })
})

describe('transferEffects', () => {
  it('single posts at once', () => {
    expect(transferEffects('single', 7n)).toEqual({
      debit: { pending: 0n, posted: 7n },
      credit: { pending: 0n, posted: 7n },
    })
  })
  it('pending holds', () => {
    expect(transferEffects('pending', 7n)).toEqual({
      debit: { pending: 7n, posted: 0n },
      credit: { pending: 7n, posted: 0n },
    })
  })
  it('a partial post releases the rest of the hold', () => {
    const held = applyEffects(
      applyEffects({ ...zero, creditsPosted: 100n }, 'debit', transferEffects('pending', 40n).debit),
      'debit',
      transferEffects('post_pending', 25n, 40n).debit,
    )
    expect(held).toEqual({ debitsPending: 0n, debitsPosted: 25n, creditsPending: 0n, creditsPosted: 100n })
    expect(availableBalance(held)).toBe(75n)
  })
  it('a void returns the whole hold', () => {
    const b = applyEffects(
      applyEffects({ ...zero, creditsPosted: 100n }, 'debit', transferEffects('pending', 40n).debit),
      'debit',
      transferEffects('void_pending', 40n, 40n).debit,
    )
    expect(availableBalance(b)).toBe(100n)
  })
  it('refuses to post more than was held', () => {
    expect(() => transferEffects('post_pending', 41n, 40n)).toThrow(/holds only 40/)
  })
  it('the debit and credit sides always move by the same amounts (double entry)', () => {
    for (const type of ['single', 'pending', 'post_pending', 'void_pending'] as const) {
      for (let a = 0n; a < 20n; a += 3n) {
        const e = transferEffects(type, a, 20n)
        expect(e.debit).toEqual(e.credit)
      }
    }
  })
})

describe('withinLimits', () => {
  it('matches the CHECK ledger_account_debits_within_credits', () => {
    expect(withinLimits({ ...zero, creditsPosted: 10n, debitsPending: 4n, debitsPosted: 6n }, debitLimited)).toBe(true)
    expect(withinLimits({ ...zero, creditsPosted: 10n, debitsPending: 5n, debitsPosted: 6n }, debitLimited)).toBe(false)
    expect(
      withinLimits(
        { ...zero, debitsPosted: 6n },
        { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
      ),
    ).toBe(true)
  })
  it('matches the CHECK ledger_account_credits_within_debits', () => {
    expect(withinLimits({ ...zero, debitsPosted: 10n, creditsPosted: 11n }, creditLimited)).toBe(false)
  })
  it('never allows a negative sum', () => {
    expect(
      withinLimits(
        { ...zero, debitsPending: -1n },
        { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
      ),
    ).toBe(false)
  })
})

describe('lockOrder and idempotencyDifferences', () => {
  it('sorts by account id ascending whatever the side', () => {
    expect(
      lockOrder([
        { accountId: 9n, s: 'd' },
        { accountId: 2n, s: 'c' },
      ]).map((x) => x.accountId),
    ).toEqual([2n, 9n])
  })
  it('names the differing parameters', () => {
    const p = {
      debitAccountId: 1n,
      creditAccountId: 2n,
      amount: 5n,
      type: 'pending' as const,
      kind: 'k',
      refType: null,
      refId: null,
      pendingId: null,
    }
    expect(idempotencyDifferences(p, { ...p })).toEqual([])
    expect(idempotencyDifferences(p, { ...p, amount: 6n, refId: 'x' })).toEqual(['amount', 'refId'])
  })
})
