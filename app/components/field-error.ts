import type { TFunction } from 'i18next'

// Form errors travel as i18n keys, not sentences: one zod schema serves the server (which knows the
// user's language only from the cookie) and the browser (which validates as you type), and the
// component translates at render time. Parameters ride along in a query string:
//   'auth:register.errors.usccCharacter?position=7'

export function errorKey(key: string, params?: Record<string, string | number>): string {
  if (!params || Object.keys(params).length === 0) return key
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))
  return `${key}?${qs}`
}

/** Translates an `errorKey(...)` string; a plain sentence (or an unknown key) is shown as it is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any namespace's t() will do
type AnyT = TFunction<any, any>

export function translateError(t: AnyT, message: string): string {
  const [key = message, query] = message.split('?', 2)
  const params = Object.fromEntries(new URLSearchParams(query ?? ''))
  const translate = t as unknown as (key: string, options: Record<string, unknown>) => string
  return translate(key, { ...params, defaultValue: message })
}

export function translateErrors(t: AnyT, messages: readonly string[] | undefined): string[] | undefined {
  return messages?.map((m) => translateError(t, m))
}
