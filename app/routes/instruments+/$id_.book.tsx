import { randomUUID } from 'node:crypto'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button, ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { cn } from '~/components/cn'
import { useHydrated } from '~/components/use-hydrated'
import { translateError, translateErrors } from '~/components/field-error'
import { Field, SelectField, TextAreaField } from '~/components/field'
import { formatDate } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { bookingPageData, type Blocker, type BookingPageData } from '~/features/bookings/booking-page.server'
import { hoursForSlot } from '~/features/bookings/eligibility'
import { bpPercent } from '~/features/bookings/enterprise-view'
import {
  parseBookingSubmission,
  PURPOSE_MAX_LENGTH,
  readBookingChoice,
  type SubmitErrors,
} from '~/features/bookings/enterprise-schemas'
import { refusalField, refusalKey, type MessageContext } from '~/features/bookings/refusal-messages'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { localName } from '~/features/instruments/instrument-badges'
import { getPublicInstrument, type InstrumentDetail } from '~/features/instruments/queries.server'
import { formatFen } from '~/features/money/money'
import type { Locale } from '~/i18n/config'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getOptionalUser, requireMembership, type SessionUser } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb, type Db } from '~/infra/db.server'
import { hasPermission } from '~/infra/permissions'
import { notFound } from '~/infra/http.server'

// The enterprise books a service of one instrument (issue 5 "The booking flow"): the service item,
// a free slot of the next 14 days (hourly) or a quantity and a wanted-by date (samples, items),
// the voucher — each with its available balance, its share of this booking and any rule that
// stops it, explained before submitting — and the quote the server computes. Choices travel in
// the URL (a GET form), so the quote is recomputed without JavaScript; with it the form submits
// itself on every change. The booking form carries a per-page idempotency key: a double click
// makes one booking. A refusal (a taken slot too) comes back on this page with fresh slots.

function enterpriseMembership(user: SessionUser | null) {
  return (
    user?.memberships.find(
      (m) => m.role === 'enterprise_member' && m.enterpriseId && hasPermission([m], 'create:booking:own'),
    ) ?? null
  )
}

function headOf(i: InstrumentDetail) {
  return {
    id: i.id,
    name: i.name,
    nameEn: i.nameEn,
    model: i.model,
    sharingStatus: i.sharingStatus,
    institution: {
      name: i.institution.name,
      nameEn: i.institution.nameEn,
      regionName: i.institution.regionName,
      regionNameEn: i.institution.regionNameEn,
      isPartnerRegion: i.institution.isPartnerRegion,
    },
    serviceItems: i.serviceItems,
    rules: i.rules,
  }
}

/** Top-level category names, for the "only for …" explanation of a programme's categories. */
async function categoryNames(db: Db) {
  const rows = await db.instrumentCategory.findMany({
    where: { parentCode: null },
    select: { code: true, name: true, nameEn: true },
  })
  return Object.fromEntries(rows.map((r) => [r.code, { name: r.name, nameEn: r.nameEn }]))
}

type Categories = Awaited<ReturnType<typeof categoryNames>>

function messageContext(locale: Locale, categories: Categories): MessageContext {
  return {
    categoryName: (code) => {
      const c = categories[code]
      return c ? localName(locale, c.name, c.nameEn) : code
    },
    formatDate: (iso) => formatDate(iso, locale),
    separator: locale === 'en' ? ', ' : '、',
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const now = new Date()
  const instrument = await getPublicInstrument(db, params.id ?? '', now)
  if (!instrument) throw await notFound(request)
  const locale = await getLocale(request)
  const user = await getOptionalUser(request)
  const membership = enterpriseMembership(user)
  const url = new URL(request.url)
  const base = {
    title: getFixedT(locale, 'bookings')('book.title'),
    locale,
    instrument: headOf(instrument),
    loginHref: `/login?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`,
  }
  if (!membership) {
    return json({ ...base, viewer: user ? ('other' as const) : ('anon' as const), enterpriseName: null, page: null })
  }
  const choice = readBookingChoice(url.searchParams)
  const [page, categories] = await Promise.all([
    bookingPageData(db, { instrument, enterpriseId: membership.enterpriseId!, choice, now }),
    categoryNames(db),
  ])
  return json({
    ...base,
    viewer: 'enterprise' as const,
    enterpriseName: membership.orgName,
    page,
    categories,
    // One key per page load: submitting this page twice (a double click, a retry) makes one booking.
    formKey: randomUUID(),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · ${data.instrument.name}` : '预约仪器服务' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const { user, membership } = await requireMembership(request, 'create:booking:own', ['enterprise_member'])
  const db = getDb()
  const now = new Date()
  const instrument = await getPublicInstrument(db, params.id ?? '', now)
  if (!instrument) throw await notFound(request)
  const enterpriseId = membership.enterpriseId!
  const choice = readBookingChoice(formData)
  const listed = instrument.serviceItems.find((s) => s.id === choice.item)
  const locale = await getLocale(request)
  const values = { purpose: String(formData.get('purpose') ?? '') }
  const fresh = () => bookingPageData(db, { instrument, enterpriseId, choice, now })

  const parsed = parseBookingSubmission(formData, listed?.unit ?? null)
  if (!parsed.ok) return json({ errors: parsed.errors, values, page: await fresh() }, { status: 400 })
  const s = parsed.value
  const endsAt = s.startsAt && s.durationMinutes ? new Date(s.startsAt.getTime() + s.durationMinutes * 60_000) : null
  const outcome = await requestBooking(
    { db, now },
    {
      enterpriseId,
      actorUserId: user.id,
      serviceItemId: s.serviceItemId,
      voucherId: s.voucherId,
      startsAt: s.startsAt,
      endsAt,
      quantity: s.startsAt && endsAt ? hoursForSlot(s.startsAt, endsAt) : (s.quantity ?? 0),
      wantedBy: s.wantedBy,
      idempotencyKey: s.idempotencyKey,
      purpose: s.purpose,
    },
  )
  if (outcome.ok) return redirect(`/enterprise/bookings/${outcome.value.bookingId}?done=requested`)
  const ctx = messageContext(locale, await categoryNames(db))
  const errors: SubmitErrors = { [refusalField(outcome.reason)]: [refusalKey(outcome.reason, outcome.details, ctx)] }
  // A taken slot is a conflict: the page comes back with the free slots as they are now.
  return json({ errors, values, page: await fresh() }, { status: outcome.reason === 'slot-taken' ? 409 : 400 })
}

const WEEKDAY_KEYS = { 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun' } as const

export default function BookPage() {
  const data = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('bookings')
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN'
  const i = data.instrument
  const name = localName(locale, i.name, i.nameEn)

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to={`/instruments/${i.id}`} className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('book.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('book.eyebrow')}
        title={t('book.title')}
        testId="book-page"
        description={
          <span>
            <span className="font-medium text-slate-900">{name}</span>
            {i.model ? ` · ${i.model}` : ''}
            <span className="block text-sm">
              {localName(locale, i.institution.name, i.institution.nameEn)}（
              {localName(locale, i.institution.regionName, i.institution.regionNameEn)}）
            </span>
          </span>
        }
      />
      {data.viewer === 'enterprise' && data.page ? (
        <BookingForms />
      ) : (
        <Card className="mt-6">
          <h2 className="text-lg font-semibold text-slate-900">
            {data.viewer === 'anon' ? t('book.signIn.title') : t('book.notEnterprise.title')}
          </h2>
          <p className="mt-2 text-slate-700" data-testid="book-viewer-message">
            {data.viewer === 'anon' ? t('book.signIn.text') : t('book.notEnterprise.text')}
          </p>
          <div className="mt-4 flex flex-wrap gap-2">
            {data.viewer === 'anon' ? (
              <>
                <ButtonLink to={data.loginHref}>{t('book.signIn.login')}</ButtonLink>
                <ButtonLink to="/register" variant="secondary">
                  {t('book.signIn.register')}
                </ButtonLink>
              </>
            ) : (
              <ButtonLink to={data.loginHref} variant="secondary">
                {t('book.notEnterprise.switch')}
              </ButtonLink>
            )}
          </div>
        </Card>
      )}
    </PageContainer>
  )
}

function BookingForms() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const submit = useSubmit()
  const hydrated = useHydrated()
  const { t, i18n } = useTranslation('bookings')
  const { t: tc } = useTranslation()
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN'
  if (data.viewer !== 'enterprise' || !data.page) return null
  // After a refusal the action's page is the fresher one (a taken slot has gone from it).
  const page: BookingPageData = (actionData?.page ?? data.page) as unknown as BookingPageData
  const errors = actionData?.errors
  const i = data.instrument
  const items = i.serviceItems
  const item = items.find((s) => s.id === page.itemId) ?? null
  const ctx = messageContext(locale, data.categories)
  const blockerText = (b: Blocker) => translateError(tc, refusalKey(b.reason, b, ctx))
  const selected = page.vouchers.find((v) => v.id === page.voucherId) ?? null
  const submitting = navigation.state === 'submitting' && navigation.formMethod?.toUpperCase() === 'POST'
  const unitText = (unit: string) => t(`unit.${unit as 'hour' | 'sample' | 'item'}`)

  if (!page.bookable) {
    return (
      <Alert tone="warning" className="mt-6">
        {t('book.notOpen')}
      </Alert>
    )
  }
  if (!page.enterpriseVerified) {
    // Nothing to fill in until the bureau has verified the registration: say why and where to look.
    return (
      <Alert tone="warning" className="mt-6" title={t('book.notVerified.title')}>
        <p data-testid="book-not-verified">
          {t(page.enterpriseStatus === 'rejected' || page.enterpriseStatus === 'suspended'
            ? 'book.notVerified.blocked'
            : 'book.notVerified.pending')}
        </p>
        <p className="mt-2">
          <Link to="/enterprise" className="font-medium text-brand-700 underline underline-offset-2">
            {t('book.notVerified.link')}
          </Link>
        </p>
      </Alert>
    )
  }
  if (items.length === 0) {
    return (
      <Alert tone="info" className="mt-6">
        {t('book.noServices')}
      </Alert>
    )
  }

  return (
    <div className="mt-6 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      {/* 1. Choices: a GET form, so the server recomputes slots, vouchers and the quote. */}
      <Form
        method="get"
        replace
        preventScrollReset
        className="space-y-6"
        onChange={(e) => submit(e.currentTarget, { method: 'get', replace: true, preventScrollReset: true })}
        aria-label={t('book.choicesLabel')}
        data-testid="booking-choices"
      >
        <Card title={t('book.item')} titleId="book-item">
          <fieldset>
            <legend className="sr-only">{t('book.item')}</legend>
            <ul className="space-y-2">
              {items.map((s) => (
                <li key={s.id}>
                  <label
                    className={cn(
                      'flex cursor-pointer items-start gap-3 rounded-md border p-3',
                      s.id === page.itemId ? 'border-brand-600 bg-brand-50' : 'border-slate-200 hover:bg-slate-50',
                    )}
                  >
                    <input
                      type="radio"
                      name="item"
                      value={s.id}
                      defaultChecked={s.id === page.itemId}
                      className="mt-1 size-5 shrink-0 accent-brand-600"
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block font-medium text-slate-900">{localName(locale, s.name, s.nameEn)}</span>
                      {s.description ? <span className="block text-sm text-slate-600">{s.description}</span> : null}
                      {s.minQuantity > 1 ? (
                        <span className="block text-sm text-slate-600">
                          {t('book.minimum', { quantity: s.minQuantity, unit: unitText(s.unit) })}
                        </span>
                      ) : null}
                    </span>
                    <span className="shrink-0 font-semibold tabular-nums text-slate-900">
                      {t('book.perUnit', { fee: formatFen(s.feeFen), unit: unitText(s.unit) })}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          {errors?.item ? <p className="mt-2 text-sm text-red-700">{translateErrors(tc, errors.item)}</p> : null}
        </Card>

        {item && page.unit === 'hour' ? (
          <Card title={t('book.when')} titleId="book-when">
            {page.durations.length === 0 ? (
              <Alert tone="warning">{t('book.noDuration')}</Alert>
            ) : (
              <>
                <SelectField
                  label={t('book.duration')}
                  hint={t('book.durationHint', {
                    min: i.rules.minDurationMinutes,
                    max: i.rules.maxDurationMinutes,
                  })}
                  errors={translateErrors(tc, errors?.duration)}
                  options={page.durations.map((m) => ({
                    value: String(m),
                    label: m % 60 === 0 ? t('book.hours', { count: m / 60 }) : t('book.minutes', { count: m }),
                  }))}
                  selectProps={{
                    name: 'duration',
                    defaultValue: String(page.duration ?? ''),
                    key: page.itemId ?? undefined,
                  }}
                  className="max-w-xs"
                />
                <SlotPicker page={page} errors={errors?.start} />
              </>
            )}
          </Card>
        ) : null}

        {item && page.unit !== 'hour' && page.unit ? (
          <Card title={t('book.what')} titleId="book-what">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                label={t('book.quantity', { unit: unitText(page.unit) })}
                hint={t('book.quantityHint', { min: page.minQuantity, unit: unitText(page.unit) })}
                errors={
                  translateErrors(tc, errors?.quantity) ??
                  (page.belowMinimum ? [t('refusal.quantity-below-minimum', { min: page.minQuantity })] : undefined)
                }
                inputProps={{
                  name: 'quantity',
                  type: 'number',
                  inputMode: 'numeric',
                  min: page.minQuantity,
                  step: 1,
                  defaultValue: String(page.quantity ?? page.minQuantity),
                  key: `${page.itemId}-q`,
                }}
              />
              <Field
                label={t('book.wantedBy')}
                hint={t('book.wantedByHint')}
                optional
                errors={
                  translateErrors(tc, errors?.wantedBy) ??
                  (page.wantedByInvalid ? [t('refusal.invalid-wanted-by')] : undefined)
                }
                inputProps={{
                  name: 'wantedBy',
                  type: 'date',
                  defaultValue: page.wantedBy ?? '',
                  key: `${page.itemId}-w`,
                }}
              />
            </div>
          </Card>
        ) : null}

        {item ? (
          <Card title={t('book.voucher')} titleId="book-voucher">
            <fieldset aria-describedby="voucher-hint">
              <legend className="sr-only">{t('book.voucher')}</legend>
              <p id="voucher-hint" className="mb-3 text-sm text-slate-600">
                {page.vouchers.length === 0 ? t('book.noVouchers') : t('book.voucherHint')}
              </p>
              <ul className="space-y-2" data-testid="voucher-choices">
                {page.vouchers.map((v) => (
                  <li key={v.id}>
                    <label
                      className={cn(
                        'flex items-start gap-3 rounded-md border p-3',
                        v.blocker ? 'cursor-not-allowed border-slate-200 bg-slate-50' : 'cursor-pointer',
                        v.id === page.voucherId && !v.blocker ? 'border-brand-600 bg-brand-50' : null,
                        v.id === page.voucherId && v.blocker ? 'border-red-300' : null,
                      )}
                      data-voucher={v.serial}
                    >
                      <input
                        type="radio"
                        name="voucher"
                        value={v.id}
                        defaultChecked={v.id === page.voucherId}
                        disabled={v.blocker !== null && v.id !== page.voucherId}
                        aria-describedby={v.blocker ? `blocker-${v.id}` : undefined}
                        className="mt-1 size-5 shrink-0 accent-brand-600"
                      />
                      <span className="min-w-0 flex-1 text-sm">
                        <span className="flex flex-wrap items-baseline gap-x-2">
                          <span className="font-mono font-semibold text-slate-900">{v.serial}</span>
                          {v.id === page.proposedVoucherId ? (
                            <span className="text-xs text-brand-700">{t('book.voucherProposed')}</span>
                          ) : null}
                        </span>
                        <span className="block text-slate-600">
                          {t('book.voucherDetail', {
                            programme: v.programmeName,
                            percent: bpPercent(v.shareBp),
                            date: formatDate(v.expiresAt, locale),
                          })}
                        </span>
                        <span className="block text-slate-700">
                          {t('book.voucherAvailable', { amount: formatFen(BigInt(v.availableFen)) })}
                          {v.quote && !v.blocker
                            ? ` · ${t('book.voucherShare', { amount: formatFen(BigInt(v.quote.voucherShareFen)) })}`
                            : ''}
                        </span>
                        {v.blocker ? (
                          <span
                            id={`blocker-${v.id}`}
                            className="mt-1 block text-red-700"
                            data-testid="voucher-blocker"
                          >
                            {blockerText(v.blocker)}
                          </span>
                        ) : null}
                      </span>
                    </label>
                  </li>
                ))}
                <li>
                  <label
                    className={cn(
                      'flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm',
                      page.voucherId === null ? 'border-brand-600 bg-brand-50' : 'border-slate-200',
                    )}
                  >
                    <input
                      type="radio"
                      name="voucher"
                      value="none"
                      defaultChecked={page.voucherId === null}
                      className="mt-1 size-5 shrink-0 accent-brand-600"
                    />
                    <span className="text-slate-800">{t('book.voucherNone')}</span>
                  </label>
                </li>
              </ul>
            </fieldset>
          </Card>
        ) : null}

        {/* Without JavaScript the choices are sent by hand; with it, every change recomputes. */}
        {hydrated ? null : (
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" variant="secondary">
              {t('book.update')}
            </Button>
            <p className="text-sm text-slate-500">{t('book.updateHint')}</p>
          </div>
        )}
      </Form>

      {/* 2. The quote and the booking itself. */}
      <Card title={t('book.summary')} titleId="book-summary" className="lg:sticky lg:top-4">
        {errors?.form ? (
          <Alert tone="error" className="mb-4">
            {translateErrors(tc, errors.form)?.join(' ')}
          </Alert>
        ) : null}
        {errors?.start ? (
          <Alert tone="error" className="mb-4">
            {translateErrors(tc, errors.start)?.join(' ')}
          </Alert>
        ) : null}
        {errors?.voucher ? (
          <Alert tone="error" className="mb-4">
            {translateErrors(tc, errors.voucher)?.join(' ')}
          </Alert>
        ) : null}
        <dl className="space-y-2 text-sm" data-testid="quote">
          <div className="flex justify-between gap-3">
            <dt className="text-slate-600">{t('book.item')}</dt>
            <dd className="text-right text-slate-900">{item ? localName(locale, item.name, item.nameEn) : '—'}</dd>
          </div>
          {page.unit === 'hour' ? (
            <div className="flex justify-between gap-3">
              <dt className="text-slate-600">{t('book.slot')}</dt>
              <dd className="text-right tabular-nums text-slate-900" data-testid="quote-slot">
                {page.start && page.endsAt ? slotText(page.start, page.endsAt, locale) : t('book.slotNone')}
              </dd>
            </div>
          ) : page.unit ? (
            <div className="flex justify-between gap-3">
              <dt className="text-slate-600">{t('book.wantedBy')}</dt>
              <dd className="text-right text-slate-900">
                {page.wantedBy ? formatDate(`${page.wantedBy}T00:00:00+08:00`, locale) : t('book.wantedByNone')}
              </dd>
            </div>
          ) : null}
          {page.quote && item ? (
            <>
              <div className="flex justify-between gap-3 border-t border-slate-100 pt-2">
                <dt className="text-slate-600">
                  {t('book.fee')}
                  <span className="block text-xs text-slate-500">
                    {t('book.feeDetail', {
                      what: t(`quantity.${item.unit}`, { count: page.quantity ?? 0 }),
                      fee: formatFen(item.feeFen),
                    })}
                  </span>
                </dt>
                <dd className="font-medium tabular-nums text-slate-900" data-testid="quote-fee">
                  {formatFen(BigInt(page.quote.feeFen))}
                </dd>
              </div>
              <div className="flex justify-between gap-3">
                <dt className="text-slate-600">
                  {t('book.share')}
                  <span className="block text-xs text-slate-500">
                    {selected ? selected.serial : t('book.shareNone')}
                  </span>
                </dt>
                <dd className="tabular-nums text-emerald-800" data-testid="quote-share">
                  − {formatFen(BigInt(page.quote.voucherShareFen))}
                </dd>
              </div>
              <div className="flex justify-between gap-3 border-t border-slate-200 pt-2 text-base">
                <dt className="font-semibold text-slate-900">{t('book.copay')}</dt>
                <dd className="font-semibold tabular-nums text-slate-900" data-testid="quote-copay">
                  {formatFen(BigInt(page.quote.copayFen))}
                </dd>
              </div>
            </>
          ) : null}
        </dl>
        {page.quote ? <p className="mt-2 text-xs text-slate-500">{t('book.quoteNote')}</p> : null}
        {selected?.blocker ? (
          <Alert tone="warning" className="mt-4" title={t('book.blockedTitle')}>
            {blockerText(selected.blocker)}
          </Alert>
        ) : null}

        <Form method="post" className="mt-4 space-y-4" data-testid="booking-form">
          <AuthenticityTokenInput />
          <input type="hidden" name="idempotencyKey" value={data.formKey} />
          {page.itemId ? <input type="hidden" name="item" value={page.itemId} /> : null}
          {page.duration ? <input type="hidden" name="duration" value={page.duration} /> : null}
          {page.start ? <input type="hidden" name="start" value={page.start} /> : null}
          {page.unit !== 'hour' && page.quantity ? <input type="hidden" name="quantity" value={page.quantity} /> : null}
          {page.wantedBy ? <input type="hidden" name="wantedBy" value={page.wantedBy} /> : null}
          <input type="hidden" name="voucher" value={page.voucherId ?? 'none'} />
          <TextAreaField
            label={t('book.purpose')}
            hint={t('book.purposeHint')}
            optional
            errors={translateErrors(tc, errors?.purpose)}
            textareaProps={{
              name: 'purpose',
              maxLength: PURPOSE_MAX_LENGTH,
              defaultValue: actionData?.values.purpose ?? '',
            }}
          />
          <Button type="submit" className="w-full" disabled={!page.ready || submitting}>
            {submitting ? t('book.submitting') : t('book.submit')}
          </Button>
          <p className="text-xs text-slate-500">{page.ready ? t('book.submitHint') : t('book.notReady')}</p>
        </Form>
      </Card>
    </div>
  )
}

function slotText(start: string, end: string, locale: Locale): string {
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(iso))
  return `${formatDate(start, locale)} ${time(start)}–${time(end)}`
}

/** The free starts of the next 14 days for the chosen duration: radios grouped by day. */
function SlotPicker({ page, errors }: { page: BookingPageData; errors?: string[] }) {
  const { t } = useTranslation('bookings')
  const { t: tc } = useTranslation()
  const any = page.days.some((d) => d.starts.length > 0)
  return (
    <div className="mt-5">
      <h3 className="text-sm font-medium text-slate-800">{t('book.slots')}</h3>
      <p className="mt-1 text-sm text-slate-500">{t('book.slotsHint')}</p>
      {page.startGone && !errors?.length ? (
        <Alert tone="warning" className="mt-3">
          {t('book.startGone')}
        </Alert>
      ) : null}
      {errors?.length ? (
        <p className="mt-2 text-sm text-red-700" id="start-error">
          {translateErrors(tc, errors)?.join(' ')}
        </p>
      ) : null}
      {!any ? (
        <p className="mt-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">{t('book.noSlots')}</p>
      ) : null}
      <div className="mt-3 space-y-3" data-testid="slot-days">
        {page.days.map((day) => {
          const label = t('book.dayLabel', {
            month: Number(day.date.slice(5, 7)),
            day: Number(day.date.slice(8, 10)),
            weekday: t(`weekday.${WEEKDAY_KEYS[day.weekday as keyof typeof WEEKDAY_KEYS]}`),
          })
          return (
            // The legend names the group for screen readers; the visible label sits beside the
            // times (a legend does not lay out reliably in a grid or flex row).
            <fieldset key={day.date} data-date={day.date} className="border-t border-slate-100 pt-2">
              <legend className="sr-only">{label}</legend>
              <div className="flex flex-col gap-1 sm:flex-row sm:gap-3">
                <p aria-hidden="true" className="shrink-0 text-sm tabular-nums text-slate-700 sm:w-32 sm:pt-1">
                  {label}
                </p>
                {day.starts.length > 0 ? (
                  <div className="flex flex-wrap gap-1.5">
                    {day.starts.map((s) => (
                      <label key={s.value} className="relative">
                        <input
                          type="radio"
                          name="start"
                          value={s.value}
                          defaultChecked={s.value === page.start}
                          aria-describedby={errors?.length ? 'start-error' : undefined}
                          className="peer sr-only"
                        />
                        <span className="inline-block cursor-pointer rounded border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums text-slate-800 peer-checked:border-brand-600 peer-checked:bg-brand-600 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600/40 hover:border-brand-600">
                          {s.label}
                        </span>
                      </label>
                    ))}
                  </div>
                ) : (
                  <p className="text-sm text-slate-500 sm:pt-1">{t(`book.dayStatus.${day.status}`)}</p>
                )}
              </div>
            </fieldset>
          )
        })}
      </div>
    </div>
  )
}
