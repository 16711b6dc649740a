import type { ReactNode } from 'react'
import { cn } from './cn'

/**
 * The facts of a detail page (label, value): stacked on a phone, two columns from `sm` up.
 * `wideLabels` for long labels; `breakWords` where values are free text that may run long.
 */
export function FactList({
  facts,
  wideLabels,
  breakWords,
}: {
  facts: readonly (readonly [string, ReactNode])[]
  wideLabels?: boolean
  breakWords?: boolean
}) {
  return (
    <dl className={cn('grid gap-x-6 gap-y-3', wideLabels ? 'sm:grid-cols-[12rem_1fr]' : 'sm:grid-cols-[10rem_1fr]')}>
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-sm text-slate-500 sm:pt-0.5">{label}</dt>
          <dd className={cn('-mt-2', breakWords && 'break-words', 'text-slate-900 sm:mt-0')}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
