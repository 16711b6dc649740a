// DOMAIN: USCC 统一社会信用代码 (GB 32100-2015): 18 characters from this alphabet (no I, O, S, V, Z);
// weights 3^i mod 31 for positions 1–17; check = ALPHABET[(31 − Σ value×weight mod 31) mod 31];
// positions 3–8 are the registering region's GB/T 2260 code.
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

export type UsccProblem = 'length' | 'character' | 'checksum'
export type UsccResult =
  { ok: true; uscc: string; regionCode: string } | { ok: false; problem: UsccProblem; position?: number }

/** Upper-cases, converts full-width characters and strips spaces — what people paste from certificates. */
export function normaliseUscc(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase()
}

export function usccCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] ?? '')
    if (value < 0) throw new RangeError(`not a USCC character at position ${i + 1}: ${first17[i]}`)
    sum += value * WEIGHTS[i]!
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!
}

export function validateUscc(input: string): UsccResult {
  const uscc = normaliseUscc(input)
  if (uscc.length !== 18) return { ok: false, problem: 'length' }
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(uscc[i]!)) return { ok: false, problem: 'character', position: i + 1 }
  }
  if (usccCheckChar(uscc.slice(0, 17)) !== uscc[17]) return { ok: false, problem: 'checksum', position: 18 }
  return { ok: true, uscc, regionCode: uscc.slice(2, 8) }
}

/** Builds a valid USCC from its first 17 characters (demo data and test factories). */
export function completeUscc(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`need 17 characters, got ${first17.length}`)
  return first17 + usccCheckChar(first17)
}
