// The 2026 Dazhou voucher programme: funded through the ledger, vouchers issued from approved
// applications, and a handful of bookings in several states — all through the real use cases
// (fundProgramme, issueVoucher, requestBooking, the booking engine), so the ledger and the audit
// chains are exactly what the product would have written.
import { fireBookingTransition, type BookingActor } from '~/features/bookings/fire.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import type { TransitionName } from '~/features/bookings/transitions'
import { fundProgramme } from '~/features/vouchers/fund-programme.server'
import { issueVoucher } from '~/features/vouchers/issue-voucher.server'
import type { BookingStatus } from '~/generated/prisma/client'
import type { Db } from '~/infra/db.server'
import { inTransaction, type Outcome } from '~/infra/tx.server'
import { DEMO_ENTERPRISES } from './enterprises'
import { demoInstitution } from './institutions'

const WAN_FEN = 1_000_000n
const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

/** A wall-clock time in Asia/Shanghai (UTC+8, no DST). */
function shanghai(iso: string): Date {
  return new Date(`${iso}+08:00`)
}

export const DEMO_PROGRAMME = {
  regionId: '511700',
  year: 2026,
  name: '2026年度达州市科技创新券',
  serialPrefix: 'DZ',
  totalBudgetFen: 2000n * WAN_FEN, // 2000万元
  applyFrom: shanghai('2026-01-01T00:00:00'),
  applyTo: shanghai('2026-12-31T23:59:59'),
  capFen: 20n * WAN_FEN, // DOMAIN: per-enterprise annual cap, default 20万元
  shareBp: 5000, // DOMAIN: voucher share of a fee, default 50%
  validityMonths: 12,
  redemptionGraceMonths: 3,
  acceptPartnerRegions: true, // 万达开 通用通兑
  fundedAt: shanghai('2026-01-05T09:00:00'),
} as const

function unwrap<T>(what: string, outcome: Outcome<T>): T {
  if (!outcome.ok)
    throw new Error(
      `${what}: refused (${outcome.reason}) ${JSON.stringify(outcome.details ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
    )
  return outcome.value
}

export type DemoActors = {
  cityOfficerId: string
  countyOfficerId: string
  countyRegionId: string
  /** Region id → that county's demo officer (every Dazhou county and the high-tech zone). */
  countyOfficerByRegion: Map<string, string>
  institutionStaffId: string
  enterpriseMemberId: string
}

/** Upserts the programme (natural key: region, year, name) and funds it once (idempotency key). */
export async function seedProgramme(db: Db, actors: DemoActors): Promise<string> {
  const p = DEMO_PROGRAMME
  const data = {
    serialPrefix: p.serialPrefix,
    totalBudgetFen: p.totalBudgetFen,
    applyFrom: p.applyFrom,
    applyTo: p.applyTo,
    capFen: p.capFen,
    shareBp: p.shareBp,
    validityMonths: p.validityMonths,
    redemptionGraceMonths: p.redemptionGraceMonths,
    acceptPartnerRegions: p.acceptPartnerRegions,
  }
  const programme = await db.programme.upsert({
    where: { regionId_year_name: { regionId: p.regionId, year: p.year, name: p.name } },
    create: { regionId: p.regionId, year: p.year, name: p.name, ...data },
    update: data,
    select: { id: true },
  })
  unwrap(
    'fund programme',
    await inTransaction(db, (tx) =>
      fundProgramme(tx, {
        programmeId: programme.id,
        amountFen: p.totalBudgetFen,
        idempotencyKey: 'demo-seed:initial-allocation',
        actorUserId: actors.cityOfficerId,
        at: p.fundedAt,
      }),
    ),
  )
  return programme.id
}

type ApplicationSpec = {
  enterpriseKey: string
  amountWan: number
  purpose: string
  plannedUse: string
  status: 'submitted' | 'county_approved' | 'approved' | 'rejected'
  /** Issue date of the voucher (approved applications). */
  issuedAt?: Date
  cityReason?: string
}

const PURPOSES: Record<string, [string, string]> = {
  chuandong: ['智能装备关键零部件材料失效分析', '扫描电镜断口分析、XRD物相分析、力学性能测试'],
  bashan: ['富硒茶硒形态与品质成分研究', '硒形态分析、氨基酸与茶多酚检测'],
  puguang: ['天然气精细化工新产品工艺开发', '天然气组分分析、GC-MS杂质鉴定、BET表征'],
  dengying: ['灯影牛肉保质期延长工艺研究', '兽药残留与微生物检测、脂肪酸组成分析'],
  maya: ['开江麻鸭品种改良分子标记研究', 'qPCR基因分型、测序服务'],
  zhuma: ['苎麻纤维改性新材料研发', '拉伸性能、热分析、红外光谱表征'],
  huanghua: ['渠县黄花深加工产品研发', '液相色谱功能成分分析、农残检测'],
  lijia: ['卤水提锂工艺中试', 'ICP-MS/ICP-OES元素分析、XRD物相分析'],
  xuanwu: ['玄武岩连续纤维浸润剂配方优化', 'XRF成分分析、SEM形貌观察、力学性能测试'],
}

function applicationSpecs(): ApplicationSpec[] {
  const specs: ApplicationSpec[] = []
  let week = 0
  for (const e of DEMO_ENTERPRISES) {
    if (e.voucherWan === null) continue
    const [purpose, plannedUse] = PURPOSES[e.key] ?? ['科技创新检测服务', '检测分析']
    // Issued on Mondays from March 2026, one enterprise a week.
    const issuedAt = new Date(shanghai('2026-03-02T10:00:00').getTime() + week * 7 * DAY_MS)
    week++
    specs.push({ enterpriseKey: e.key, amountWan: e.voucherWan, purpose, plannedUse, status: 'approved', issuedAt })
  }
  // Work waiting in the reviewers' queues, and one final rejection.
  specs.push(
    {
      enterpriseKey: 'qinba',
      amountWan: 10,
      purpose: '秦巴道地中药材有效成分质量标准研究',
      plannedUse: 'HPLC指纹图谱、重金属检测',
      status: 'submitted',
    },
    {
      enterpriseKey: 'huanghua',
      amountWan: 5,
      purpose: '黄花菜干制品二氧化硫残留控制研究',
      plannedUse: '离子色谱、原子荧光检测',
      status: 'county_approved',
    },
    {
      enterpriseKey: 'xuanwu',
      amountWan: 20,
      purpose: '厂区办公设备采购',
      plannedUse: '购置电脑与打印机',
      status: 'rejected',
      cityReason: '申请用途为设备采购，不属于创新券支持的科研仪器共享与检验检测服务。',
    },
  )
  return specs
}

/** Upserts the applications (natural key: programme, enterprise, purpose) and issues the vouchers. Returns enterprise key → voucher id. */
export async function seedVouchers(
  db: Db,
  programmeId: string,
  enterpriseIds: Map<string, string>,
  actors: DemoActors,
): Promise<Map<string, string>> {
  const vouchers = new Map<string, string>()
  for (const spec of applicationSpecs()) {
    const enterpriseId = enterpriseIds.get(spec.enterpriseKey)
    if (!enterpriseId) throw new Error(`application: enterprise ${spec.enterpriseKey} was not seeded`)
    const enterprise = DEMO_ENTERPRISES.find((e) => e.key === spec.enterpriseKey)!
    const createdAt = spec.issuedAt ? new Date(spec.issuedAt.getTime() - 21 * DAY_MS) : shanghai('2026-11-02T09:30:00')
    const countyDone = spec.status !== 'submitted'
    const cityDone = spec.status === 'approved' || spec.status === 'rejected'
    // The county officer of the enterprise's region reviews first (partner regions: the city only).
    const countyReviewerId = actors.countyOfficerByRegion.get(enterprise.regionId) ?? null
    const countyDecision = countyDone && countyReviewerId ? 'approved' : null
    const review = {
      amountFen: BigInt(spec.amountWan) * WAN_FEN,
      plannedUse: spec.plannedUse,
      status: spec.status,
      countyReviewerId: countyDone ? countyReviewerId : null,
      countyDecision,
      countyReviewedAt: countyDecision ? new Date(createdAt.getTime() + 7 * DAY_MS) : null,
      countyReason: countyDecision ? '材料齐全，同意推荐。' : null,
      cityReviewerId: cityDone ? actors.cityOfficerId : null,
      cityReviewedAt: cityDone ? new Date(createdAt.getTime() + 14 * DAY_MS) : null,
      cityDecision: cityDone ? (spec.status === 'rejected' ? 'rejected' : 'approved') : null,
      cityReason: cityDone ? (spec.cityReason ?? '符合年度创新券支持方向，同意发放。') : null,
    }
    const issued = unwrap(
      `application ${spec.enterpriseKey}`,
      await inTransaction(db, async (tx) => {
        const found = await tx.voucherApplication.findFirst({
          where: { programmeId, enterpriseId, purpose: spec.purpose },
          select: { id: true },
        })
        const application = found
          ? await tx.voucherApplication.update({ where: { id: found.id }, data: review, select: { id: true } })
          : await tx.voucherApplication.create({
              data: { programmeId, enterpriseId, purpose: spec.purpose, createdAt, ...review },
              select: { id: true },
            })
        if (spec.status !== 'approved' || !spec.issuedAt) return null
        // Idempotent by application id: a second run returns the voucher issued the first time.
        return issueVoucher(tx, {
          programmeId,
          enterpriseId,
          amountFen: review.amountFen,
          applicationId: application.id,
          actorUserId: actors.cityOfficerId,
          at: spec.issuedAt,
        })
      }),
    )
    if (issued) vouchers.set(spec.enterpriseKey, issued.voucherId)
  }
  return vouchers
}

type BookingSpec = {
  key: string
  enterpriseKey: string
  institutionKey: string
  instrumentName: string
  serviceName: string
  quantity: number
  useVoucher: boolean
  purpose: string
  /** 'live': requested yesterday, slot next week; otherwise a fixed past request time. */
  when: 'live' | { requestedAt: string; slotDay?: string }
  status: Extract<
    BookingStatus,
    'requested' | 'approved' | 'delivered' | 'disputed' | 'confirmed' | 'expired' | 'cancelled' | 'rejected'
  >
}

const BOOKINGS: BookingSpec[] = [
  {
    key: 'demo-seed:b01',
    enterpriseKey: 'chuandong',
    institutionKey: 'sasu',
    instrumentName: '扫描电子显微镜',
    serviceName: '扫描电镜测试',
    quantity: 3,
    useVoucher: true,
    purpose: '齿轮断口形貌观察',
    when: 'live',
    status: 'requested',
  },
  {
    key: 'demo-seed:b02',
    enterpriseKey: 'chuandong',
    institutionKey: 'sasu',
    instrumentName: 'X射线衍射仪',
    serviceName: 'XRD常规物相分析',
    quantity: 6,
    useVoucher: true,
    purpose: '热处理后物相鉴定',
    when: 'live',
    status: 'approved',
  },
  {
    key: 'demo-seed:b03',
    enterpriseKey: 'maya',
    institutionKey: 'dzch',
    instrumentName: '实时荧光定量PCR仪',
    serviceName: 'qPCR检测（含试剂）',
    quantity: 24,
    useVoucher: false,
    purpose: '麻鸭生长相关基因表达检测',
    when: 'live',
    status: 'requested',
  },
  {
    key: 'demo-seed:b04',
    enterpriseKey: 'xuanwu',
    institutionKey: 'sanxia',
    instrumentName: 'X射线衍射仪',
    serviceName: 'XRD常规物相分析',
    quantity: 8,
    useVoucher: true,
    purpose: '玄武岩矿料物相分析（万达开跨区域服务）',
    when: 'live',
    status: 'approved',
  },
  {
    key: 'demo-seed:b05',
    enterpriseKey: 'lijia',
    institutionKey: 'sasu',
    instrumentName: '扫描电子显微镜',
    serviceName: '扫描电镜测试',
    quantity: 2,
    useVoucher: true,
    purpose: '锂盐产品晶体形貌观察',
    when: { requestedAt: '2026-06-08T10:00:00', slotDay: '2026-06-15' },
    status: 'delivered',
  },
  {
    key: 'demo-seed:b06',
    enterpriseKey: 'puguang',
    institutionKey: 'dzgas',
    instrumentName: '天然气组分分析仪',
    serviceName: '天然气全组分分析',
    quantity: 8,
    // 普光 declared 达州天然气研究院 a related party (12% shareholding): DOMAIN, its vouchers
    // cannot be spent there, so it pays this booking itself.
    useVoucher: false,
    purpose: '原料气组分月度检测',
    when: { requestedAt: '2026-05-11T09:20:00' },
    status: 'confirmed',
  },
  {
    key: 'demo-seed:b07',
    enterpriseKey: 'dengying',
    institutionKey: 'daas',
    instrumentName: '液相色谱-串联质谱联用仪',
    serviceName: 'LC-MS/MS定量分析',
    quantity: 5,
    useVoucher: true,
    purpose: '兽药残留检测',
    when: { requestedAt: '2026-09-01T15:00:00' },
    status: 'expired',
  },
  {
    key: 'demo-seed:b08',
    enterpriseKey: 'bashan',
    institutionKey: 'daas',
    instrumentName: '原子荧光光谱仪',
    serviceName: '硒/砷/汞测定',
    quantity: 12,
    useVoucher: true,
    purpose: '茶园土壤硒含量测定',
    when: { requestedAt: '2026-07-06T11:00:00' },
    status: 'cancelled',
  },
  {
    key: 'demo-seed:b09',
    enterpriseKey: 'zhuma',
    institutionKey: 'dzqi',
    instrumentName: '电子万能试验机',
    serviceName: '拉伸性能测试',
    quantity: 10,
    useVoucher: true,
    purpose: '苎麻复合材料拉伸强度',
    when: { requestedAt: '2026-08-03T09:00:00' },
    status: 'rejected',
  },
  {
    key: 'demo-seed:b10',
    enterpriseKey: 'chuandong',
    institutionKey: 'sasu',
    instrumentName: '气相色谱仪',
    serviceName: '气相色谱常规分析',
    quantity: 4,
    useVoucher: true,
    purpose: '切削液挥发性成分分析',
    when: { requestedAt: '2026-04-20T14:00:00' },
    status: 'confirmed',
  },
  {
    // A dispute for the city bureau's /bureau/disputes page.
    key: 'demo-seed:b11',
    enterpriseKey: 'lijia',
    institutionKey: 'sasu',
    instrumentName: '气相色谱仪',
    serviceName: '气相色谱常规分析',
    quantity: 3,
    useVoucher: true,
    purpose: '电解液溶剂纯度检测',
    when: { requestedAt: '2026-10-12T10:00:00' },
    status: 'disputed',
  },
]

/** 09:00 Shanghai on the first Monday–Friday at least `minDays` after `now`. */
function nextWeekdayMorning(now: Date, minDays: number): Date {
  let day = new Date(now.getTime() + minDays * DAY_MS)
  for (;;) {
    const local = new Date(day.getTime() + 8 * 60 * 60 * 1000)
    const weekday = local.getUTCDay() // 0 = Sunday
    if (weekday >= 1 && weekday <= 5) return shanghai(`${local.toISOString().slice(0, 10)}T09:00:00`)
    day = new Date(day.getTime() + DAY_MS)
  }
}

type Step = { from: BookingStatus; name: TransitionName; by: 'enterprise' | 'institution' | 'system'; at: Date }

/**
 * The transitions that take a requested demo booking to its demo status, with the time of each:
 * decided two hours after the request, paid an hour later, served at the slot (a sample booking
 * the day after approval), delivered two hours after the service, confirmed two days later. A
 * booking left `delivered` is delivered a day before the seed clock, so its 7-day auto-confirmation
 * is still ahead when the demo starts.
 */
function stepsTo(
  status: BookingSpec['status'],
  requestedAt: Date,
  slot: { startsAt: Date; endsAt: Date } | null,
  now: Date,
  live: boolean,
): Step[] {
  const decidedAt = live ? now : new Date(requestedAt.getTime() + 2 * HOUR_MS)
  const paidAt = new Date(decidedAt.getTime() + HOUR_MS)
  const servedAt = slot ? slot.startsAt : new Date(decidedAt.getTime() + DAY_MS)
  const servedUntil = slot ? slot.endsAt : new Date(servedAt.getTime() + 4 * HOUR_MS)
  const deliveredAt =
    status === 'delivered'
      ? new Date(Math.max(servedUntil.getTime() + 2 * HOUR_MS, now.getTime() - DAY_MS))
      : new Date(servedUntil.getTime() + 2 * HOUR_MS)
  const confirmedAt = new Date(deliveredAt.getTime() + 2 * DAY_MS)
  const toService: Step[] = [
    { from: 'requested', name: 'approve', by: 'institution', at: decidedAt },
    { from: 'approved', name: 'pay', by: 'system', at: paidAt },
    { from: 'paid', name: 'start-service', by: 'institution', at: servedAt },
    { from: 'in_service', name: 'deliver', by: 'institution', at: deliveredAt },
  ]
  switch (status) {
    case 'approved':
      return toService.slice(0, 1)
    case 'delivered':
      return toService
    case 'confirmed':
      return [...toService, { from: 'delivered', name: 'confirm', by: 'enterprise', at: confirmedAt }]
    case 'disputed':
      return [...toService, { from: 'delivered', name: 'dispute', by: 'enterprise', at: confirmedAt }]
    case 'rejected':
      return [{ from: 'requested', name: 'reject', by: 'institution', at: decidedAt }]
    case 'cancelled':
      return [{ from: 'requested', name: 'cancel', by: 'enterprise', at: new Date(requestedAt.getTime() + DAY_MS) }]
    case 'expired':
      return [{ from: 'requested', name: 'expire', by: 'system', at: now }]
    case 'requested':
      return []
  }
}

const REASONS: Partial<Record<TransitionName, string>> = {
  reject: '该时段仪器安排校内科研任务，请改约其他时间。',
  cancel: '项目计划调整，暂不需要该检测。',
  dispute: '报告只给出了两个样品的结果，送检的是三个样品，请核实后补测。',
}

/**
 * Requests the demo bookings through `requestBooking`, then moves each through the booking engine
 * (fireBookingTransition) to its demo status, so its history, holds, timers, audit rows and — for
 * a confirmed one — its redemption claim are what the product writes. A step is fired only while
 * the booking is in the step's starting status, so a second run changes nothing. The co-payment
 * is recorded as a succeeded payment row (what the Stripe webhook records) before `pay` fires.
 */
export async function seedBookings(
  db: Db,
  now: Date,
  enterpriseIds: Map<string, string>,
  voucherIds: Map<string, string>,
  actors: DemoActors,
): Promise<{ seeded: number; skipped: string[] }> {
  const skipped: string[] = []
  let seeded = 0
  for (const [index, spec] of BOOKINGS.entries()) {
    const enterpriseId = enterpriseIds.get(spec.enterpriseKey)
    if (!enterpriseId) throw new Error(`booking ${spec.key}: enterprise ${spec.enterpriseKey} was not seeded`)
    const item = await db.serviceItem.findFirst({
      where: {
        name: spec.serviceName,
        isActive: true,
        instrument: {
          name: spec.instrumentName,
          sharingStatus: 'open',
          institution: { uscc: demoInstitution(spec.institutionKey).uscc },
        },
      },
      orderBy: { instrument: { assetNo: 'asc' } },
      select: { id: true, unit: true },
    })
    // With a small SEED_INSTRUMENTS the instrument may not exist: leave that booking out.
    if (!item) {
      skipped.push(`${spec.key} (no open ${spec.instrumentName} at ${spec.institutionKey})`)
      continue
    }
    const requestedAt = spec.when === 'live' ? new Date(now.getTime() - DAY_MS) : shanghai(spec.when.requestedAt)
    if (requestedAt.getTime() > now.getTime()) {
      skipped.push(`${spec.key} (requested after the seed clock)`)
      continue
    }
    let startsAt: Date | null = null
    let endsAt: Date | null = null
    if (item.unit === 'hour') {
      startsAt =
        spec.when === 'live'
          ? nextWeekdayMorning(now, 6)
          : shanghai(`${spec.when.slotDay ?? requestedAt.toISOString().slice(0, 10)}T09:00:00`)
      endsAt = new Date(startsAt.getTime() + spec.quantity * 60 * 60 * 1000)
    }
    const voucherId = spec.useVoucher ? (voucherIds.get(spec.enterpriseKey) ?? null) : null
    const requested = unwrap(
      `booking ${spec.key}`,
      await requestBooking(
        { db, now: requestedAt },
        {
          enterpriseId,
          actorUserId: spec.enterpriseKey === 'chuandong' ? actors.enterpriseMemberId : null,
          serviceItemId: item.id,
          voucherId,
          startsAt,
          endsAt,
          quantity: spec.quantity,
          idempotencyKey: spec.key,
          purpose: spec.purpose,
        },
      ),
    )
    const bookingId = requested.bookingId
    seeded++

    const slot = startsAt && endsAt ? { startsAt, endsAt } : null
    // The demo logins act for 川东 (enterprise) and 四川文理学院 (institution); the other
    // organisations' steps carry no user, as an imported history would.
    const actorFor = (by: Step['by']): BookingActor =>
      by === 'enterprise'
        ? { kind: 'enterprise_member', userId: spec.enterpriseKey === 'chuandong' ? actors.enterpriseMemberId : null }
        : by === 'institution'
          ? { kind: 'institution_staff', userId: spec.institutionKey === 'sasu' ? actors.institutionStaffId : null }
          : { kind: 'system', userId: null }
    const number = String(index + 1).padStart(4, '0')
    for (const step of stepsTo(spec.status, requestedAt, slot, now, spec.when === 'live')) {
      const booking = await db.booking.findUniqueOrThrow({
        where: { id: bookingId },
        select: { status: true, copayFen: true },
      })
      if (booking.status !== step.from) continue // already past this step (an earlier run)
      let payment: { intentId: string } | undefined
      if (step.name === 'pay') {
        // What the Stripe webhook records for a succeeded PaymentIntent (one per booking).
        const intentId = `pi_demo_${spec.key.replace(/[^a-z0-9]/gi, '_')}`
        await db.$executeRaw`
          INSERT INTO payment (booking_id, intent_id, amount_fen, status, created_at, updated_at)
          VALUES (${bookingId}::uuid, ${intentId}, ${booking.copayFen}, 'succeeded', ${step.at}::timestamptz, ${step.at}::timestamptz)
          ON CONFLICT (booking_id) DO NOTHING`
        payment = { intentId }
      }
      const fired = unwrap(
        `${step.name} ${spec.key}`,
        await fireBookingTransition(
          { db, now: step.at },
          {
            bookingId,
            name: step.name,
            actor: actorFor(step.by),
            reason: REASONS[step.name] ?? null,
            payment,
            delivery:
              step.name === 'deliver'
                ? {
                    actualStartsAt: slot?.startsAt ?? null,
                    actualEndsAt: slot?.endsAt ?? null,
                    actualQuantity: slot ? null : spec.quantity,
                    finalFeeFen: (await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).feeFen,
                    reportNo: `DZBG2026-${number}`,
                    invoiceNo: `5117${number}`,
                  }
                : undefined,
          },
        ),
      )
      if (!fired.changed) throw new Error(`${step.name} ${spec.key}: the engine changed nothing from ${step.from}`)
    }
  }
  return { seeded, skipped }
}
