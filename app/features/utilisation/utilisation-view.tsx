// The utilisation page body, shared by the institution's page and the bureau's: a GET form for
// year and norm (works without JavaScript), totals, a table per institution and per instrument.
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { buttonClasses } from '~/components/button'
import { StatCard } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { SelectField } from '~/components/field'
import { formatFen } from '~/features/money/money'
import type { JsonFigures, UtilisationReport } from './queries.server'
import { formatBp } from './utilisation'

type JsonReport = Omit<UtilisationReport, 'instruments'> & {
  instruments: (Omit<UtilisationReport['instruments'][number], 'sharingStatus'> & { sharingStatus: string })[]
}

function hours(t: (key: string, options?: Record<string, unknown>) => string, value: number) {
  return t('utilisation.hours', { hours: value.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) })
}

export function UtilisationView({
  report,
  years,
  action,
  showInstitutions,
}: {
  report: JsonReport
  years: number[]
  action: string
  showInstitutions: boolean
}) {
  const { t: tr, i18n } = useTranslation('catalogue')
  const t = tr as unknown as (key: string, options?: Record<string, unknown>) => string
  const en = i18n.language === 'en'
  const figureColumns = [
    {
      key: 'effective',
      header: t('utilisation.effectiveHours'),
      align: 'right' as const,
      cell: (f: JsonFigures) => hours(t, f.effectiveHours),
    },
    {
      key: 'external',
      header: t('utilisation.externalHours'),
      align: 'right' as const,
      cell: (f: JsonFigures) => hours(t, f.externalHours),
    },
    {
      key: 'internal',
      header: t('utilisation.internalHours'),
      align: 'right' as const,
      cell: (f: JsonFigures) => hours(t, f.internalHours),
    },
    {
      key: 'income',
      header: t('utilisation.income'),
      align: 'right' as const,
      cell: (f: JsonFigures) => formatFen(BigInt(f.incomeFen)),
    },
    {
      key: 'sharing',
      header: t('utilisation.sharingRate'),
      align: 'right' as const,
      cell: (f: JsonFigures) => formatBp(f.sharingRateBp),
    },
    {
      key: 'utilisation',
      header: t('utilisation.utilisationRate'),
      align: 'right' as const,
      cell: (f: JsonFigures) => formatBp(f.utilisationBp),
    },
  ]
  return (
    <div className="mt-6 space-y-8">
      <Form method="get" action={action} className="flex flex-wrap items-end gap-3">
        <SelectField
          className="w-36"
          label={t('utilisation.year')}
          selectProps={{ name: 'year', defaultValue: String(report.year) }}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <SelectField
          className="w-56"
          label={t('utilisation.norm')}
          selectProps={{ name: 'norm', defaultValue: String(report.normHours) }}
          options={[
            { value: '1600', label: t('utilisation.norm1600') },
            { value: '800', label: t('utilisation.norm800') },
          ]}
        />
        <button type="submit" className={buttonClasses({ variant: 'secondary' })}>
          {t('utilisation.show')}
        </button>
      </Form>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="utilisation-total">
        <StatCard label={t('utilisation.effectiveHours')} value={hours(t, report.total.effectiveHours)} />
        <StatCard label={t('utilisation.externalHours')} value={hours(t, report.total.externalHours)} />
        <StatCard label={t('utilisation.income')} value={formatFen(BigInt(report.total.incomeFen))} />
        <StatCard
          label={t('utilisation.sharingRate')}
          value={formatBp(report.total.sharingRateBp)}
          detail={`${t('utilisation.utilisationRate')} ${formatBp(report.total.utilisationBp)}`}
        />
      </dl>

      {report.instruments.length === 0 ? (
        <EmptyState title={t('utilisation.empty')} description={t('utilisation.counted')} />
      ) : (
        <>
          {showInstitutions ? (
            <section>
              <DataTable
                caption={t('utilisation.byInstitution')}
                rowKey={(r) => r.institutionId}
                rows={report.institutions}
                columns={[
                  {
                    key: 'name',
                    header: t('utilisation.institution'),
                    rowHeader: true,
                    wrap: true,
                    cell: (r) => (en ? (r.institutionNameEn ?? r.institutionName) : r.institutionName),
                  },
                  {
                    key: 'count',
                    header: t('utilisation.instruments'),
                    align: 'right',
                    cell: (r) => r.figures.instruments,
                  },
                  ...figureColumns.map((c) => ({
                    ...c,
                    cell: (r: (typeof report.institutions)[number]) => c.cell(r.figures),
                  })),
                ]}
              />
            </section>
          ) : null}
          <section>
            <DataTable
              caption={t('utilisation.byInstrument')}
              rowKey={(r) => r.instrumentId}
              rows={report.instruments}
              columns={[
                {
                  key: 'name',
                  header: t('utilisation.instrument'),
                  rowHeader: true,
                  wrap: true,
                  cell: (r) => (
                    <>
                      <span className="font-medium text-slate-900">{r.name}</span>
                      {r.model ? <span className="block text-xs text-slate-500">{r.model}</span> : null}
                      {showInstitutions ? (
                        <span className="block text-xs text-slate-500">
                          {en ? (r.institutionNameEn ?? r.institutionName) : r.institutionName}
                        </span>
                      ) : null}
                    </>
                  ),
                },
                {
                  key: 'bookings',
                  header: t('utilisation.bookings'),
                  align: 'right',
                  cell: (r) => r.figures.completedBookings,
                },
                ...figureColumns.map((c) => ({
                  ...c,
                  cell: (r: (typeof report.instruments)[number]) => c.cell(r.figures),
                })),
              ]}
            />
          </section>
          <p className="text-sm text-slate-500">{t('utilisation.counted')}</p>
        </>
      )}
    </div>
  )
}
