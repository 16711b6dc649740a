import { useRouteLoaderData } from '@remix-run/react'

/** The form field carrying the CSRF token; csrf.server.ts reads the same name. */
export const CSRF_FIELD_NAME = 'csrf'

/** The token the root loader issued for this browser (a signed double-submit cookie holds its twin). */
export function useCsrfToken(): string {
  const data = useRouteLoaderData('root') as { csrfToken?: string } | undefined
  return data?.csrfToken ?? ''
}

/**
 * Put inside every <Form method="post">: the server's `validateCsrf` answers 403 without it.
 * A hidden input, so it works without JavaScript.
 */
export function AuthenticityTokenInput({ name = CSRF_FIELD_NAME }: { name?: string }) {
  return <input type="hidden" name={name} value={useCsrfToken()} />
}
