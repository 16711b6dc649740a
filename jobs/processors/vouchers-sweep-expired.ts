import { findVouchersToLapse, lapseVoucher } from '~/features/vouchers/expire-voucher.server'
import type { Processor } from '../processor-map'

const BATCH = 100

/**
 * `vouchers.sweep-expired` (every 10 minutes, jobs/schedules.ts): DOMAIN: unused balance lapses at
 * expiry and returns to the programme budget. Expires every active voucher past its validity and
 * lapses its free balance, and lapses again what voided holds gave back to expired vouchers. Each
 * voucher is handled in its own transaction by `lapseVoucher`, which locks the voucher row, so two
 * sweeps or two workers at once move each amount once.
 */
export const vouchersSweepExpired: Processor<'vouchers.sweep-expired'> = async (_payload, { db, now, logger }) => {
  const at = now() // one instant for the whole sweep
  let changed = 0
  let unchanged = 0
  let lapsedFen = 0n
  const refused: Record<string, number> = {}
  const seen = new Set<string>()
  for (;;) {
    const ids = (await findVouchersToLapse({ db, now: at, limit: BATCH })).filter((id) => !seen.has(id))
    // A voucher still due after an attempt (refused, or raced) waits for the next sweep: this loop must end.
    if (ids.length === 0) break
    for (const voucherId of ids) {
      seen.add(voucherId)
      const outcome = await lapseVoucher({ db, now: at }, { voucherId })
      if (!outcome.ok) {
        refused[outcome.reason] = (refused[outcome.reason] ?? 0) + 1
        logger.warn({ voucherId, reason: outcome.reason }, 'voucher not lapsed')
      } else if (outcome.value.changed) {
        changed++
        lapsedFen += outcome.value.lapsedFen
      } else unchanged++
    }
  }
  // BullMQ stores the return value as JSON: the amount travels as a decimal string of fen.
  const result = { changed, unchanged, lapsedFen: lapsedFen.toString(), refused }
  if (changed > 0 || Object.keys(refused).length > 0) logger.info(result, 'expired vouchers swept')
  return result
}
