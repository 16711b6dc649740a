import { getOptionalUser } from '~/infra/auth.server'
import type { Db } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { notFound } from '~/infra/http.server'

// The developer mail page (/dev/mail): what the platform recorded in mail_message.

/**
 * The page exists outside production, or in production with MAIL_PREVIEW=1 (the demo); a platform
 * admin may always read it. Otherwise a 404 — the page does not admit it exists.
 */
export async function requireMailPreview(request: Request): Promise<void> {
  const env = getEnv()
  if (env.NODE_ENV !== 'production' || env.MAIL_PREVIEW) return
  const user = await getOptionalUser(request)
  if (user?.memberships.some((m) => m.role === 'platform_admin')) return
  throw await notFound(request)
}

export const MAIL_LOG_LIMIT = 200

export type MailLogRow = {
  id: string
  toAddress: string
  subject: string
  template: string
  bookingId: string | null
  createdAt: string
  sentAt: string | null
  transport: string
}

/** The latest messages, newest first. */
export async function listMail(db: Db, limit = MAIL_LOG_LIMIT): Promise<MailLogRow[]> {
  const rows = await db.mailMessage.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: {
      id: true,
      toAddress: true,
      subject: true,
      template: true,
      bookingId: true,
      createdAt: true,
      sentAt: true,
      transport: true,
    },
  })
  return rows.map((r) => ({
    ...r,
    id: r.id.toString(),
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
  }))
}

export type MailDetail = MailLogRow & {
  dedupeKey: string
  locale: string
  textBody: string
  htmlBody: string | null
  providerMessageId: string | null
}

export async function getMail(db: Db, id: string): Promise<MailDetail | null> {
  if (!/^\d{1,18}$/.test(id)) return null
  const r = await db.mailMessage.findUnique({ where: { id: BigInt(id) } })
  if (!r) return null
  return {
    id: r.id.toString(),
    toAddress: r.toAddress,
    subject: r.subject,
    template: r.template,
    bookingId: r.bookingId,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    transport: r.transport,
    dedupeKey: r.dedupeKey,
    locale: r.locale,
    textBody: r.textBody,
    htmlBody: r.htmlBody,
    providerMessageId: r.providerMessageId,
  }
}
