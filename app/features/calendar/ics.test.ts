import { describe, expect, it } from 'vitest'
import { bookingUid, buildIcs, escapeText, foldLine, formatIcsDate, formatUtc, nextDate, type IcsEvent } from './ics'

const octets = (s: string) => Buffer.byteLength(s, 'utf8')
const stamp = new Date('2026-06-01T02:03:04.567Z')

function event(overrides: Partial<IcsEvent> = {}): IcsEvent {
  return {
    uid: bookingUid('1b4e28ba-2fa1-11d2-883f-0016d3cca427'),
    dtstamp: stamp,
    start: { at: new Date('2026-06-10T01:00:00.000Z') },
    end: { at: new Date('2026-06-10T03:00:00.000Z') },
    summary: '气相色谱-质谱联用仪 · 样品检测（按小时）',
    status: 'CONFIRMED',
    ...overrides,
  }
}

/** Physical lines joined back (RFC 5545 §3.1 unfolding: CRLF followed by one space). */
const unfold = (ics: string) => ics.replace(/\r\n /g, '')

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and every kind of newline', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng')
  })

  it('keeps Chinese punctuation (，；) as it is and drops control characters', () => {
    expect(escapeText('样品，共3件；急\u0007')).toBe('样品，共3件；急')
  })

  it('escapes the backslash first, so an escape is never escaped twice', () => {
    expect(escapeText('\\n')).toBe('\\\\n')
  })
})

describe('foldLine', () => {
  it('leaves a line of 75 octets alone', () => {
    const line = `SUMMARY:${'x'.repeat(67)}`
    expect(octets(line)).toBe(75)
    expect(foldLine(line)).toBe(line)
  })

  it('folds ASCII at 75 octets, continuation lines starting with one space', () => {
    const line = `DESCRIPTION:${'a'.repeat(200)}`
    const physical = foldLine(line).split('\r\n')
    expect(physical.length).toBeGreaterThan(2)
    expect(octets(physical[0]!)).toBe(75)
    for (const p of physical.slice(1)) {
      expect(p.startsWith(' ')).toBe(true)
      expect(octets(p)).toBeLessThanOrEqual(75)
    }
    expect(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line)
  })

  it('never splits a Chinese character (3 octets) or an emoji (4 octets, a surrogate pair)', () => {
    for (const prefix of ['SUMMARY:', 'SUMMARY:a', 'SUMMARY:ab']) {
      const line = `${prefix}${'达州科技创新券平台仪器预约😀'.repeat(8)}`
      const folded = foldLine(line)
      for (const p of folded.split('\r\n')) {
        expect(octets(p)).toBeLessThanOrEqual(75)
        // Each physical line is valid UTF-8 on its own: encoding and decoding gives it back.
        expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p)
        expect(p).not.toMatch(/[\ud800-\udbff]$|^ ?[\udc00-\udfff]/)
      }
      expect(unfold(folded)).toBe(line)
    }
  })
})

describe('dates', () => {
  it('writes UTC date-times with Z and no milliseconds', () => {
    expect(formatUtc(new Date('2026-06-10T01:02:03.999Z'))).toBe('20260610T010203Z')
  })

  it('writes DATE values and the next day across month and year ends', () => {
    expect(formatIcsDate('2026-06-10')).toBe('20260610')
    expect(nextDate('2026-06-30')).toBe('2026-07-01')
    expect(nextDate('2026-12-31')).toBe('2027-01-01')
    expect(nextDate('2028-02-28')).toBe('2028-02-29')
    expect(() => formatIcsDate('2026/06/10')).toThrow(RangeError)
  })
})

describe('buildIcs', () => {
  it('writes a valid calendar: CRLF everywhere, required properties, one VEVENT per event', () => {
    const ics = buildIcs({ name: '我的预约', events: [event(), event({ uid: 'other@x', status: 'TENTATIVE' })] })
    expect(ics.endsWith('\r\n')).toBe(true)
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/) // no bare LF or CR
    const lines = unfold(ics).split('\r\n').slice(0, -1)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines.at(-1)).toBe('END:VCALENDAR')
    expect(lines).toContain('VERSION:2.0')
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true)
    expect(lines).toContain('X-WR-CALNAME:我的预约')
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2)
    expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(2)
    expect(lines).toContain('UID:booking-1b4e28ba-2fa1-11d2-883f-0016d3cca427@kjj.dazhou.gov.cn')
    expect(lines).toContain('DTSTAMP:20260601T020304Z')
    expect(lines).toContain('DTSTART:20260610T010000Z')
    expect(lines).toContain('DTEND:20260610T030000Z')
    expect(lines).toContain('STATUS:CONFIRMED')
    expect(lines).toContain('STATUS:TENTATIVE')
    for (const physical of ics.split('\r\n')) expect(octets(physical)).toBeLessThanOrEqual(75)
  })

  it('writes all-day events as VALUE=DATE with an exclusive end on the next day', () => {
    const ics = unfold(buildIcs({ name: 'x', events: [event({ start: { date: '2026-06-12' }, end: undefined })] }))
    expect(ics).toContain('\r\nDTSTART;VALUE=DATE:20260612\r\n')
    expect(ics).toContain('\r\nDTEND;VALUE=DATE:20260613\r\n')
  })

  it('refuses an event that mixes a date with a date-time', () => {
    expect(() => buildIcs({ name: 'x', events: [event({ start: { date: '2026-06-12' } })] })).toThrow(/both be dates/)
  })

  it('escapes text properties and folds long Chinese descriptions', () => {
    const description = '检测项目：成分分析，共 3 件；\n备注：请提前 30 分钟到场\\谢谢。'.repeat(3)
    const ics = buildIcs({
      name: '仪器, 预约; 日历',
      events: [
        event({
          status: 'CANCELLED',
          location: '达州市通川区, 四川文理学院; 实验楼 A201',
          description,
          url: 'http://localhost:3000/enterprise/bookings/x?a=1,2',
        }),
      ],
    })
    const lines = unfold(ics).split('\r\n')
    expect(lines).toContain('X-WR-CALNAME:仪器\\, 预约\\; 日历')
    expect(lines).toContain('LOCATION:达州市通川区\\, 四川文理学院\\; 实验楼 A201')
    expect(lines).toContain(`DESCRIPTION:${escapeText(description)}`)
    expect(lines).toContain('URL:http://localhost:3000/enterprise/bookings/x?a=1,2')
    expect(lines).toContain('STATUS:CANCELLED')
    for (const physical of ics.split('\r\n')) {
      expect(octets(physical)).toBeLessThanOrEqual(75)
      expect(Buffer.from(physical, 'utf8').toString('utf8')).toBe(physical)
    }
  })

  it('gives the same booking the same UID and the same bytes for the same data', () => {
    const a = buildIcs({ name: 'x', events: [event()] })
    const b = buildIcs({ name: 'x', events: [event()] })
    expect(a).toBe(b)
    expect(bookingUid('abc')).toBe(bookingUid('abc'))
    expect(bookingUid('abc')).not.toBe(bookingUid('abd'))
  })

  it('writes an empty calendar when there is nothing to show', () => {
    const ics = buildIcs({ name: '空', events: [] })
    expect(ics).not.toContain('BEGIN:VEVENT')
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/)
  })
})
