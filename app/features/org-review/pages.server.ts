import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { regionNames } from '~/features/users/workspace-queries.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb, type Db } from '~/infra/db.server'
import { forbidden, notFound } from '~/infra/http.server'
import { isUuid } from '~/infra/uuid'
import { reviewOrg } from './review-org.server'
import {
  availableOrgActions,
  nextReviewer,
  orgReachFor,
  type OfficerReach,
  type OrgReview,
  type OrgStatus,
} from './review-flow'
import { orgReviewSchema, parseOrgQueueParams, type OrgQueueParams } from './schemas'

// The HTTP side of the bureau's review pages, the same for enterprises and institutions
// (routes/bureau+/enterprises.* and institutions.*): who may look, who may decide, what the
// queue and the detail page load, and how a decision is answered. Each route adds its own fields.

/**
 * The queue (企业审核 / 入库审核): county officers see their county's organisations, the city
 * bureau every one (the reach is in the query). By default what awaits this officer; filters and
 * the sort order live in the URL, so the page works without JavaScript and can be bookmarked.
 */
export async function loadOrgQueue<Row extends { createdAt: Date }>(
  org: OrgReview,
  request: Request,
  list: (db: Db, reach: OfficerReach, params: OrgQueueParams) => Promise<{ rows: Row[]; total: number }>,
) {
  const user = await requireUserWithPermission(request, `read:${org.kind}:region`)
  const officer = orgReachFor(org, user.memberships)
  const locale = await getLocale(request)
  const t = getFixedT(locale, org.ns)
  const params = parseOrgQueueParams(new URL(request.url).searchParams)
  const db = getDb()
  const [{ rows, total }, regions] = await Promise.all([
    list(db, officer, params),
    officer.city ? Promise.resolve([]) : regionNames(db, [...officer.countyRegionIds]),
  ])
  const regionLabel = regions.map((r) => (locale === 'en' ? r.nameEn : r.name)).join(locale === 'en' ? ', ' : '、')
  return {
    title: t('queue.title'),
    locale,
    params,
    scope: officer.city ? t('queue.scopeCity') : t('queue.scopeCounty', { region: regionLabel }),
    total,
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  }
}

/**
 * One organisation for its detail page, with the buttons this officer may press now (the use case
 * checks again inside its transaction) and who acts next. Another county's organisation is "not
 * found", not "forbidden": its existence is not revealed.
 */
export async function loadOrgForReview<
  A extends string,
  T extends { status: OrgStatus; region: { id: string; isPartner: boolean } },
>(
  org: OrgReview<A>,
  { request, params }: LoaderFunctionArgs,
  get: (db: Db, reach: OfficerReach, id: string) => Promise<T | null>,
) {
  const user = await requireUserWithPermission(request, `read:${org.kind}:region`)
  const officer = orgReachFor(org, user.memberships)
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const found = await get(getDb(), officer, id)
  if (!found) throw await notFound(request)
  const locale = await getLocale(request)
  const target = { status: found.status, regionId: found.region.id, isPartnerRegion: found.region.isPartner }
  return { officer, found, locale, actions: availableOrgActions(org, target, officer), next: nextReviewer(target) }
}

/** History rows for JSON: the bigint id and the time as strings. */
export function reviewsJson<R extends { id: bigint; at: Date }>(reviews: R[]) {
  return reviews.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }))
}

type ReviewActionErrors = { reason?: string; form?: string }

/**
 * A decision posted from the detail page: redirects back with ?done=<action>, or answers 400 with
 * the error keys and what was typed (409 when another officer acted first); 404 outside the
 * officer's reach, 403 for a step that is not theirs.
 */
export async function orgReviewAction<A extends string>(org: OrgReview<A>, { request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const user = await requireUserWithPermission(request, `review:${org.kind}:region`)
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const parsed = orgReviewSchema(org).safeParse({
    intent: formData.get('intent') ?? undefined,
    reason: formData.get('reason') ?? undefined,
  })
  const reason = typeof formData.get('reason') === 'string' ? String(formData.get('reason')) : ''
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const errors: ReviewActionErrors =
      issue?.path[0] === 'reason' ? { reason: issue.message } : { form: `${org.ns}:errors.unknownAction` }
    return json({ errors, reason }, { status: 400 })
  }
  const outcome = await reviewOrg(org, {
    orgId: id,
    action: parsed.data.intent as A,
    reason: parsed.data.reason,
    reviewerId: user.id,
    officer: orgReachFor(org, user.memberships),
  })
  if (outcome.ok) return redirect(`${org.path}/${id}?done=${parsed.data.intent}`)
  if (outcome.reason === 'not-found') throw await notFound(request)
  if (outcome.reason === 'not-allowed' || outcome.reason === 'not-in-region') throw await forbidden(request)
  const errors: ReviewActionErrors =
    outcome.reason === 'reason-required'
      ? { reason: `${org.ns}:errors.reasonRequired` }
      : outcome.reason === 'reason-too-long'
        ? { reason: `${org.ns}:errors.reasonTooLong` }
        : {
            form:
              outcome.reason === 'status-changed' ? `${org.ns}:errors.statusChanged` : `${org.ns}:errors.wrongStatus`,
          }
  return json({ errors, reason }, { status: outcome.reason === 'status-changed' ? 409 : 400 })
}
