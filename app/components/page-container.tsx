import type { ReactNode } from 'react'
import { cn } from './cn'

/** The page body inside the layout's <main>: centred, padded, the same width as the header. */
export function PageContainer({
  children,
  className,
  narrow = false,
}: {
  children: ReactNode
  className?: string
  narrow?: boolean
}) {
  return (
    <div className={cn('mx-auto w-full px-4 py-6 sm:py-10', narrow ? 'max-w-2xl' : 'max-w-6xl', className)}>
      {children}
    </div>
  )
}
