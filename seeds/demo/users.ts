// The five demo logins (one per role). Every run resets their password to DEMO_PASSWORD, so a
// demo that someone changed the password of can be recovered by seeding again.
import type { RoleName } from '~/generated/prisma/client'
import type { Db } from '~/infra/db.server'
import { hashPassword } from '~/infra/password.server'

export const DEMO_PASSWORD = 'demo-2026'

export type DemoUser = {
  email: string
  name: string
  phone: string
  role: RoleName
  /** Scope, as the role_membership CHECK wants it: an enterprise key, an institution key or a region id. */
  enterpriseKey?: string
  institutionKey?: string
  regionId?: string
}

export const DEMO_USERS: DemoUser[] = [
  {
    email: 'qiye@demo.dazhou.cn',
    name: '张明',
    phone: '138 8180 0101',
    role: 'enterprise_member',
    enterpriseKey: 'chuandong',
  },
  {
    email: 'jigou@demo.dazhou.cn',
    name: '李华',
    phone: '0818-2790101',
    role: 'institution_staff',
    institutionKey: 'sasu',
  },
  { email: 'quxian@demo.dazhou.cn', name: '王芳', phone: '0818-2122702', role: 'county_officer', regionId: '511702' },
  { email: 'shiju@demo.dazhou.cn', name: '陈刚', phone: '0818-2122700', role: 'city_officer', regionId: '511700' },
  { email: 'admin@demo.dazhou.cn', name: '平台管理员', phone: '0818-2122799', role: 'platform_admin' },
  // One county officer for every other Dazhou county and the high-tech zone, so every first-level
  // review in the demo has a real reviewer (same password).
  { email: 'dachuan@demo.dazhou.cn', name: '刘洋', phone: '0818-2122703', role: 'county_officer', regionId: '511703' },
  { email: 'xuanhan@demo.dazhou.cn', name: '赵静', phone: '0818-2122722', role: 'county_officer', regionId: '511722' },
  { email: 'kaijiang@demo.dazhou.cn', name: '孙磊', phone: '0818-2122723', role: 'county_officer', regionId: '511723' },
  { email: 'dazhu@demo.dazhou.cn', name: '周敏', phone: '0818-2122724', role: 'county_officer', regionId: '511724' },
  { email: 'qu@demo.dazhou.cn', name: '吴强', phone: '0818-2122725', role: 'county_officer', regionId: '511725' },
  { email: 'wanyuan@demo.dazhou.cn', name: '郑丽', phone: '0818-2122781', role: 'county_officer', regionId: '511781' },
  {
    email: 'gaoxin@demo.dazhou.cn',
    name: '冯涛',
    phone: '0818-2122788',
    role: 'county_officer',
    regionId: '511700-GX',
  },
]

export type SeededUsers = Map<string, string>

/** Returns email → user id. */
export async function seedUsers(
  db: Db,
  enterpriseIds: Map<string, string>,
  institutionIds: Map<string, string>,
): Promise<SeededUsers> {
  const ids: SeededUsers = new Map()
  for (const u of DEMO_USERS) {
    const user = await db.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, phone: u.phone, isActive: true },
      update: { name: u.name, phone: u.phone, isActive: true },
      select: { id: true },
    })
    ids.set(u.email, user.id)

    const hash = await hashPassword(DEMO_PASSWORD)
    await db.password.upsert({
      where: { userId: user.id },
      create: { userId: user.id, hash },
      update: { hash, updatedAt: new Date() },
    })

    const enterpriseId = u.enterpriseKey ? enterpriseIds.get(u.enterpriseKey) : undefined
    const institutionId = u.institutionKey ? institutionIds.get(u.institutionKey) : undefined
    if (u.enterpriseKey && !enterpriseId) throw new Error(`${u.email}: enterprise ${u.enterpriseKey} was not seeded`)
    if (u.institutionKey && !institutionId)
      throw new Error(`${u.email}: institution ${u.institutionKey} was not seeded`)
    const scope = {
      enterpriseId: enterpriseId ?? null,
      institutionId: institutionId ?? null,
      regionId: u.regionId ?? null,
    }
    // The unique index is on an expression (coalesce), so Prisma cannot upsert on it: look first.
    const existing = await db.roleMembership.findFirst({ where: { userId: user.id, role: u.role, ...scope } })
    if (!existing) await db.roleMembership.create({ data: { userId: user.id, role: u.role, ...scope } })
  }
  return ids
}
