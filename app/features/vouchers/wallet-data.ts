import type { WalletTransfer, WalletVoucherDetail, WalletVoucherRow } from './wallet-queries.server'
import { expiryNotice, sharePercentText, voucherFigures, voucherMovements, type ExpiryNotice } from './wallet'

// What the wallet's loaders send to the page: the figures and movements computed by wallet.ts,
// with bigints as fen strings and dates as ISO strings (JSON has neither). Pure: `now` is a parameter.

export type FiguresData = {
  faceFen: string
  availableFen: string
  heldFen: string
  usedFen: string
  lapsedFen: string
  revokedFen: string
  returnedFen: string
  unexplainedFen: string
  balanced: boolean
}

export type VoucherSummaryData = {
  id: string
  serial: string
  status: 'active' | 'expired' | 'revoked'
  issuedAt: string
  expiresAt: string
  redeemBy: string
  expiry: ExpiryNotice
  programme: { id: string; name: string; sharePercent: string }
  enterprise: { id: string; name: string; uscc: string }
  region: { id: string; name: string; nameEn: string }
  figures: FiguresData
}

export function voucherSummaryData(row: WalletVoucherRow, now: Date): VoucherSummaryData {
  const f = voucherFigures(row.sums)
  return {
    id: row.id,
    serial: row.serial,
    status: row.status,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    redeemBy: row.redeemBy.toISOString(),
    expiry: expiryNotice(row.status, row.expiresAt, now),
    programme: {
      id: row.programme.id,
      name: row.programme.name,
      sharePercent: sharePercentText(row.programme.shareBp),
    },
    enterprise: row.enterprise,
    region: row.region,
    figures: {
      faceFen: f.faceFen.toString(),
      availableFen: f.availableFen.toString(),
      heldFen: f.heldFen.toString(),
      usedFen: f.usedFen.toString(),
      lapsedFen: f.lapsedFen.toString(),
      revokedFen: f.revokedFen.toString(),
      returnedFen: f.returnedFen.toString(),
      unexplainedFen: f.unexplainedFen.toString(),
      balanced: f.balanced,
    },
  }
}

export type MovementData = {
  id: string
  at: string
  what: 'issue' | 'hold' | 'redeemed' | 'released' | 'lapse' | 'revocation' | 'other'
  holdState: 'pending' | 'posted' | 'voided' | null
  /** The transfer's own amount (for a redemption: what was posted). */
  amountFen: string
  availableChangeFen: string
  availableAfterFen: string
  releasedFen: string
  booking: {
    id: string
    status: string
    /** The booked slot's start, or when it was requested (a per-sample booking has no slot). */
    date: string
    quantity: number
    unit: string
    instrumentName: string
    instrumentNameEn: string | null
  } | null
}

export type VoucherDetailData = VoucherSummaryData & {
  expiredAt: string | null
  application: { id: string; purpose: string } | null
  revocation: { at: string; byName: string | null; reason: string | null; clawbackFen: string | null } | null
  movements: MovementData[]
  /** The movements end on the account's balances and the figures add up to the face value. */
  consistent: boolean
}

export function voucherDetailData(
  detail: WalletVoucherDetail,
  transfers: readonly WalletTransfer[],
  now: Date,
): VoucherDetailData {
  const summary = voucherSummaryData(detail, now)
  const movements = voucherMovements(detail.accountId, transfers)
  const last = movements.at(-1)
  const figures = voucherFigures(detail.sums)
  const consistent =
    figures.balanced &&
    (last?.availableAfterFen ?? 0n) === figures.availableFen &&
    (last?.heldAfterFen ?? 0n) === figures.heldFen
  return {
    ...summary,
    expiredAt: detail.expiredAt?.toISOString() ?? null,
    application: detail.application,
    revocation: detail.revocation
      ? {
          at: detail.revocation.at.toISOString(),
          byName: detail.revocation.byName,
          reason: detail.revocation.reason,
          clawbackFen: detail.revocation.clawbackFen?.toString() ?? null,
        }
      : null,
    movements: movements.map((m) => ({
      id: m.id.toString(),
      at: m.createdAt.toISOString(),
      what: m.what,
      holdState: m.holdState,
      amountFen: m.amount.toString(),
      availableChangeFen: m.availableChangeFen.toString(),
      availableAfterFen: m.availableAfterFen.toString(),
      releasedFen: m.releasedFen.toString(),
      booking: m.booking
        ? {
            id: m.booking.id,
            status: m.booking.status,
            date: (m.booking.startsAt ?? m.booking.createdAt).toISOString(),
            quantity: m.booking.quantity,
            unit: m.booking.unit,
            instrumentName: m.booking.instrumentName,
            instrumentNameEn: m.booking.instrumentNameEn,
          }
        : null,
    })),
    consistent,
  }
}
