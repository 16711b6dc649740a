// DOMAIN: "caps apply per controller group where one is declared (firms under one controller
// share a cap)". The group is a free-text name (实际控制人 / 集团); two declarations name the same
// group when they match after removing white space and folding case.

/**
 * The comparison key of a controller group, mirroring the SQL the cap query and the index
 * enterprise_controller_group_key_idx use: `lower(regexp_replace(controller_group, '\s', '', 'g'))`
 * — every white-space character removed (ASCII, tabs, full-width U+3000 …), then lower-cased.
 * JavaScript's `\s` also covers a few no-break spaces PostgreSQL's does not (U+00A0, U+2007,
 * U+202F, U+FEFF); stored values never contain them (normaliseControllerGroup turns every white
 * space run into one ASCII space), so for stored values both keys are the same string.
 */
export function controllerGroupKey(value: string): string {
  return value.replace(/\s+/gu, '').toLowerCase()
}

/**
 * How a declared group is stored: as entered, trimmed, every inner run of white space (full-width
 * included) collapsed to one ASCII space; nothing left → null (no group declared).
 */
export function normaliseControllerGroup(value: string | null | undefined): string | null {
  const normalised = (value ?? '').replace(/\s+/gu, ' ').trim()
  return normalised === '' ? null : normalised
}
