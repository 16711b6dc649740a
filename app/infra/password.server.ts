import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2'

// Argon2id (the DB CHECK wants `$argon2id$…`). OWASP's floor is m=19456 KiB, t=2, p=1; we take one
// more pass (t=3) at the same memory: ~25–40 ms per hash on the 2-core hosts we run on, so a burst
// of logins stays cheap, and memory stays bounded (19 MiB × libuv's 4 threads ≈ 76 MiB), while an
// offline attacker pays 1.5× the OWASP baseline per guess. Raise the cost here; `needsRehash`
// upgrades stored hashes at the next successful login.
export const PASSWORD_HASH_OPTIONS = {
  algorithm: 2 as Algorithm, // Algorithm.Argon2id (a const enum: isolatedModules cannot read it)
  memoryCost: 19456,
  timeCost: 3,
  parallelism: 1,
} as const satisfies Options

export async function hashPassword(plain: string): Promise<string> {
  return hash(plain, PASSWORD_HASH_OPTIONS)
}

/** False for a wrong password and for a malformed stored hash (never throws on user input). */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(storedHash, plain)
  } catch {
    return false
  }
}

/** True when a stored hash was made with weaker (or different) parameters than today's. */
export function needsRehash(storedHash: string): boolean {
  try {
    const o = parseOptions(storedHash)
    return (
      o.algorithm !== PASSWORD_HASH_OPTIONS.algorithm ||
      o.memoryCost < PASSWORD_HASH_OPTIONS.memoryCost ||
      o.timeCost < PASSWORD_HASH_OPTIONS.timeCost ||
      o.parallelism !== PASSWORD_HASH_OPTIONS.parallelism
    )
  } catch {
    return true
  }
}

// A real hash of a random string: login verifies against it when the email is unknown, so an
// unknown account takes as long to reject as a wrong password (no enumeration by timing).
let dummyHash: Promise<string> | undefined
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID())
  return dummyHash
}
