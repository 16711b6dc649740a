import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { Field, TextAreaField } from '~/components/field'
import { translateErrors } from '~/components/field-error'
import { formatDate, formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { useHydrated } from '~/components/use-hydrated'
import { freeSlots, shanghaiDate } from '~/features/availability/free-slots'
import { loadAvailabilityInputs } from '~/features/availability/queries.server'
import { MAX_EVIDENCE_BYTES, type EvidenceKind } from '~/features/bookings/evidence-file-type'
import { removeEvidenceFile, saveEvidenceFile } from '~/features/bookings/evidence-files.server'
import { fireBookingTransition, type FireInput } from '~/features/bookings/fire.server'
import { minuteLabel, proposalOptions, type ProposalDay } from '~/features/bookings/proposal-options'
import { INTENT_TRANSITION, isStaffIntent, staffActions, type StaffIntent } from '~/features/bookings/staff-actions'
import { getDeliveryFacts, getInstitutionBooking, type BookingDetail } from '~/features/bookings/staff-queries.server'
import { isActive } from '~/features/bookings/transitions'
import {
  EVIDENCE_NO_MAX_LENGTH,
  parseDelivery,
  parseProposal,
  parseReason,
  REASON_MAX_LENGTH,
  refusalErrors,
  type FormErrors,
} from '~/features/bookings/staff-schemas'
import {
  BookedWhat,
  BookingHistory,
  BookingStatusBadge,
  bpPercent,
  EvidenceFacts,
  FactList,
  FlagBadges,
  formatRange,
  None,
} from '~/features/bookings/staff-view'
import { localName } from '~/features/instruments/instrument-badges'
import { toShanghaiInput } from '~/features/instruments/manage/shanghai-time'
import { formatFen } from '~/features/money/money'
import { VOUCHER_REVOKED_FLAG } from '~/features/vouchers/revocation'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import type { Permission } from '~/infra/permissions'
import { isUuid } from '~/infra/uuid'

// One booking of the institution (预约详情): all its facts, the enterprise, the voucher and its
// programme share, the history, and the forms for what the staff may do now — each posting an
// `intent` that fires one transition through the booking engine (fire.server.ts). Another
// institution's booking is "not found": the institution's id is in every query.

async function notFound(request: Request): Promise<Response> {
  const t = getFixedT(await getLocale(request), 'staffBookings')
  return json({ message: t('errors.notFoundPage') }, { status: 404 })
}

const PROPOSAL_DAYS = 14

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:booking:own', ['institution_staff'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const booking = await getInstitutionBooking(db, membership.institutionId!, id)
  if (!booking) throw await notFound(request)
  const locale = await getLocale(request)
  const now = new Date()
  const actions = staffActions({
    status: booking.status,
    startsAt: booking.startsAt,
    copayFen: BigInt(booking.copayFen),
  })

  // Free times to propose instead (the next two weeks), with this booking's own slot left free.
  let proposalDays: ProposalDay[] = []
  let slotMinutes = 30
  if (actions.includes('propose') && booking.startsAt && booking.endsAt) {
    const from = shanghaiDate(now)
    const inputs = await loadAvailabilityInputs(db, booking.instrument.id, { from, days: PROPOSAL_DAYS })
    if (inputs) {
      slotMinutes = inputs.rules.slotMinutes
      const startsAt = Date.parse(booking.startsAt)
      const endsAt = Date.parse(booking.endsAt)
      const others = inputs.bookings.filter(
        (b) => !(b.startsAt.getTime() === startsAt && b.endsAt.getTime() === endsAt),
      )
      const days = freeSlots({ ...inputs, bookings: others, from, days: PROPOSAL_DAYS, now, timeZone: 'Asia/Shanghai' })
      proposalDays = proposalOptions(
        days,
        { startsAt: new Date(startsAt), endsAt: new Date(endsAt) },
        { perDay: 8 },
      ).slice(0, 7)
    }
  }
  return json({
    title: localName(locale, booking.instrument.name, booking.instrument.nameEn),
    locale,
    booking,
    actions,
    proposalDays,
    slotMinutes,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · 预约` : '预约' }]

const PERMISSION: Record<StaffIntent, Permission> = {
  approve: 'approve:booking:own',
  reject: 'approve:booking:own',
  propose: 'approve:booking:own',
  start: 'deliver:booking:own',
  cancel: 'cancel:booking:own',
  deliver: 'deliver:booking:own',
}

type ActionData = { intent: string; errors: FormErrors; values: Record<string, string> }

function textValues(formData: FormData, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const n of names) {
    const v = formData.get(n)
    if (typeof v === 'string') out[n] = v
  }
  return out
}

const TEXT_FIELDS = [
  'reason',
  'date',
  'start',
  'end',
  'note',
  'actualStart',
  'actualEnd',
  'actualQuantity',
  'finalFee',
  'reportNo',
  'invoiceNo',
]

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? ''
  const problem = (data: ActionData, status = 400) => json(data, { status })
  let formData: FormData
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')
  try {
    // Files are held in memory up to the limit (and refused past it), never written under the
    // name the browser gave; text fields pass through the same handler.
    formData = multipart
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_EVIDENCE_BYTES }),
        )
      : await request.formData()
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      const field = error.field === 'invoiceFile' ? 'invoiceFile' : 'reportFile'
      return problem({ intent: 'deliver', errors: { [field]: ['staffBookings:errors.file.too-large'] }, values: {} })
    }
    throw error
  }
  await validateCsrf(request, formData)
  const intent = formData.get('intent')
  if (!isStaffIntent(intent)) {
    return problem({
      intent: String(intent ?? ''),
      errors: { form: ['staffBookings:errors.unknownIntent'] },
      values: {},
    })
  }
  const { user, membership } = await requireMembership(request, PERMISSION[intent], ['institution_staff'])
  const institutionId = membership.institutionId!
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const facts = await getDeliveryFacts(db, institutionId, id)
  if (!facts) throw await notFound(request)
  const values = textValues(formData, TEXT_FIELDS)
  const fields = Object.fromEntries(Object.entries(values))
  const now = new Date()
  const durationMinutes =
    facts.startsAt && facts.endsAt ? Math.round((facts.endsAt.getTime() - facts.startsAt.getTime()) / 60_000) : null
  const fail = (errors: FormErrors, status = 400) => problem({ intent, errors, values }, status)

  const fire: FireInput = {
    bookingId: id,
    name: INTENT_TRANSITION[intent],
    actor: { kind: 'institution_staff', userId: user.id, institutionId },
  }
  const saved: string[] = []
  if (intent === 'reject' || intent === 'cancel') {
    const parsed = parseReason(fields)
    if (!parsed.ok) return fail(parsed.errors)
    fire.reason = parsed.value.reason
  } else if (intent === 'propose') {
    const parsed = parseProposal(fields, now)
    if (!parsed.ok) return fail(parsed.errors)
    fire.proposal = parsed.value
    fire.reason = parsed.value.note
  } else if (intent === 'deliver') {
    const parsed = parseDelivery(fields, { maxFeeFen: facts.feeFen, timed: facts.startsAt !== null }, now)
    const errors: FormErrors = parsed.ok ? {} : { ...parsed.errors }
    const files: Partial<Record<EvidenceKind, Uint8Array>> = {}
    for (const kind of ['report', 'invoice'] as const) {
      const file = formData.get(`${kind}File`)
      // An empty file input arrives as a nameless, empty file: nothing chosen (the files are optional).
      if (!(file instanceof File) || (file.size === 0 && file.name === '')) continue
      if (file.size === 0) errors[`${kind}File`] = ['staffBookings:errors.file.empty']
      else files[kind] = new Uint8Array(await file.arrayBuffer())
    }
    if (!parsed.ok || Object.keys(errors).length > 0) return fail(errors)
    const names: Partial<Record<EvidenceKind, string>> = {}
    for (const kind of ['report', 'invoice'] as const) {
      const bytes = files[kind]
      if (!bytes) continue
      const stored = await saveEvidenceFile(bytes)
      if (!stored.ok) {
        errors[`${kind}File`] = [`staffBookings:errors.file.${stored.reason}`]
        continue
      }
      saved.push(stored.value.fileName)
      names[kind] = stored.value.fileName
    }
    if (Object.keys(errors).length > 0) {
      await Promise.all(saved.map(removeEvidenceFile))
      return fail(errors)
    }
    fire.delivery = { ...parsed.value, reportFile: names.report ?? null, invoiceFile: names.invoice ?? null }
  }

  let outcome: Awaited<ReturnType<typeof fireBookingTransition>>
  try {
    outcome = await fireBookingTransition({ db, now }, fire)
  } catch (error) {
    await Promise.all(saved.map(removeEvidenceFile))
    throw error
  }
  if (!outcome.ok) {
    // Nothing names the files now: remove them (a second try uploads them again).
    await Promise.all(saved.map(removeEvidenceFile))
    if (outcome.reason === 'booking-not-found') throw await notFound(request)
    const status = outcome.reason === 'wrong-status' ? 409 : outcome.reason === 'not-allowed' ? 403 : 400
    return fail(refusalErrors(outcome.reason, { intent, maxFeeFen: facts.feeFen, durationMinutes }), status)
  }
  return redirect(`/institution/bookings/${id}?done=${intent}`)
}

// After a successful action (a redirect, so a new location) the forms start afresh.
export default function InstitutionBookingPage() {
  const location = useLocation()
  return <InstitutionBooking key={location.key} />
}

function InstitutionBooking() {
  const { t } = useTranslation('staffBookings')
  const { locale, booking, actions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [searchParams] = useSearchParams()
  const done = !actionData ? searchParams.get('done') : null
  const b = booking
  const instrumentName = localName(locale, b.instrument.name, b.instrument.nameEn)
  const fen = (v: string | null) =>
    v === null ? <None /> : <span className="tabular-nums">{formatFen(BigInt(v))}</span>
  const formErrors = actionData?.errors.form

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/institution/bookings" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('detail.eyebrow', { id: b.id.slice(0, 8) })}
        title={instrumentName}
        testId="booking-detail"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <BookingStatusBadge status={b.status} />
            <span>{b.enterprise.name}</span>
            <FlagBadges flags={b.flags} />
          </span>
        }
      />

      {done ? (
        <Alert tone="success" className="mt-6">
          {t(`done.${done}`, { defaultValue: t('done.generic') })}
        </Alert>
      ) : null}
      {formErrors ? (
        <Alert tone="error" className="mt-6">
          {translateErrors(t, formErrors)?.join(' ')}
        </Alert>
      ) : null}
      <NextStep booking={b} />
      {b.flags.some((f) => f.kind === VOUCHER_REVOKED_FLAG) && isActive(b.status) ? (
        <Alert tone="warning" className="mt-6" title={t('detail.voucherRevoked.title')}>
          <p data-testid="voucher-revoked-notice">
            {t('detail.voucherRevoked.text', { amount: formatFen(BigInt(b.voucherShareFen)) })}
          </p>
        </Alert>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title={t('detail.bookingTitle')} titleId="booking-facts">
          <FactList
            facts={[
              [t('detail.instrument'), instrumentName],
              [t('detail.serviceItem'), localName(locale, b.serviceItem.name, b.serviceItem.nameEn)],
              [t('detail.when'), <BookedWhat key="when" booking={b} locale={locale} />],
              [t('detail.purpose'), b.purpose ? <span className="whitespace-pre-line">{b.purpose}</span> : <None />],
              [t('detail.requestedAt'), formatDateTime(b.createdAt, locale)],
              ...(b.status === 'requested' && b.decideBy
                ? ([[t('detail.decideBy'), formatDateTime(b.decideBy, locale)]] as [string, ReactNode][])
                : []),
              ...(b.decidedAt
                ? ([[t('detail.decidedAt'), formatDateTime(b.decidedAt, locale)]] as [string, ReactNode][])
                : []),
              ...(b.rejectReason
                ? ([
                    [
                      t('detail.rejectReason'),
                      <span key="r" className="whitespace-pre-line">
                        {b.rejectReason}
                      </span>,
                    ],
                  ] as [string, ReactNode][])
                : []),
            ]}
          />
        </Card>

        <Card title={t('detail.feeTitle')} titleId="booking-fee">
          <FactList
            testId="booking-fee"
            facts={[
              [
                t('detail.unitFee'),
                t('detail.unitFeeValue', {
                  fee: formatFen(BigInt(b.unitFeeFen)),
                  quantity: t(`quantity.${b.unit}`, { count: b.quantity }),
                }),
              ],
              [t('detail.fee'), fen(b.feeFen)],
              [
                t('detail.voucherShare'),
                <span key="s">
                  {fen(b.voucherShareFen)}
                  {b.voucher ? (
                    <span className="ml-1 text-slate-500">
                      ({t('detail.sharePercent', { percent: bpPercent(b.shareBp) })})
                    </span>
                  ) : null}
                </span>,
              ],
              [t('detail.copay'), fen(b.copayFen)],
              [t('detail.payment'), <PaymentState key="p" booking={b} />],
              ...(b.delivery
                ? ([
                    [t('detail.finalFee'), fen(b.delivery.finalFeeFen)],
                    [t('detail.finalShare'), fen(b.delivery.finalVoucherShareFen)],
                    [t('detail.finalCopay'), fen(b.delivery.finalCopayFen)],
                  ] as [string, ReactNode][])
                : []),
            ]}
          />
        </Card>
      </div>

      {actions.length > 0 ? (
        <section aria-labelledby="booking-actions" className="mt-6 space-y-4">
          <h2 id="booking-actions" className="text-lg font-semibold text-slate-900">
            {t('actions.title')}
          </h2>
          {actions.includes('approve') ? <ApproveForm booking={b} /> : null}
          {actions.includes('start') ? <SimpleForm intent="start" /> : null}
          {actions.includes('deliver') ? <DeliverForm booking={b} /> : null}
          {actions.includes('propose') ? <ProposeForm /> : null}
          {actions.includes('reject') ? <ReasonForm intent="reject" /> : null}
          {actions.includes('cancel') ? <ReasonForm intent="cancel" booking={b} /> : null}
        </section>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title={t('detail.enterpriseTitle')} titleId="booking-enterprise">
          <FactList
            facts={[
              [t('detail.enterprise'), b.enterprise.name],
              [
                t('detail.uscc'),
                <span key="u" className="font-mono">
                  {b.enterprise.uscc}
                </span>,
              ],
              [t('detail.region'), locale === 'en' ? b.enterprise.region.nameEn : b.enterprise.region.name],
              [
                t('detail.contact'),
                b.enterprise.contactName || b.enterprise.contactPhone ? (
                  [b.enterprise.contactName, b.enterprise.contactPhone].filter(Boolean).join(' · ')
                ) : (
                  <None />
                ),
              ],
              [
                t('detail.requester'),
                b.requester ? (
                  <span key="q" className="inline-flex flex-col">
                    <span>{b.requester.name}</span>
                    <a
                      href={`mailto:${b.requester.email}`}
                      className="text-brand-700 underline-offset-2 hover:underline"
                    >
                      {b.requester.email}
                    </a>
                    {b.requester.phone ? <span>{b.requester.phone}</span> : null}
                  </span>
                ) : (
                  <None />
                ),
              ],
            ]}
          />
        </Card>

        <Card title={t('detail.voucherTitle')} titleId="booking-voucher">
          {b.voucher ? (
            <FactList
              testId="booking-voucher"
              facts={[
                [
                  t('detail.voucherSerial'),
                  <span key="v" className="font-mono">
                    {b.voucher.serial}
                  </span>,
                ],
                [t('detail.programme'), b.voucher.programme.name],
                [
                  t('detail.programmeShare'),
                  t('detail.sharePercent', { percent: bpPercent(b.voucher.programme.shareBp) }),
                ],
                [t('detail.voucherExpires'), formatDate(b.voucher.expiresAt, locale)],
              ]}
            />
          ) : (
            <p className="text-sm text-slate-600">{t('detail.noVoucher')}</p>
          )}
        </Card>
      </div>

      <Outcomes booking={b} />

      <BookingHistory history={b.history} createdAt={b.createdAt} locale={locale} />
    </PageContainer>
  )
}

/** One line under the header: what the booking waits for. */
function NextStep({ booking: b }: { booking: BookingDetail }) {
  const { t } = useTranslation('staffBookings')
  const { locale } = useLoaderData<typeof loader>()
  const at = (iso: string | null) => (iso ? formatDateTime(iso, locale) : '—')
  let text: string | null = null
  switch (b.status) {
    case 'requested':
      text = b.proposal
        ? t('next.requestedProposal', { when: formatRange(b.proposal.startsAt, b.proposal.endsAt, locale) })
        : t('next.requested', { at: at(b.decideBy) })
      break
    case 'approved':
      text =
        BigInt(b.copayFen) > 0n
          ? t('next.approvedUnpaid', { amount: formatFen(BigInt(b.copayFen)), at: at(b.payBy) })
          : t('next.approvedNothingToPay')
      break
    case 'delivered':
      text = t('next.delivered', { at: at(b.confirmBy) })
      break
    default:
      text = t(`next.${b.status}`, { defaultValue: '' }) || null
  }
  return text ? (
    <p className="mt-4 text-sm text-slate-700" data-testid="next-step">
      {text}
    </p>
  ) : null
}

function PaymentState({ booking: b }: { booking: BookingDetail }) {
  const { t } = useTranslation('staffBookings')
  if (BigInt(b.copayFen) === 0n) return <span>{t('payment.none')}</span>
  if (!b.payment) return <span>{t('payment.notStarted')}</span>
  return (
    <span className="inline-flex flex-col">
      <span>{t(`payment.${b.payment.status}`, { defaultValue: b.payment.status })}</span>
      {BigInt(b.payment.refundedFen) > 0n ? (
        <span className="text-xs text-slate-500">
          {t('payment.refunded', { amount: formatFen(BigInt(b.payment.refundedFen)) })}
        </span>
      ) : null}
    </span>
  )
}

/** What happened after the decision: proposal, cancellation, delivery (with files), dispute, claim. */
function Outcomes({ booking: b }: { booking: BookingDetail }) {
  const { t } = useTranslation('staffBookings')
  const { locale } = useLoaderData<typeof loader>()
  return (
    <>
      {b.proposal ? (
        <Card title={t('proposal.title')} titleId="booking-proposal" className="mt-6">
          <FactList
            facts={[
              [t('proposal.when'), formatRange(b.proposal.startsAt, b.proposal.endsAt, locale)],
              [t('proposal.note'), b.proposal.note ?? <None />],
              [t('proposal.state'), t('proposal.waiting')],
            ]}
          />
        </Card>
      ) : null}
      {b.cancellation ? (
        <Card title={t('cancellation.title')} titleId="booking-cancellation" className="mt-6">
          <FactList
            facts={[
              [t('cancellation.at'), formatDateTime(b.cancellation.at, locale)],
              [
                t('cancellation.side'),
                t(b.cancellation.side === 'institution' ? 'cancellation.by.institution' : 'cancellation.by.enterprise'),
              ],
              [
                t('cancellation.reason'),
                <span key="r" className="whitespace-pre-line">
                  {b.cancellation.reason}
                </span>,
              ],
              [
                t('cancellation.fee'),
                b.cancellation.feeFen !== null ? formatFen(BigInt(b.cancellation.feeFen)) : <None />,
              ],
            ]}
          />
        </Card>
      ) : null}
      {b.delivery ? (
        <Card title={t('delivery.title')} titleId="booking-delivery" className="mt-6">
          <EvidenceFacts booking={b} locale={locale} />
        </Card>
      ) : null}
      {b.dispute ? (
        <Card title={t('dispute.title')} titleId="booking-dispute" className="mt-6 border-red-200">
          <FactList
            facts={[
              [t('dispute.at'), formatDateTime(b.dispute.at, locale)],
              [
                t('dispute.reason'),
                <span key="r" className="whitespace-pre-line">
                  {b.dispute.reason}
                </span>,
              ],
            ]}
          />
        </Card>
      ) : null}
      {b.claim ? (
        <Card title={t('claim.title')} titleId="booking-claim" className="mt-6">
          <FactList
            facts={[
              [t('claim.amount'), formatFen(BigInt(b.claim.amountFen))],
              [t('claim.period'), b.claim.period],
              [t('claim.status'), t(`claims.status.${b.claim.status}`, { defaultValue: b.claim.status })],
              [t('claim.claimedAt'), formatDateTime(b.claim.claimedAt, locale)],
            ]}
          />
        </Card>
      ) : null}
    </>
  )
}

// ---------------------------------------------------------------------------------------------
// The action forms: each a labelled section posting one intent.

function useIntentState(intent: StaffIntent) {
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const mine = actionData?.intent === intent ? actionData : undefined
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  return { errors: mine?.errors, values: mine?.values ?? {}, busy }
}

function ActionSection({ intent, children, tone }: { intent: StaffIntent; children: ReactNode; tone?: 'danger' }) {
  const { t } = useTranslation('staffBookings')
  return (
    <Card className={tone === 'danger' ? 'border-red-200' : undefined}>
      <section aria-labelledby={`action-${intent}`}>
        <h3 id={`action-${intent}`} className="font-semibold text-slate-900">
          {t(`actions.${intent}.title`)}
        </h3>
        <p className="mt-1 mb-4 max-w-3xl text-sm text-slate-600">{t(`actions.${intent}.lead`)}</p>
        {children}
      </section>
    </Card>
  )
}

function ApproveForm({ booking: b }: { booking: BookingDetail }) {
  const { t } = useTranslation('staffBookings')
  const { busy } = useIntentState('approve')
  const copay = BigInt(b.copayFen)
  return (
    <ActionSection intent="approve">
      <p className="mb-4 text-sm text-slate-700">
        {copay > 0n ? t('actions.approve.thenPay', { amount: formatFen(copay) }) : t('actions.approve.thenStart')}
      </p>
      <Form method="post">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="approve" />
        <Button type="submit" disabled={busy}>
          {busy ? t('actions.working') : t('actions.approve.submit')}
        </Button>
      </Form>
    </ActionSection>
  )
}

function SimpleForm({ intent }: { intent: 'start' }) {
  const { t } = useTranslation('staffBookings')
  const { busy } = useIntentState(intent)
  return (
    <ActionSection intent={intent}>
      <Form method="post">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value={intent} />
        <Button type="submit" disabled={busy}>
          {busy ? t('actions.working') : t(`actions.${intent}.submit`)}
        </Button>
      </Form>
    </ActionSection>
  )
}

function ReasonForm({ intent, booking }: { intent: 'reject' | 'cancel'; booking?: BookingDetail }) {
  const { t } = useTranslation('staffBookings')
  const { errors, values, busy } = useIntentState(intent)
  return (
    <ActionSection intent={intent} tone="danger">
      {intent === 'cancel' && booking ? (
        <p className="mb-4 text-sm text-slate-700">
          {BigInt(booking.copayFen) > 0n && booking.payment?.status === 'succeeded'
            ? t('actions.cancel.refund', { amount: formatFen(BigInt(booking.payment.amountFen)) })
            : t('actions.cancel.noRefund')}
        </p>
      ) : null}
      <Form method="post" className="max-w-2xl space-y-4">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value={intent} />
        <TextAreaField
          label={t(`actions.${intent}.reason`)}
          hint={t('actions.reasonHint', { max: REASON_MAX_LENGTH })}
          errors={translateErrors(t, errors?.reason)}
          textareaProps={{
            name: 'reason',
            id: `${intent}-reason`,
            rows: 3,
            required: true,
            maxLength: REASON_MAX_LENGTH,
            defaultValue: values.reason ?? '',
          }}
        />
        <Button type="submit" variant="danger" disabled={busy}>
          {busy ? t('actions.working') : t(`actions.${intent}.submit`)}
        </Button>
      </Form>
    </ActionSection>
  )
}

function ProposeForm() {
  const { t } = useTranslation('staffBookings')
  const { locale, booking, proposalDays, slotMinutes } = useLoaderData<typeof loader>()
  const { errors, values, busy } = useIntentState('propose')
  const hydrated = useHydrated()
  const [date, setDate] = useState(values.date ?? '')
  const [start, setStart] = useState(values.start ?? '')
  const [end, setEnd] = useState(values.end ?? '')
  const minutes =
    booking.startsAt && booking.endsAt
      ? Math.round((Date.parse(booking.endsAt) - Date.parse(booking.startsAt)) / 60_000)
      : 0
  const dayLabel = (d: ProposalDay) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
    }).format(new Date(`${d.date}T12:00:00+08:00`))
  return (
    <ActionSection intent="propose">
      <div className="mb-4" data-testid="proposal-options">
        <p className="text-sm font-medium text-slate-800">{t('actions.propose.freeTitle')}</p>
        {proposalDays.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">{t('actions.propose.noFree')}</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {proposalDays.map((d) => (
              <li key={d.date} className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:gap-3">
                <span className="w-28 shrink-0 text-slate-600">{dayLabel(d)}</span>
                <span className="flex flex-wrap gap-1.5">
                  {d.options.map((o) => {
                    const label = `${minuteLabel(o.startMinute)}–${minuteLabel(o.endMinute)}`
                    return hydrated ? (
                      <button
                        key={o.startsAt}
                        type="button"
                        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums hover:bg-slate-50 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
                        aria-label={t('actions.propose.useSlot', { day: dayLabel(d), time: label })}
                        onClick={() => {
                          setDate(d.date)
                          setStart(minuteLabel(o.startMinute))
                          setEnd(minuteLabel(o.endMinute))
                        }}
                      >
                        {label}
                      </button>
                    ) : (
                      <span key={o.startsAt} className="rounded bg-slate-100 px-2 py-1 tabular-nums">
                        {label}
                      </span>
                    )
                  })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Form method="post" className="space-y-4">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="propose" />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label={t('actions.propose.date')}
            errors={translateErrors(t, errors?.date)}
            inputProps={{
              name: 'date',
              id: 'propose-date',
              type: 'date',
              required: true,
              value: date,
              onChange: (e) => setDate(e.target.value),
            }}
          />
          <Field
            label={t('actions.propose.start')}
            hint={t('actions.propose.timeHint')}
            errors={translateErrors(t, errors?.start)}
            inputProps={{
              name: 'start',
              id: 'propose-start',
              type: 'time',
              step: slotMinutes * 60,
              required: true,
              value: start,
              onChange: (e) => setStart(e.target.value),
            }}
          />
          <Field
            label={t('actions.propose.end')}
            hint={t('actions.propose.lengthHint', { minutes })}
            errors={translateErrors(t, errors?.end)}
            inputProps={{
              name: 'end',
              id: 'propose-end',
              type: 'time',
              step: slotMinutes * 60,
              required: true,
              value: end,
              onChange: (e) => setEnd(e.target.value),
            }}
          />
        </div>
        <TextAreaField
          label={t('actions.propose.note')}
          optional
          errors={translateErrors(t, errors?.note)}
          textareaProps={{
            name: 'note',
            id: 'propose-note',
            rows: 2,
            maxLength: REASON_MAX_LENGTH,
            defaultValue: values.note ?? '',
          }}
        />
        <Button type="submit" variant="secondary" disabled={busy}>
          {busy ? t('actions.working') : t('actions.propose.submit')}
        </Button>
      </Form>
    </ActionSection>
  )
}

function yuanText(fen: bigint): string {
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`
}

function DeliverForm({ booking: b }: { booking: BookingDetail }) {
  const { t } = useTranslation('staffBookings')
  const { errors, values, busy } = useIntentState('deliver')
  const max = formatFen(BigInt(b.feeFen))
  const timed = b.startsAt !== null && b.endsAt !== null
  const fileHint = t('actions.deliver.fileHint', { mb: MAX_EVIDENCE_BYTES / 1024 / 1024 })
  const fileInput = (name: string) => ({
    type: 'file',
    name,
    id: `deliver-${name}`,
    accept: 'application/pdf,image/jpeg,image/png,image/webp',
    className: 'py-2 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm',
  })
  return (
    <ActionSection intent="deliver">
      <Form method="post" encType="multipart/form-data" className="space-y-4">
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="deliver" />
        {timed ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t('actions.deliver.actualStart')}
              errors={translateErrors(t, errors?.actualStart)}
              inputProps={{
                name: 'actualStart',
                id: 'deliver-actualStart',
                type: 'datetime-local',
                required: true,
                defaultValue: values.actualStart ?? toShanghaiInput(new Date(b.startsAt!)),
              }}
            />
            <Field
              label={t('actions.deliver.actualEnd')}
              errors={translateErrors(t, errors?.actualEnd)}
              inputProps={{
                name: 'actualEnd',
                id: 'deliver-actualEnd',
                type: 'datetime-local',
                required: true,
                defaultValue: values.actualEnd ?? toShanghaiInput(new Date(b.endsAt!)),
              }}
            />
          </div>
        ) : (
          <Field
            label={t('actions.deliver.actualQuantity')}
            hint={t('actions.deliver.bookedQuantity', { quantity: t(`quantity.${b.unit}`, { count: b.quantity }) })}
            errors={translateErrors(t, errors?.actualQuantity)}
            className="max-w-xs"
            inputProps={{
              name: 'actualQuantity',
              id: 'deliver-actualQuantity',
              inputMode: 'numeric',
              required: true,
              defaultValue: values.actualQuantity ?? String(b.quantity),
            }}
          />
        )}
        <Field
          label={t('actions.deliver.finalFee')}
          hint={t('actions.deliver.finalFeeHint', { max })}
          errors={translateErrors(t, errors?.finalFee)}
          className="max-w-xs"
          inputProps={{
            name: 'finalFee',
            id: 'deliver-finalFee',
            inputMode: 'decimal',
            required: true,
            defaultValue: values.finalFee ?? yuanText(BigInt(b.feeFen)),
          }}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t('actions.deliver.reportNo')}
            hint={t('actions.deliver.numberHint')}
            errors={translateErrors(t, errors?.reportNo)}
            inputProps={{
              name: 'reportNo',
              id: 'deliver-reportNo',
              required: true,
              maxLength: EVIDENCE_NO_MAX_LENGTH,
              autoComplete: 'off',
              defaultValue: values.reportNo ?? '',
            }}
          />
          <Field
            label={t('actions.deliver.reportFile')}
            hint={fileHint}
            optional
            errors={translateErrors(t, errors?.reportFile)}
            inputProps={fileInput('reportFile')}
          />
          <Field
            label={t('actions.deliver.invoiceNo')}
            hint={t('actions.deliver.numberHint')}
            errors={translateErrors(t, errors?.invoiceNo)}
            inputProps={{
              name: 'invoiceNo',
              id: 'deliver-invoiceNo',
              required: true,
              maxLength: EVIDENCE_NO_MAX_LENGTH,
              autoComplete: 'off',
              defaultValue: values.invoiceNo ?? '',
            }}
          />
          <Field
            label={t('actions.deliver.invoiceFile')}
            hint={fileHint}
            optional
            errors={translateErrors(t, errors?.invoiceFile)}
            inputProps={fileInput('invoiceFile')}
          />
        </div>
        <Button type="submit" disabled={busy}>
          {busy ? t('actions.working') : t('actions.deliver.submit')}
        </Button>
      </Form>
    </ActionSection>
  )
}
