import type { ReactNode } from 'react'
import { cn } from './cn'

/** A white panel with an optional heading (h2) and footer. */
export function Card({
  title,
  titleId,
  actions,
  footer,
  children,
  className,
}: {
  title?: ReactNode
  titleId?: string
  actions?: ReactNode
  footer?: ReactNode
  children: ReactNode
  className?: string
}) {
  return (
    <section
      aria-labelledby={title ? titleId : undefined}
      className={cn('rounded-lg border border-slate-200 bg-white shadow-sm', className)}
    >
      {title ? (
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3 sm:px-5">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          {actions}
        </div>
      ) : null}
      <div className="px-4 py-4 sm:px-5">{children}</div>
      {footer ? <div className="border-t border-slate-100 px-4 py-3 text-sm sm:px-5">{footer}</div> : null}
    </section>
  )
}

/** One figure with its label, for the workspace summaries. */
export function StatCard({
  label,
  value,
  detail,
  testId,
}: {
  label: ReactNode
  value: ReactNode
  detail?: ReactNode
  testId?: string
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-3 py-3 shadow-sm sm:px-5 sm:py-4">
      <dt className="text-sm leading-snug text-slate-600">{label}</dt>
      <dd data-testid={testId} className="mt-1 text-xl font-semibold tabular-nums text-slate-900 sm:text-2xl">
        {value}
      </dd>
      {detail ? <dd className="mt-0.5 text-sm text-slate-500">{detail}</dd> : null}
    </div>
  )
}
