import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { SetLocaleSchema } from '~/features/users/schemas'
import { localeCookie } from '~/i18n/locale.server'
import { getOptionalUser, safeRedirectPath } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

// The language switcher's target: sets the `lng` cookie and returns to the page it came from.
// Public by design (a visitor chooses a language before logging in). A signed-in user's choice is
// also stored on their account (app_user.locale), which emails and exports use.
export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  const submission = parseWithZod(formData, { schema: SetLocaleSchema })
  const back = safeRedirectPath(formData.get('redirectTo'), '/')
  if (submission.status !== 'success') return redirect(back)
  const { lng } = submission.value
  const user = await getOptionalUser(request)
  // Ownership in the query: a user can only ever change their own row.
  if (user && user.locale !== lng) await getDb().user.update({ where: { id: user.id }, data: { locale: lng } })
  return redirect(back, { headers: { 'Set-Cookie': await localeCookie.serialize(lng) } })
}
