// An RFC 5545 (iCalendar) writer for the booking feeds. Pure: no clock, no env — the caller
// passes DTSTAMP and every value. What calendar clients trip over, handled here once:
// - lines end in CRLF (§3.1), also the last one;
// - content lines are folded at 75 octets, never inside a UTF-8 character (Chinese text is 3
//   octets a character; a split one shows as mojibake in Outlook and Google Calendar);
// - TEXT values escape backslash, semicolon, comma and newlines (§3.3.11);
// - times are UTC ("…Z", §3.3.5 form 2) so no VTIMEZONE is needed; all-day events are VALUE=DATE
//   with an exclusive DTEND (§3.6.1).

export type IcsStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'

/** A moment (written in UTC) or a whole day ('YYYY-MM-DD', a calendar date with no zone). */
export type IcsWhen = { at: Date } | { date: string }

export type IcsEvent = {
  /** Stable across feed refreshes (clients update the event with this UID instead of adding one). */
  uid: string
  /** When the information was last revised (RFC 5545 §3.8.7.2, for a calendar without METHOD). */
  dtstamp: Date
  start: IcsWhen
  /** Exclusive end. For an all-day event it defaults to the day after `start`. */
  end?: IcsWhen
  summary: string
  location?: string | null
  description?: string | null
  url?: string | null
  status: IcsStatus
}

export type IcsCalendar = {
  /** X-WR-CALNAME: the name a client shows for the subscription. */
  name: string
  description?: string | null
  /** How often a client should refresh, in minutes (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshMinutes?: number
  events: readonly IcsEvent[]
}

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8'
const PRODID = '-//Dazhou Innovation Vouchers//Booking Calendar//ZH'
const CRLF = '\r\n'
const MAX_OCTETS = 75

/** TEXT escaping (RFC 5545 §3.3.11): \ ; , and newlines; other control characters are dropped. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // CONTROL characters other than HTAB are not allowed in a TEXT value.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  )
}

const encoder = new TextEncoder()
const octets = (s: string) => encoder.encode(s).length

/**
 * Folds one content line (§3.1): no physical line longer than 75 octets, continuation lines start
 * with one space (which counts towards their 75). Splits between code points only, so a
 * multi-octet UTF-8 character (or a surrogate pair) always stays whole.
 */
export function foldLine(line: string): string {
  if (octets(line) <= MAX_OCTETS) return line
  const parts: string[] = []
  let current = ''
  let size = 0
  let limit = MAX_OCTETS
  for (const char of line) {
    const n = octets(char)
    if (size + n > limit) {
      parts.push(current)
      current = ''
      size = 0
      limit = MAX_OCTETS - 1 // the leading space of a continuation line
    }
    current += char
    size += n
  }
  parts.push(current)
  return parts.join(`${CRLF} `)
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** 2026-06-10T01:30:00.000Z → 20260610T013000Z (seconds kept, milliseconds dropped). */
export function formatUtc(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('formatUtc: invalid date')
  return (
    `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}` +
    `T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`
  )
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** '2026-06-10' → 20260610 (a DATE value). */
export function formatIcsDate(date: string): string {
  const m = DATE_RE.exec(date)
  if (!m) throw new RangeError(`formatIcsDate: expected YYYY-MM-DD, got ${date}`)
  return `${m[1]}${m[2]}${m[3]}`
}

/** The calendar day after `date` ('2026-12-31' → '2027-01-01'). */
export function nextDate(date: string): string {
  const m = DATE_RE.exec(date)
  if (!m) throw new RangeError(`nextDate: expected YYYY-MM-DD, got ${date}`)
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1))
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

function whenProperty(name: 'DTSTART' | 'DTEND', when: IcsWhen): string {
  return 'at' in when ? `${name}:${formatUtc(when.at)}` : `${name};VALUE=DATE:${formatIcsDate(when.date)}`
}

function eventLines(event: IcsEvent): string[] {
  const end: IcsWhen | undefined =
    event.end ?? ('date' in event.start ? { date: nextDate(event.start.date) } : undefined)
  if (end && 'at' in event.start !== 'at' in end) {
    throw new RangeError(`event ${event.uid}: DTSTART and DTEND must both be dates or both be times`)
  }
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatUtc(event.dtstamp)}`,
    whenProperty('DTSTART', event.start),
  ]
  if (end) lines.push(whenProperty('DTEND', end))
  lines.push(`SUMMARY:${escapeText(event.summary)}`)
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`)
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
  // URL is a URI value, not TEXT: no escaping (a comma in a query string must stay a comma).
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`)
  lines.push(`STATUS:${event.status}`, 'TRANSP:OPAQUE', 'END:VEVENT')
  return lines
}

/** The whole VCALENDAR, folded, CRLF after every line. */
export function buildIcs(calendar: IcsCalendar): string {
  const refresh = calendar.refreshMinutes ?? 60
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    // Times are UTC; this only tells clients which zone the owner thinks in.
    'X-WR-TIMEZONE:Asia/Shanghai',
    `REFRESH-INTERVAL;VALUE=DURATION:PT${refresh}M`,
    `X-PUBLISHED-TTL:PT${refresh}M`,
  ]
  if (calendar.description) lines.push(`X-WR-CALDESC:${escapeText(calendar.description)}`)
  for (const event of calendar.events) lines.push(...eventLines(event))
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join(CRLF) + CRLF
}

/** The UID of a booking's event: the same booking is the same event in every feed, forever. */
export function bookingUid(bookingId: string): string {
  return `booking-${bookingId}@kjj.dazhou.gov.cn`
}
