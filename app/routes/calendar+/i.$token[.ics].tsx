import type { LoaderFunctionArgs } from '@remix-run/node'
import { bookingEvents, instrumentCalendarName } from '~/features/calendar/feed'
import { feedNotFound, icsResponse } from '~/features/calendar/feed-response.server'
import { findInstrumentFeed, isCalendarToken } from '~/features/calendar/feeds.server'
import { buildIcs } from '~/features/calendar/ics'
import { DEFAULT_LOCALE } from '~/i18n/config'
import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'

// One instrument's bookings as an ICS feed for its institution: /calendar/i/<token>.ics. No
// session: the secret token is the credential; the instrument's page shows and resets it.
export async function loader({ params }: LoaderFunctionArgs) {
  if (!isCalendarToken(params.token)) return feedNotFound()
  const feed = await findInstrumentFeed(getDb(), params.token, new Date())
  if (!feed) return feedNotFound()
  const ics = buildIcs({
    name: instrumentCalendarName(feed.instrumentName, feed.assetNo, DEFAULT_LOCALE),
    events: bookingEvents(feed.bookings, DEFAULT_LOCALE, getEnv().APP_ORIGIN),
  })
  return icsResponse(ics, 'instrument-bookings.ics')
}
