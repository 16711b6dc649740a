import { describe, expect, it } from 'vitest'
import { checkDeliveryEvidence, finalSplit } from './delivery'

describe('finalSplit', () => {
  it('the full fee keeps the held split', () => {
    // ¥400 at 50%: ¥200 voucher, ¥200 co-payment
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: 40_000n, shareBp: 5000, heldShareFen: 20_000n })).toEqual({
      ok: true,
      finalFeeFen: 40_000n,
      finalVoucherShareFen: 20_000n,
      finalCopayFen: 20_000n,
    })
  })
  it('a lower fee lowers the voucher share by the programme share', () => {
    // ¥300 at 50% → ¥150 + ¥150
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: 30_000n, shareBp: 5000, heldShareFen: 20_000n })).toEqual({
      ok: true,
      finalFeeFen: 30_000n,
      finalVoucherShareFen: 15_000n,
      finalCopayFen: 15_000n,
    })
  })
  it('rounds the voucher share down to the fen (the co-payment takes the odd fen)', () => {
    // 333.33 × 30% = 99.999 → 9999 fen
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: 33_333n, shareBp: 3000, heldShareFen: 12_000n })).toEqual({
      ok: true,
      finalFeeFen: 33_333n,
      finalVoucherShareFen: 9_999n,
      finalCopayFen: 23_334n,
    })
  })
  it('never more than held: a share capped by the voucher balance stays capped', () => {
    // ¥400 at 50% would be ¥200, but the voucher held only ¥120; final ¥300 → min(150, 120) = 120
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: 30_000n, shareBp: 5000, heldShareFen: 12_000n })).toEqual({
      ok: true,
      finalFeeFen: 30_000n,
      finalVoucherShareFen: 12_000n,
      finalCopayFen: 18_000n,
    })
  })
  it('no hold left (no voucher, or a revoked one): the enterprise pays the whole final fee', () => {
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: 35_000n, shareBp: 5000, heldShareFen: 0n })).toEqual({
      ok: true,
      finalFeeFen: 35_000n,
      finalVoucherShareFen: 0n,
      finalCopayFen: 35_000n,
    })
  })
  it('a zero final fee is allowed (nothing charged, the whole hold released)', () => {
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: 0n, shareBp: 5000, heldShareFen: 20_000n })).toEqual({
      ok: true,
      finalFeeFen: 0n,
      finalVoucherShareFen: 0n,
      finalCopayFen: 0n,
    })
  })
  it('refuses a fee above the snapshot (DOMAIN) and a negative one', () => {
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: 40_001n, shareBp: 5000, heldShareFen: 20_000n })).toEqual({
      ok: false,
      problem: 'fee-above-snapshot',
    })
    expect(finalSplit({ feeFen: 40_000n, finalFeeFen: -1n, shareBp: 5000, heldShareFen: 20_000n })).toEqual({
      ok: false,
      problem: 'invalid-final-fee',
    })
  })
})

describe('checkDeliveryEvidence', () => {
  const now = new Date('2026-06-10T10:00:00.000Z')
  const good = { reportNo: ' DZBG2026-0001 ', invoiceNo: '51170001\t', reportFile: ' ', invoiceFile: 'inv.pdf' }
  it('trims the numbers and drops blank file names', () => {
    expect(checkDeliveryEvidence(good, now)).toEqual({
      ok: true,
      evidence: {
        actualStartsAt: null,
        actualEndsAt: null,
        actualQuantity: null,
        reportNo: 'DZBG2026-0001',
        reportFile: null,
        invoiceNo: '51170001',
        invoiceFile: 'inv.pdf',
      },
    })
  })
  it('requires both numbers', () => {
    expect(checkDeliveryEvidence({ ...good, reportNo: '  ' }, now)).toEqual({
      ok: false,
      problem: 'report-no-required',
    })
    expect(checkDeliveryEvidence({ ...good, invoiceNo: '' }, now)).toEqual({
      ok: false,
      problem: 'invoice-no-required',
    })
    expect(checkDeliveryEvidence({ ...good, invoiceNo: '5'.repeat(65) }, now)).toEqual({
      ok: false,
      problem: 'invoice-no-too-long',
    })
  })
  it('checks the usage: a range that starts before it ends, in the past; a positive quantity', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 5, 10, h))
    expect(checkDeliveryEvidence({ ...good, actualStartsAt: at(3), actualEndsAt: at(1) }, now)).toEqual({
      ok: false,
      problem: 'invalid-actual-range',
    })
    expect(checkDeliveryEvidence({ ...good, actualStartsAt: at(9), actualEndsAt: at(11) }, now)).toEqual({
      ok: false,
      problem: 'actual-in-future',
    })
    expect(checkDeliveryEvidence({ ...good, actualQuantity: 0 }, now)).toEqual({
      ok: false,
      problem: 'invalid-actual-quantity',
    })
    expect(
      checkDeliveryEvidence({ ...good, actualStartsAt: at(1), actualEndsAt: at(3), actualQuantity: 2 }, now),
    ).toMatchObject({
      ok: true,
      evidence: { actualStartsAt: at(1), actualEndsAt: at(3), actualQuantity: 2 },
    })
  })
})
