// Stripe's v1 request encoding: application/x-www-form-urlencoded with bracket notation for
// nesting, as the SDK writes it (stripe-node's stringifyRequestData, qs "indices" format):
//   amount=2000&payment_method_types[0]=card&metadata[booking_id]=…&payment_method_options[wechat_pay][client]=web
// Pure module: the local Stripe server parses request bodies and GET query strings with it.

export type FormValue = string | FormValue[] | { [key: string]: FormValue }
export type FormObject = { [key: string]: FormValue }

export class FormBodyError extends Error {
  override name = 'FormBodyError'
  constructor(
    message: string,
    public readonly param: string,
  ) {
    super(message)
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor'])

/** `a[b][0]` → ['a', 'b', '0']; `a[]` → ['a', ''] (append). */
export function splitKey(key: string): string[] {
  const open = key.indexOf('[')
  if (open === -1) return [key]
  const parts = [key.slice(0, open)]
  const rest = key.slice(open)
  const re = /\[([^[\]]*)\]/g
  let consumed = 0
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) throw new FormBodyError(`Invalid parameter name: ${key}`, key)
    parts.push(m[1] ?? '')
    consumed = re.lastIndex
  }
  if (consumed !== rest.length) throw new FormBodyError(`Invalid parameter name: ${key}`, key)
  return parts
}

type Node = { [key: string]: Node | string }

function isNode(v: Node | string | undefined): v is Node {
  return typeof v === 'object' && v !== null
}

/**
 * Parses a form body (or a query string without its '?') into nested objects and arrays. An object
 * whose keys are exactly 0..n-1 becomes an array; `key[]` appends. A key used both as a value and
 * as a container, or a forbidden key (`__proto__` …), is an error naming the parameter.
 */
export function parseFormBody(body: string): FormObject {
  const root: Node = Object.create(null) as Node
  const params = new URLSearchParams(body)
  for (const [rawKey, value] of params) {
    if (rawKey === '') continue
    const path = splitKey(rawKey)
    if (path[0] === '') throw new FormBodyError(`Invalid parameter name: ${rawKey}`, rawKey)
    let node = root
    for (let i = 0; i < path.length; i++) {
      let part = path[i]!
      if (FORBIDDEN_KEYS.has(part)) throw new FormBodyError(`Invalid parameter name: ${rawKey}`, rawKey)
      // `key[]`: the next index of this container.
      if (part === '') part = String(Object.keys(node).length)
      const last = i === path.length - 1
      const existing = node[part]
      if (last) {
        if (isNode(existing)) throw new FormBodyError(`Invalid value for ${rawKey}: it is also an object`, rawKey)
        node[part] = value
      } else {
        if (existing === undefined) node[part] = Object.create(null) as Node
        else if (!isNode(existing))
          throw new FormBodyError(`Invalid value for ${rawKey}: ${path.slice(0, i + 1).join('.')} is a string`, rawKey)
        node = node[part] as Node
      }
    }
  }
  return finish(root) as FormObject
}

function finish(node: Node): FormValue {
  const keys = Object.keys(node)
  const values: Record<string, FormValue> = {}
  for (const k of keys) {
    const v = node[k]!
    values[k] = isNode(v) ? finish(v) : v
  }
  // Indices 0..n-1, each once: an array (qs "indices" format). Anything else stays an object.
  const isArray = keys.length > 0 && keys.every((k) => /^(0|[1-9]\d*)$/.test(k) && Number(k) < keys.length)
  if (isArray) return keys.map((_k, i) => values[String(i)]!)
  return { ...values }
}

/** A canonical string for comparing two parameter sets (idempotent replays): keys sorted at every level. */
export function canonicalParams(value: FormValue | undefined): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k])}`)
    .join(',')}}`
}
