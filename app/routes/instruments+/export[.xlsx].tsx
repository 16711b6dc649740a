import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseCatalogueQuery } from '~/features/instruments/catalogue'
import {
  attachmentDisposition,
  exportCatalogueXlsx,
  shanghaiDay,
  XLSX_TYPE,
} from '~/features/instruments/export.server'
import { getDb } from '~/infra/db.server'

// Public: the catalogue (or the part its filters select: same query parameters as /instruments)
// as an XLSX with Chinese headers. /instruments/export.xlsx?q=色谱&category=01
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const query = parseCatalogueQuery(url.searchParams)
  const { buffer } = await exportCatalogueXlsx(getDb(), query, url.origin)
  const day = shanghaiDay(new Date())
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(`仪器目录-${day}.xlsx`, `instruments-${day}.xlsx`),
      'Cache-Control': 'no-store',
    },
  })
}
