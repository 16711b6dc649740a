// Generates demo instruments. Instrument i depends only on i (and the fixed tables), so raising
// the count (e.g. to 300 for a load demo) appends instruments and never rewrites earlier ones.
import type { BookingMode, SharingStatus, ServiceUnit } from '~/generated/prisma/client'
import { TEMPLATES, type InstrumentTemplate } from './instrument-templates'
import { demoInstitution, institutionKeyFor, labFor, type DemoInstitution } from './institutions'
import { intBetween, pick, rng } from './random'

export const DEFAULT_INSTRUMENT_COUNT = 300

export type DemoServiceItem = {
  name: string
  nameEn: string
  unit: ServiceUnit
  feeFen: number
  minQuantity: number
  description: string | null
}

export type DemoOpenHours = { weekday: number; startMinute: number; endMinute: number }
export type DemoBlackout = { startsAt: Date; endsAt: Date; reason: string }

export type DemoInstrument = {
  index: number
  institutionKey: string
  assetNo: string
  name: string
  nameEn: string
  model: string
  manufacturer: string
  country: string
  originalValueFen: bigint
  inUseSince: Date
  categoryCode: string
  lab: string
  address: string
  specifications: string
  researchFields: string
  uses: string
  accessories: string | null
  accreditation: string | null
  contactName: string
  contactPhone: string
  sharingStatus: SharingStatus
  bookingMode: BookingMode
  services: DemoServiceItem[]
  openHours: DemoOpenHours[]
  blackouts: DemoBlackout[]
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '梁',
  '宋',
  '郑',
  '谢',
  '唐',
  '冉',
  '向',
  '蒲',
]

const WEEKDAYS = [1, 2, 3, 4, 5]
const MORNING = { start: 8 * 60 + 30, end: 12 * 60 }
const AFTERNOON = { start: 14 * 60, end: 17 * 60 + 30 }

/** Time in Asia/Shanghai (UTC+8, no DST) as a Date. */
function shanghai(iso: string): Date {
  return new Date(`${iso}+08:00`)
}

function candidatesFor(inst: DemoInstitution): InstrumentTemplate[] {
  return inst.kinds.map((kind) => {
    const template = TEMPLATES.find((t) => t.name === kind)
    if (!template) throw new Error(`institution ${inst.key}: no instrument template named ${kind}`)
    return template
  })
}

function openHoursFor(inst: DemoInstitution, template: InstrumentTemplate): DemoOpenHours[] {
  if (template.category === '1101') {
    // A computing cluster runs around the clock.
    return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 }))
  }
  if (template.bookingMode === 'self_operated') {
    // Trained users work into the evening and on Saturdays.
    return [
      ...WEEKDAYS.map((weekday) => ({ weekday, startMinute: MORNING.start, endMinute: 21 * 60 })),
      { weekday: 6, startMinute: 9 * 60, endMinute: 17 * 60 },
    ]
  }
  const hours = WEEKDAYS.flatMap((weekday) => [
    { weekday, startMinute: MORNING.start, endMinute: MORNING.end },
    { weekday, startMinute: AFTERNOON.start, endMinute: AFTERNOON.end },
  ])
  if (inst.saturday) hours.push({ weekday: 6, startMinute: 9 * 60, endMinute: 12 * 60 })
  return hours
}

function sharingStatusFor(index: number): SharingStatus {
  if (index % 50 === 41) return 'retired'
  if (index % 23 === 11) return 'internal_only'
  if (index % 29 === 13) return 'maintenance'
  return 'open'
}

function blackoutsFor(index: number): DemoBlackout[] {
  const out: DemoBlackout[] = []
  if (index % 9 === 4) {
    const day = 1 + (index % 20)
    const from = `2026-12-${String(day).padStart(2, '0')}`
    const to = `2026-12-${String(day + 2).padStart(2, '0')}`
    out.push({
      startsAt: shanghai(`${from}T08:30:00`),
      endsAt: shanghai(`${to}T17:30:00`),
      reason: '年度计量检定与维护保养',
    })
  }
  if (index % 13 === 6) {
    out.push({ startsAt: shanghai('2027-02-05T00:00:00'), endsAt: shanghai('2027-02-14T00:00:00'), reason: '春节放假' })
  }
  return out
}

function accreditationFor(inst: DemoInstitution, template: InstrumentTemplate): string | null {
  const parts: string[] = []
  if (inst.cmaNo && template.category.startsWith('0')) parts.push(`CMA 资质认定（${inst.cmaNo}）`)
  if (inst.cnasNo) parts.push(`${inst.cnasNo.startsWith('CNAS') ? '' : 'CNAS '}${inst.cnasNo} 认可`)
  return parts.length > 0 ? parts.join('；') : null
}

export function demoInstruments(count = DEFAULT_INSTRUMENT_COUNT): DemoInstrument[] {
  const perInstitution = new Map<string, number>()
  const out: DemoInstrument[] = []
  for (let index = 0; index < count; index++) {
    const inst = demoInstitution(institutionKeyFor(index))
    const n = perInstitution.get(inst.key) ?? 0
    perInstitution.set(inst.key, n + 1)
    // Walk the institution's kinds in order, so its first instruments are all different.
    const candidates = candidatesFor(inst)
    const template = candidates[n % candidates.length]!
    const next = rng(index + 1)
    const variant = pick(next, template.variants)
    const [loWan, hiWan] = variant.wan
    // Whole hundreds of yuan, in fen (1万元 = 1,000,000 fen).
    const valueYuan = loWan * 10_000 + intBetween(next, 0, (hiWan - loWan) * 100) * 100
    const year = intBetween(next, 2012, 2025)
    const month = intBetween(next, 1, 12)
    const day = intBetween(next, 1, 28)
    const lab = labFor(inst, template.category)
    const surname = pick(next, SURNAMES)
    out.push({
      index,
      institutionKey: inst.key,
      assetNo: `${inst.assetPrefix}${year}${String(index + 1).padStart(4, '0')}`,
      name: template.name,
      nameEn: template.nameEn,
      model: variant.model,
      manufacturer: variant.manufacturer,
      country: variant.country,
      originalValueFen: BigInt(valueYuan) * 100n,
      inUseSince: new Date(Date.UTC(year, month - 1, day)),
      categoryCode: template.category,
      lab,
      address: `${inst.address} ${lab}`,
      specifications: template.specifications,
      researchFields: template.researchFields,
      uses: template.uses,
      accessories: template.accessories ?? null,
      accreditation: accreditationFor(inst, template),
      contactName: `${surname}老师`,
      contactPhone: `${inst.phonePrefix}${String(index % 100).padStart(2, '0')}`,
      sharingStatus: sharingStatusFor(index),
      bookingMode: template.bookingMode ?? 'operated',
      services: template.services.map((s) => ({
        name: s.name,
        nameEn: s.nameEn,
        unit: s.unit,
        feeFen: s.feeYuan * 100,
        minQuantity: s.min ?? 1,
        description: s.description ?? null,
      })),
      openHours: openHoursFor(inst, template),
      blackouts: blackoutsFor(index),
    })
  }
  return out
}
