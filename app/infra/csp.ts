// The Content-Security-Policy of every page the app renders (entry.server.tsx). Scripts run only
// from this origin and with the request's nonce (Remix's inline hydration and scroll scripts), plus
// Stripe.js on the pay page (ADR 012: js.stripe.com, its frames on js/hooks.stripe.com, its API).
// Styles allow inline `style` attributes (React sets a few); nothing may frame the app. Pure.

const STRIPE_SCRIPTS = 'https://js.stripe.com'
const STRIPE_FRAMES = ['https://js.stripe.com', 'https://hooks.stripe.com']
const STRIPE_API = 'https://api.stripe.com'

export function contentSecurityPolicy({ nonce, development }: { nonce: string; development: boolean }): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('a CSP nonce is base64 of at least 12 random bytes')
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, STRIPE_SCRIPTS],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', 'https://*.stripe.com'],
    ['font-src', "'self'", 'data:'],
    // The dev server's live reload talks over a websocket.
    ['connect-src', "'self'", STRIPE_API, ...(development ? ['ws:'] : [])],
    ['frame-src', ...STRIPE_FRAMES] as [string, ...string[]],
    ['frame-ancestors', "'none'"],
    ['form-action', "'self'"],
    ['base-uri', "'self'"],
    ['object-src', "'none'"],
  ]
  return directives.map((d) => d.join(' ')).join('; ')
}
