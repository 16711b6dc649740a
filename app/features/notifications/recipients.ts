import { DEFAULT_LOCALE, type Locale } from '~/i18n/config'

// Who is told about a booking event (issue 5: "email for every transition a person must act on or
// would want to know"). Pure: the use case loads the people, these rules pick them.

/** The sides of a booking a mail can go to. 'bureau' = the city officers of the issuing region. */
export type Audience = 'enterprise' | 'institution' | 'bureau'

/** 'request' is the booking request itself (requestBooking); the rest are transition names (transitions.ts). */
export const NOTIFY_EVENTS = [
  'request',
  'approve',
  'reject',
  'propose-time',
  'accept-proposal',
  'decline-proposal',
  'cancel',
  'expire',
  'pay',
  'fail-payment',
  'expire-unpaid',
  'start-service',
  'deliver',
  'confirm',
  'auto-confirm',
  'dispute',
  'resolve-dispute',
  'claim',
  'approve-claim',
  'reject-claim',
  'settle',
] as const
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number]

export function isNotifyEvent(event: string): event is NotifyEvent {
  return (NOTIFY_EVENTS as readonly string[]).includes(event)
}

const FIXED: Record<Exclude<NotifyEvent, 'cancel'>, readonly Audience[]> = {
  // The institution's staff must decide (DOMAIN: within 3 days, or the request expires).
  request: ['institution'],
  // The enterprise learns the decision; on approval it must pay the co-payment within 24 h.
  approve: ['enterprise'],
  reject: ['enterprise'],
  // The enterprise must accept or decline the other time.
  'propose-time': ['enterprise'],
  // The enterprise answered the institution's proposal: the institution acts next.
  'accept-proposal': ['institution'],
  'decline-proposal': ['institution'],
  // A request nobody decided: the enterprise loses the slot, the institution missed a deadline.
  expire: ['enterprise', 'institution'],
  // The co-payment arrived: the institution can serve.
  pay: ['institution'],
  // A payment attempt failed: the enterprise may pay again until pay_by (ADR 013).
  'fail-payment': ['enterprise'],
  // The co-payment never came by pay_by: the booking is gone, the hold released.
  'expire-unpaid': ['enterprise'],
  'start-service': ['enterprise'],
  // The enterprise must confirm or dispute within 7 days (or it is confirmed automatically).
  deliver: ['enterprise'],
  confirm: ['institution'],
  'auto-confirm': ['institution'],
  // DOMAIN: a dispute goes to the bureau.
  dispute: ['institution', 'bureau'],
  'resolve-dispute': ['enterprise', 'institution'],
  // DOMAIN: the bureau that issued the voucher pays (谁发券谁兑付): its officers review the claim.
  claim: ['bureau'],
  'approve-claim': ['institution'],
  'reject-claim': ['institution'],
  settle: ['institution'],
}

export type EventFacts = {
  /** booking.cancelled_by_side. */
  cancelledBySide?: string | null
  /** booking_event.actor_kind of the event, when known. */
  actorKind?: string | null
}

/** The audiences of an event; an event this module does not know tells nobody. */
export function audiencesFor(event: string, facts: EventFacts = {}): Audience[] {
  if (!isNotifyEvent(event)) return []
  if (event !== 'cancel') return [...FIXED[event]]
  // A cancellation is news for the other side.
  const side =
    facts.cancelledBySide === 'enterprise' || facts.cancelledBySide === 'institution'
      ? facts.cancelledBySide
      : facts.actorKind === 'enterprise_member'
        ? 'enterprise'
        : facts.actorKind === 'institution_staff'
          ? 'institution'
          : null
  if (side === 'enterprise') return ['institution']
  if (side === 'institution') return ['enterprise']
  return ['enterprise', 'institution']
}

export type Candidate = {
  userId: string
  email: string
  name: string
  locale: string
  audience: Audience
}

export type Recipient = Omit<Candidate, 'locale'> & { locale: Locale }

/** app_user.locale → a locale we write mail in: English for en*, Chinese otherwise (the default). */
export function mailLocale(locale: string | null | undefined): Locale {
  return locale?.toLowerCase().startsWith('en') ? 'en' : DEFAULT_LOCALE
}

/**
 * The people to mail: members of the event's audiences, each once (a person in two audiences gets
 * the first audience's mail, in `audiences` order), never the person who caused the event (they
 * know), and only with an address. Sorted by user id so every run builds the same list.
 */
export function pickRecipients(
  audiences: readonly Audience[],
  candidates: readonly Candidate[],
  actorUserId?: string | null,
): Recipient[] {
  const seen = new Set<string>()
  const out: Recipient[] = []
  for (const audience of audiences) {
    const members = candidates
      .filter((c) => c.audience === audience)
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    for (const c of members) {
      if (seen.has(c.userId) || c.userId === actorUserId || !c.email.includes('@')) continue
      seen.add(c.userId)
      out.push({ ...c, locale: mailLocale(c.locale) })
    }
  }
  return out
}
