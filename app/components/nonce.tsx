import { createContext, useContext, type ReactNode } from 'react'

// The request's CSP nonce (app/infra/csp.ts) for Remix's inline scripts. Set on the server only:
// browsers hide a nonce from the DOM, so the client renders with '' and React keeps the attribute.
const NonceContext = createContext('')

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>
}

export function useNonce(): string {
  return useContext(NonceContext)
}
