import type { ReactNode } from 'react'
import { cn } from './cn'

export type Column<Row> = {
  key: string
  header: ReactNode
  cell: (row: Row) => ReactNode
  align?: 'left' | 'right'
  /** The cell that names the row: rendered as <th scope="row">. */
  rowHeader?: boolean
  /** Long text (names) may wrap, at a readable minimum width; other cells stay on one line. */
  wrap?: boolean
  className?: string
}

/**
 * A semantic table (caption, th scope) that scrolls sideways inside its box on a phone instead of
 * widening the page or breaking names one character per line. With no rows it shows `empty` (an EmptyState saying what to do next).
 */
export function DataTable<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  empty,
}: {
  caption: ReactNode
  captionHidden?: boolean
  columns: Column<Row>[]
  rows: readonly Row[]
  rowKey: (row: Row) => string
  empty?: ReactNode
}) {
  if (rows.length === 0 && empty) return <>{empty}</>
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className={cn('pb-2 text-left text-sm text-slate-500', captionHidden && 'sr-only')}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={cn(
                  'px-4 py-2 font-medium whitespace-nowrap text-slate-600 sm:px-3',
                  c.align === 'right' ? 'text-right' : 'text-left',
                )}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => {
                const className = cn(
                  'px-4 py-2.5 align-top sm:px-3',
                  c.wrap ? 'min-w-40' : 'whitespace-nowrap',
                  c.align === 'right' ? 'text-right tabular-nums' : 'text-left',
                  c.className,
                )
                return c.rowHeader ? (
                  <th key={c.key} scope="row" className={cn(className, 'font-medium text-slate-900')}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.key} className={className}>
                    {c.cell(row)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
