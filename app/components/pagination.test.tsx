import { MemoryRouter } from 'react-router-dom'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Pagination } from './pagination'

function render(page: number, pages: number) {
  return renderToString(
    <MemoryRouter>
      <Pagination
        page={page}
        pages={pages}
        hrefFor={(p) => `/bureau/claims?page=${p}`}
        label="兑付申请"
        prev="上一页"
        next="下一页"
        position={`第 ${page} / ${pages} 页`}
      />
    </MemoryRouter>,
  )
}

describe('Pagination', () => {
  it('renders nothing when the list fits one page', () => {
    expect(render(1, 1)).toBe('')
  })

  it('links the pages before and after, and says where the reader is', () => {
    const html = render(2, 3)
    expect(html).toContain('aria-label="兑付申请"')
    expect(html).toContain('href="/bureau/claims?page=1"')
    expect(html).toContain('href="/bureau/claims?page=3"')
    expect(html).toContain('第 2 / 3 页')
  })

  it('offers no previous link on the first page and no next link on the last', () => {
    expect(render(1, 3)).not.toContain('上一页')
    expect(render(1, 3)).toContain('href="/bureau/claims?page=2"')
    expect(render(3, 3)).not.toContain('下一页')
  })
})
