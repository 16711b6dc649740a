import { PassThrough } from 'node:stream'
import { randomBytes } from 'node:crypto'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createI18n } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { NonceProvider } from '~/components/nonce'
import { contentSecurityPolicy } from '~/infra/csp'
import { stripReactViewPadding } from '~/infra/ssr-stream.server'

const ABORT_DELAY = 5_000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext = {},
) {
  const i18n = createI18n(await getLocale(request))
  // One nonce per page (server.ts makes it; a fresh one when rendered without the Express server).
  const nonce = loadContext.cspNonce ?? randomBytes(16).toString('base64')
  responseHeaders.set(
    'Content-Security-Policy',
    contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === 'development' }),
  )
  const callbackName = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [callbackName]: () => {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            // React 18 can leave NUL bytes inside Chinese text and attributes: see ssr-stream.server.ts.
            new Response(createReadableStreamFromReadable(body.pipe(stripReactViewPadding())), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
