import type { Db, Tx } from '~/infra/db.server'
import { Refusal } from '~/infra/tx.server'
import {
  availableBalance,
  idempotencyDifferences,
  lockOrder,
  transferEffects,
  type AccountKind,
  type SideDelta,
  type TransferParams,
  type TransferType,
} from './ledger'

// TigerBeetle's model in PostgreSQL (DESIGN.md "The ledger"). Every function takes the caller's
// transaction: a transfer, its balance updates and the business change it pays for commit together.

export type TransferStatus = 'pending' | 'posted' | 'voided'

export type TransferRow = {
  id: bigint
  idempotencyKey: string
  debitAccountId: bigint
  creditAccountId: bigint
  amount: bigint
  type: TransferType
  status: TransferStatus
  pendingId: bigint | null
  kind: string
  refType: string | null
  refId: string | null
  expiresAt: Date | null
  createdAt: Date
}

/** The transfer, and whether this call created it (false: an idempotent retry returned the first one). */
export type TransferResult = TransferRow & { created: boolean }

export type AccountBalances = {
  debitsPending: bigint
  debitsPosted: bigint
  creditsPending: bigint
  creditsPosted: bigint
  available: bigint
}

type RawTransfer = {
  id: bigint
  idempotency_key: string
  debit_account_id: bigint
  credit_account_id: bigint
  amount: bigint
  type: TransferType
  status: TransferStatus
  pending_id: bigint | null
  kind: string
  ref_type: string | null
  ref_id: string | null
  expires_at: Date | null
  created_at: Date
}

function toRow(r: RawTransfer): TransferRow {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    amount: r.amount,
    type: r.type,
    status: r.status,
    pendingId: r.pending_id,
    kind: r.kind,
    refType: r.ref_type,
    refId: r.ref_id,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
  }
}

const TRANSFER_COLUMNS =
  'id, idempotency_key, debit_account_id, credit_account_id, amount, type::text AS type, status::text AS status, pending_id, kind, ref_type, ref_id, expires_at, created_at'

async function findTransferByKey(tx: Tx, idempotencyKey: string): Promise<TransferRow | null> {
  const rows = await tx.$queryRawUnsafe<RawTransfer[]>(
    `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfer WHERE idempotency_key = $1`,
    idempotencyKey,
  )
  return rows[0] ? toRow(rows[0]) : null
}

export async function getTransfer(db: Db | Tx, id: bigint): Promise<TransferRow | null> {
  const rows = await db.$queryRawUnsafe<RawTransfer[]>(
    `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfer WHERE id = $1`,
    id,
  )
  return rows[0] ? toRow(rows[0]) : null
}

export type OpenAccountInput = {
  kind: AccountKind
  code: string
  ownerType?: string
  ownerId?: string
  debitsMustNotExceedCredits?: boolean
  creditsMustNotExceedDebits?: boolean
}

/** Opens an account, idempotent by `code`: a second call (even a concurrent one) returns the first id. */
export async function openAccount(tx: Tx, input: OpenAccountInput): Promise<bigint> {
  const inserted = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO ledger_account (kind, code, owner_type, owner_id, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
    VALUES (${input.kind}::ledger_account_kind, ${input.code}, ${input.ownerType ?? null}, ${input.ownerId ?? null},
            ${input.debitsMustNotExceedCredits ?? false}, ${input.creditsMustNotExceedDebits ?? false})
    ON CONFLICT (code) DO NOTHING
    RETURNING id`
  if (inserted[0]) return inserted[0].id
  const existing = await tx.$queryRaw<
    { id: bigint; kind: string }[]
  >`SELECT id, kind::text AS kind FROM ledger_account WHERE code = ${input.code}`
  const row = existing[0]
  if (!row) throw new Error(`ledger account ${input.code} neither inserted nor found`)
  if (row.kind !== input.kind)
    throw new Error(`ledger account ${input.code} exists with kind ${row.kind}, not ${input.kind}`)
  return row.id
}

/**
 * Applies one side's delta to one account with a conditional UPDATE (never read-then-write): the
 * WHERE clause carries the account's limit, so an overdraft updates no row and becomes a Refusal.
 * The table CHECKs are the database's second line.
 */
async function applySide(
  tx: Tx,
  accountId: bigint,
  side: 'debit' | 'credit',
  d: SideDelta,
  amount: bigint,
): Promise<void> {
  const updated =
    side === 'debit'
      ? await tx.$queryRaw<{ id: bigint }[]>`
          UPDATE ledger_account
             SET debits_pending = debits_pending + ${d.pending}, debits_posted = debits_posted + ${d.posted}
           WHERE id = ${accountId}
             AND (NOT debits_must_not_exceed_credits
                  OR debits_pending + ${d.pending} + debits_posted + ${d.posted} <= credits_posted)
          RETURNING id`
      : await tx.$queryRaw<{ id: bigint }[]>`
          UPDATE ledger_account
             SET credits_pending = credits_pending + ${d.pending}, credits_posted = credits_posted + ${d.posted}
           WHERE id = ${accountId}
             AND (NOT credits_must_not_exceed_debits
                  OR credits_pending + ${d.pending} + credits_posted + ${d.posted} <= debits_posted)
          RETURNING id`
  if (updated.length === 1) return
  const balances = await getAccountBalances(tx, accountId)
  throw new Refusal(side === 'debit' ? 'insufficient-funds' : 'credit-limit-exceeded', {
    accountId,
    amount,
    available: balances.available,
  })
}

async function applyEffectsInLockOrder(
  tx: Tx,
  debitAccountId: bigint,
  creditAccountId: bigint,
  type: TransferType,
  amount: bigint,
  pendingAmount = 0n,
) {
  const effects = transferEffects(type, amount, pendingAmount)
  const sides = lockOrder([
    { accountId: debitAccountId, side: 'debit' as const, delta: effects.debit },
    { accountId: creditAccountId, side: 'credit' as const, delta: effects.credit },
  ])
  for (const s of sides) await applySide(tx, s.accountId, s.side, s.delta, amount)
}

export type CreateTransferInput = {
  idempotencyKey: string
  debitAccountId: bigint
  creditAccountId: bigint
  amount: bigint
  kind: string
  refType?: string
  refId?: string
  pending?: boolean
  expiresAt?: Date
}

function sameOrConflict(first: TransferRow, retry: TransferParams): TransferResult {
  const differs = idempotencyDifferences(
    {
      debitAccountId: first.debitAccountId,
      creditAccountId: first.creditAccountId,
      amount: first.amount,
      type: first.type,
      kind: first.kind,
      refType: first.refType,
      refId: first.refId,
      pendingId: first.pendingId,
    },
    retry,
  )
  if (differs.length > 0) {
    throw new Refusal('idempotency-conflict', { idempotencyKey: first.idempotencyKey, transferId: first.id, differs })
  }
  return { ...first, created: false }
}

/**
 * Creates a single (posted) or pending transfer and updates both balances in the same transaction.
 * Refusals: 'insufficient-funds' { accountId, amount, available }, 'idempotency-conflict'.
 */
export async function createTransfer(tx: Tx, input: CreateTransferInput): Promise<TransferResult> {
  if (input.amount <= 0n)
    throw new RangeError(`transfer amount must be positive, got ${input.amount} (${input.idempotencyKey})`)
  if (input.debitAccountId === input.creditAccountId)
    throw new RangeError(`transfer ${input.idempotencyKey} debits and credits the same account ${input.debitAccountId}`)
  const type: TransferType = input.pending ? 'pending' : 'single'
  const params: TransferParams = {
    debitAccountId: input.debitAccountId,
    creditAccountId: input.creditAccountId,
    amount: input.amount,
    type,
    kind: input.kind,
    refType: input.refType ?? null,
    refId: input.refId ?? null,
    pendingId: null,
  }
  // Insert first: ON CONFLICT waits for a concurrent insert of the same key and then yields,
  // so a retry racing the original never moves money twice.
  const inserted = await tx.$queryRawUnsafe<RawTransfer[]>(
    `INSERT INTO ledger_transfer (idempotency_key, debit_account_id, credit_account_id, amount, type, status, kind, ref_type, ref_id, expires_at)
     VALUES ($1, $2, $3, $4, $5::transfer_type, $6::transfer_status, $7, $8, $9, $10)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${TRANSFER_COLUMNS}`,
    input.idempotencyKey,
    input.debitAccountId,
    input.creditAccountId,
    input.amount,
    type,
    type === 'pending' ? 'pending' : 'posted',
    input.kind,
    params.refType,
    params.refId,
    input.expiresAt ?? null,
  )
  if (!inserted[0]) {
    const first = await findTransferByKey(tx, input.idempotencyKey)
    if (!first) throw new Error(`transfer ${input.idempotencyKey} neither inserted nor found`)
    return sameOrConflict(first, params)
  }
  await applyEffectsInLockOrder(tx, input.debitAccountId, input.creditAccountId, type, input.amount)
  return { ...toRow(inserted[0]), created: true }
}

async function resolvePending(
  tx: Tx,
  resolution: 'post_pending' | 'void_pending',
  input: { idempotencyKey: string; pendingId: bigint; amount?: bigint },
): Promise<TransferResult> {
  // Lock the pending transfer first: two resolvers queue here and the second sees the first's result.
  const locked = await tx.$queryRawUnsafe<RawTransfer[]>(
    `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfer WHERE id = $1 FOR UPDATE`,
    input.pendingId,
  )
  const pending = locked[0] ? toRow(locked[0]) : null
  if (!pending) throw new Refusal('pending-transfer-not-found', { pendingId: input.pendingId })
  if (pending.type !== 'pending')
    throw new Refusal('not-a-pending-transfer', { pendingId: input.pendingId, type: pending.type })

  const amount = resolution === 'void_pending' ? pending.amount : (input.amount ?? pending.amount)
  const params: TransferParams = {
    debitAccountId: pending.debitAccountId,
    creditAccountId: pending.creditAccountId,
    amount,
    type: resolution,
    kind: pending.kind,
    refType: pending.refType,
    refId: pending.refId,
    pendingId: pending.id,
  }
  const prior = await findTransferByKey(tx, input.idempotencyKey)
  if (prior) return sameOrConflict(prior, params)
  if (pending.status !== 'pending') {
    throw new Refusal('already-resolved', { pendingId: pending.id, status: pending.status })
  }
  if (amount <= 0n || amount > pending.amount) {
    throw new Refusal('amount-exceeds-pending', { pendingId: pending.id, amount, pendingAmount: pending.amount })
  }

  const inserted = await tx.$queryRawUnsafe<RawTransfer[]>(
    `INSERT INTO ledger_transfer (idempotency_key, debit_account_id, credit_account_id, amount, type, status, pending_id, kind, ref_type, ref_id)
     VALUES ($1, $2, $3, $4, $5::transfer_type, $6::transfer_status, $7, $8, $9, $10)
     RETURNING ${TRANSFER_COLUMNS}`,
    input.idempotencyKey,
    pending.debitAccountId,
    pending.creditAccountId,
    amount,
    resolution,
    resolution === 'post_pending' ? 'posted' : 'voided',
    pending.id,
    pending.kind,
    pending.refType,
    pending.refId,
  )
  // The only update the append-only trigger allows: a pending transfer's status, once.
  await tx.$executeRaw`UPDATE ledger_transfer SET status = ${resolution === 'post_pending' ? 'posted' : 'voided'}::transfer_status WHERE id = ${pending.id}`
  await applyEffectsInLockOrder(
    tx,
    pending.debitAccountId,
    pending.creditAccountId,
    resolution,
    resolution === 'post_pending' ? amount : 0n,
    pending.amount,
  )
  return { ...toRow(inserted[0]!), created: true }
}

/** Posts a pending transfer (all of it, or `amount` ≤ held: the rest is released). Refusals: 'already-resolved', 'amount-exceeds-pending', 'idempotency-conflict'. */
export function postPendingTransfer(
  tx: Tx,
  input: { idempotencyKey: string; pendingId: bigint; amount?: bigint },
): Promise<TransferResult> {
  return resolvePending(tx, 'post_pending', input)
}

/** Voids a pending transfer: the hold returns to the debit account. Refusals: 'already-resolved', 'idempotency-conflict'. */
export function voidPendingTransfer(
  tx: Tx,
  input: { idempotencyKey: string; pendingId: bigint },
): Promise<TransferResult> {
  return resolvePending(tx, 'void_pending', input)
}

/** The four sums and the available balance (throws when the account does not exist). */
export async function getAccountBalances(db: Db | Tx, accountId: bigint): Promise<AccountBalances> {
  const rows = await db.$queryRaw<
    {
      debits_pending: bigint
      debits_posted: bigint
      credits_pending: bigint
      credits_posted: bigint
      debits_must_not_exceed_credits: boolean
      credits_must_not_exceed_debits: boolean
    }[]
  >`SELECT debits_pending, debits_posted, credits_pending, credits_posted, debits_must_not_exceed_credits, credits_must_not_exceed_debits
      FROM ledger_account WHERE id = ${accountId}`
  const r = rows[0]
  if (!r) throw new Error(`ledger account ${accountId} does not exist`)
  const balances = {
    debitsPending: r.debits_pending,
    debitsPosted: r.debits_posted,
    creditsPending: r.credits_pending,
    creditsPosted: r.credits_posted,
  }
  return {
    ...balances,
    available: availableBalance(balances, {
      debitsMustNotExceedCredits: r.debits_must_not_exceed_credits,
      creditsMustNotExceedDebits: r.credits_must_not_exceed_debits,
    }),
  }
}
