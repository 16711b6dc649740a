import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { bookingInReach, getClaimInReach } from '~/features/redemptions/claim-queries.server'
import { officerReach } from '~/features/redemptions/officer-reach'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { notFound } from '~/infra/http.server'
import { isUuid } from '~/infra/uuid'

// /bureau/bookings/:id — where the bureau's e-mails about a booking point (a dispute to resolve, a
// claim to review). The bureau reads bookings as claims and disputes, so this sends the officer to
// the booking's claim, or to its dispute on the disputes page; a booking out of reach, or one that
// is neither, is not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireMembership(request, 'read:booking:region', ['city_officer', 'county_officer'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const reach = officerReach(user.memberships)
  const claim = await db.redemptionClaim.findUnique({ where: { bookingId: id }, select: { id: true } })
  if (claim && (await getClaimInReach(db, reach, claim.id))) return redirect(`/bureau/claims/${claim.id}`)
  const booking = await db.booking.findUnique({ where: { id }, select: { status: true } })
  if (booking?.status === 'disputed' && (await bookingInReach(db, reach, id)))
    return redirect(`/bureau/disputes#dispute-${id}`)
  throw await notFound(request)
}
