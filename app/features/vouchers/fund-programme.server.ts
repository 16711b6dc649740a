import { appendAudit } from '~/features/audit/audit.server'
import { accountCode, TRANSFER_KIND } from '~/features/ledger/accounts'
import { createTransfer, openAccount } from '~/features/ledger/ledger.server'
import type { Tx } from '~/infra/db.server'
import { Refusal } from '~/infra/tx.server'

export type FundProgrammeInput = {
  programmeId: string
  amountFen: bigint
  idempotencyKey: string
  actorUserId: string | null
  at: Date
}

/**
 * Moves money from the issuing bureau's funding source into the programme's budget account
 * (opened on first funding, with the no-overdraft flag: DOMAIN vouchers are only issued from budget).
 * Idempotent by `idempotencyKey`: a retry returns the first transfer and writes no second audit row.
 */
export async function fundProgramme(
  tx: Tx,
  input: FundProgrammeInput,
): Promise<{ budgetAccountId: bigint; transferId: bigint; created: boolean }> {
  if (input.amountFen <= 0n)
    throw new Refusal('invalid-amount', { programmeId: input.programmeId, amountFen: input.amountFen })
  // Lock the programme row: opening its budget account and setting budget_account_id happen once.
  const programmes = await tx.$queryRaw<{ id: string; region_id: string; budget_account_id: bigint | null }[]>`
    SELECT id::text AS id, region_id, budget_account_id FROM programme WHERE id = ${input.programmeId}::uuid FOR UPDATE`
  const programme = programmes[0]
  if (!programme) throw new Refusal('programme-not-found', { programmeId: input.programmeId })

  const budgetAccountId =
    programme.budget_account_id ??
    (await openAccount(tx, {
      kind: 'programme_budget',
      code: accountCode.programmeBudget(programme.id),
      ownerType: 'programme',
      ownerId: programme.id,
      debitsMustNotExceedCredits: true,
    }))
  if (programme.budget_account_id === null) {
    await tx.$executeRaw`UPDATE programme SET budget_account_id = ${budgetAccountId} WHERE id = ${programme.id}::uuid`
  }
  const sourceId = await openAccount(tx, {
    kind: 'funding_source',
    code: accountCode.fundingSource(programme.region_id),
    ownerType: 'region',
    ownerId: programme.region_id,
  })
  const transfer = await createTransfer(tx, {
    idempotencyKey: `programme-funding:${programme.id}:${input.idempotencyKey}`,
    debitAccountId: sourceId,
    creditAccountId: budgetAccountId,
    amount: input.amountFen,
    kind: TRANSFER_KIND.programmeFunding,
    refType: 'programme',
    refId: programme.id,
  })
  if (transfer.created) {
    await appendAudit(tx, {
      actorUserId: input.actorUserId,
      orgType: 'region',
      orgId: programme.region_id,
      action: 'programme.funded',
      entityType: 'programme',
      entityId: programme.id,
      after: { amountFen: input.amountFen, transferId: transfer.id, budgetAccountId },
      at: input.at,
    })
  }
  return { budgetAccountId, transferId: transfer.id, created: transfer.created }
}
