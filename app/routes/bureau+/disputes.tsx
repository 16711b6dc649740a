import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { EmptyState } from '~/components/empty-state'
import { TextAreaField } from '~/components/field'
import { translateErrors } from '~/components/field-error'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { fireBookingTransition } from '~/features/bookings/fire.server'
import { getBookingDetails } from '~/features/bookings/staff-queries.server'
import { parseReason, REASON_MAX_LENGTH, refusalErrors, type FormErrors } from '~/features/bookings/staff-schemas'
import { BookedWhat, EvidenceFacts, FactList, FlagBadges } from '~/features/bookings/staff-view'
import { localName } from '~/features/instruments/instrument-badges'
import { formatFen } from '~/features/money/money'
import { bookingInReach, listDisputedBookingIds } from '~/features/redemptions/claim-queries.server'
import { canResolveDisputes, officerReach } from '~/features/redemptions/officer-reach'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { isUuid } from '~/infra/uuid'

// Disputed bookings (预约异议) in the officer's reach, the longest-waiting first, each with its
// delivery evidence and the enterprise's reason. A city officer resolves one with a reason: the
// engine fires 'resolve-dispute' (→ confirmed, and the redemption claim when a voucher paid part).

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireMembership(request, 'read:booking:region', ['city_officer', 'county_officer'])
  const reach = officerReach(user.memberships)
  const locale = await getLocale(request)
  const db = getDb()
  const disputes = await getBookingDetails(db, await listDisputedBookingIds(db, reach))
  return json({
    title: getFixedT(locale, 'staffBookings')('disputes.title'),
    locale,
    canResolve: canResolveDisputes(reach),
    disputes,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '预约异议' }]

type ActionData = { bookingId: string; errors: FormErrors; values: Record<string, string> }

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  // DOMAIN: a dispute goes to the bureau; the transition table lets the city officer resolve it.
  const { user, membership } = await requireMembership(request, 'read:booking:region', ['city_officer'])
  const bookingId = String(formData.get('bookingId') ?? '')
  const reason = typeof formData.get('reason') === 'string' ? String(formData.get('reason')) : ''
  const fail = (errors: FormErrors, status = 400) =>
    json({ bookingId, errors, values: { reason } } satisfies ActionData, { status })
  const db = getDb()
  if (!isUuid(bookingId) || !(await bookingInReach(db, officerReach(user.memberships), bookingId))) {
    const t = getFixedT(await getLocale(request))
    throw json({ message: t('errors.notFoundText') }, { status: 404 })
  }
  const parsed = parseReason({ reason })
  if (!parsed.ok) return fail(parsed.errors)
  const outcome = await fireBookingTransition(
    { db },
    {
      bookingId,
      name: 'resolve-dispute',
      reason: parsed.value.reason,
      actor: { kind: 'city_officer', userId: user.id, regionId: membership.regionId },
    },
  )
  if (!outcome.ok) {
    const status = outcome.reason === 'wrong-status' ? 409 : outcome.reason === 'not-allowed' ? 403 : 400
    return fail(refusalErrors(outcome.reason, { intent: 'resolve' }), status)
  }
  return redirect(`/bureau/disputes?done=resolve`)
}

export default function BureauDisputesPage() {
  const location = useLocation()
  return <BureauDisputes key={location.key} />
}

function BureauDisputes() {
  const { t } = useTranslation('staffBookings')
  const { locale, canResolve, disputes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const done = !actionData && searchParams.get('done') === 'resolve'

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/bureau" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('list.back')}
        </Link>
      </p>
      <PageHeader
        title={t('disputes.title')}
        testId="bureau-disputes"
        description={
          <>
            <p>{t('disputes.description')}</p>
            {!canResolve ? <p className="mt-1 text-sm text-slate-500">{t('disputes.countyNote')}</p> : null}
          </>
        }
      />
      {done ? (
        <Alert tone="success" className="mt-6">
          {t('done.resolve')}
        </Alert>
      ) : null}

      {disputes.length === 0 ? (
        <div className="mt-6">
          <EmptyState title={t('disputes.empty')} description={t('disputes.emptyText')} />
        </div>
      ) : (
        <>
          <p className="mt-6 text-sm text-slate-500" data-testid="disputes-count">
            {t('disputes.count', { count: disputes.length })}
          </p>
          <ul className="mt-2 space-y-6">
            {disputes.map((b) => {
              const mine = actionData?.bookingId === b.id ? actionData : undefined
              const busy = navigation.state !== 'idle' && navigation.formData?.get('bookingId') === b.id
              const titleId = `dispute-${b.id}`
              return (
                <li key={b.id}>
                  <Card
                    title={t('disputes.item', {
                      instrument: localName(locale, b.instrument.name, b.instrument.nameEn),
                      institution: localName(locale, b.institution.name, b.institution.nameEn),
                    })}
                    titleId={titleId}
                    className="border-red-200"
                  >
                    <FactList
                      facts={[
                        [t('disputes.enterprise'), b.enterprise.name],
                        [t('disputes.institution'), localName(locale, b.institution.name, b.institution.nameEn)],
                        [t('detail.when'), <BookedWhat key="w" booking={b} locale={locale} />],
                        [t('disputes.fee'), formatFen(BigInt(b.feeFen))],
                        [t('disputes.disputedAt'), b.dispute ? formatDateTime(b.dispute.at, locale) : '—'],
                        [
                          t('disputes.reason'),
                          <span key="r" className="whitespace-pre-line text-slate-900">
                            {b.dispute?.reason ?? '—'}
                          </span>,
                        ],
                        ...(b.flags.length > 0
                          ? ([[t('columns.flags'), <FlagBadges key="f" flags={b.flags} />]] as [
                              string,
                              React.ReactNode,
                            ][])
                          : []),
                      ]}
                    />
                    <div className="mt-4 border-t border-slate-100 pt-4">
                      <h3 className="mb-3 text-sm font-semibold text-slate-800">{t('delivery.title')}</h3>
                      <EvidenceFacts booking={b} locale={locale} />
                    </div>
                    {canResolve ? (
                      <Form method="post" className="mt-4 max-w-2xl space-y-4 border-t border-slate-100 pt-4">
                        <h3 className="text-sm font-semibold text-slate-800">{t('disputes.resolveTitle')}</h3>
                        {mine?.errors.form ? (
                          <Alert tone="error">{translateErrors(t, mine.errors.form)?.join(' ')}</Alert>
                        ) : null}
                        <AuthenticityTokenInput />
                        <input type="hidden" name="bookingId" value={b.id} />
                        <TextAreaField
                          label={t('disputes.resolveReason')}
                          hint={t('disputes.resolveHint', { max: REASON_MAX_LENGTH })}
                          errors={translateErrors(t, mine?.errors.reason)}
                          textareaProps={{
                            name: 'reason',
                            id: `resolve-${b.id}`,
                            rows: 3,
                            required: true,
                            maxLength: REASON_MAX_LENGTH,
                            defaultValue: mine?.values.reason ?? '',
                          }}
                        />
                        <Button type="submit" disabled={busy}>
                          {busy ? t('actions.working') : t('disputes.resolveSubmit')}
                        </Button>
                      </Form>
                    ) : null}
                  </Card>
                </li>
              )
            })}
          </ul>
        </>
      )}
    </PageContainer>
  )
}
