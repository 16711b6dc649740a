// DOMAIN: fee = quantity × unit fee (the snapshot). Voucher share = min(fee × programme share,
// voucher available balance), rounded DOWN to the fen; co-payment = fee − voucher share.
// Pure: integer fen as bigint, shares in basis points (5000 = 50%).

export type QuoteInput = {
  unitFeeFen: number | bigint
  quantity: number
  shareBp: number
  voucherAvailableFen: bigint
}

export type Quote = { feeFen: bigint; voucherShareFen: bigint; copayFen: bigint }

export function quoteBooking({ unitFeeFen, quantity, shareBp, voucherAvailableFen }: QuoteInput): Quote {
  if (!Number.isSafeInteger(quantity) || quantity <= 0)
    throw new RangeError(`quantity must be a positive integer, got ${quantity}`)
  if (!Number.isInteger(shareBp) || shareBp < 0 || shareBp > 10_000)
    throw new RangeError(`shareBp must be 0–10000, got ${shareBp}`)
  const unit = BigInt(unitFeeFen)
  if (unit < 0n) throw new RangeError(`unit fee must not be negative, got ${unit}`)
  const feeFen = unit * BigInt(quantity)
  // bigint division truncates toward zero; both operands are ≥ 0, so this is a floor.
  const byShare = (feeFen * BigInt(shareBp)) / 10_000n
  const available = voucherAvailableFen > 0n ? voucherAvailableFen : 0n
  const voucherShareFen = byShare < available ? byShare : available
  return { feeFen, voucherShareFen, copayFen: feeFen - voucherShareFen }
}

/**
 * Splits `totalFen` by `ratios` with the largest-remainder rule (dinero.js `allocate`): every part
 * gets the floor of its exact share, then the leftover fen go one each to the parts with the largest
 * remainders (ties: the earlier part). The parts always add up to the total exactly.
 */
export function allocate(totalFen: bigint, ratios: readonly (number | bigint)[]): bigint[] {
  if (totalFen < 0n) throw new RangeError(`cannot allocate a negative total (${totalFen})`)
  if (ratios.length === 0) throw new RangeError('allocate needs at least one ratio')
  const weights = ratios.map((r) => {
    if (typeof r === 'number' && !Number.isSafeInteger(r)) throw new RangeError(`ratios must be integers, got ${r}`)
    const w = BigInt(r)
    if (w < 0n) throw new RangeError(`ratios must not be negative, got ${w}`)
    return w
  })
  const sum = weights.reduce((a, b) => a + b, 0n)
  if (sum === 0n) throw new RangeError('ratios must not all be zero')
  const parts = weights.map((w) => (totalFen * w) / sum)
  const remainders = weights.map((w, i) => ({ i, rem: (totalFen * w) % sum }))
  let left = totalFen - parts.reduce((a, b) => a + b, 0n)
  remainders.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1))
  for (const { i } of remainders) {
    if (left === 0n) break
    parts[i]! += 1n
    left -= 1n
  }
  return parts
}
