import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Card } from '~/components/card'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { getMail, requireMailPreview } from '~/features/notifications/mail-log.server'
import { MailStatusBadge } from '~/features/notifications/mail-status-badge'
import { bookingRef } from '~/features/notifications/templates'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getDb } from '~/infra/db.server'

// /dev/mail/:id — one recorded message: its envelope, the plain text, and the HTML (rendered in a
// sandboxed iframe that runs no script, and as source).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMailPreview(request)
  const locale = await getLocale(request)
  const message = await getMail(getDb(), params.id ?? '')
  if (!message) throw json({ message: getFixedT(locale)('errors.notFoundText') }, { status: 404 })
  return json({ locale, message })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.message.subject ?? '邮件' }]

export default function MailMessagePage() {
  const { t } = useTranslation('notifications')
  const { locale, message: m } = useLoaderData<typeof loader>()
  const rows: [string, ReactNode][] = [
    [t('mail.detail.to'), <span className="break-all">{m.toAddress}</span>],
    [t('mail.detail.locale'), m.locale],
    [t('mail.detail.template'), <span className="font-mono text-sm">{m.template}</span>],
    [
      t('mail.detail.booking'),
      m.bookingId ? <span className="font-mono text-sm">{bookingRef(m.bookingId)}</span> : '—',
    ],
    [
      t('mail.detail.transport'),
      m.transport === 'json' || m.transport === 'smtp' ? t(`mail.transport.${m.transport}`) : m.transport,
    ],
    [
      t('mail.detail.providerId'),
      m.providerMessageId ? <span className="font-mono text-xs break-all">{m.providerMessageId}</span> : '—',
    ],
    [t('mail.detail.createdAt'), formatDateTime(m.createdAt, locale)],
    [t('mail.detail.sentAt'), m.sentAt ? formatDateTime(m.sentAt, locale) : t('mail.detail.notSent')],
    [t('mail.detail.dedupeKey'), <span className="font-mono text-xs break-all">{m.dedupeKey}</span>],
  ]
  return (
    <PageContainer>
      <p className="mb-4 text-sm">
        <Link to="/dev/mail" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('mail.detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('mail.title')}
        title={<span className="break-words">{m.subject}</span>}
        actions={<MailStatusBadge sentAt={m.sentAt} transport={m.transport} />}
      />
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('mail.detail.meta')} titleId="mail-meta" className="order-2 lg:order-1 lg:col-span-1">
          <dl className="space-y-3 text-sm">
            {rows.map(([label, value]) => (
              <div key={label}>
                <dt className="text-slate-500">{label}</dt>
                <dd className="mt-0.5 text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        {/* On a phone the message comes first, its envelope after. */}
        <div className="order-1 space-y-6 lg:order-2 lg:col-span-2">
          <Card title={t('mail.detail.text')} titleId="mail-text">
            <pre
              data-testid="mail-text"
              className="overflow-x-auto font-sans text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800"
            >
              {m.textBody}
            </pre>
          </Card>
          <Card title={t('mail.detail.html')} titleId="mail-html">
            {m.htmlBody ? (
              <>
                <p className="mb-3 text-sm text-slate-500">{t('mail.detail.htmlNote')}</p>
                {/* sandbox="" : no scripts, no forms, no same-origin access, no top navigation. */}
                <iframe
                  title={t('mail.detail.html')}
                  sandbox=""
                  srcDoc={m.htmlBody}
                  className="h-[28rem] w-full rounded border border-slate-200 bg-white"
                />
                <details className="mt-4">
                  <summary className="cursor-pointer text-sm text-brand-700">{t('mail.detail.htmlSource')}</summary>
                  <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-3 text-xs break-all whitespace-pre-wrap">
                    {m.htmlBody}
                  </pre>
                </details>
              </>
            ) : (
              <p className="text-sm text-slate-600">{t('mail.detail.noHtml')}</p>
            )}
          </Card>
        </div>
      </div>
    </PageContainer>
  )
}
