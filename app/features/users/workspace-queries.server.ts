import type { Prisma } from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import type { Reach } from '~/infra/permissions'
import { voucherFigures } from '~/features/vouchers/wallet'
import { listEnterpriseVouchers } from '~/features/vouchers/wallet-queries.server'

// Read models for the four role home pages. Every query takes the caller's reach (from
// permissions.ts) or an organisation id the route has already checked, so the scope is part of the
// WHERE clause. Money leaves as fen strings (JSON has no bigint); the page formats it.

export async function getEnterpriseWorkspace(db: Db | Tx, enterpriseId: string) {
  const [enterprise, vouchers, bookings] = await Promise.all([
    db.enterprise.findUnique({
      where: { id: enterpriseId },
      select: {
        id: true,
        name: true,
        status: true,
        region: { select: { name: true, nameEn: true } },
        // The reason of the latest rejection or suspension, shown to the enterprise itself.
        reviews: {
          where: { reason: { not: null }, toStatus: { in: ['rejected', 'suspended'] } },
          orderBy: { at: 'desc' },
          take: 1,
          select: { reason: true, at: true },
        },
      },
    }),
    listEnterpriseVouchers(db, enterpriseId),
    db.booking.findMany({
      where: { enterpriseId },
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: {
        id: true,
        status: true,
        createdAt: true,
        feeFen: true,
        copayFen: true,
        instrument: { select: { name: true, nameEn: true } },
        serviceItem: { select: { name: true, nameEn: true } },
      },
    }),
  ])
  if (!enterprise) return null
  return {
    enterprise,
    // The wallet's figures (face and what a new booking can still use), the newest 20.
    vouchers: vouchers.slice(0, 20).map((v) => {
      const figures = voucherFigures(v.sums)
      return {
        id: v.id,
        serial: v.serial,
        status: v.status,
        expiresAt: v.expiresAt,
        faceValueFen: figures.faceFen.toString(),
        availableFen: figures.availableFen.toString(),
      }
    }),
    bookings: bookings.map((b) => ({ ...b, feeFen: b.feeFen.toString(), copayFen: b.copayFen.toString() })),
  }
}

export async function getInstitutionWorkspace(db: Db | Tx, institutionId: string) {
  const [institution, instrumentCount, openCount, pendingCount, requests] = await Promise.all([
    db.institution.findUnique({
      where: { id: institutionId },
      select: { id: true, name: true, nameEn: true, status: true },
    }),
    db.instrument.count({ where: { institutionId, sharingStatus: { not: 'retired' } } }),
    db.instrument.count({ where: { institutionId, sharingStatus: 'open' } }),
    db.booking.count({ where: { instrument: { institutionId }, status: 'requested' } }),
    db.booking.findMany({
      where: { instrument: { institutionId } },
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: {
        id: true,
        status: true,
        createdAt: true,
        feeFen: true,
        enterprise: { select: { name: true } },
        instrument: { select: { name: true, nameEn: true } },
      },
    }),
  ])
  if (!institution) return null
  return {
    institution,
    instrumentCount,
    openCount,
    pendingCount,
    requests: requests.map((r) => ({ ...r, feeFen: r.feeFen.toString() })),
  }
}

/** The enterprises a bureau user's reach covers (a county officer: their county's). */
function enterpriseWhere(reach: Reach): Prisma.EnterpriseWhereInput {
  switch (reach.kind) {
    case 'any':
      return {}
    case 'region':
      return { regionId: { in: reach.regionIds } }
    case 'own':
      return { id: { in: reach.enterpriseIds } }
    case 'none':
      return { id: { in: [] } }
  }
}

export async function getBureauWorkspace(db: Db | Tx, reach: Reach) {
  const enterprise = enterpriseWhere(reach)
  const [pendingCounty, pendingCity, vouchers, bookings] = await Promise.all([
    db.enterprise.count({ where: { ...enterprise, status: 'pending' } }),
    db.enterprise.count({ where: { ...enterprise, status: 'county_reviewed' } }),
    db.voucher.aggregate({ where: { enterprise }, _count: { _all: true }, _sum: { faceValueFen: true } }),
    db.booking.groupBy({ by: ['status'], where: { enterprise }, _count: { _all: true }, orderBy: { status: 'asc' } }),
  ])
  return {
    pendingCounty,
    pendingCity,
    vouchersIssued: vouchers._count._all,
    vouchersFaceValueFen: (vouchers._sum.faceValueFen ?? 0n).toString(),
    bookingsByStatus: bookings.map((b) => ({ status: b.status, count: b._count._all })),
  }
}

export async function getAdminWorkspace(db: Db | Tx, now: Date) {
  const [totalUsers, byRole, activeSessions] = await Promise.all([
    db.user.count(),
    db.roleMembership.groupBy({ by: ['role'], _count: { _all: true }, orderBy: { role: 'asc' } }),
    db.session.count({ where: { expiresAt: { gt: now } } }),
  ])
  return { totalUsers, activeSessions, byRole: byRole.map((r) => ({ role: r.role, count: r._count._all })) }
}

export async function regionNames(db: Db | Tx, ids: string[]) {
  return db.region.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, nameEn: true } })
}
