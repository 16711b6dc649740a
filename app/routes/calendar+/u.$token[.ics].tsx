import type { LoaderFunctionArgs } from '@remix-run/node'
import { bookingEvents, userCalendarName } from '~/features/calendar/feed'
import { feedNotFound, icsResponse } from '~/features/calendar/feed-response.server'
import { findUserFeed, isCalendarToken } from '~/features/calendar/feeds.server'
import { buildIcs } from '~/features/calendar/ics'
import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'

// A person's bookings as an ICS feed: /calendar/u/<token>.ics. No session (calendar clients cannot
// sign in): the secret token in the URL is the credential; /settings/calendar shows and resets it.
export async function loader({ params }: LoaderFunctionArgs) {
  if (!isCalendarToken(params.token)) return feedNotFound()
  const feed = await findUserFeed(getDb(), params.token, new Date())
  if (!feed) return feedNotFound()
  const ics = buildIcs({
    name: userCalendarName(feed.userName, feed.locale),
    events: bookingEvents(feed.bookings, feed.locale, getEnv().APP_ORIGIN),
  })
  return icsResponse(ics, 'bookings.ics')
}
