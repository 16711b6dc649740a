// The demo data set, in dependency order. Every step upserts by a natural key, so running the
// seed twice leaves the same rows (see tests/integration/seeds.test.ts).
import type { Db } from '~/infra/db.server'
import { seedReference } from '../reference'
import { seedBookings, seedProgramme, seedVouchers, type DemoActors } from './programme'
import { seedEnterprises, seedInstitutions, seedInstruments } from './seed-organisations'
import { DEMO_USERS, seedUsers } from './users'

export type SeedOptions = {
  /** How many instruments to generate (default 72; the generator scales to 300+). */
  instrumentCount?: number
  /** The clock for anything time-relative (bookings); tests pass a fixed one. */
  now?: Date
}

export type SeedSummary = Record<string, number>

function userId(users: Map<string, string>, role: (typeof DEMO_USERS)[number]['role']): string {
  const email = DEMO_USERS.find((u) => u.role === role)?.email
  const id = email ? users.get(email) : undefined
  if (!id) throw new Error(`demo user with role ${role} was not seeded`)
  return id
}

export async function seedDemo(
  db: Db,
  options: SeedOptions = {},
): Promise<{ summary: SeedSummary; skipped: string[] }> {
  const now = options.now ?? new Date()
  await seedReference(db)
  const institutionIds = await seedInstitutions(db)
  const enterpriseIds = await seedEnterprises(db, institutionIds)
  await seedInstruments(db, institutionIds, options.instrumentCount)
  const users = await seedUsers(db, enterpriseIds, institutionIds)
  const actors: DemoActors = {
    cityOfficerId: userId(users, 'city_officer'),
    countyOfficerId: userId(users, 'county_officer'),
    countyRegionId: DEMO_USERS.find((u) => u.role === 'county_officer')!.regionId!,
    countyOfficerByRegion: new Map(
      DEMO_USERS.filter((u) => u.role === 'county_officer').map((u) => [u.regionId!, users.get(u.email)!]),
    ),
    institutionStaffId: userId(users, 'institution_staff'),
    enterpriseMemberId: userId(users, 'enterprise_member'),
  }
  const programmeId = await seedProgramme(db, actors)
  const voucherIds = await seedVouchers(db, programmeId, enterpriseIds, actors)
  const { skipped } = await seedBookings(db, now, enterpriseIds, voucherIds, actors)
  return { summary: await summarise(db), skipped }
}

export async function summarise(db: Db): Promise<SeedSummary> {
  const [
    regions,
    categories,
    institutions,
    instruments,
    serviceItems,
    openHours,
    blackouts,
    enterprises,
    users,
    memberships,
  ] = await Promise.all([
    db.region.count(),
    db.instrumentCategory.count(),
    db.institution.count(),
    db.instrument.count(),
    db.serviceItem.count(),
    db.openHours.count(),
    db.blackout.count(),
    db.enterprise.count(),
    db.user.count(),
    db.roleMembership.count(),
  ])
  const [programmes, applications, vouchers, bookings, transfers, ledgerAccounts, auditRows] = await Promise.all([
    db.programme.count(),
    db.voucherApplication.count(),
    db.voucher.count(),
    db.booking.count(),
    db.ledgerTransfer.count(),
    db.ledgerAccount.count(),
    db.auditLog.count(),
  ])
  const byStatus = await db.booking.groupBy({ by: ['status'], _count: { _all: true }, orderBy: { status: 'asc' } })
  return {
    regions,
    categories,
    institutions,
    instruments,
    serviceItems,
    openHours,
    blackouts,
    enterprises,
    users,
    memberships,
    programmes,
    applications,
    vouchers,
    bookings,
    ledgerAccounts,
    transfers,
    auditRows,
    ...Object.fromEntries(byStatus.map((b) => [`bookings.${b.status}`, b._count._all])),
  }
}
