import { randomInt } from 'node:crypto'
import { USCC_ALPHABET, completeUscc } from '~/features/enterprises/uscc'
import { fundProgramme } from '~/features/vouchers/fund-programme.server'
import { issueVoucher } from '~/features/vouchers/issue-voucher.server'
import { getDb, type Db } from '~/infra/db.server'
import type { Prisma } from '~/generated/prisma/client'

// Test data with sensible defaults; every factory takes overrides and an optional client.
// Unique values (USCC, e-mail, asset numbers, serial prefixes) come from a per-process counter
// plus randomness, so factories can be called any number of times in one database.

let counter = 0
const next = () => ++counter

function randomChars(alphabet: string, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)]
  return s
}

/** A valid, unique USCC: `kind` ('91' company, '12' public institution) + region code + 9 random characters + check. */
export function uniqueUscc(kind: '91' | '12' = '91', regionCode = '511702'): string {
  return completeUscc(`${kind}${regionCode.slice(0, 6)}${randomChars(USCC_ALPHABET, 9)}`)
}

function uniquePrefix(): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  return `T${randomChars(letters, 4)}`
}

export async function createUser(overrides: Partial<Prisma.UserUncheckedCreateInput> = {}, db: Db = getDb()) {
  const n = next()
  return db.user.create({
    data: {
      email: `user${n}.${randomChars('abcdefghijklmnopqrstuvwxyz', 6)}@example.test`,
      name: `测试用户${n}`,
      ...overrides,
    },
  })
}

export async function createEnterprise(
  overrides: Partial<Prisma.EnterpriseUncheckedCreateInput> = {},
  db: Db = getDb(),
) {
  const n = next()
  const regionId = overrides.regionId ?? '511702'
  return db.enterprise.create({
    data: {
      name: `达州测试科技有限公司${n}`,
      uscc: uniqueUscc('91', regionId),
      regionId,
      status: 'verified',
      smeRegNo: `2026511700${String(n).padStart(5, '0')}`,
      smeRegYear: 2026,
      legalRep: `法人${n}`,
      staffCount: 50,
      ...overrides,
    },
  })
}

export async function createInstitution(
  overrides: Partial<Prisma.InstitutionUncheckedCreateInput> = {},
  db: Db = getDb(),
) {
  const n = next()
  const regionId = overrides.regionId ?? '511702'
  return db.institution.create({
    data: {
      name: `四川文理学院测试中心${n}`,
      uscc: uniqueUscc('12', regionId),
      type: 'university',
      regionId,
      status: 'verified',
      bankName: '中国银行达州分行',
      bankAccount: `62170000${String(n).padStart(8, '0')}`,
      ...overrides,
    },
  })
}

export type InstrumentOverrides = Partial<Omit<Prisma.InstrumentUncheckedCreateInput, 'serviceItems'>> & {
  serviceItem?: Partial<Omit<Prisma.ServiceItemUncheckedCreateInput, 'instrumentId'>>
}

/** An open instrument (gas chromatograph-mass spectrometer by default) with one hourly service item. */
export async function createInstrument(overrides: InstrumentOverrides = {}, db: Db = getDb()) {
  const { serviceItem: itemOverrides, ...instrumentOverrides } = overrides
  const n = next()
  const institutionId = instrumentOverrides.institutionId ?? (await createInstitution({}, db)).id
  const instrument = await db.instrument.create({
    data: {
      institutionId,
      assetNo: `ZC-${n}-${randomChars('0123456789', 6)}`,
      name: `气相色谱-质谱联用仪${n}`,
      model: 'GCMS-QP2020',
      manufacturer: '岛津',
      country: '日本',
      originalValueFen: 120_000_000n,
      categoryCode: '0105',
      sharingStatus: 'open',
      ...instrumentOverrides,
    },
  })
  const serviceItem = await db.serviceItem.create({
    data: {
      instrumentId: instrument.id,
      name: '样品检测（按小时）',
      unit: 'hour',
      feeFen: 20_000,
      minQuantity: 1,
      ...itemOverrides,
    },
  })
  return { instrument, serviceItem, institutionId }
}

/**
 * Opens an instrument every day around the clock (7 × 00:00–24:00): requestBooking checks a slot
 * against the open hours and booking rules, so tests that book arbitrary hours open it first.
 */
export async function openAroundTheClock(instrumentId: string, db: Db = getDb()) {
  await db.openHours.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ instrumentId, weekday, startMinute: 0, endMinute: 1440 })),
  })
}

export type ProgrammeOverrides = Partial<Prisma.ProgrammeUncheckedCreateInput> & {
  /** Money moved into the budget account (0 = leave unfunded). Default ¥1,000,000. */
  fundFen?: bigint
  at?: Date
}

/** A programme of the 达州 bureau, funded through `fundProgramme` (so its budget account exists). */
export async function createProgramme(overrides: ProgrammeOverrides = {}, db: Db = getDb()) {
  const { fundFen = 100_000_000n, at = new Date('2026-01-05T01:00:00.000Z'), ...data } = overrides
  const n = next()
  const programme = await db.programme.create({
    data: {
      regionId: '511700',
      year: 2026,
      name: `2026年度达州市科技创新券计划（测试${n}-${randomChars('0123456789', 4)}）`,
      serialPrefix: uniquePrefix(),
      totalBudgetFen: fundFen > 0n ? fundFen : 100_000_000n,
      applyFrom: new Date('2026-01-01T00:00:00.000Z'),
      applyTo: new Date('2026-12-31T00:00:00.000Z'),
      ...data,
    },
  })
  if (fundFen > 0n) {
    await db.$transaction((tx) =>
      fundProgramme(tx, {
        programmeId: programme.id,
        amountFen: fundFen,
        idempotencyKey: `factory-${programme.id}`,
        actorUserId: null,
        at,
      }),
    )
  }
  return db.programme.findUniqueOrThrow({ where: { id: programme.id } })
}

export type VoucherOverrides = {
  programmeId?: string
  enterpriseId?: string
  amountFen?: bigint
  applicationId?: string
  at?: Date
}

/** An issued voucher (default ¥50,000) through `issueVoucher`; creates the programme and enterprise when not given. */
export async function createVoucher(overrides: VoucherOverrides = {}, db: Db = getDb()) {
  const amountFen = overrides.amountFen ?? 5_000_000n
  const at = overrides.at ?? new Date('2026-02-01T02:00:00.000Z')
  const programmeId =
    overrides.programmeId ??
    (await createProgramme({ fundFen: amountFen > 100_000_000n ? amountFen : 100_000_000n }, db)).id
  const enterpriseId = overrides.enterpriseId ?? (await createEnterprise({}, db)).id
  const issued = await db.$transaction((tx) =>
    issueVoucher(tx, {
      programmeId,
      enterpriseId,
      amountFen,
      applicationId: overrides.applicationId,
      actorUserId: null,
      at,
    }),
  )
  const voucher = await db.voucher.findUniqueOrThrow({ where: { id: issued.voucherId } })
  return { ...voucher, voucherId: voucher.id }
}
