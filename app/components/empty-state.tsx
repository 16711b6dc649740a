import type { ReactNode } from 'react'

/** Nothing to show yet: say why, and what to do next (the action). */
export function EmptyState({
  title,
  description,
  action,
}: {
  title: ReactNode
  description: ReactNode
  action?: ReactNode
}) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-slate-50 px-4 py-8 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">{description}</p>
      {action ? <div className="mt-4 flex justify-center">{action}</div> : null}
    </div>
  )
}
