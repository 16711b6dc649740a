import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { CALENDAR_INTENTS, CalendarLinkCard } from '~/features/calendar/calendar-link-card'
import {
  getUserCalendarToken,
  issueUserCalendarToken,
  publicOrigin,
  userFeedPath,
} from '~/features/calendar/feeds.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireUser } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

// /settings/calendar: any signed-in user's ICS subscription link (their enterprise's or
// institution's bookings), created on demand and reset behind a confirmation.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const locale = await getLocale(request)
  const token = await getUserCalendarToken(getDb(), user.id)
  return json({
    title: getFixedT(locale, 'notifications')('calendar.title'),
    url: token ? `${publicOrigin(request)}${userFeedPath(token)}` : null,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '日历订阅' }]

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const intent = formData.get('intent')
  if (intent === CALENDAR_INTENTS.reset && formData.get('confirm') !== 'on') {
    return json({ resetError: true }, { status: 400 })
  }
  if (intent !== CALENDAR_INTENTS.create && intent !== CALENDAR_INTENTS.reset) {
    return json({ resetError: false }, { status: 400 })
  }
  const reset = intent === CALENDAR_INTENTS.reset
  const outcome = await issueUserCalendarToken({}, { userId: user.id, reset })
  if (!outcome.ok) throw new Response('Not found', { status: 404 })
  return redirect(`/settings/calendar?done=${reset ? 'reset' : 'created'}`)
}

export default function CalendarSettings() {
  const { t } = useTranslation('notifications')
  const { url } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <PageContainer narrow>
      <PageHeader title={t('calendar.title')} description={t('calendar.description')} />
      <div className="mt-6">
        <CalendarLinkCard
          title={t('calendar.mineTitle')}
          text={t('calendar.mineText')}
          url={url}
          action="/settings/calendar"
          done={params.get('done')}
          resetError={actionData?.resetError ?? false}
          idPrefix="my-calendar"
        />
      </div>
    </PageContainer>
  )
}
