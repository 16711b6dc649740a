import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '~/infra/db.server'
import { ensureDatabase, migrate } from '~/infra/migrate.server'
import { urlFor } from '../support/databases'

// Prisma's migrate engine cannot run here, so nothing else diffs prisma/schema.prisma against the
// hand-written SQL migrations (ADR 006). This test applies every migration to an EMPTY database and
// compares what the generated client believes (its runtime data model, plus the schema text it was
// generated from for nullability, lists and native types) with information_schema, both ways.

// ---- what the client believes --------------------------------------------------------------

type ExpectedColumn = {
  model: string
  field: string
  column: string
  /** udt_name as PostgreSQL reports it (int4, text, uuid, timestamptz, _text, an enum's name, …). */
  udt: string
  isArray: boolean
  nullable: boolean
  hasDefault: boolean
  precision?: number
}
type ExpectedTable = { model: string; table: string; columns: ExpectedColumn[] }
type ExpectedSchema = { tables: ExpectedTable[]; enums: Record<string, string[]> }

type RuntimeField = { name: string; kind: 'scalar' | 'enum' | 'object'; type: string; dbName?: string }
type RuntimeDataModel = { models: Record<string, { dbName: string | null; fields: RuntimeField[] }> }

type ParsedField = { name: string; type: string; optional: boolean; list: boolean; attrs: string }
type ParsedModel = { name: string; dbName: string; fields: ParsedField[] }
type ParsedEnum = { name: string; dbName: string; values: string[] }

function blocks(schema: string, keyword: 'model' | 'enum') {
  const re = new RegExp(`^${keyword}\\s+(\\w+)\\s*\\{([\\s\\S]*?)^\\}`, 'gm')
  return [...schema.matchAll(re)].map((m) => ({
    name: m[1]!,
    body: m[2]!
      .split('\n')
      .map((l) => l.replace(/\/\/.*$/, '').trim())
      .filter(Boolean),
  }))
}

const mapOf = (lines: string[]) => lines.map((l) => /^@@map\("([^"]+)"\)/.exec(l)?.[1]).find(Boolean)

export function parseSchema(schema: string): { models: ParsedModel[]; enums: ParsedEnum[] } {
  const enums = blocks(schema, 'enum').map(({ name, body }) => ({
    name,
    dbName: mapOf(body) ?? name,
    values: body.filter((l) => !l.startsWith('@')).map((l) => l.split(/\s+/)[0]!),
  }))
  const models = blocks(schema, 'model').map(({ name, body }) => ({
    name,
    dbName: mapOf(body) ?? name,
    fields: body
      .filter((l) => !l.startsWith('@@'))
      .map((l) => {
        const m = /^(\w+)\s+(\S+)(.*)$/.exec(l)
        if (!m) throw new Error(`cannot parse field line in model ${name}: ${l}`)
        const raw = m[2]!
        return {
          name: m[1]!,
          type: raw.replace(/(\?|\[\])$/, ''),
          optional: raw.endsWith('?'),
          list: raw.endsWith('[]'),
          attrs: m[3]!,
        }
      }),
  }))
  return { models, enums }
}

const SCALAR_UDT: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Boolean: 'bool',
  Float: 'float8',
  Decimal: 'numeric',
  Json: 'jsonb',
  Bytes: 'bytea',
  DateTime: 'timestamp',
}
const NATIVE_UDT: Record<string, string> = {
  Uuid: 'uuid',
  Text: 'text',
  VarChar: 'varchar',
  Char: 'bpchar',
  SmallInt: 'int2',
  Integer: 'int4',
  Timestamptz: 'timestamptz',
  Timestamp: 'timestamp',
  Date: 'date',
  Json: 'json',
  JsonB: 'jsonb',
  DoublePrecision: 'float8',
  Real: 'float4',
}

/** Builds the expected schema and checks the parse against the client's own runtime data model. */
export function expectedSchema(
  schemaText: string,
  runtime: RuntimeDataModel,
): { expected: ExpectedSchema; parserProblems: string[] } {
  const { models, enums } = parseSchema(schemaText)
  const enumByName = new Map(enums.map((e) => [e.name, e]))
  const modelNames = new Set(models.map((m) => m.name))
  const parserProblems: string[] = []
  const tables = models.map((model): ExpectedTable => {
    const columns: ExpectedColumn[] = []
    for (const f of model.fields) {
      if (modelNames.has(f.type)) continue // relation field: no column
      const column = /@map\("([^"]+)"\)/.exec(f.attrs)?.[1] ?? f.name
      const native = /@db\.(\w+)(?:\((\d+)?[^)]*\))?/.exec(f.attrs)
      const unsupported = /^Unsupported\("([^"]+)"\)$/.exec(f.type)
      const en = enumByName.get(f.type)
      let udt: string
      if (unsupported) udt = unsupported[1]!
      else if (en) udt = en.dbName
      else if (native) udt = NATIVE_UDT[native[1]!] ?? native[1]!.toLowerCase()
      else udt = SCALAR_UDT[f.type] ?? `unknown:${f.type}`
      const precision =
        f.type === 'DateTime' && udt !== 'date' ? (native?.[2] ? Number(native[2]) : native ? 6 : 3) : undefined
      columns.push({
        model: model.name,
        field: f.name,
        column,
        udt: f.list ? `_${udt}` : udt,
        isArray: f.list,
        nullable: f.optional,
        hasDefault: /@default\(/.test(f.attrs),
        ...(precision !== undefined ? { precision } : {}),
      })
    }
    // The client's runtime model must agree with this parse (same scalar/enum fields, types, db names).
    const rt = runtime.models[model.name]
    if (!rt) parserProblems.push(`model ${model.name} is in the schema text but not in the generated client`)
    else {
      if ((rt.dbName ?? model.name) !== model.dbName)
        parserProblems.push(`model ${model.name}: table ${model.dbName} vs client ${rt.dbName}`)
      const rtFields = rt.fields.filter((f) => f.kind !== 'object')
      // The runtime model leaves Unsupported(...) fields out; everything else must match one to one.
      const unsupported = new Set(model.fields.filter((f) => f.type.startsWith('Unsupported(')).map((f) => f.name))
      const parsed = columns.filter((c) => !unsupported.has(c.field))
      const parsedNames = parsed.map((c) => c.field).sort()
      const rtNames = rtFields.map((f) => f.name).sort()
      if (parsedNames.join() !== rtNames.join())
        parserProblems.push(`model ${model.name}: parsed fields [${parsedNames}] vs client [${rtNames}]`)
      for (const f of rtFields) {
        const c = parsed.find((p) => p.field === f.name)
        if (c && c.column !== (f.dbName ?? f.name))
          parserProblems.push(`${model.name}.${f.name}: column ${c.column} vs client ${f.dbName ?? f.name}`)
        const pf = model.fields.find((p) => p.name === f.name)
        if (pf && pf.type !== f.type)
          parserProblems.push(`${model.name}.${f.name}: type ${pf.type} vs client ${f.type}`)
      }
    }
    return { model: model.name, table: model.dbName, columns }
  })
  for (const name of Object.keys(runtime.models))
    if (!modelNames.has(name)) parserProblems.push(`client model ${name} not found in the schema text`)
  return { expected: { tables, enums: Object.fromEntries(enums.map((e) => [e.dbName, e.values])) }, parserProblems }
}

// ---- what the database has ---------------------------------------------------------------------

type DbColumn = {
  table: string
  column: string
  udt: string
  dataType: string
  nullable: boolean
  hasDefault: boolean
  precision: number | null
}
type DbSchema = { tables: string[]; columns: DbColumn[]; enums: Record<string, string[]> }

async function readDatabase(url: string): Promise<DbSchema> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'",
    )
    const columns = await client.query<{
      table_name: string
      column_name: string
      udt_name: string
      data_type: string
      is_nullable: string
      column_default: string | null
      datetime_precision: number | null
    }>(
      "SELECT table_name, column_name, udt_name, data_type, is_nullable, column_default, datetime_precision FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    )
    const enums = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY t.typname`,
    )
    return {
      tables: tables.rows.map((r) => r.table_name),
      columns: columns.rows.map((r) => ({
        table: r.table_name,
        column: r.column_name,
        udt: r.udt_name,
        dataType: r.data_type,
        nullable: r.is_nullable === 'YES',
        hasDefault: r.column_default !== null,
        precision: r.datetime_precision,
      })),
      enums: Object.fromEntries(enums.rows.map((r) => [r.typname, r.labels])),
    }
  } finally {
    await client.end()
  }
}

// ---- the comparison (pure) ---------------------------------------------------------------------

export function compareSchema(expected: ExpectedSchema, db: DbSchema): string[] {
  const problems: string[] = []
  const byTable = new Map<string, DbColumn[]>()
  for (const c of db.columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c])
  const mapped = new Set(expected.tables.map((t) => t.table))
  for (const t of expected.tables) {
    const cols = byTable.get(t.table)
    if (!db.tables.includes(t.table) || !cols) {
      problems.push(`model ${t.model}: table ${t.table} does not exist`)
      continue
    }
    for (const e of t.columns) {
      const c = cols.find((x) => x.column === e.column)
      const where = `${t.model}.${e.field} (${t.table}.${e.column})`
      if (!c) {
        problems.push(`${where}: column does not exist`)
        continue
      }
      if (c.udt !== e.udt) problems.push(`${where}: type ${c.udt} in the database, ${e.udt} in the model`)
      if (e.isArray !== (c.dataType === 'ARRAY')) problems.push(`${where}: array in one, not in the other`)
      if (c.nullable !== e.nullable)
        problems.push(
          `${where}: ${c.nullable ? 'NULL allowed' : 'NOT NULL'} in the database, ${e.nullable ? 'optional' : 'required'} in the model`,
        )
      if (e.hasDefault && !c.hasDefault)
        problems.push(`${where}: the model has a @default but the column has no DEFAULT`)
      if (e.precision !== undefined && c.precision !== e.precision)
        problems.push(`${where}: precision ${c.precision} in the database, ${e.precision} in the model`)
    }
    for (const c of cols) {
      if (!t.columns.some((e) => e.column === c.column))
        problems.push(`${t.table}.${c.column}: column unknown to model ${t.model}`)
    }
  }
  for (const table of db.tables) if (!mapped.has(table)) problems.push(`table ${table} is not mapped by any model`)
  for (const [name, values] of Object.entries(expected.enums)) {
    const actual = db.enums[name]
    if (!actual) problems.push(`enum ${name} does not exist`)
    else if (actual.join() !== values.join())
      problems.push(`enum ${name}: [${actual}] in the database, [${values}] in the model`)
  }
  for (const name of Object.keys(db.enums))
    if (!(name in expected.enums)) problems.push(`enum type ${name} is not in the model`)
  return problems
}

// ---- the test ----------------------------------------------------------------------------------

const driftDb = `vt_${process.ppid}_drift${process.env.VITEST_POOL_ID ?? '0'}`
const driftUrl = urlFor(driftDb)
let client: { _runtimeDataModel: RuntimeDataModel; _engineConfig: { inlineSchema: string } }

beforeAll(async () => {
  // An EMPTY database (not the template): every migration must apply from scratch.
  const admin = new pg.Client({ connectionString: urlFor('postgres') })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${driftDb} WITH (FORCE)`)
  await admin.end()
  await ensureDatabase(driftUrl)
  await migrate(driftUrl)
  client = getDb() as unknown as typeof client
})

afterAll(async () => {
  const admin = new pg.Client({ connectionString: urlFor('postgres') })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${driftDb} WITH (FORCE)`)
  await admin.end()
})

describe('schema drift: generated client vs migrated database', () => {
  it('the generated client is generated from the current prisma/schema.prisma', async () => {
    // Whitespace-insensitive: alignment done by a formatter after generating is not drift.
    const normalise = (s: string) =>
      s
        .split('\n')
        .map((l) => l.trim().replace(/\s+/g, ' '))
        .filter(Boolean)
        .join('\n')
    const onDisk = await readFile('prisma/schema.prisma', 'utf8')
    expect(normalise(client._engineConfig.inlineSchema), 'run `npm run prisma:generate`').toBe(normalise(onDisk))
  })

  it('the schema parse agrees with the client runtime data model', () => {
    const { parserProblems, expected } = expectedSchema(client._engineConfig.inlineSchema, client._runtimeDataModel)
    expect(parserProblems).toEqual([])
    expect(expected.tables.length).toBe(Object.keys(client._runtimeDataModel.models).length)
    expect(
      expected.tables.find((t) => t.table === 'booking')?.columns.find((c) => c.column === 'during'),
    ).toMatchObject({ udt: 'tstzrange', nullable: true })
  })

  it('every model and field matches a table and column (type family, nullability, defaults), and back', async () => {
    const { expected } = expectedSchema(client._engineConfig.inlineSchema, client._runtimeDataModel)
    const db = await readDatabase(driftUrl)
    expect(compareSchema(expected, db)).toEqual([])
  })

  it('fails on drift: a mutated model or a mutated database is reported, field by field', async () => {
    const { expected } = expectedSchema(client._engineConfig.inlineSchema, client._runtimeDataModel)
    const db = await readDatabase(driftUrl)
    const mutated: ExpectedSchema = structuredClone(expected)
    const voucher = mutated.tables.find((t) => t.table === 'voucher')!
    voucher.columns.find((c) => c.column === 'serial')!.nullable = true
    voucher.columns.find((c) => c.column === 'face_value_fen')!.udt = 'int4'
    voucher.columns.push({
      model: 'Voucher',
      field: 'note',
      column: 'note',
      udt: 'text',
      isArray: false,
      nullable: true,
      hasDefault: false,
    })
    const booking = mutated.tables.find((t) => t.table === 'booking')!
    booking.columns = booking.columns.filter((c) => c.column !== 'purpose')
    mutated.enums.booking_status = [...mutated.enums.booking_status!, 'archived']
    mutated.tables.push({ model: 'Ghost', table: 'ghost', columns: [] })
    expect(compareSchema(mutated, db).sort()).toEqual(
      [
        'Voucher.serial (voucher.serial): NOT NULL in the database, optional in the model',
        'Voucher.faceValueFen (voucher.face_value_fen): type int8 in the database, int4 in the model',
        'Voucher.note (voucher.note): column does not exist',
        'booking.purpose: column unknown to model Booking',
        `enum booking_status: [${expected.enums.booking_status}] in the database, [${expected.enums.booking_status},archived] in the model`,
        'model Ghost: table ghost does not exist',
      ].sort(),
    )

    // The same from the database side: change the migrated database by hand.
    const admin = new pg.Client({ connectionString: driftUrl })
    await admin.connect()
    try {
      await admin.query('ALTER TABLE programme ADD COLUMN secret_note text')
      await admin.query('ALTER TABLE ledger_transfer ALTER COLUMN kind DROP NOT NULL')
      await admin.query('ALTER TABLE outbox ALTER COLUMN available_at DROP DEFAULT')
      await admin.query('ALTER TABLE audit_log ALTER COLUMN at TYPE timestamptz(6)')
      await admin.query('CREATE TABLE stray (id int)')
    } finally {
      await admin.end()
    }
    expect(compareSchema(expected, await readDatabase(driftUrl)).sort()).toEqual(
      [
        'programme.secret_note: column unknown to model Programme',
        'LedgerTransfer.kind (ledger_transfer.kind): NULL allowed in the database, required in the model',
        'Outbox.availableAt (outbox.available_at): the model has a @default but the column has no DEFAULT',
        'AuditLog.at (audit_log.at): precision 6 in the database, 3 in the model',
        'table stray is not mapped by any model',
      ].sort(),
    )
  })
})
