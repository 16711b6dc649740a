// Ledger account codes, one place: `openAccount` is idempotent by code, so the code is the key.
export const accountCode = {
  /** Where a bureau's money comes from (its fiscal allocation); a source, so no limit. */
  fundingSource: (regionId: string) => `funding_source:region:${regionId}`,
  programmeBudget: (programmeId: string) => `programme_budget:${programmeId}`,
  voucher: (voucherId: string) => `voucher:${voucherId}`,
  /** Voucher shares held for bookings: one hold account per voucher, so holds never contend across vouchers. */
  bookingHold: (voucherId: string) => `booking_hold:voucher:${voucherId}`,
} as const

/** Transfer kinds (ledger_transfer.kind): derived figures are sums over these. */
export const TRANSFER_KIND = {
  programmeFunding: 'programme-funding',
  voucherIssue: 'voucher-issue',
  bookingHold: 'booking-hold',
  /** DOMAIN: unused balance lapses at expiry and returns to the programme budget (voucher → budget). */
  voucherLapse: 'voucher-lapse',
  /** DOMAIN: a revoked voucher's free balance returns to the programme budget (voucher → budget). */
  voucherRevocation: 'voucher-revocation',
} as const
