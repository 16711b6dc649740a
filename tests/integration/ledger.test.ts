import { describe, expect, it } from 'vitest'
import {
  createTransfer,
  getAccountBalances,
  getTransfer,
  openAccount,
  postPendingTransfer,
  voidPendingTransfer,
} from '~/features/ledger/ledger.server'
import { getDb, type Tx } from '~/infra/db.server'
import { inTransaction, sqlStateOf } from '~/infra/tx.server'

let n = 0
const uid = () => `${Date.now()}-${++n}`
const run = <T>(fn: (tx: Tx) => Promise<T>) => inTransaction(getDb(), fn)
const value = async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
  const o = await run(fn)
  if (!o.ok)
    throw new Error(
      `unexpected refusal ${o.reason} ${JSON.stringify(o.details, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
    )
  return o.value
}

/** A source (no limit) and a voucher-like account funded with `fund`. */
async function fundedPair(fund: bigint) {
  const id = uid()
  const source = await value((tx) => openAccount(tx, { kind: 'funding_source', code: `src:${id}` }))
  const wallet = await value((tx) =>
    openAccount(tx, { kind: 'voucher', code: `wallet:${id}`, debitsMustNotExceedCredits: true }),
  )
  const hold = await value((tx) => openAccount(tx, { kind: 'booking_hold', code: `hold:${id}` }))
  if (fund > 0n)
    await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `fund:${id}`,
        debitAccountId: source,
        creditAccountId: wallet,
        amount: fund,
        kind: 'test-fund',
      }),
    )
  return { source, wallet, hold }
}

describe('openAccount', () => {
  it('is idempotent by code', async () => {
    const code = `acct:${uid()}`
    const a = await value((tx) => openAccount(tx, { kind: 'voucher', code, debitsMustNotExceedCredits: true }))
    const b = await value((tx) => openAccount(tx, { kind: 'voucher', code, debitsMustNotExceedCredits: true }))
    expect(b).toBe(a)
    const parallel = await Promise.all(
      Array.from({ length: 5 }, () => value((tx) => openAccount(tx, { kind: 'voucher', code: `${code}-p` }))),
    )
    expect(new Set(parallel).size).toBe(1)
  })
})

describe('createTransfer', () => {
  it('moves posted money and a retry with the same key returns the first transfer', async () => {
    const { source, wallet } = await fundedPair(0n)
    const key = `t:${uid()}`
    const first = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: key,
        debitAccountId: source,
        creditAccountId: wallet,
        amount: 1_000n,
        kind: 'k',
      }),
    )
    const again = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: key,
        debitAccountId: source,
        creditAccountId: wallet,
        amount: 1_000n,
        kind: 'k',
      }),
    )
    expect(first.created).toBe(true)
    expect(again.created).toBe(false)
    expect(again.id).toBe(first.id)
    expect(await getAccountBalances(getDb(), wallet)).toEqual({
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 1_000n,
      available: 1_000n,
    })
    expect((await getAccountBalances(getDb(), source)).debitsPosted).toBe(1_000n)
  })

  it('refuses a retry whose parameters differ (idempotency-conflict) and moves nothing', async () => {
    const { source, wallet } = await fundedPair(0n)
    const key = `t:${uid()}`
    await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: key,
        debitAccountId: source,
        creditAccountId: wallet,
        amount: 1_000n,
        kind: 'k',
      }),
    )
    const conflict = await run((tx) =>
      createTransfer(tx, {
        idempotencyKey: key,
        debitAccountId: source,
        creditAccountId: wallet,
        amount: 999n,
        kind: 'k',
      }),
    )
    expect(conflict).toMatchObject({ ok: false, reason: 'idempotency-conflict', details: { differs: ['amount'] } })
    expect((await getAccountBalances(getDb(), wallet)).creditsPosted).toBe(1_000n)
  })

  it('refuses an overdraft with the figures, and rolls everything back', async () => {
    const { wallet, hold } = await fundedPair(500n)
    const outcome = await run((tx) =>
      createTransfer(tx, {
        idempotencyKey: `t:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 501n,
        kind: 'k',
        pending: true,
      }),
    )
    expect(outcome).toEqual({
      ok: false,
      reason: 'insufficient-funds',
      details: { accountId: wallet, amount: 501n, available: 500n },
    })
    expect(await getAccountBalances(getDb(), wallet)).toMatchObject({ debitsPending: 0n, available: 500n })
    expect(await getDb().ledgerTransfer.count({ where: { debitAccountId: wallet } })).toBe(0)
  })

  it('counts pending holds against the available balance', async () => {
    const { wallet, hold } = await fundedPair(500n)
    await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `h1:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 300n,
        kind: 'k',
        pending: true,
      }),
    )
    const second = await run((tx) =>
      createTransfer(tx, {
        idempotencyKey: `h2:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 201n,
        kind: 'k',
        pending: true,
      }),
    )
    expect(second).toMatchObject({ ok: false, reason: 'insufficient-funds', details: { available: 200n } })
    expect(await getAccountBalances(getDb(), wallet)).toMatchObject({ debitsPending: 300n, available: 200n })
    expect((await getAccountBalances(getDb(), hold)).creditsPending).toBe(300n)
  })

  it('the table CHECK is the second line: a direct overdraft UPDATE is refused by the database', async () => {
    const { wallet } = await fundedPair(100n)
    const error = await getDb().$executeRaw`UPDATE ledger_account SET debits_posted = 101 WHERE id = ${wallet}`.catch(
      (e: unknown) => e,
    )
    expect(sqlStateOf(error)).toBe('23514')
  })

  it('two concurrent calls with one key move the money once', async () => {
    const { source, wallet } = await fundedPair(0n)
    const key = `race:${uid()}`
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        value((tx) =>
          createTransfer(tx, {
            idempotencyKey: key,
            debitAccountId: source,
            creditAccountId: wallet,
            amount: 70n,
            kind: 'k',
          }),
        ),
      ),
    )
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect((await getAccountBalances(getDb(), wallet)).creditsPosted).toBe(70n)
  })
})

describe('pending transfers', () => {
  it('post in full moves the hold to posted, once', async () => {
    const { wallet, hold } = await fundedPair(1_000n)
    const pending = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `p:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 400n,
        kind: 'k',
        pending: true,
      }),
    )
    const key = `post:${pending.id}`
    const posted = await value((tx) => postPendingTransfer(tx, { idempotencyKey: key, pendingId: pending.id }))
    expect(posted).toMatchObject({
      type: 'post_pending',
      status: 'posted',
      amount: 400n,
      pendingId: pending.id,
      created: true,
    })
    expect((await getTransfer(getDb(), pending.id))?.status).toBe('posted')
    expect(await getAccountBalances(getDb(), wallet)).toMatchObject({
      debitsPending: 0n,
      debitsPosted: 400n,
      available: 600n,
    })
    expect(await getAccountBalances(getDb(), hold)).toMatchObject({ creditsPending: 0n, creditsPosted: 400n })

    const retry = await value((tx) => postPendingTransfer(tx, { idempotencyKey: key, pendingId: pending.id }))
    expect(retry).toMatchObject({ id: posted.id, created: false })
    const other = await run((tx) =>
      postPendingTransfer(tx, { idempotencyKey: `post-again:${pending.id}`, pendingId: pending.id }),
    )
    expect(other).toMatchObject({ ok: false, reason: 'already-resolved', details: { status: 'posted' } })
    const voidAfter = await run((tx) =>
      voidPendingTransfer(tx, { idempotencyKey: `void:${pending.id}`, pendingId: pending.id }),
    )
    expect(voidAfter).toMatchObject({ ok: false, reason: 'already-resolved' })
    expect(await getAccountBalances(getDb(), wallet)).toMatchObject({
      debitsPending: 0n,
      debitsPosted: 400n,
      available: 600n,
    })
  })

  it('a partial post releases the rest', async () => {
    const { wallet, hold } = await fundedPair(1_000n)
    const pending = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `p:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 400n,
        kind: 'k',
        pending: true,
      }),
    )
    const tooMuch = await run((tx) =>
      postPendingTransfer(tx, { idempotencyKey: `post-big:${pending.id}`, pendingId: pending.id, amount: 401n }),
    )
    expect(tooMuch).toMatchObject({ ok: false, reason: 'amount-exceeds-pending' })
    await value((tx) =>
      postPendingTransfer(tx, { idempotencyKey: `post:${pending.id}`, pendingId: pending.id, amount: 250n }),
    )
    expect(await getAccountBalances(getDb(), wallet)).toEqual({
      debitsPending: 0n,
      debitsPosted: 250n,
      creditsPending: 0n,
      creditsPosted: 1_000n,
      available: 750n,
    })
    expect(await getAccountBalances(getDb(), hold)).toMatchObject({ creditsPending: 0n, creditsPosted: 250n })
  })

  it('a void returns the hold; a second void with another key is already-resolved', async () => {
    const { wallet, hold } = await fundedPair(1_000n)
    const pending = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `p:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 400n,
        kind: 'k',
        pending: true,
      }),
    )
    const voided = await value((tx) =>
      voidPendingTransfer(tx, { idempotencyKey: `void:${pending.id}`, pendingId: pending.id }),
    )
    expect(voided).toMatchObject({ type: 'void_pending', status: 'voided', amount: 400n })
    expect((await getTransfer(getDb(), pending.id))?.status).toBe('voided')
    expect(await getAccountBalances(getDb(), wallet)).toMatchObject({
      debitsPending: 0n,
      debitsPosted: 0n,
      available: 1_000n,
    })
    expect(
      await run((tx) => voidPendingTransfer(tx, { idempotencyKey: `void2:${pending.id}`, pendingId: pending.id })),
    ).toMatchObject({ ok: false, reason: 'already-resolved' })
  })

  it('a concurrent post and void: exactly one resolves the hold', async () => {
    const { wallet, hold } = await fundedPair(1_000n)
    const pending = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `p:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 400n,
        kind: 'k',
        pending: true,
      }),
    )
    const outcomes = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        run((tx) => postPendingTransfer(tx, { idempotencyKey: `post${i}:${pending.id}`, pendingId: pending.id })),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        run((tx) => voidPendingTransfer(tx, { idempotencyKey: `void${i}:${pending.id}`, pendingId: pending.id })),
      ),
    ])
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.reason === 'already-resolved')).toBe(true)
    expect(await getDb().ledgerTransfer.count({ where: { pendingId: pending.id } })).toBe(1)
    const b = await getAccountBalances(getDb(), wallet)
    expect(b.debitsPending).toBe(0n)
    expect(b.debitsPosted === 0n || b.debitsPosted === 400n).toBe(true)
  })
})

describe('append-only ledger_transfer', () => {
  it('refuses UPDATE and DELETE of a posted transfer', async () => {
    const { source, wallet } = await fundedPair(0n)
    const t = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `t:${uid()}`,
        debitAccountId: source,
        creditAccountId: wallet,
        amount: 10n,
        kind: 'k',
      }),
    )
    const db = getDb()
    const update = await db.$executeRaw`UPDATE ledger_transfer SET amount = 11 WHERE id = ${t.id}`.catch(
      (e: unknown) => e,
    )
    expect(sqlStateOf(update)).toBe('23001')
    const status = await db.$executeRaw`UPDATE ledger_transfer SET status = 'voided' WHERE id = ${t.id}`.catch(
      (e: unknown) => e,
    )
    expect(sqlStateOf(status)).toBe('23001')
    const del = await db.$executeRaw`DELETE FROM ledger_transfer WHERE id = ${t.id}`.catch((e: unknown) => e)
    expect(sqlStateOf(del)).toBe('23001')
    expect((await getTransfer(db, t.id))?.amount).toBe(10n)
  })

  it('allows only the status of a pending transfer to change, and only once', async () => {
    const { wallet, hold } = await fundedPair(100n)
    const p = await value((tx) =>
      createTransfer(tx, {
        idempotencyKey: `p:${uid()}`,
        debitAccountId: wallet,
        creditAccountId: hold,
        amount: 10n,
        kind: 'k',
        pending: true,
      }),
    )
    const db = getDb()
    const amount =
      await db.$executeRaw`UPDATE ledger_transfer SET amount = 5, status = 'voided' WHERE id = ${p.id}`.catch(
        (e: unknown) => e,
      )
    expect(sqlStateOf(amount)).toBe('23001')
    const del = await db.$executeRaw`DELETE FROM ledger_transfer WHERE id = ${p.id}`.catch((e: unknown) => e)
    expect(sqlStateOf(del)).toBe('23001')
  })
})
