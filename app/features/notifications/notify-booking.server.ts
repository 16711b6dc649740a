import { getDb, type Db } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { getMailTransport, type MailTransport } from '~/infra/mail.server'
import { refused, type Outcome } from '~/infra/tx.server'
import { audiencesFor, isNotifyEvent, pickRecipients, type Audience, type Candidate } from './recipients'
import { bookingPath, renderBookingMail, type MailFacts } from './templates'

export type NotifyBookingInput = {
  bookingId: string
  /** 'request' or a transition name (transitions.ts). */
  event: string
  /** Names this occurrence of the event: booking_event.id for a transition, requestEventId() for a request. */
  eventId: string
}

export type NotifyBookingResult = {
  /** People the event concerns (after the rules). */
  recipients: number
  /** mail_message rows this run wrote (0 when an earlier run already did). */
  recorded: number
  /** Messages this run handed to the transport (0 when they had been sent). */
  sent: number
}

/** The event id of a booking request (it has no booking_event row): one per booking. */
export function requestEventId(bookingId: string): string {
  return `request-${bookingId}`
}

type FactsRow = {
  id: string
  enterprise_id: string
  institution_id: string
  instrument_name: string
  instrument_name_en: string | null
  service_item_name: string
  service_item_name_en: string | null
  institution_name: string
  institution_name_en: string | null
  enterprise_name: string
  starts_at: Date | null
  ends_at: Date | null
  proposed_starts_at: Date | null
  proposed_ends_at: Date | null
  wanted_by: string | null
  quantity: number
  unit: 'hour' | 'sample' | 'item'
  fee_fen: bigint
  voucher_share_fen: bigint
  copay_fen: bigint
  final_fee_fen: bigint | null
  final_voucher_share_fen: bigint | null
  final_copay_fen: bigint | null
  cancellation_fee_fen: bigint | null
  decide_by: Date | null
  pay_by: Date | null
  confirm_by: Date | null
  report_no: string | null
  invoice_no: string | null
  voucher_serial: string | null
  reject_reason: string | null
  cancel_reason: string | null
  dispute_reason: string | null
  proposal_note: string | null
  cancelled_by_side: string | null
  bureau_region_id: string
}

/**
 * Mails everyone a booking event concerns (recipients.ts), each once, in their language:
 * 1. one mail_message row per recipient, dedupe key `${eventId}:${userId}`, ON CONFLICT DO NOTHING
 *    — a retried job or a second worker records nothing twice;
 * 2. every unsent row of this event is sent under its row lock (FOR UPDATE SKIP LOCKED: two runs at
 *    once never send the same row; sent_at is set in the same transaction). A crash after the
 *    insert re-sends only rows without sent_at; a crash between the transport's acceptance and
 *    the commit can repeat that one message (at least once, never silently dropped).
 */
export async function notifyBooking(
  ctx: { db?: Db; now?: Date; transport?: MailTransport; origin?: string },
  input: NotifyBookingInput,
): Promise<Outcome<NotifyBookingResult>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const transport = ctx.transport ?? getMailTransport()
  const origin = ctx.origin ?? getEnv().APP_ORIGIN
  if (!isNotifyEvent(input.event)) return refused('unknown-event', { event: input.event, bookingId: input.bookingId })
  const event = input.event

  const rows = await db.$queryRaw<FactsRow[]>`
    SELECT b.id::text AS id, b.enterprise_id::text AS enterprise_id, i.institution_id::text AS institution_id,
           i.name AS instrument_name, i.name_en AS instrument_name_en, si.name AS service_item_name,
           si.name_en AS service_item_name_en, inst.name AS institution_name, inst.name_en AS institution_name_en,
           e.name AS enterprise_name, b.starts_at, b.ends_at, b.proposed_starts_at, b.proposed_ends_at,
           to_char(b.wanted_by, 'YYYY-MM-DD') AS wanted_by, b.quantity, b.unit::text AS unit,
           b.fee_fen, b.voucher_share_fen, b.copay_fen, b.final_fee_fen, b.final_voucher_share_fen, b.final_copay_fen,
           b.cancellation_fee_fen, b.decide_by, b.pay_by, b.confirm_by, b.report_no, b.invoice_no,
           v.serial AS voucher_serial, b.reject_reason, b.cancel_reason, b.dispute_reason, b.proposal_note,
           b.cancelled_by_side,
           -- DOMAIN: the bureau that issued the voucher pays (谁发券谁兑付); without a voucher, the
           -- city bureau of the institution's county.
           COALESCE(rc.issuing_region_id, p.region_id,
                    CASE WHEN r.level = 'county' AND pr.level = 'city' THEN pr.id ELSE r.id END) AS bureau_region_id
      FROM booking b
      JOIN instrument i ON i.id = b.instrument_id
      JOIN service_item si ON si.id = b.service_item_id
      JOIN institution inst ON inst.id = i.institution_id
      JOIN enterprise e ON e.id = b.enterprise_id
      JOIN region r ON r.id = inst.region_id
      LEFT JOIN region pr ON pr.id = r.parent_id
      LEFT JOIN voucher v ON v.id = b.voucher_id
      LEFT JOIN programme p ON p.id = v.programme_id
      LEFT JOIN redemption_claim rc ON rc.booking_id = b.id
     WHERE b.id = ${input.bookingId}::uuid`
  const b = rows[0]
  if (!b) return refused('booking-not-found', { bookingId: input.bookingId })

  // A transition's own row says who did it and why (the booking columns hold the latest reason only).
  const events = /^\d+$/.test(input.eventId)
    ? await db.$queryRaw<{ actor_kind: string; actor_user_id: string | null; reason: string | null }[]>`
        SELECT actor_kind, actor_user_id::text AS actor_user_id, reason
          FROM booking_event WHERE id = ${BigInt(input.eventId)} AND booking_id = ${input.bookingId}::uuid`
    : []
  const eventRow = events[0]

  const audiences = audiencesFor(event, { cancelledBySide: b.cancelled_by_side, actorKind: eventRow?.actor_kind })
  const candidates = audiences.length > 0 ? await findCandidates(db, b) : []
  const recipients = pickRecipients(audiences, candidates, eventRow?.actor_user_id ?? null)

  const facts = factsOf(b, event, eventRow?.reason ?? null)
  const template = `booking.${event}`
  const recorded =
    recipients.length === 0
      ? 0
      : (
          await db.mailMessage.createMany({
            data: recipients.map((r) => {
              const mail = renderBookingMail({
                event,
                audience: r.audience,
                locale: r.locale,
                recipientName: r.name,
                facts,
                link: `${origin}${bookingPath(r.audience, b.id)}`,
              })
              return {
                dedupeKey: `${input.eventId}:${r.userId}`,
                template,
                toAddress: r.email,
                toUserId: r.userId,
                locale: r.locale,
                subject: mail.subject,
                textBody: mail.text,
                htmlBody: mail.html,
                bookingId: b.id,
                transport: transport.name,
                createdAt: now,
              }
            }),
            skipDuplicates: true, // ON CONFLICT DO NOTHING: the first run's rows stand
          })
        ).count

  const sent = await sendUnsent(db, transport, now, b.id, `${input.eventId}:`)
  return { ok: true, value: { recipients: recipients.length, recorded, sent } }
}

const ROLE_AUDIENCE: Record<string, Audience> = {
  enterprise_member: 'enterprise',
  institution_staff: 'institution',
  city_officer: 'bureau',
}

async function findCandidates(db: Db, b: FactsRow): Promise<Candidate[]> {
  const rows = await db.$queryRaw<{ user_id: string; email: string; name: string; locale: string; role: string }[]>`
    SELECT DISTINCT u.id::text AS user_id, u.email, u.name, u.locale, m.role::text AS role
      FROM role_membership m JOIN app_user u ON u.id = m.user_id
     WHERE u.is_active
       AND (   (m.role = 'enterprise_member' AND m.enterprise_id = ${b.enterprise_id}::uuid)
            OR (m.role = 'institution_staff' AND m.institution_id = ${b.institution_id}::uuid)
            OR (m.role = 'city_officer' AND m.region_id = ${b.bureau_region_id}))`
  return rows.flatMap((r) => {
    const audience = ROLE_AUDIENCE[r.role]
    return audience ? [{ userId: r.user_id, email: r.email, name: r.name, locale: r.locale, audience }] : []
  })
}

const REASON_COLUMN: Partial<Record<string, keyof FactsRow>> = {
  reject: 'reject_reason',
  cancel: 'cancel_reason',
  dispute: 'dispute_reason',
  'propose-time': 'proposal_note',
}

function factsOf(b: FactsRow, event: string, eventReason: string | null): MailFacts {
  const column = REASON_COLUMN[event]
  const fromBooking = column ? (b[column] as string | null) : null
  return {
    bookingId: b.id,
    instrumentName: b.instrument_name,
    instrumentNameEn: b.instrument_name_en,
    serviceItemName: b.service_item_name,
    serviceItemNameEn: b.service_item_name_en,
    institutionName: b.institution_name,
    institutionNameEn: b.institution_name_en,
    enterpriseName: b.enterprise_name,
    startsAt: b.starts_at,
    endsAt: b.ends_at,
    proposedStartsAt: b.proposed_starts_at,
    proposedEndsAt: b.proposed_ends_at,
    wantedBy: b.wanted_by,
    quantity: b.quantity,
    unit: b.unit,
    feeFen: b.fee_fen,
    voucherShareFen: b.voucher_share_fen,
    copayFen: b.copay_fen,
    finalFeeFen: b.final_fee_fen,
    finalVoucherShareFen: b.final_voucher_share_fen,
    finalCopayFen: b.final_copay_fen,
    cancellationFeeFen: b.cancellation_fee_fen,
    decideBy: b.decide_by,
    payBy: b.pay_by,
    confirmBy: b.confirm_by,
    reportNo: b.report_no,
    invoiceNo: b.invoice_no,
    voucherSerial: b.voucher_serial,
    reason: eventReason ?? fromBooking,
  }
}

/** Sends each unsent message of one event under its row lock; returns how many this call sent. */
async function sendUnsent(db: Db, transport: MailTransport, now: Date, bookingId: string, keyPrefix: string) {
  const pending = await db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM mail_message
     WHERE booking_id = ${bookingId}::uuid AND starts_with(dedupe_key, ${keyPrefix}) AND sent_at IS NULL
     ORDER BY id`
  let sent = 0
  for (const { id } of pending) {
    const done = await db.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<
          { dedupe_key: string; to_address: string; subject: string; text_body: string; html_body: string | null }[]
        >`
          SELECT dedupe_key, to_address, subject, text_body, html_body FROM mail_message
           WHERE id = ${id} AND sent_at IS NULL FOR UPDATE SKIP LOCKED`
        const row = locked[0]
        // Sent meanwhile, or being sent by another run right now (which will set sent_at).
        if (!row) return false
        const { messageId } = await transport.send({
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          reference: row.dedupe_key,
        })
        await tx.$executeRaw`
          UPDATE mail_message SET sent_at = ${now}, provider_message_id = ${messageId || null}, transport = ${transport.name}
           WHERE id = ${id}`
        return true
      },
      // An SMTP server may be slow; the row lock is held while it answers.
      { timeout: 120_000 },
    )
    if (done) sent++
  }
  return sent
}
