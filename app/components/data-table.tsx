import type { ReactNode } from 'react'
import { cn } from './cn'

export type Column<Row> = {
  key: string
  header: ReactNode
  /**
   * The column's name as plain text, for the stacked layout's line labels. Defaults to `header`
   * when that is a string; give it when the header is markup (a sort link).
   */
  label?: string
  cell: (row: Row) => ReactNode
  align?: 'left' | 'right'
  /** The cell that names the row: rendered as <th scope="row">; it leads the card when stacked. */
  rowHeader?: boolean
  /** Long text (names) may wrap, at a readable minimum width; other cells stay on one line. */
  wrap?: boolean
  className?: string
  /**
   * Stacked layout: show this column's header above the cards instead of hiding it. For a header
   * that is a control (a sort link) the page offers nowhere else; others stay for screen readers only.
   */
  keepHeaderWhenStacked?: boolean
}

/** The plain-text name of a column: its `label`, else its header when that is a string. */
export function columnLabel<Row>(column: Column<Row>): string | undefined {
  if (column.label !== undefined) return column.label
  return typeof column.header === 'string' ? column.header : undefined
}

// Stacked layout, below `sm` only (max-sm:): the table keeps one DOM and its semantics (explicit
// roles, because some browsers drop table semantics once a table is no longer display:table);
// each row becomes a card led by its row header, each other cell a line "label  value". The
// label is the column's name drawn from data-label by CSS (app/styles/tailwind.css), with empty
// alt text where the browser supports it, so screen readers hear the column header only once.
const STACKED = {
  table: 'max-sm:block max-sm:divide-y-0',
  caption: 'max-sm:block',
  thead: 'max-sm:block',
  headRow: 'max-sm:flex max-sm:flex-wrap max-sm:justify-end max-sm:gap-2',
  hiddenHeader: 'max-sm:sr-only',
  // A kept header is a control: give its link a finger-sized height.
  keptHeader: 'max-sm:px-0 max-sm:pt-0 max-sm:[&_a]:min-h-10',
  tbody: 'max-sm:block max-sm:space-y-3 max-sm:divide-y-0',
  row: 'max-sm:relative max-sm:flex max-sm:flex-col max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:bg-white max-sm:px-3 max-sm:py-2',
  // The row header leads the card even when it is not the first column (CSS order, same DOM).
  rowHeaderCell:
    'max-sm:order-first max-sm:block max-sm:px-0 max-sm:pt-1 max-sm:pb-2 max-sm:text-base max-sm:whitespace-normal',
  cell: 'data-table-cell max-sm:px-0 max-sm:py-1.5 max-sm:text-left max-sm:whitespace-normal max-sm:min-w-0',
} as const

/**
 * A semantic table (caption, th scope). By default it scrolls sideways inside its box on a phone
 * instead of widening the page or breaking names one character per line. With `stacked`, below
 * the `sm` breakpoint each row becomes a card instead (CSS only, the same DOM: test ids and links
 * exist once). With no rows it shows `empty` (an EmptyState saying what to do next).
 */
export function DataTable<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  empty,
  stacked = false,
}: {
  caption: ReactNode
  captionHidden?: boolean
  columns: Column<Row>[]
  rows: readonly Row[]
  rowKey: (row: Row) => string
  empty?: ReactNode
  /** Below `sm`, show each row as a card of labelled lines instead of a sideways-scrolling table. */
  stacked?: boolean
}) {
  if (rows.length === 0 && empty) return <>{empty}</>
  const s = (classes: string) => (stacked ? classes : undefined)
  // Explicit roles only when stacked: there the CSS display changes could otherwise cost the semantics.
  const role = (r: string) => (stacked ? r : undefined)
  return (
    <div className={stacked ? 'sm:overflow-x-auto' : '-mx-4 overflow-x-auto sm:mx-0'}>
      <table role={role('table')} className={cn('min-w-full divide-y divide-slate-200 text-sm', s(STACKED.table))}>
        <caption
          className={cn('pb-2 text-left text-sm text-slate-500', captionHidden && 'sr-only', s(STACKED.caption))}
        >
          {caption}
        </caption>
        <thead role={role('rowgroup')} className={s(STACKED.thead)}>
          <tr role={role('row')} className={s(STACKED.headRow)}>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                role={role('columnheader')}
                className={cn(
                  'px-4 py-2 font-medium whitespace-nowrap text-slate-600 sm:px-3',
                  c.align === 'right' ? 'text-right' : 'text-left',
                  stacked && (c.keepHeaderWhenStacked ? STACKED.keptHeader : STACKED.hiddenHeader),
                )}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role={role('rowgroup')} className={cn('divide-y divide-slate-100', s(STACKED.tbody))}>
          {rows.map((row) => (
            <tr key={rowKey(row)} role={role('row')} className={s(STACKED.row)}>
              {columns.map((c) => {
                const className = cn(
                  'px-4 py-2.5 align-top sm:px-3',
                  c.wrap ? 'min-w-40' : 'whitespace-nowrap',
                  c.align === 'right' ? 'text-right tabular-nums' : 'text-left',
                  c.className,
                )
                if (c.rowHeader) {
                  return (
                    <th
                      key={c.key}
                      scope="row"
                      role={role('rowheader')}
                      className={cn(className, 'font-medium text-slate-900', s(STACKED.rowHeaderCell))}
                    >
                      {c.cell(row)}
                    </th>
                  )
                }
                if (!stacked) {
                  return (
                    <td key={c.key} className={className}>
                      {c.cell(row)}
                    </td>
                  )
                }
                // The value sits in one box so the label and it form two grid columns, however many
                // nodes the cell renders; an empty value hides the whole line (CSS :has).
                return (
                  <td key={c.key} role="cell" data-label={columnLabel(c)} className={cn(className, STACKED.cell)}>
                    <div className="data-table-value">{c.cell(row)}</div>
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
