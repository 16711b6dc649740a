import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '~/components/empty-state'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { listMail, MAIL_LOG_LIMIT, requireMailPreview } from '~/features/notifications/mail-log.server'
import { MailStatusBadge } from '~/features/notifications/mail-status-badge'
import { bookingRef } from '~/features/notifications/templates'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getDb } from '~/infra/db.server'

// /dev/mail: every message the platform recorded, newest first (development, tests, the demo with
// MAIL_PREVIEW=1, and platform admins).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireMailPreview(request)
  const locale = await getLocale(request)
  const messages = await listMail(getDb())
  return json({ title: getFixedT(locale, 'notifications')('mail.title'), locale, messages })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '邮件记录' }]

export default function MailLog() {
  const { t } = useTranslation('notifications')
  const { locale, messages } = useLoaderData<typeof loader>()
  return (
    <PageContainer>
      <PageHeader eyebrow={t('mail.eyebrow')} title={t('mail.title')} description={t('mail.description')} />
      {messages.length === 0 ? (
        <div className="mt-6">
          <EmptyState title={t('mail.empty')} description={t('mail.emptyText')} />
        </div>
      ) : (
        <>
          {messages.length >= MAIL_LOG_LIMIT ? (
            <p className="mt-4 text-sm text-slate-500">{t('mail.showing', { count: messages.length })}</p>
          ) : null}
          <ul
            className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm"
            aria-label={t('mail.caption')}
            data-testid="mail-log"
          >
            {messages.map((m) => (
              <li key={m.id}>
                <Link
                  to={`/dev/mail/${m.id}`}
                  className="block px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 sm:px-5"
                >
                  <div className="flex items-start justify-between gap-3">
                    <p className="min-w-0 font-medium break-words text-brand-700">{m.subject}</p>
                    <MailStatusBadge sentAt={m.sentAt} transport={m.transport} />
                  </div>
                  <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
                    <div className="flex min-w-0 gap-1">
                      <dt className="text-slate-500">{t('mail.columns.to')}</dt>
                      <dd className="min-w-0 break-all">{m.toAddress}</dd>
                    </div>
                    <div className="flex gap-1">
                      <dt className="text-slate-500">{t('mail.columns.template')}</dt>
                      <dd className="font-mono text-xs leading-5">{m.template}</dd>
                    </div>
                    {m.bookingId ? (
                      <div className="flex gap-1">
                        <dt className="text-slate-500">{t('mail.columns.booking')}</dt>
                        <dd className="font-mono text-xs leading-5">{bookingRef(m.bookingId)}</dd>
                      </div>
                    ) : null}
                    <div className="flex gap-1">
                      <dt className="text-slate-500">{t('mail.columns.time')}</dt>
                      <dd className="tabular-nums">{formatDateTime(m.createdAt, locale)}</dd>
                    </div>
                  </dl>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </PageContainer>
  )
}
