// Format rules for the admission form's bank and accreditation fields. Pure; the schema (schemas.ts)
// turns the problems into field errors. People paste these from certificates and bank letters, so
// full-width characters and spaces are normalised before checking.

/** Full-width ASCII (０-９, Ａ-Ｚ) to half-width; ideographic space to a space. */
export function toHalfWidth(input: string): string {
  return input.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

export const BANK_ACCOUNT_MIN = 8
export const BANK_ACCOUNT_MAX = 30

export type BankAccountResult =
  { ok: true; account: string } | { ok: false; problem: 'digits' | 'length'; length: number }

/**
 * A settlement bank account number: digits only, 8–30 long (Chinese corporate accounts run from
 * about 12 to 25 digits; the bounds leave room for both). Spaces and dashes people type to group
 * digits are dropped.
 */
export function validateBankAccount(input: string): BankAccountResult {
  const account = toHalfWidth(input).replace(/[\s-]/g, '')
  if (!/^\d*$/.test(account)) return { ok: false, problem: 'digits', length: account.length }
  if (account.length < BANK_ACCOUNT_MIN || account.length > BANK_ACCOUNT_MAX) {
    return { ok: false, problem: 'length', length: account.length }
  }
  return { ok: true, account }
}

export type AccreditationResult = { ok: true; value: string } | { ok: false }

/**
 * A CMA (检验检测机构资质认定) certificate number: 12 digits on the current certificates (year,
 * province, issuing body, serial, e.g. 221512050123). Stored as the bare digits.
 */
export function validateCmaNo(input: string): AccreditationResult {
  const value = toHalfWidth(input).replace(/[\s-]/g, '').replace(/^CMA/i, '')
  return /^\d{12}$/.test(value) ? { ok: true, value } : { ok: false }
}

/**
 * A CNAS accreditation number: a scheme letter (L laboratory, IB inspection body, RM reference
 * material producer, PT proficiency-testing provider) and 4–5 digits, as printed: `CNAS L12345`.
 * Accepted with or without the "CNAS" prefix and spaces; stored in the printed form.
 */
export function validateCnasNo(input: string): AccreditationResult {
  const compact = toHalfWidth(input).replace(/\s/g, '').toUpperCase()
  const match = /^(?:CNAS)?(L|IB|RM|PT)(\d{4,5})$/.exec(compact)
  return match ? { ok: true, value: `CNAS ${match[1]}${match[2]}` } : { ok: false }
}
