// Ids in URLs and forms are uuids (gen_random_uuid()); anything else is not an id of ours, so a page
// answers 404 (or a form a field error) before a query that would fail on the ::uuid cast.
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string | null | undefined): value is string {
  return typeof value === 'string' && UUID_RE.test(value)
}
