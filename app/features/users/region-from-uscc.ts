// DOMAIN: positions 3–8 of a USCC are the registering region's GB/T 2260 code. The register form
// preselects that region when the platform covers it. Old codes still printed on certificates map
// to today's region ("map them, never offer them for new records").
export const HISTORIC_REGION_SUCCESSORS: Record<string, string> = {
  '511721': '511703', // 达县 → 达川区
  '500234': '500154', // 开县 → 开州区
}

/** The selectable region a USCC's region code points at, or null when it is not one we cover. */
export function regionFromUsccCode(regionCode: string, selectableRegionIds: readonly string[]): string | null {
  const id = HISTORIC_REGION_SUCCESSORS[regionCode] ?? regionCode
  return selectableRegionIds.includes(id) ? id : null
}
