import { randomUUID } from 'node:crypto'
import { appendAudit } from '~/features/audit/audit.server'
import { accountCode, TRANSFER_KIND } from '~/features/ledger/accounts'
import { createTransfer, openAccount } from '~/features/ledger/ledger.server'
import type { Tx } from '~/infra/db.server'
import { Refusal } from '~/infra/tx.server'
import { formatSerial, voucherDates } from './validity'

export type IssueVoucherInput = {
  programmeId: string
  enterpriseId: string
  amountFen: bigint
  applicationId?: string
  /** Makes a retried call return the first voucher (the application id does the same when given). */
  idempotencyKey?: string
  actorUserId: string | null
  at: Date
}

export type IssuedVoucher = { voucherId: string; serial: string; created: boolean }

/**
 * Issues a voucher inside the caller's transaction: next gap-free serial of the programme, the
 * voucher's own ledger account (no overdraft), the face value moved from the programme budget, the
 * validity dates, an audit row in the issuing bureau's stream.
 * Refusals: 'programme-not-found', 'programme-not-funded', 'insufficient-budget', 'invalid-amount'.
 */
export async function issueVoucher(tx: Tx, input: IssueVoucherInput): Promise<IssuedVoucher> {
  if (input.amountFen <= 0n)
    throw new Refusal('invalid-amount', { programmeId: input.programmeId, amountFen: input.amountFen })
  // The programme row is the serial's lock: issuing is serialised per programme, and because the
  // counter moves in this transaction a rollback gives the number back (no gaps).
  const programmes = await tx.$queryRaw<
    {
      id: string
      region_id: string
      year: number
      serial_prefix: string
      validity_months: number
      redemption_grace_months: number
      budget_account_id: bigint | null
    }[]
  >`SELECT id::text AS id, region_id, year, serial_prefix, validity_months, redemption_grace_months, budget_account_id
      FROM programme WHERE id = ${input.programmeId}::uuid FOR UPDATE`
  const programme = programmes[0]
  if (!programme) throw new Refusal('programme-not-found', { programmeId: input.programmeId })
  if (programme.budget_account_id === null) throw new Refusal('programme-not-funded', { programmeId: programme.id })

  // Retries, checked under the lock so a concurrent first call has committed or rolled back.
  const issueKey = input.idempotencyKey ? `voucher-issue:${programme.id}:${input.idempotencyKey}` : undefined
  const prior = await findPrior(tx, input.applicationId, issueKey)
  if (prior) return { ...prior, created: false }

  const counters = await tx.$queryRaw<{ last_serial: number }[]>`
    UPDATE programme SET last_serial = last_serial + 1 WHERE id = ${programme.id}::uuid RETURNING last_serial`
  const serial = formatSerial(programme.serial_prefix, programme.year, counters[0]!.last_serial)

  const voucherId = randomUUID()
  const accountId = await openAccount(tx, {
    kind: 'voucher',
    code: accountCode.voucher(voucherId),
    ownerType: 'voucher',
    ownerId: voucherId,
    debitsMustNotExceedCredits: true,
  })
  const dates = voucherDates(input.at, programme.validity_months, programme.redemption_grace_months)
  await tx.$executeRaw`
    INSERT INTO voucher (id, serial, programme_id, enterprise_id, application_id, face_value_fen, status, issued_at, expires_at, redeem_by, account_id)
    VALUES (${voucherId}::uuid, ${serial}, ${programme.id}::uuid, ${input.enterpriseId}::uuid, ${input.applicationId ?? null}::uuid, ${input.amountFen},
            'active', ${dates.issuedAt}::timestamptz, ${dates.expiresAt}::timestamptz, ${dates.redeemBy}::timestamptz, ${accountId})`
  try {
    await createTransfer(tx, {
      idempotencyKey: issueKey ?? `voucher-issue:${voucherId}`,
      debitAccountId: programme.budget_account_id,
      creditAccountId: accountId,
      amount: input.amountFen,
      kind: TRANSFER_KIND.voucherIssue,
      refType: 'voucher',
      refId: voucherId,
    })
  } catch (error) {
    if (error instanceof Refusal && error.reason === 'insufficient-funds') {
      throw new Refusal('insufficient-budget', {
        programmeId: programme.id,
        amountFen: input.amountFen,
        available: error.details?.available,
      })
    }
    throw error
  }
  await appendAudit(tx, {
    actorUserId: input.actorUserId,
    orgType: 'region',
    orgId: programme.region_id,
    action: 'voucher.issued',
    entityType: 'voucher',
    entityId: voucherId,
    after: {
      serial,
      programmeId: programme.id,
      enterpriseId: input.enterpriseId,
      applicationId: input.applicationId ?? null,
      faceValueFen: input.amountFen,
      expiresAt: dates.expiresAt,
      redeemBy: dates.redeemBy,
    },
    at: input.at,
  })
  return { voucherId, serial, created: true }
}

async function findPrior(
  tx: Tx,
  applicationId: string | undefined,
  issueKey: string | undefined,
): Promise<{ voucherId: string; serial: string } | null> {
  if (applicationId) {
    const rows = await tx.$queryRaw<
      { id: string; serial: string }[]
    >`SELECT id::text AS id, serial FROM voucher WHERE application_id = ${applicationId}::uuid`
    if (rows[0]) return { voucherId: rows[0].id, serial: rows[0].serial }
  }
  if (issueKey) {
    const rows = await tx.$queryRaw<{ id: string; serial: string }[]>`
      SELECT v.id::text AS id, v.serial FROM ledger_transfer t JOIN voucher v ON v.id::text = t.ref_id
       WHERE t.idempotency_key = ${issueKey} AND t.ref_type = 'voucher'`
    if (rows[0]) return { voucherId: rows[0].id, serial: rows[0].serial }
  }
  return null
}
