import type { ReactNode } from 'react'

/**
 * The page's <h1>, an optional line under it and actions on the right (below on phones).
 * `testId` goes on the h1 (e.g. "role-home" on the workspace pages).
 */
export function PageHeader({
  title,
  description,
  actions,
  eyebrow,
  testId,
}: {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
  eyebrow?: ReactNode
  testId?: string
}) {
  return (
    <div className="flex flex-col gap-4 border-b border-slate-200 pb-5 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0 sm:flex-1">
        {eyebrow ? <p className="text-sm font-medium text-brand-600">{eyebrow}</p> : null}
        <h1 data-testid={testId} className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
          {title}
        </h1>
        {description ? <div className="mt-2 max-w-3xl text-slate-600">{description}</div> : null}
      </div>
      {/* Many actions wrap onto several lines instead of squeezing the title to nothing. */}
      {actions ? <div className="flex flex-wrap gap-2 sm:max-w-[60%] sm:justify-end">{actions}</div> : null}
    </div>
  )
}
