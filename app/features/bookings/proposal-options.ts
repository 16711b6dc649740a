// The times staff can propose instead of a requested slot: starts on the instrument's slot grid
// where a booking of the same length fits inside one free piece (proposal.ts asks for exactly
// that). Pure: takes the free slots computed by app/features/availability, with the booking's own
// slot already left out of the busy time.
import { shanghaiMidnight, type DaySlots } from '~/features/availability/free-slots'

export type ProposalOption = { startsAt: string; endsAt: string; startMinute: number; endMinute: number }
export type ProposalDay = { date: string; weekday: number; options: ProposalOption[] }

export function proposalOptions(
  days: readonly DaySlots[],
  booked: { startsAt: Date; endsAt: Date },
  { perDay = 12 }: { perDay?: number } = {},
): ProposalDay[] {
  const length = booked.endsAt.getTime() - booked.startsAt.getTime()
  const minutes = length / 60_000
  if (!(minutes > 0)) return []
  const out: ProposalDay[] = []
  for (const day of days) {
    const midnight = shanghaiMidnight(day.date)
    const options: ProposalOption[] = []
    for (const start of day.starts) {
      const end = start + minutes
      const startsAt = midnight + start * 60_000
      if (startsAt === booked.startsAt.getTime()) continue
      if (!day.free.some((p) => p.startMinute <= start && end <= p.endMinute)) continue
      options.push({
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + length).toISOString(),
        startMinute: start,
        endMinute: end,
      })
      if (options.length >= perDay) break
    }
    if (options.length > 0) out.push({ date: day.date, weekday: day.weekday, options })
  }
  return out
}

/** Minutes from local midnight as "HH:MM" (1440 → "24:00"). */
export function minuteLabel(minute: number): string {
  const h = Math.floor(minute / 60)
  const m = minute % 60
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
}
