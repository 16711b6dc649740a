import { forwardRef, type ReactNode } from 'react'
import { cn } from './cn'

export type AlertTone = 'info' | 'success' | 'warning' | 'error'

const tones: Record<AlertTone, string> = {
  info: 'border-brand-100 bg-brand-50 text-brand-800',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  error: 'border-red-200 bg-red-50 text-red-800',
}

/**
 * A message box. Errors are announced at once (role="alert"); the rest politely (role="status").
 * A ref and tabIndex={-1} let a form move focus to the error it just showed.
 */
export const Alert = forwardRef<
  HTMLDivElement,
  {
    tone?: AlertTone
    title?: ReactNode
    children?: ReactNode
    id?: string
    className?: string
    tabIndex?: number
    testId?: string
  }
>(function Alert({ tone = 'info', title, children, id, className, tabIndex, testId }, ref) {
  return (
    <div
      ref={ref}
      id={id}
      tabIndex={tabIndex}
      data-testid={testId}
      role={tone === 'error' ? 'alert' : 'status'}
      className={cn('rounded-md border px-4 py-3 text-sm', tones[tone], className)}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? 'mt-1' : undefined}>{children}</div> : null}
    </div>
  )
})
