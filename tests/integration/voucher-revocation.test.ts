import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { expireBooking } from '~/features/bookings/expire-booking.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { TRANSFER_KIND } from '~/features/ledger/accounts'
import { getAccountBalances, postPendingTransfer } from '~/features/ledger/ledger.server'
import { programmeFigures } from '~/features/programmes/figures.server'
import { lapseVoucher } from '~/features/vouchers/expire-voucher.server'
import { REVOKE_REASON_MAX_LENGTH } from '~/features/vouchers/revocation'
import { revokeVoucher, VOUCHER_REVOKED_FLAG } from '~/features/vouchers/revoke-voucher.server'
import { getDb } from '~/infra/db.server'
import { createEnterprise, createInstrument, createProgramme, createUser, createVoucher } from '../support/factories'

// DOMAIN: a voucher can be revoked (fraud): open holds are voided and a clawback is recorded.
// Issue 4: its balance returns to the budget and the bookings it funded are flagged for the auditor.
const db = getDb()
const requestedAt = new Date('2026-06-01T01:00:00.000Z')
const revokedAt = new Date('2026-06-02T03:00:00.000Z')
const reason = '企业伪造检测发票骗取补贴，经市局调查核实'

/**
 * A ¥50,000 voucher with three bookings of ¥400 (share 50%: ¥200 held each): the first is redeemed
 * (its hold posted, ¥150 of the ¥200), the second expired earlier (hold voided), the third open.
 */
async function voucherInUse() {
  const officer = await createUser()
  const programme = await createProgramme({ fundFen: 20_000_000n })
  const enterprise = await createEnterprise()
  const voucher = await createVoucher({ programmeId: programme.id, enterpriseId: enterprise.id, amountFen: 5_000_000n })
  const book = async (at: Date) => {
    const { serviceItem } = await createInstrument({ serviceItem: { feeFen: 20_000, unit: 'hour' } })
    const outcome = await requestBooking(
      { db, now: at },
      {
        enterpriseId: enterprise.id,
        actorUserId: null,
        serviceItemId: serviceItem.id,
        voucherId: voucher.id,
        quantity: 2,
        idempotencyKey: randomUUID(),
      },
    )
    if (!outcome.ok) throw new Error(`requestBooking refused: ${outcome.reason}`)
    return db.booking.findUniqueOrThrow({ where: { id: outcome.value.bookingId } })
  }
  const redeemed = await book(new Date('2026-03-01T01:00:00.000Z'))
  // Stands in for an approved redemption (issue 5): the hold posted, less than held.
  await db.$transaction((tx) =>
    postPendingTransfer(tx, {
      idempotencyKey: `booking-hold:${redeemed.id}:post`,
      pendingId: redeemed.holdTransferId!,
      amount: 15_000n,
    }),
  )
  const lapsedBooking = await book(new Date('2026-04-01T01:00:00.000Z'))
  expect(
    await expireBooking({ db, now: new Date('2026-04-05T01:00:00.000Z') }, { bookingId: lapsedBooking.id }),
  ).toMatchObject({ ok: true, value: { changed: true } })
  const open = await book(requestedAt)
  expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({
    available: 5_000_000n - 15_000n - 20_000n,
    debitsPending: 20_000n,
    debitsPosted: 15_000n,
  })
  return { officer, programme, enterprise, voucher, redeemed, expiredBooking: lapsedBooking, open }
}

async function expectProgrammeBalanced(programmeId: string) {
  const f = (await programmeFigures(db, programmeId))!
  expect(f.check.balanced).toBe(true)
  expect(f.availableFen).toBe(f.fundedFen - f.issuedFen + f.lapsedFen + f.returnedFen)
  return f
}

async function snapshot() {
  return {
    transfers: await db.ledgerTransfer.count(),
    audits: await db.auditLog.count(),
    flags: await db.bookingFlag.count(),
  }
}

describe('revokeVoucher', () => {
  it('voids the open holds, returns the free balance, flags funded bookings, records the clawback', async () => {
    const { officer, programme, voucher, redeemed, expiredBooking, open } = await voucherInUse()
    const budgetBefore = (await getAccountBalances(db, programme.budgetAccountId!)).available

    const outcome = await revokeVoucher(
      { db, now: revokedAt },
      { voucherId: voucher.id, reason: `  ${reason}\n`, actorUserId: officer.id },
    )
    expect(outcome).toEqual({
      ok: true,
      value: { changed: true, voidedHolds: 1, returnedFen: 4_985_000n, clawbackFen: 15_000n, flaggedBookings: 2 },
    })

    expect(await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).toMatchObject({
      status: 'revoked',
      revokedAt,
      revokedById: officer.id,
      revokeReason: reason,
      clawbackFen: 15_000n,
    })
    // The open hold is voided under the booking's own void key; the booking's status is untouched.
    const hold = await db.ledgerTransfer.findUniqueOrThrow({ where: { id: open.holdTransferId! } })
    expect(hold.status).toBe('voided')
    expect(await db.ledgerTransfer.findMany({ where: { pendingId: open.holdTransferId! } })).toMatchObject([
      { type: 'void_pending', idempotencyKey: `booking-hold:${open.id}:void` },
    ])
    expect((await db.booking.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('requested')
    expect((await db.booking.findUniqueOrThrow({ where: { id: redeemed.id } })).status).toBe('requested')

    // The whole free balance is back in the budget; the voucher keeps only what was redeemed.
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({
      available: 0n,
      debitsPending: 0n,
      debitsPosted: 15_000n + 4_985_000n,
      creditsPosted: 5_000_000n,
    })
    expect((await getAccountBalances(db, programme.budgetAccountId!)).available).toBe(budgetBefore + 4_985_000n)
    expect(
      await db.ledgerTransfer.findMany({
        where: { debitAccountId: voucher.accountId, kind: TRANSFER_KIND.voucherRevocation },
      }),
    ).toMatchObject([
      {
        idempotencyKey: `voucher-revocation:${voucher.id}`,
        creditAccountId: programme.budgetAccountId,
        amount: 4_985_000n,
        type: 'single',
        status: 'posted',
      },
    ])

    // The bookings it funded are flagged (the redeemed one and the open one), not the expired one.
    const flags = await db.bookingFlag.findMany({
      where: { kind: VOUCHER_REVOKED_FLAG },
      orderBy: { bookingId: 'asc' },
    })
    const mine = flags.filter((f) => [redeemed.id, open.id, expiredBooking.id].includes(f.bookingId))
    expect(mine.map((f) => f.bookingId).sort()).toEqual([redeemed.id, open.id].sort())
    for (const f of mine) {
      expect(f).toMatchObject({ status: 'open', raisedAt: revokedAt, raisedById: officer.id })
      expect(f.detail).toMatchObject({ voucherId: voucher.id, serial: voucher.serial, reason })
    }
    expect(mine.find((f) => f.bookingId === redeemed.id)!.detail).toMatchObject({ hold: 'posted' })
    expect(mine.find((f) => f.bookingId === open.id)!.detail).toMatchObject({ hold: 'voided' })

    // One audit row in the issuing bureau's stream, with before and after.
    const audits = await db.auditLog.findMany({ where: { entityId: voucher.id, action: 'voucher.revoked' } })
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ orgType: 'region', orgId: '511700', actorUserId: officer.id })
    expect(audits[0]!.before).toMatchObject({ status: 'active', availableFen: '4965000', heldFen: '20000' })
    expect(audits[0]!.after).toMatchObject({
      status: 'revoked',
      reason,
      returnedFen: '4985000',
      clawbackFen: '15000',
      voidedHolds: [{ bookingId: open.id, amountFen: '20000' }],
    })

    const f = await expectProgrammeBalanced(programme.id)
    expect(f).toMatchObject({ returnedFen: 4_985_000n, lapsedFen: 0n, heldFen: 0n, redeemedFen: 15_000n })

    // The booking's decide-by timer fires later: the hold is already voided under the same key,
    // so it expires the booking without a second void or an error.
    const before = await snapshot()
    expect(await expireBooking({ db, now: new Date('2026-06-05T01:00:00.000Z') }, { bookingId: open.id })).toEqual({
      ok: true,
      value: { changed: true },
    })
    expect((await db.booking.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('expired')
    expect(await db.ledgerTransfer.count()).toBe(before.transfers)
    expect(await db.ledgerTransfer.count({ where: { pendingId: open.holdTransferId! } })).toBe(1)
    await expectProgrammeBalanced(programme.id)

    // A revoked voucher can no longer be booked.
    const { serviceItem } = await createInstrument()
    expect(
      await requestBooking(
        { db, now: revokedAt },
        {
          enterpriseId: voucher.enterpriseId,
          actorUserId: null,
          serviceItemId: serviceItem.id,
          voucherId: voucher.id,
          quantity: 1,
          idempotencyKey: randomUUID(),
        },
      ),
    ).toMatchObject({ ok: false, reason: 'voucher-not-usable', details: { problem: 'revoked' } })
    expect((await verifyAuditChains(db)).ok).toBe(true)
  })

  it('refuses a second revocation and changes nothing', async () => {
    const { officer, voucher } = await voucherInUse()
    expect(
      await revokeVoucher({ db, now: revokedAt }, { voucherId: voucher.id, reason, actorUserId: officer.id }),
    ).toMatchObject({ ok: true })
    const before = await snapshot()
    const row = await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })
    const other = await createUser()
    const again = await revokeVoucher(
      { db, now: new Date(revokedAt.getTime() + 60_000) },
      { voucherId: voucher.id, reason: '再次撤销', actorUserId: other.id },
    )
    expect(again).toMatchObject({ ok: false, reason: 'already-revoked', details: { voucherId: voucher.id } })
    expect(await snapshot()).toEqual(before)
    expect(await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).toEqual(row)
  })

  it('refuses a blank or overlong reason, and an unknown voucher', async () => {
    const { officer, voucher } = await voucherInUse()
    const before = await snapshot()
    for (const blank of ['', '   ', '\n\t', '\u3000']) {
      expect(
        await revokeVoucher({ db, now: revokedAt }, { voucherId: voucher.id, reason: blank, actorUserId: officer.id }),
      ).toMatchObject({ ok: false, reason: 'reason-required' })
    }
    expect(
      await revokeVoucher(
        { db, now: revokedAt },
        { voucherId: voucher.id, reason: '骗'.repeat(REVOKE_REASON_MAX_LENGTH + 1), actorUserId: officer.id },
      ),
    ).toMatchObject({ ok: false, reason: 'reason-too-long' })
    expect(
      await revokeVoucher({ db, now: revokedAt }, { voucherId: randomUUID(), reason, actorUserId: officer.id }),
    ).toMatchObject({ ok: false, reason: 'voucher-not-found' })
    expect(await snapshot()).toEqual(before)
    expect((await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).status).toBe('active')
  })

  it('two revocations at once: exactly one changes things, the other is refused', async () => {
    const { officer, programme, voucher, open } = await voucherInUse()
    const other = await createUser()
    const results = await Promise.all([
      revokeVoucher({ db, now: revokedAt }, { voucherId: voucher.id, reason, actorUserId: officer.id }),
      revokeVoucher({ db, now: revokedAt }, { voucherId: voucher.id, reason: '同一张券', actorUserId: other.id }),
    ])
    const ok = results.filter((r) => r.ok)
    expect(ok).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toMatchObject([{ ok: false, reason: 'already-revoked' }])
    expect(ok[0]).toMatchObject({ value: { voidedHolds: 1, returnedFen: 4_985_000n, clawbackFen: 15_000n } })
    expect(await db.ledgerTransfer.count({ where: { pendingId: open.holdTransferId! } })).toBe(1)
    expect(
      await db.ledgerTransfer.count({
        where: { debitAccountId: voucher.accountId, kind: TRANSFER_KIND.voucherRevocation },
      }),
    ).toBe(1)
    expect(await db.auditLog.count({ where: { entityId: voucher.id, action: 'voucher.revoked' } })).toBe(1)
    expect(await db.bookingFlag.count({ where: { booking: { voucherId: voucher.id } } })).toBe(2)
    await expectProgrammeBalanced(programme.id)
  })

  it('racing the booking timer: the hold is voided once, whoever comes first', async () => {
    // Several rounds, so both orders (timer first, revocation first) are likely to occur.
    for (let round = 0; round < 4; round++) {
      const { officer, programme, voucher, open } = await voucherInUse()
      const [revoked, expired] = await Promise.all([
        revokeVoucher({ db, now: revokedAt }, { voucherId: voucher.id, reason, actorUserId: officer.id }),
        expireBooking({ db, now: new Date('2026-06-05T01:00:00.000Z') }, { bookingId: open.id }),
      ])
      expect(revoked).toMatchObject({ ok: true, value: { returnedFen: 4_985_000n, clawbackFen: 15_000n } })
      expect(expired).toEqual({ ok: true, value: { changed: true } })
      expect(await db.ledgerTransfer.findMany({ where: { pendingId: open.holdTransferId! } })).toMatchObject([
        { type: 'void_pending', idempotencyKey: `booking-hold:${open.id}:void` },
      ])
      expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ available: 0n, debitsPending: 0n })
      await expectProgrammeBalanced(programme.id)
    }
  })

  it('racing a new booking request: its hold is either voided by the revocation or never taken', async () => {
    for (let round = 0; round < 4; round++) {
      const { officer, programme, voucher } = await voucherInUse()
      const { serviceItem } = await createInstrument({ serviceItem: { feeFen: 20_000, unit: 'hour' } })
      const [revoked, requested] = await Promise.all([
        revokeVoucher({ db, now: revokedAt }, { voucherId: voucher.id, reason, actorUserId: officer.id }),
        requestBooking(
          { db, now: revokedAt },
          {
            enterpriseId: voucher.enterpriseId,
            actorUserId: null,
            serviceItemId: serviceItem.id,
            voucherId: voucher.id,
            quantity: 2,
            idempotencyKey: randomUUID(),
          },
        ),
      ])
      expect(revoked).toMatchObject({ ok: true, value: { clawbackFen: 15_000n } })
      if (requested.ok) {
        // It committed first: the revocation saw its hold, voided it and flagged the booking.
        const booking = await db.booking.findUniqueOrThrow({ where: { id: requested.value.bookingId } })
        expect((await db.ledgerTransfer.findUniqueOrThrow({ where: { id: booking.holdTransferId! } })).status).toBe(
          'voided',
        )
        expect(await db.bookingFlag.count({ where: { bookingId: booking.id, kind: VOUCHER_REVOKED_FLAG } })).toBe(1)
        expect(revoked).toMatchObject({ value: { voidedHolds: 2, returnedFen: 4_985_000n } })
      } else {
        // It waited for the revocation and found nothing left to hold (or the voucher revoked).
        expect(['insufficient-voucher-balance', 'voucher-not-usable']).toContain(requested.reason)
        expect(revoked).toMatchObject({ value: { voidedHolds: 1, returnedFen: 4_985_000n } })
      }
      expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ available: 0n, debitsPending: 0n })
      await expectProgrammeBalanced(programme.id)
    }
  })

  it('revokes an expired voucher: what its open hold still kept goes back too', async () => {
    const { officer, programme, voucher, open } = await voucherInUse()
    const afterExpiry = new Date('2027-02-01T03:00:00.000Z')
    expect(await lapseVoucher({ db, now: afterExpiry }, { voucherId: voucher.id })).toMatchObject({
      ok: true,
      value: { changed: true, lapsedFen: 4_965_000n },
    })
    const outcome = await revokeVoucher(
      { db, now: new Date(afterExpiry.getTime() + 3600_000) },
      { voucherId: voucher.id, reason, actorUserId: officer.id },
    )
    expect(outcome).toEqual({
      ok: true,
      value: { changed: true, voidedHolds: 1, returnedFen: 20_000n, clawbackFen: 15_000n, flaggedBookings: 2 },
    })
    expect((await db.ledgerTransfer.findUniqueOrThrow({ where: { id: open.holdTransferId! } })).status).toBe('voided')
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: voucher.id, action: 'voucher.revoked' } })
    expect(audit.before).toMatchObject({ status: 'expired' })
    // A later sweep leaves it alone.
    expect(
      await lapseVoucher({ db, now: new Date(afterExpiry.getTime() + 7200_000) }, { voucherId: voucher.id }),
    ).toEqual({ ok: true, value: { changed: false, lapsedFen: 0n } })
    const f = await expectProgrammeBalanced(programme.id)
    expect(f).toMatchObject({ lapsedFen: 4_965_000n, returnedFen: 20_000n, redeemedFen: 15_000n, heldFen: 0n })
  })
})
