import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button, buttonClasses } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { MAX_UPLOAD_BYTES, type FileProblem } from '~/features/instruments/import/file-format'
import { checkUpload, importInstruments, type ImportSummary } from '~/features/instruments/import/import.server'
import type { ProblemCode, RowProblem } from '~/features/instruments/import/rows'
import { dropStagedFile, stageFile, takeStagedFile } from '~/features/instruments/import/staging.server'
import { COLUMN_BY_KEY, type ColumnKey } from '~/features/instruments/import/template'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

// Bulk import (issue 3). Upload → every row checked → written in one transaction only when the
// whole file is valid. With problems, the file is kept server-side (Redis, 30 min, bound to this
// user and institution) so "import only the valid rows" needs no second upload.

const PERMISSION = 'create:instrument:own' as const
/** Problems listed on the page; the rest are counted (fix these first, upload again). */
const SHOWN_PROBLEMS = 500

async function institutionOf(request: Request) {
  const { user, membership } = await requireMembership(request, PERMISSION, ['institution_staff'])
  const institutionId = membership.institutionId!
  const institution = await getDb().institution.findUnique({
    where: { id: institutionId },
    select: { status: true, name: true, nameEn: true },
  })
  if (!institution) throw new Response('institution not found', { status: 404 })
  return { user, institutionId, institution }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { institution } = await institutionOf(request)
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'import')
  return json({
    title: t('title'),
    admitted: institution.status === 'verified',
    institutionName: locale === 'en' ? (institution.nameEn ?? institution.name) : institution.name,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '批量导入仪器' }]

type FileError = {
  status: 'file-error'
  problem: FileProblem | 'missing' | 'staleStaging'
  params?: Record<string, string | number>
}
type Invalid = {
  status: 'invalid'
  problems: RowProblem[]
  problemCount: number
  invalidRowCount: number
  totalRows: number
  validRows: number
  stagingId: string | null
  ignoredHeaders: string[]
  encoding: string | null
}
type Imported = {
  status: 'imported'
  summary: ImportSummary
  ms: number
  ignoredHeaders: string[]
  encoding: string | null
}
type Refused = { status: 'refused'; reason: string }
type ActionData = FileError | Invalid | Imported | Refused

export async function action({ request }: ActionFunctionArgs) {
  const started = performance.now()
  const { user, institutionId } = await institutionOf(request)
  const owner = { userId: user.id, institutionId }
  const tooLarge = () => json<ActionData>({ status: 'file-error', problem: 'tooLarge' }, { status: 413 })
  // Refuse an oversized body before reading it; the upload handler enforces the limit per part too.
  if (Number(request.headers.get('Content-Length') ?? '0') > MAX_UPLOAD_BYTES + 64 * 1024) return tooLarge()
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
    )
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge()
    throw error
  }
  await validateCsrf(request, formData)
  const db = getDb()
  const now = new Date()

  let bytes: Uint8Array
  let fileName: string
  let mode: 'all' | 'valid-only' = 'all'
  const stagingId = String(formData.get('stagingId') ?? '')
  if (formData.get('intent') === 'import-valid') {
    const staged = await takeStagedFile(owner, stagingId)
    if (!staged) return json<ActionData>({ status: 'file-error', problem: 'staleStaging' }, { status: 410 })
    bytes = staged.bytes
    fileName = staged.fileName
    mode = 'valid-only'
  } else {
    const file = formData.get('file')
    if (!(file instanceof Blob) || file.size === 0) {
      return json<ActionData>(
        { status: 'file-error', problem: file instanceof Blob ? 'empty' : 'missing' },
        { status: 400 },
      )
    }
    bytes = new Uint8Array(await file.arrayBuffer())
    fileName = 'name' in file && typeof file.name === 'string' ? file.name.slice(0, 200) : ''
  }

  const checked = await checkUpload(db, bytes, now)
  if (!checked.ok) {
    return json<ActionData>({ status: 'file-error', problem: checked.problem, params: checked.params }, { status: 422 })
  }
  const { ignoredHeaders, encoding } = checked.sheet
  if (mode === 'all' && checked.problems.length > 0) {
    const id = checked.rows.length > 0 ? await stageFile(owner, { bytes, fileName }) : null
    return json<ActionData>(
      {
        status: 'invalid',
        problems: checked.problems.slice(0, SHOWN_PROBLEMS),
        problemCount: checked.problems.length,
        invalidRowCount: checked.invalidRows.length,
        totalRows: checked.totalRows,
        validRows: checked.rows.length,
        stagingId: id,
        ignoredHeaders,
        encoding,
      },
      { status: 422 },
    )
  }
  const outcome = await importInstruments(db, owner, { ...checked, fileName }, { mode, now })
  if (!outcome.ok) return json<ActionData>({ status: 'refused', reason: outcome.reason }, { status: 409 })
  if (mode === 'valid-only') await dropStagedFile(stagingId)
  return json<ActionData>({
    status: 'imported',
    summary: outcome.value,
    ms: Math.round(performance.now() - started),
    ignoredHeaders,
    encoding,
  })
}

export default function ImportInstruments() {
  const { admitted, institutionName } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>() as ActionData | undefined
  const { t } = useTranslation('import')
  const { t: tc } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formMethod?.toLowerCase() === 'post'
  const busyIntent = busy ? navigation.formData?.get('intent') : null

  return (
    <PageContainer>
      <PageHeader
        eyebrow={`${tc('roles.institution_staff')} · ${institutionName}`}
        title={t('title')}
        description={t('lead')}
        actions={
          <>
            <a
              href="/institution/instruments/template.xlsx"
              className={buttonClasses({ variant: 'secondary', size: 'sm' })}
              download
            >
              {t('downloadXlsx')}
            </a>
            <a
              href="/institution/instruments/template.csv"
              className={buttonClasses({ variant: 'secondary', size: 'sm' })}
              download
            >
              {t('downloadCsv')}
            </a>
          </>
        }
      />

      {!admitted ? (
        <Alert tone="warning" className="mt-6">
          {t('notAdmitted')}
        </Alert>
      ) : (
        <div className="mt-6 grid gap-6 lg:grid-cols-3">
          <Card
            title={t('steps.heading')}
            titleId="import-steps"
            className="lg:col-span-1"
            footer={
              <a href="/institution/instruments/export.xlsx" className="font-medium text-brand-700 underline" download>
                {t('exportOwn')}
              </a>
            }
          >
            <ol className="list-decimal space-y-3 pl-5 text-sm text-slate-700">
              <li>{t('steps.one')}</li>
              <li>{t('steps.two')}</li>
              <li>{t('steps.three')}</li>
            </ol>
          </Card>

          <Card title={t('upload.heading')} titleId="import-upload" className="lg:col-span-2">
            <Form method="post" encType="multipart/form-data" className="space-y-4" replace>
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="check" />
              <div>
                <label htmlFor="import-file" className="block text-sm font-medium text-slate-800">
                  {t('upload.label')}
                </label>
                <input
                  id="import-file"
                  name="file"
                  type="file"
                  required
                  accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                  aria-describedby="import-file-hint"
                  className="mt-1 block w-full rounded-md border border-slate-300 bg-white text-sm text-slate-700 file:mr-3 file:h-11 file:border-0 file:bg-slate-100 file:px-4 file:font-medium file:text-slate-800"
                />
                <p id="import-file-hint" className="mt-1 text-sm text-slate-500">
                  {t('upload.hint')}
                </p>
              </div>
              <Button
                type="submit"
                disabled={busy}
                aria-busy={busyIntent === 'check' || undefined}
                data-testid="import-submit"
              >
                {busyIntent === 'check' ? <Spinner /> : null}
                {busyIntent === 'check' ? t('upload.submitting') : t('upload.submit')}
              </Button>
              {busy ? (
                <p role="status" className="text-sm text-slate-600">
                  {t('upload.working')}
                </p>
              ) : null}
            </Form>
          </Card>
        </div>
      )}

      {data ? (
        <div className="mt-6" data-testid="import-result">
          <Result data={data} busy={busy} busyIntent={busyIntent} />
        </div>
      ) : null}
    </PageContainer>
  )
}

function Spinner() {
  return <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />
}

function useColumnName() {
  const { i18n } = useTranslation('import')
  return (key: ColumnKey) => {
    const c = COLUMN_BY_KEY[key]
    return i18n.language === 'en' ? `${c.zh} · ${c.en.replace(/\s*\(.*\)$/, '')}` : c.zh
  }
}

function Result({
  data,
  busy,
  busyIntent,
}: {
  data: ActionData
  busy: boolean
  busyIntent: FormDataEntryValue | null | undefined
}) {
  const { t } = useTranslation('import')
  const columnName = useColumnName()

  if (data.status === 'file-error') {
    return <Alert tone="error">{t(`file.${data.problem}`, data.params ?? {})}</Alert>
  }
  if (data.status === 'refused') {
    const known = ['has-problems', 'no-valid-rows', 'institution-not-admitted', 'conflict'] as const
    const reason = known.find((k) => k === data.reason) ?? 'conflict'
    return <Alert tone="error">{t(`result.refused.${reason}`)}</Alert>
  }
  const notes = (
    <>
      {data.encoding === 'gb18030' ? <p className="mt-1">{t('result.encodingGb')}</p> : null}
      {data.ignoredHeaders.length > 0 ? (
        <p className="mt-1">{t('result.ignoredColumns', { columns: data.ignoredHeaders.join('、') })}</p>
      ) : null}
    </>
  )
  if (data.status === 'imported') {
    const s = data.summary
    return (
      <div className="space-y-4">
        <Alert tone="success" title={t('result.doneTitle')}>
          <p data-testid="import-summary">
            {t('result.done', {
              created: s.created,
              updated: s.updated,
              unchanged: s.unchanged,
              skipped: s.skipped.length,
            })}{' '}
            {t('result.took', { seconds: (data.ms / 1000).toFixed(1) })}
          </p>
          {notes}
          <p className="mt-2">
            <Link to="/institution/instruments" className="font-medium underline">
              {t('result.viewList')}
            </Link>
          </p>
        </Alert>
        {s.skipped.length > 0 ? (
          <Card title={t('result.skippedCaption')} titleId="import-skipped">
            <DataTable
              caption={t('result.skippedCaption')}
              captionHidden
              rows={s.skipped}
              rowKey={(r) => String(r.row)}
              columns={[
                { key: 'row', header: t('result.row'), cell: (r) => t('result.rowN', { row: r.row }), rowHeader: true },
                { key: 'asset', header: columnName('assetNo'), cell: (r) => r.assetNo || t('result.emptyValue') },
                {
                  key: 'reason',
                  header: t('result.skippedReason'),
                  wrap: true,
                  cell: (r) => r.codes.map((c) => t(`problemShort.${c}`)).join('；'),
                },
              ]}
            />
          </Card>
        ) : null}
      </div>
    )
  }

  const skippedRows = data.invalidRowCount
  return (
    <div className="space-y-4">
      <Alert tone="error" title={t('result.invalidTitle', { problems: data.problemCount, rows: skippedRows })}>
        <p>
          {data.validRows > 0
            ? t('result.invalidText', { total: data.totalRows, valid: data.validRows })
            : t('result.noValidText', { total: data.totalRows })}
        </p>
        {notes}
      </Alert>

      {data.stagingId && data.validRows > 0 ? (
        <Form
          method="post"
          encType="multipart/form-data"
          className="flex flex-col gap-2 sm:flex-row sm:items-center"
          replace
        >
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value="import-valid" />
          <input type="hidden" name="stagingId" value={data.stagingId} />
          <Button
            type="submit"
            variant="secondary"
            disabled={busy}
            aria-busy={busyIntent === 'import-valid' || undefined}
            data-testid="import-valid"
          >
            {busyIntent === 'import-valid'
              ? t('upload.submitting')
              : t('result.importValid', { count: data.validRows })}
          </Button>
          <p className="text-sm text-slate-600">{t('result.importValidHint', { rows: skippedRows })}</p>
        </Form>
      ) : null}

      <Card title={t('result.tableCaption')} titleId="import-problems">
        {/* A phone gets one block per problem; wider screens the table (row · column · value · fix). */}
        <ol className="-mx-4 -my-4 divide-y divide-slate-100 sm:hidden" data-testid="import-problems-list">
          {data.problems.map((p) => (
            <li key={`${p.row}-${p.column}-${p.code}`} className="px-4 py-3 text-sm">
              <p className="font-medium text-slate-900">
                {t('result.rowN', { row: p.row })} · {columnName(p.column)}
              </p>
              <p className="mt-0.5 text-slate-500">
                {t('result.valueLabel')}
                {p.value ? (
                  <span className="font-mono text-xs break-all text-slate-700">{p.value}</span>
                ) : (
                  t('result.emptyValue')
                )}
              </p>
              <p className="mt-1 text-slate-800">{problemText(t, p)}</p>
            </li>
          ))}
        </ol>
        <div className="hidden sm:block">
          <DataTable
            caption={t('result.tableCaption')}
            captionHidden
            rows={data.problems}
            rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
            columns={[
              { key: 'row', header: t('result.row'), cell: (p) => t('result.rowN', { row: p.row }), rowHeader: true },
              { key: 'column', header: t('result.column'), cell: (p) => columnName(p.column) },
              {
                key: 'value',
                header: t('result.value'),
                wrap: true,
                cell: (p) =>
                  p.value ? (
                    <span className="font-mono text-xs break-all">{p.value}</span>
                  ) : (
                    <span className="text-slate-400">{t('result.emptyValue')}</span>
                  ),
              },
              {
                key: 'problem',
                header: t('result.problem'),
                wrap: true,
                cell: (p) => problemText(t, p),
              },
            ]}
          />
        </div>
        {data.problemCount > data.problems.length ? (
          <p className="pt-3 text-sm text-slate-600">
            {t('result.moreProblems', { count: data.problemCount - data.problems.length })}
          </p>
        ) : null}
      </Card>
    </div>
  )
}

function problemText(t: ReturnType<typeof useTranslation<'import'>>['t'], p: RowProblem): string {
  const code: ProblemCode = p.code
  return t(`errors.${code}`, { column: COLUMN_BY_KEY[p.column].zh, ...(p.params ?? {}) })
}
