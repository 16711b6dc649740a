// Route guards for the instrument-management pages: the user must be institution staff holding
// the permission (else 403), and acts for the institution their membership names. Records of
// other institutions are then simply not found (404) because every query carries that id.
import { json } from '@remix-run/node'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import type { Permission } from '~/infra/permissions'
import type { Actor } from './instruments.server'

export async function requireInstrumentStaff(
  request: Request,
  permission: Extract<Permission, `${string}:instrument:own`> = 'update:instrument:own',
) {
  const { user, membership } = await requireMembership(request, permission, ['institution_staff'])
  const actor: Actor = { userId: user.id, institutionId: membership.institutionId! }
  return { user, actor, membership }
}

/** A 404 in the user's language: the instrument is not theirs, or does not exist (never which). */
export async function instrumentNotFound(request: Request): Promise<never> {
  const t = getFixedT(await getLocale(request), 'manage')
  throw json({ message: t('errors.notFound') }, { status: 404 })
}
