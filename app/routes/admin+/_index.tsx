import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, StatCard } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatCount } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { buttonClasses } from '~/components/button'
import { getAdminWorkspace } from '~/features/users/workspace-queries.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireMembership(request, 'manage:user:any', ['platform_admin'])
  const locale = await getLocale(request)
  const workspace = await getAdminWorkspace(getDb(), new Date())
  const t = getFixedT(locale, 'dashboard')
  return json({ title: t('admin.title'), locale, userName: user.name, ...workspace })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '平台管理' }]

export default function AdminHome() {
  const { t } = useTranslation('dashboard')
  const { t: tc } = useTranslation()
  const { locale, userName, totalUsers, activeSessions, byRole } = useLoaderData<typeof loader>()

  return (
    <PageContainer>
      <PageHeader
        eyebrow={tc('roles.platform_admin')}
        title={t('admin.title')}
        testId="role-home"
        description={t('greeting', { name: userName })}
      />

      <dl className="mt-6 grid grid-cols-2 gap-2 sm:gap-4">
        <StatCard label={t('admin.totalUsers')} value={formatCount(totalUsers, locale)} testId="total-users" />
        <StatCard label={t('admin.activeSessions')} value={formatCount(activeSessions, locale)} />
      </dl>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('admin.usersByRole')} titleId="admin-roles" className="lg:col-span-2">
          <DataTable
            caption={t('admin.usersCaption')}
            rows={byRole}
            rowKey={(r) => r.role}
            empty={<EmptyState title={t('admin.noUsers')} description={t('admin.noUsersText')} />}
            columns={[
              { key: 'role', header: t('admin.role'), rowHeader: true, cell: (r) => tc(`roles.${r.role}`) },
              { key: 'count', header: t('admin.count'), align: 'right', cell: (r) => formatCount(r.count, locale) },
            ]}
          />
        </Card>
        <Card title={t('admin.queues')} titleId="admin-queues">
          <p className="text-slate-700">{t('admin.queuesText')}</p>
          {/* bull-board is mounted by server.ts (Express), outside Remix: a full page load. */}
          <a href="/admin/queues" className={buttonClasses({ variant: 'secondary', className: 'mt-4' })}>
            {t('admin.openQueues')}
          </a>
        </Card>
      </div>
    </PageContainer>
  )
}
