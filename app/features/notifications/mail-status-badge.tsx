import { useTranslation } from 'react-i18next'
import { Badge } from '~/components/badge'

/** A recorded message's state: sent through SMTP, recorded only (json transport), or not sent yet. */
export function MailStatusBadge({ sentAt, transport }: { sentAt: string | null; transport: string }) {
  const { t } = useTranslation('notifications')
  if (!sentAt) return <Badge tone="warning">{t('mail.status.pending')}</Badge>
  return transport === 'smtp' ? (
    <Badge tone="success">{t('mail.status.sent')}</Badge>
  ) : (
    <Badge tone="info">{t('mail.status.recorded')}</Badge>
  )
}
