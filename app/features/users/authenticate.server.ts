import { getDb, type Db, type Tx } from '~/infra/db.server'
import { getDummyHash, hashPassword, needsRehash, verifyPassword } from '~/infra/password.server'
import { findLoginCandidate } from './queries.server'

export type AuthenticateResult = { ok: true; userId: string } | { ok: false; reason: 'invalid-credentials' }

/**
 * Checks an email and password. Unknown email, disabled account and wrong password are one
 * outcome, reached in about the same time (a dummy hash is verified), so neither the message nor
 * the timing tells an attacker which accounts exist.
 */
export async function authenticate(
  { email, password }: { email: string; password: string },
  { db = getDb(), now = new Date() }: { db?: Db | Tx; now?: Date } = {},
): Promise<AuthenticateResult> {
  const user = await findLoginCandidate(db, email)
  const storedHash = user?.password?.hash
  const valid = await verifyPassword(storedHash ?? (await getDummyHash()), password)
  if (!user || !storedHash || !valid || !user.isActive) return { ok: false, reason: 'invalid-credentials' }
  if (needsRehash(storedHash)) {
    // Cost parameters went up since this hash was made: upgrade it now that we hold the password.
    await db.password.update({
      where: { userId: user.id },
      data: { hash: await hashPassword(password), updatedAt: now },
    })
  }
  return { ok: true, userId: user.id }
}
