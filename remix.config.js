import { flatRoutes } from 'remix-flat-routes'

/** Remix classic compiler (ADR 001). Routes are flat files with `+` folders. */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/*'],
  serverModuleFormat: 'esm',
  serverDependenciesToBundle: [],
  tailwind: false,
  postcss: true,
  watchPaths: ['./tailwind.config.ts'],
  routes: async (defineRoutes) =>
    flatRoutes('routes', defineRoutes, {
      ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}', '**/*.server.{ts,tsx}'],
    }),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
  },
}
