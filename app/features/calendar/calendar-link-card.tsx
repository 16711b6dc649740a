import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { CheckboxField } from '~/components/field'

export const CALENDAR_INTENTS = { create: 'calendar-create', reset: 'calendar-reset' } as const

/** webcal:// opens the subscription dialog of the calendar app (Apple Calendar, Outlook). */
function webcalOf(url: string): string {
  return url.replace(/^https?:/, 'webcal:')
}

/**
 * A calendar subscription link with its forms: create it when there is none, show it (read-only,
 * selectable, with a webcal:// link), and reset it behind a confirmation. Works without JS.
 */
export function CalendarLinkCard({
  title,
  text,
  url,
  action,
  done,
  resetError = false,
  idPrefix = 'calendar',
}: {
  title: string
  text: string
  url: string | null
  /** The form's action (the page itself). */
  action: string
  done?: string | null
  resetError?: boolean
  idPrefix?: string
}) {
  const { t } = useTranslation('notifications')
  const titleId = `${idPrefix}-title`
  return (
    <Card title={title} titleId={titleId}>
      <p className="text-sm text-slate-700">{text}</p>
      {done === 'created' ? (
        <div className="mt-4">
          <Alert tone="success">{t('calendar.created')}</Alert>
        </div>
      ) : done === 'reset' ? (
        <div className="mt-4">
          <Alert tone="success">{t('calendar.resetDone')}</Alert>
        </div>
      ) : null}
      {url ? (
        <>
          <div className="mt-4">
            <label htmlFor={`${idPrefix}-url`} className="block text-sm font-medium text-slate-800">
              {t('calendar.urlLabel')}
            </label>
            {/* A textarea, so a phone shows the whole URL (wrapped) instead of its first 30 characters. */}
            <textarea
              id={`${idPrefix}-url`}
              readOnly
              rows={3}
              value={url}
              aria-describedby={`${idPrefix}-url-hint`}
              data-testid={`${idPrefix}-url`}
              className="mt-1 block w-full resize-none rounded-md field-sizing-content border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900"
              onFocus={(e) => e.currentTarget.select()}
            />
            <p id={`${idPrefix}-url-hint`} className="mt-1 text-sm text-slate-500">
              {t('calendar.urlHint')}
            </p>
            <p className="mt-2">
              <a href={webcalOf(url)} className="text-sm text-brand-700 underline-offset-2 hover:underline">
                {t('calendar.open')}
              </a>
            </p>
          </div>
          <div className="mt-4">
            <Alert tone="warning" title={t('calendar.secretTitle')}>
              {t('calendar.secretText')}
            </Alert>
          </div>
          <Form method="post" action={action} className="mt-6 space-y-3 border-t border-slate-100 pt-4">
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value={CALENDAR_INTENTS.reset} />
            <h3 className="font-medium text-slate-900">{t('calendar.resetTitle')}</h3>
            <p className="text-sm text-slate-600">{t('calendar.resetText')}</p>
            <CheckboxField
              label={t('calendar.resetConfirm')}
              errors={resetError ? [t('calendar.resetConfirmRequired')] : undefined}
              inputProps={{ name: 'confirm', id: `${idPrefix}-reset-confirm` }}
            />
            <Button type="submit" variant="secondary">
              {t('calendar.reset')}
            </Button>
          </Form>
        </>
      ) : (
        <Form method="post" action={action} className="mt-4 space-y-3">
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value={CALENDAR_INTENTS.create} />
          <p className="text-sm text-slate-600">
            <span className="font-medium text-slate-800">{t('calendar.noLink')}</span> · {t('calendar.noLinkText')}
          </p>
          <Button type="submit">{t('calendar.create')}</Button>
        </Form>
      )}
    </Card>
  )
}
