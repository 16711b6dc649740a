import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, Link, useLoaderData, useRouteError, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { buttonClasses } from '~/components/button'
import { Card } from '~/components/card'
import { PageContainer } from '~/components/page-container'
import { formatMinuteOfDay, formatShanghaiDateTime } from '~/features/instruments/catalogue'
import { LargeInstrumentBadge, localName, SharingStatusBadge } from '~/features/instruments/instrument-badges'
import { shanghaiDate, type DaySlots } from '~/features/availability/free-slots'
import { instrumentFreeSlots } from '~/features/availability/queries.server'
import { getPublicInstrument, type InstrumentDetail } from '~/features/instruments/queries.server'
import { formatFen, formatWan } from '~/features/money/money'
import { isLocale } from '~/i18n/config'
import { getDb } from '~/infra/db.server'

// Public detail page. Unknown, malformed or non-public ids are all a plain 404: the page never
// reveals that an internal-only or retired instrument exists.
export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb()
  const now = new Date()
  const instrument = await getPublicInstrument(db, params.id ?? '', now)
  if (!instrument) throw json({ message: 'instrument not found' }, { status: 404 })
  // The next 14 days of free time, exact (features/availability/free-slots.ts).
  const slots = (await instrumentFreeSlots(db, instrument.id, { now, days: AVAILABILITY_DAYS })) ?? []
  return json({ instrument, slots, today: shanghaiDate(now) })
}

const AVAILABILITY_DAYS = 14

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const i = data?.instrument
  if (!i) return [{ title: '仪器不存在' }]
  return [
    { title: `${i.name}${i.model ? ` ${i.model}` : ''} · ${i.institution.name}` },
    {
      name: 'description',
      content: [i.name, i.model, i.manufacturer, i.institution.name, i.uses].filter(Boolean).join('，'),
    },
  ]
}

const WEEKDAY_KEYS = { 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun' } as const

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null
  return (
    <div className="py-2.5 sm:grid sm:grid-cols-[10rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900 sm:mt-0">{children}</dd>
    </div>
  )
}

export default function InstrumentPage() {
  const { instrument: i, slots, today } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('catalogue')
  const { t: tb } = useTranslation('bookings')
  const locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const rootData = useRouteLoaderData<{ user: unknown }>('root')
  const signedIn = Boolean(rootData?.user)
  const name = localName(locale, i.name, i.nameEn)
  const inst = i.institution
  const parentCode = i.parentCategory?.code ?? i.category.code
  return (
    <PageContainer>
      <nav aria-label="breadcrumb" className="text-sm text-slate-600">
        <Link to="/instruments" className="text-brand-700 hover:underline">
          {t('detail.breadcrumb')}
        </Link>
        {i.parentCategory ? (
          <>
            <span className="mx-1.5 text-slate-400">/</span>
            <Link to={`/instruments?category=${i.parentCategory.code}`} className="text-brand-700 hover:underline">
              {localName(locale, i.parentCategory.name, i.parentCategory.nameEn)}
            </Link>
          </>
        ) : null}
        <span className="mx-1.5 text-slate-400">/</span>
        <Link to={`/instruments?category=${i.category.code}`} className="text-brand-700 hover:underline">
          {localName(locale, i.category.name, i.category.nameEn)}
        </Link>
      </nav>

      <header className="mt-3 border-b border-slate-200 pb-5">
        <div className="flex flex-wrap items-center gap-2">
          <SharingStatusBadge status={i.sharingStatus} />
          <LargeInstrumentBadge originalValueFen={i.originalValueFen} />
        </div>
        <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{name}</h1>
        <p className="mt-1 text-slate-600">
          {[i.model, i.manufacturer].filter(Boolean).join(' · ')}
          {locale !== 'en' && i.nameEn ? <span className="block text-sm text-slate-500">{i.nameEn}</span> : null}
        </p>
        <p className="mt-2 text-slate-800">
          {localName(locale, inst.name, inst.nameEn)}
          <span className="text-slate-500">
            {t('punct.paren', { text: localName(locale, inst.regionName, inst.regionNameEn) })}
          </span>
        </p>
      </header>

      {i.photos.length > 0 ? (
        <ul className="mt-5 flex gap-3 overflow-x-auto pb-1" aria-label={t('detail.photos')}>
          {i.photos.map((file, n) => (
            <li key={file} className="shrink-0">
              <img
                src={`/media/instrument-photos/${file}`}
                alt={t('detail.photoAlt', { name, n: n + 1 })}
                loading="lazy"
                className="h-40 w-auto max-w-[80vw] rounded-md border border-slate-200 bg-white object-cover sm:h-48"
              />
            </li>
          ))}
        </ul>
      ) : null}

      {i.sharingStatus === 'maintenance' ? (
        <p role="status" className="mt-5 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900">
          {t('detail.maintenanceNote')}
        </p>
      ) : null}

      {/* Phones: fees, then hours and institution, then the long details; wide screens: two columns. */}
      <div className="mt-6 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title={t('detail.services')} titleId="services" className="lg:col-start-1">
          {i.serviceItems.length === 0 ? (
            <p className="text-slate-600">{t('detail.noServices')}</p>
          ) : (
            <>
              <ul className="divide-y divide-slate-100" data-testid="service-items">
                {i.serviceItems.map((s) => (
                  <li
                    key={s.id}
                    className="flex flex-col gap-1 py-3 first:pt-0 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
                  >
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{localName(locale, s.name, s.nameEn)}</p>
                      {s.description ? <p className="text-sm text-slate-600">{s.description}</p> : null}
                      {s.minQuantity > 1 ? (
                        <p className="text-sm text-slate-600">
                          {t('detail.minimum')}
                          {t('punct.colon')}
                          {t('detail.minimumValue', { quantity: s.minQuantity, unit: t(`unit.${s.unit}`) })}
                        </p>
                      ) : null}
                    </div>
                    <div className="flex shrink-0 items-center gap-3">
                      <p className="text-lg font-semibold tabular-nums text-slate-900">
                        {t('detail.perUnit', { fee: formatFen(s.feeFen), unit: t(`unit.${s.unit}`) })}
                      </p>
                      {/* Issue 5: book this service (the booking page explains who may book). */}
                      {i.sharingStatus === 'open' ? (
                        <Link
                          to={`/instruments/${i.id}/book?item=${s.id}`}
                          className={buttonClasses({ size: 'sm' })}
                          aria-label={tb('links.bookItem', { name: localName(locale, s.name, s.nameEn) })}
                        >
                          {tb('links.book')}
                        </Link>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-sm text-slate-600">{t('detail.servicesNote')}</p>
            </>
          )}
        </Card>

        <Availability instrument={i} slots={slots} today={today} />

        <aside className="space-y-6 lg:col-start-2 lg:row-span-3 lg:row-start-1">
          <Card title={t('detail.openHours')} titleId="open-hours">
            {i.openHours.length === 0 ? (
              <p className="text-slate-600">{t('detail.noOpenHours')}</p>
            ) : (
              <>
                <dl className="space-y-1.5" data-testid="open-hours">
                  {i.openHours.map((day) => (
                    <div key={day.weekday} className="flex gap-3">
                      <dt className="w-12 shrink-0 text-slate-600">
                        {t(`weekday.${WEEKDAY_KEYS[day.weekday as keyof typeof WEEKDAY_KEYS]}`)}
                      </dt>
                      <dd className="tabular-nums text-slate-900">{day.ranges.join(t('punct.list'))}</dd>
                    </div>
                  ))}
                </dl>
                <p className="mt-3 text-xs text-slate-500">{t('detail.openHoursNote')}</p>
              </>
            )}
            {i.blackouts.length > 0 ? (
              <div className="mt-4 border-t border-slate-100 pt-3">
                <h3 className="text-sm font-semibold text-slate-800">{t('detail.blackouts')}</h3>
                <ul className="mt-1 space-y-1 text-sm text-slate-700">
                  {i.blackouts.map((b) => (
                    <li key={b.startsAt}>
                      <span className="tabular-nums">
                        {t('detail.blackoutRange', {
                          from: formatShanghaiDateTime(new Date(b.startsAt)),
                          to: formatShanghaiDateTime(new Date(b.endsAt)),
                        })}
                      </span>
                      {b.reason ? <span className="block text-slate-500">{b.reason}</span> : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </Card>

          <Card title={t('detail.institution')} titleId="institution">
            <p className="font-medium text-slate-900">{localName(locale, inst.name, inst.nameEn)}</p>
            <dl className="mt-2 space-y-1.5 text-sm">
              <div>
                <dt className="inline text-slate-500">
                  {t('detail.institutionType')}
                  {t('punct.colon')}
                </dt>
                <dd className="inline text-slate-800">{t(`institutionType.${inst.type}`)}</dd>
              </div>
              <div>
                <dt className="inline text-slate-500">
                  {t('detail.region')}
                  {t('punct.colon')}
                </dt>
                <dd className="inline text-slate-800">{localName(locale, inst.regionName, inst.regionNameEn)}</dd>
              </div>
              {inst.cmaNo ? (
                <div>
                  <dt className="inline text-slate-500">
                    {t('detail.cma')}
                    {t('punct.colon')}
                  </dt>
                  <dd className="inline tabular-nums text-slate-800">{inst.cmaNo}</dd>
                </div>
              ) : null}
              {inst.cnasNo ? (
                <div>
                  <dt className="inline text-slate-500">
                    {t('detail.cnas')}
                    {t('punct.colon')}
                  </dt>
                  <dd className="inline text-slate-800">{inst.cnasNo}</dd>
                </div>
              ) : null}
              {inst.contactName ? (
                <div>
                  <dt className="inline text-slate-500">
                    {t('detail.institutionContact')}
                    {t('punct.colon')}
                  </dt>
                  <dd className="inline text-slate-800">
                    {inst.contactName}
                    {inst.contactPhone ? ` ${inst.contactPhone}` : ''}
                  </dd>
                </div>
              ) : null}
              {inst.address ? (
                <div>
                  <dt className="inline text-slate-500">
                    {t('detail.institutionAddress')}
                    {t('punct.colon')}
                  </dt>
                  <dd className="inline text-slate-800">{inst.address}</dd>
                </div>
              ) : null}
            </dl>
            {inst.isPartnerRegion ? (
              <p className="mt-3 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-800">
                {t('detail.partnerRegion')}
              </p>
            ) : null}
            <Link
              to={`/instruments?institution=${inst.id}`}
              className="mt-3 inline-block text-sm text-brand-700 hover:underline"
            >
              {t('detail.allOfInstitution')} →
            </Link>
          </Card>

          {!signedIn ? (
            <div className="rounded-lg border border-brand-100 bg-brand-50 p-4">
              <p className="text-sm text-brand-800">{t('detail.bookHint')}</p>
              <Link
                to={`/login?redirectTo=${encodeURIComponent(`/instruments/${i.id}`)}`}
                className={buttonClasses({ size: 'sm', className: 'mt-3' })}
              >
                {t('detail.login')}
              </Link>
            </div>
          ) : null}

          <Link
            to={`/instruments?category=${parentCode}`}
            className="inline-block text-sm text-brand-700 hover:underline"
          >
            {t('detail.more')} →
          </Link>
        </aside>

        <Card title={t('detail.basics')} titleId="basics" className="lg:col-start-1">
          <dl className="divide-y divide-slate-100">
            {locale !== 'en' ? <Row label={t('detail.nameEn')}>{i.nameEn}</Row> : null}
            <Row label={t('detail.model')}>{i.model}</Row>
            <Row label={t('detail.manufacturer')}>{i.manufacturer}</Row>
            <Row label={t('detail.country')}>{i.country}</Row>
            <Row label={t('detail.originalValue')}>
              <span className="tabular-nums">{formatWan(BigInt(i.originalValueFen), locale)}</span>
            </Row>
            <Row label={t('detail.inUseSince')}>{i.inUseSince}</Row>
            <Row label={t('detail.category')}>
              {i.parentCategory ? `${localName(locale, i.parentCategory.name, i.parentCategory.nameEn)} › ` : ''}
              {localName(locale, i.category.name, i.category.nameEn)}
            </Row>
            <Row label={t('detail.bookingMode')}>{t(`bookingMode.${i.bookingMode}`)}</Row>
            <Row label={t('detail.lab')}>{i.lab}</Row>
            <Row label={t('detail.address')}>{i.address}</Row>
            <Row label={t('detail.specifications')}>{i.specifications}</Row>
            <Row label={t('detail.researchFields')}>{i.researchFields}</Row>
            <Row label={t('detail.uses')}>{i.uses}</Row>
            <Row label={t('detail.accessories')}>{i.accessories}</Row>
            <Row label={t('detail.accreditation')}>{i.accreditation}</Row>
            <Row label={t('detail.contact')}>{i.contactName}</Row>
            <Row label={t('detail.phone')}>
              {i.contactPhone ? (
                <a href={`tel:${i.contactPhone.replace(/[^\d+]/g, '')}`} className="text-brand-700 hover:underline">
                  {i.contactPhone}
                </a>
              ) : null}
            </Row>
          </dl>
        </Card>
      </div>
    </PageContainer>
  )
}

/** A compact list of the next days: date, then the free ranges, or why there are none. */
function Availability({
  instrument,
  slots,
  today,
}: {
  instrument: Pick<InstrumentDetail, 'rules'>
  slots: DaySlots[]
  today: string
}) {
  const { t } = useTranslation('catalogue')
  const { rules } = instrument
  return (
    <Card title={t('detail.availability')} titleId="availability" className="lg:col-start-1">
      <p className="text-sm text-slate-600">{t('detail.availabilityNote')}</p>
      <ol className="mt-3 divide-y divide-slate-100" data-testid="availability">
        {slots.map((day) => {
          const [, month, dayOfMonth] = day.date.split('-')
          return (
            <li
              key={day.date}
              data-date={day.date}
              data-status={day.status}
              className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2"
            >
              <span className="w-28 shrink-0 tabular-nums text-slate-700">
                {t('detail.dayLabel', { month: Number(month), day: Number(dayOfMonth) })}{' '}
                <span className="text-slate-500">
                  {day.date === today
                    ? t('detail.today')
                    : t(`weekday.${WEEKDAY_KEYS[day.weekday as keyof typeof WEEKDAY_KEYS]}`)}
                </span>
              </span>
              {day.status === 'free' ? (
                <span className="flex flex-wrap gap-1.5">
                  {day.free.map((f) => (
                    <span
                      key={f.startsAt}
                      className="rounded bg-emerald-50 px-2 py-0.5 text-sm tabular-nums text-emerald-800 ring-1 ring-emerald-200"
                    >
                      {formatMinuteOfDay(f.startMinute)}–{formatMinuteOfDay(f.endMinute)}
                    </span>
                  ))}
                </span>
              ) : (
                <span className="text-sm text-slate-500">{t(`detail.dayStatus.${day.status}`)}</span>
              )}
            </li>
          )
        })}
      </ol>
      <p className="mt-3 text-xs text-slate-500">
        {t('detail.availabilityRules', {
          hours: rules.minNoticeHours,
          days: rules.maxAdvanceDays,
          minutes: rules.minDurationMinutes,
          slot: rules.slotMinutes,
        })}
      </p>
    </Card>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation(['catalogue', 'common'])
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return (
    <PageContainer narrow className="text-center">
      <p className="text-sm font-semibold text-brand-600">{notFound ? 404 : 500}</p>
      <h1 className="mt-2 text-2xl font-bold">{notFound ? t('detail.notFound') : t('common:errors.generic')}</h1>
      <p className="mt-4 text-slate-600">{notFound ? t('detail.notFoundText') : t('common:errors.genericText')}</p>
      <Link to="/instruments" className={buttonClasses({ className: 'mt-8' })}>
        {t('detail.back')}
      </Link>
    </PageContainer>
  )
}
