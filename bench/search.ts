// Catalogue search: the CJK bigram GIN index against an ILIKE scan, on ≥ 5,000 generated
// instruments in a throwaway database. Prints ratios measured in this run (no absolute limits):
//   npx tsx bench/search.ts            (DATABASE_URL's server; creates and drops bench_search_<pid>)
import pg from 'pg'
import { ensureDatabase, migrate } from '../app/infra/migrate.server'
import { toTsqueryText } from '../app/features/instruments/search/tokens'

const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vouchers'
const url = new URL(base)
url.pathname = `/bench_search_${process.pid}`
const N = Number(process.env.BENCH_INSTRUMENTS ?? 20_000)
const ROUNDS = 30

const NAMES = [
  '气相色谱仪',
  '高效液相色谱仪',
  '液相色谱-质谱联用仪',
  '电感耦合等离子体质谱仪',
  '扫描电子显微镜',
  '透射电子显微镜',
  'X射线衍射仪',
  '红外光谱仪',
  '紫外可见分光光度计',
  '核磁共振波谱仪',
  '万能材料试验机',
  '激光粒度分析仪',
  '热重分析仪',
  '原子吸收光谱仪',
  '离子色谱仪',
  '荧光定量PCR仪',
]
const WORDS =
  '样品检测分析测定材料结构成分含量环境食品药品化工农产品土壤水质金属合金高分子纳米颗粒形貌表面元素有机物无机物农残兽残重金属'.split(
    '',
  )

function text(seed: number, length: number): string {
  let s = ''
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    s += WORDS[x % WORDS.length]
  }
  return s
}

async function time(client: pg.Client, sql: string, params: unknown[]): Promise<number> {
  await client.query(sql, params) // warm
  const start = process.hrtime.bigint()
  for (let i = 0; i < ROUNDS; i++) await client.query(sql, params)
  return Number(process.hrtime.bigint() - start) / 1e6 / ROUNDS
}

await ensureDatabase(url.toString())
await migrate(url.toString())
const client = new pg.Client({ connectionString: url.toString() })
await client.connect()
try {
  // Just the reference rows the instruments need (the full reference data lives in seeds/).
  await client.query(
    `INSERT INTO region (id, gb_code, name, name_en, level) VALUES ('511702', '511702', '通川区', 'Tongchuan', 'county')`,
  )
  await client.query(
    `INSERT INTO instrument_category (code, name, name_en) VALUES ('0101', '分析仪器', 'Analytical instruments')`,
  )
  const { rows } = await client.query(`
    INSERT INTO institution (name, uscc, type, region_id, status) VALUES ('基准测试机构', '12511702BENCH0000X', 'university', '511702', 'verified')
    RETURNING id`)
  const institutionId = rows[0].id as string
  const values: unknown[] = []
  const tuples: string[] = []
  for (let i = 0; i < N; i++) {
    // One instrument in ten carries a real name (so a query is selective, as in a catalogue); the rest filler.
    const name = i % 10 === 0 ? NAMES[(i / 10) % NAMES.length]! : `${text(i * 3 + 2, 4)}仪`
    values.push(institutionId, `B-${i}`, name, `M-${i % 997}`, text(i, 60), text(i * 7 + 1, 40))
    const o = tuples.length * 6
    tuples.push(`($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, 100000000, '0101', $${o + 5}, $${o + 6})`)
    if (tuples.length === 1000 || i === N - 1) {
      await client.query(
        `INSERT INTO instrument (institution_id, asset_no, name, model, original_value_fen, category_code, specifications, uses) VALUES ${tuples.join(',')}`,
        values,
      )
      tuples.length = 0
      values.length = 0
    }
  }
  await client.query('VACUUM ANALYZE instrument')
  const fields = ['name', 'name_en', 'model', 'manufacturer', 'specifications', 'uses', 'research_fields']
  console.log(`instruments: ${N}, rounds: ${ROUNDS}`)
  for (const q of ['色谱', '质谱', '电子显微镜', 'PCR']) {
    const tsq = toTsqueryText(q)
    const indexed = await time(client, 'SELECT count(*) FROM instrument WHERE search_tsv @@ $1::tsquery', [tsq])
    const ilike = await time(
      client,
      `SELECT count(*) FROM instrument WHERE ${fields.map((f) => `${f} ILIKE $1`).join(' OR ')}`,
      [`%${q}%`],
    )
    const a = await client.query('SELECT count(*)::int AS n FROM instrument WHERE search_tsv @@ $1::tsquery', [tsq])
    const plan = await client.query('EXPLAIN SELECT count(*) FROM instrument WHERE search_tsv @@ $1::tsquery', [tsq])
    const usesIndex = plan.rows.some((r: { 'QUERY PLAN': string }) =>
      r['QUERY PLAN'].includes('instrument_search_tsv_idx'),
    )
    console.log(
      `${usesIndex ? 'GIN' : 'seq'} ${q.padEnd(6)} bigram+GIN ${indexed.toFixed(2)} ms, ILIKE scan ${ilike.toFixed(2)} ms, ratio ${(indexed / ilike).toFixed(3)} (${a.rows[0].n} hits)`,
    )
  }
} finally {
  await client.end()
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}"`)
  await admin.end()
}
