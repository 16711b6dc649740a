import { json } from '@remix-run/node'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'

/**
 * The 404 a page answers for a row that is missing — or outside the user's reach: another
 * county's or organisation's row is "not found", so its existence is not revealed. Thrown by loaders
 * and actions; the message is in the user's language.
 */
export async function notFound(request: Request): Promise<Response> {
  const t = getFixedT(await getLocale(request))
  return json({ message: t('errors.notFoundText') }, { status: 404 })
}

/** The 403 for an action the user's role may not take here (the page itself they may see). */
export async function forbidden(request: Request): Promise<Response> {
  const t = getFixedT(await getLocale(request))
  return json({ message: t('errors.forbiddenText') }, { status: 403 })
}
