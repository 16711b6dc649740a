import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { destroySession } from '~/infra/session.server'

// Logging out is a POST with the CSRF token (a GET could be triggered by any <img> on any site).
export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData)
  // Any signed-in user may end their own session; a visitor without one is sent to /login.
  await requireUser(request)
  return redirect('/', { headers: { 'Set-Cookie': await destroySession(request) } })
}
