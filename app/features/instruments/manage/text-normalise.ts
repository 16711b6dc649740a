// Text as people type it on a Chinese keyboard: full-width digits, colons, dashes and commas are
// read as their ASCII twins, so "０８：３０－１２：００" means "08:30-12:00". Pure.

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII, the ideographic space → a space. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

/** A whole number typed by a person ("１２", " 30 ") or null when it is not one. */
export function parseWholeNumber(text: string): number | null {
  const s = toHalfWidth(text).replace(/[,\s]/g, '')
  if (!/^\d{1,9}$/.test(s)) return null
  return Number(s)
}
