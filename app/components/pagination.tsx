import type { ReactNode } from 'react'
import { ButtonLink } from './button'

/**
 * "Previous · page N of M · Next" under a list, as links (no JavaScript needed); nothing when the
 * list fits one page. The caller gives the href of a page number and the texts in its namespace.
 */
export function Pagination({
  page,
  pages,
  hrefFor,
  label,
  prev,
  next,
  position,
}: {
  page: number
  pages: number
  hrefFor: (page: number) => string
  /** The nav's accessible name. */
  label: string
  prev: ReactNode
  next: ReactNode
  /** "第 N / M 页" in the caller's words. */
  position: ReactNode
}) {
  if (pages <= 1) return null
  return (
    <nav className="mt-4 flex items-center justify-between gap-2 text-sm" aria-label={label}>
      {page > 1 ? (
        <ButtonLink to={hrefFor(page - 1)} variant="secondary" size="sm">
          {prev}
        </ButtonLink>
      ) : (
        <span />
      )}
      <span className="text-slate-600">{position}</span>
      {page < pages ? (
        <ButtonLink to={hrefFor(page + 1)} variant="secondary" size="sm">
          {next}
        </ButtonLink>
      ) : (
        <span />
      )}
    </nav>
  )
}
