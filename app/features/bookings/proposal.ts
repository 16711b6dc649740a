// The institution may propose another time for a requested slot booking (issue 5); the enterprise
// accepts (the slot moves) or declines. The proposal must be a slot the catalogue would offer: the
// same length as the booked slot (the fee snapshot is quantity × unit fee, so the quantity cannot
// change), on the slot grid, inside one day's free time. Pure: takes the free slots computed by
// app/features/availability for the proposal's day, with this booking left out of the busy time.
import { shanghaiMidnight, type DaySlots } from '~/features/availability/free-slots'

export type ProposalProblem = 'no-slot' | 'invalid-time-range' | 'duration-changed' | 'same-time' | 'slot-not-free'

export function proposalProblem(input: {
  current: { startsAt: Date | null; endsAt: Date | null }
  proposal: { startsAt: Date; endsAt: Date }
  /** freeSlots of the proposal's local day (one day). */
  day: DaySlots | undefined
}): ProposalProblem | null {
  const { current, proposal, day } = input
  if (!current.startsAt || !current.endsAt) return 'no-slot'
  const start = proposal.startsAt.getTime()
  const end = proposal.endsAt.getTime()
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end) return 'invalid-time-range'
  if (end - start !== current.endsAt.getTime() - current.startsAt.getTime()) return 'duration-changed'
  if (start === current.startsAt.getTime()) return 'same-time'
  if (!day) return 'slot-not-free'
  const inFreePiece = day.free.some((p) => Date.parse(p.startsAt) <= start && end <= Date.parse(p.endsAt))
  const midnight = shanghaiMidnight(day.date)
  const onGrid = day.starts.some((m) => midnight + m * 60_000 === start)
  return inFreePiece && onGrid ? null : 'slot-not-free'
}
