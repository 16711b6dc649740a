// The catalogue's text tokenizer, as Lucene's CJK analyzer does it: Chinese text becomes
// overlapping character bigrams (气相色谱仪 → 气相 相色 色谱 谱仪), so a two-character query such as
// 色谱 is one exact token that a GIN index over a tsvector can serve (a trigram index cannot:
// STACK.md). Latin letters and digits become lower-cased words (GC-2030 → gc, 2030).
//
// This module is mirrored token for token by the SQL function `search_index_tokens` (migration
// 20261128030000_catalogue_search), which fills instrument.search_tsv from a trigger;
// tests/integration/catalogue.test.ts checks that both produce the same tokens.
//
// The rules, identical on both sides:
//   1. NFKC-normalise (full-width ＧＣ－２０３０ → GC-2030), then lower-case A–Z only.
//   2. Split into runs of Han characters (U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF) and runs of
//      [a-z0-9]; everything else separates runs.
//   3. Index side: every Han character alone (so one-character queries work) and every pair of
//      neighbours in a run; every Latin run, and when it mixes letters and digits (qp2020) also its
//      letter-only and digit-only parts (qp, 2020), so the number alone finds the model.
//   4. Query side: a Han run of one character is that character, a longer run its bigrams only;
//      a Latin run is a prefix (qp20 finds qp2020). All query tokens are AND-ed.
// Tokens contain only Han characters, a–z and 0–9: never a quote, backslash or tsquery operator.

const RUN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+|[a-z0-9]+/g
const HAN = /^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/
const MIXED_PART = /[a-z]+|[0-9]+/g

export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').replace(/[A-Z]/g, (c) => c.toLowerCase())
}

function runs(text: string): string[] {
  return normalizeSearchText(text).match(RUN) ?? []
}

function isHan(run: string): boolean {
  return HAN.test(run)
}

function bigrams(chars: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  return out
}

/** Index tokens of one text, in order of appearance (duplicates kept, as positions). */
export function indexTokens(text: string): string[] {
  const out: string[] = []
  for (const run of runs(text)) {
    if (isHan(run)) {
      const chars = [...run]
      out.push(...chars, ...bigrams(chars))
    } else {
      out.push(run)
      if (/[a-z]/.test(run) && /[0-9]/.test(run)) out.push(...(run.match(MIXED_PART) ?? []))
    }
  }
  return out
}

export type QueryToken = { token: string; prefix: boolean }

/** The tokens a query must all match (deduplicated, in order of appearance). */
export function queryTokens(text: string): QueryToken[] {
  const seen = new Set<string>()
  const out: QueryToken[] = []
  const add = (token: string, prefix: boolean) => {
    if (seen.has(token)) return
    seen.add(token)
    out.push({ token, prefix })
  }
  for (const run of runs(text)) {
    if (isHan(run)) {
      const chars = [...run]
      if (chars.length === 1) add(chars[0]!, false)
      else for (const b of bigrams(chars)) add(b, false)
    } else add(run, true)
  }
  return out
}

/**
 * The tsquery text for a search (`'色谱' & 'gc':*`), or null when the text has no searchable
 * token. Safe by construction — tokens hold only Han characters, a–z and 0–9 — and quoted anyway;
 * it is still passed to SQL as a bound parameter, never spliced into the statement.
 */
export function toTsqueryText(text: string): string | null {
  const tokens = queryTokens(text)
  if (tokens.length === 0) return null
  return tokens.map(({ token, prefix }) => `'${token.replace(/['\\]/g, '')}'${prefix ? ':*' : ''}`).join(' & ')
}
