import { appendAudit } from '~/features/audit/audit.server'
import { fundProgramme } from '~/features/vouchers/fund-programme.server'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { inTransaction, Refusal, SQLSTATE, sqlStateOf, type Outcome } from '~/infra/tx.server'
import { fundedFen } from './figures.server'
import { fundingProblem, identityLocked } from './rules'
import type { ProgrammeFields } from './schemas'

// Use cases for a city officer's programmes: create, edit, fund. Each runs in one transaction
// with its audit row in the bureau's stream (region:<regionId>).
// Refusals: 'name-taken', 'prefix-taken', 'unknown-category', 'not-found', 'identity-locked',
// 'budget-below-funded', 'over-budget', 'invalid-amount'.

type Ctx = { db?: Db; now?: Date }

async function checkCategories(tx: Tx, codes: string[]): Promise<void> {
  if (codes.length === 0) return
  const rows = await tx.$queryRaw<{ code: string }[]>`
    SELECT code FROM instrument_category WHERE parent_code IS NULL AND code = ANY(${codes}::text[])`
  const known = new Set(rows.map((r) => r.code))
  const unknown = codes.filter((c) => !known.has(c))
  if (unknown.length > 0) throw new Refusal('unknown-category', { unknown })
}

async function checkUnique(tx: Tx, regionId: string, f: ProgrammeFields, exceptId: string | null): Promise<void> {
  const prefix = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM programme WHERE serial_prefix = ${f.serialPrefix} AND year = ${f.year}
       AND (${exceptId}::uuid IS NULL OR id <> ${exceptId}::uuid)`
  if (prefix.length > 0) throw new Refusal('prefix-taken', { serialPrefix: f.serialPrefix, year: f.year })
  const name = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM programme WHERE region_id = ${regionId} AND year = ${f.year} AND name = ${f.name}
       AND (${exceptId}::uuid IS NULL OR id <> ${exceptId}::uuid)`
  if (name.length > 0) throw new Refusal('name-taken', { name: f.name, year: f.year })
}

function snapshot(f: ProgrammeFields) {
  return { ...f, applyFrom: f.applyFrom.toISOString(), applyTo: f.applyTo.toISOString() }
}

/** A concurrent insert with the same (prefix, year) or (region, year, name) loses on the unique index. */
async function withUniqueGuard<T>(run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await run()
  } catch (error) {
    if (sqlStateOf(error) === SQLSTATE.uniqueViolation) return { ok: false, reason: 'prefix-taken' }
    throw error
  }
}

export async function createProgramme(
  ctx: Ctx,
  input: { regionId: string; actorUserId: string; fields: ProgrammeFields },
): Promise<Outcome<{ programmeId: string }>> {
  const db = ctx.db ?? getDb()
  const at = ctx.now ?? new Date()
  const f = input.fields
  return withUniqueGuard(() =>
    inTransaction(db, async (tx) => {
      await checkCategories(tx, f.allowedCategories)
      await checkUnique(tx, input.regionId, f, null)
      const created = await tx.programme.create({ data: { regionId: input.regionId, ...f }, select: { id: true } })
      await appendAudit(tx, {
        actorUserId: input.actorUserId,
        orgType: 'region',
        orgId: input.regionId,
        action: 'programme.created',
        entityType: 'programme',
        entityId: created.id,
        after: snapshot(f),
        at,
      })
      return { programmeId: created.id }
    }),
  )
}

export async function updateProgramme(
  ctx: Ctx,
  input: { programmeId: string; actorUserId: string; fields: ProgrammeFields },
): Promise<Outcome<{ programmeId: string }>> {
  const db = ctx.db ?? getDb()
  const at = ctx.now ?? new Date()
  const f = input.fields
  return withUniqueGuard(() =>
    inTransaction(db, async (tx) => {
      // The row lock orders this edit with issuing (issueVoucher locks the same row to mint a serial).
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM programme WHERE id = ${input.programmeId}::uuid FOR UPDATE`
      if (!locked[0]) throw new Refusal('not-found', { programmeId: input.programmeId })
      const current = await tx.programme.findUniqueOrThrow({ where: { id: input.programmeId } })
      if (identityLocked(current.lastSerial) && (current.serialPrefix !== f.serialPrefix || current.year !== f.year))
        throw new Refusal('identity-locked', { serialPrefix: current.serialPrefix, year: current.year })
      const funded = await fundedFen(tx, current.budgetAccountId)
      if (f.totalBudgetFen < funded) throw new Refusal('budget-below-funded', { fundedFen: funded })
      await checkCategories(tx, f.allowedCategories)
      await checkUnique(tx, current.regionId, f, current.id)
      await tx.programme.update({ where: { id: current.id }, data: f })
      const before: ProgrammeFields = {
        name: current.name,
        year: current.year,
        serialPrefix: current.serialPrefix,
        totalBudgetFen: current.totalBudgetFen,
        applyFrom: current.applyFrom,
        applyTo: current.applyTo,
        capFen: current.capFen,
        shareBp: current.shareBp,
        allowedCategories: current.allowedCategories,
        validityMonths: current.validityMonths,
        redemptionGraceMonths: current.redemptionGraceMonths,
        acceptPartnerRegions: current.acceptPartnerRegions,
      }
      await appendAudit(tx, {
        actorUserId: input.actorUserId,
        orgType: 'region',
        orgId: current.regionId,
        action: 'programme.updated',
        entityType: 'programme',
        entityId: current.id,
        before: snapshot(before),
        after: snapshot(f),
        at,
      })
      return { programmeId: current.id }
    }),
  )
}

/**
 * Funds a programme from a form: never beyond its total budget less what the ledger says is
 * funded. The form's hidden key makes a double submit fund once (fundProgramme is idempotent by
 * it); a retry is recognised before the headroom check, so re-sending the last top-up is not
 * mistaken for over-funding.
 */
export async function fundProgrammeFromForm(
  ctx: Ctx,
  input: { programmeId: string; amountFen: bigint; reason: string; idempotencyKey: string; actorUserId: string },
): Promise<Outcome<{ transferId: bigint; created: boolean }>> {
  const db = ctx.db ?? getDb()
  const at = ctx.now ?? new Date()
  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<
      { id: string; region_id: string; total_budget_fen: bigint; budget_account_id: bigint | null }[]
    >`
      SELECT id::text AS id, region_id, total_budget_fen, budget_account_id
        FROM programme WHERE id = ${input.programmeId}::uuid FOR UPDATE`
    const programme = rows[0]
    if (!programme) throw new Refusal('not-found', { programmeId: input.programmeId })
    const prior = await tx.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM ledger_transfer WHERE idempotency_key = ${`programme-funding:${programme.id}:${input.idempotencyKey}`}`
    if (!prior[0]) {
      const funded = await fundedFen(tx, programme.budget_account_id)
      const problem = fundingProblem(input.amountFen, programme.total_budget_fen, funded)
      if (problem) throw new Refusal(problem, { fundedFen: funded, totalBudgetFen: programme.total_budget_fen })
    }
    const result = await fundProgramme(tx, {
      programmeId: programme.id,
      amountFen: input.amountFen,
      idempotencyKey: input.idempotencyKey,
      actorUserId: input.actorUserId,
      at,
    })
    if (result.created) {
      // fundProgramme's own row records the money; this one records why the officer moved it.
      await appendAudit(tx, {
        actorUserId: input.actorUserId,
        orgType: 'region',
        orgId: programme.region_id,
        action: 'programme.funding-reason',
        entityType: 'programme',
        entityId: programme.id,
        after: { transferId: result.transferId, amountFen: input.amountFen, reason: input.reason },
        at,
      })
    }
    return { transferId: result.transferId, created: result.created }
  })
}
