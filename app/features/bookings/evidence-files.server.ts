// Delivery evidence files (test report, invoice) on disk, the way instrument photos are kept
// (photos.server.ts): the type is sniffed from the bytes, the file gets a server-chosen name
// (uuid + extension) in UPLOAD_DIR/booking-evidence, outside the web root, and only the booking
// row (report_file / invoice_file) leads back to it — the files route serves known rows only.
//
// The file is written before the delivery transition is fired (so a booking never names a missing
// file); when the transition is refused the caller removes it again (removeEvidenceFile).
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { refused, type Outcome } from '~/infra/tx.server'
import {
  EVIDENCE_FILE_NAME,
  evidenceProblem,
  evidenceTypeOfName,
  sniffEvidenceType,
  type EvidenceKind,
  type EvidenceProblem,
  type EvidenceType,
} from './evidence-file-type'

/** Where evidence is stored: UPLOAD_DIR (default <cwd>/var/uploads) + /booking-evidence. */
export function evidenceDir(): string {
  const root = getEnv().UPLOAD_DIR ?? path.resolve(process.cwd(), 'var/uploads')
  return path.resolve(root, 'booking-evidence')
}

function evidencePath(fileName: string): string {
  // The name comes from our own row and matches uuid.ext; checked again so no path can escape.
  if (!EVIDENCE_FILE_NAME.test(fileName)) throw new Error(`not an evidence file name: ${JSON.stringify(fileName)}`)
  return path.join(evidenceDir(), fileName)
}

/** Keeps the bytes under a new name; refuses empty, oversized and anything not a PDF or photo. */
export async function saveEvidenceFile(bytes: Uint8Array): Promise<Outcome<{ fileName: string; type: EvidenceType }>> {
  const problem: EvidenceProblem | null = evidenceProblem(bytes)
  const type = sniffEvidenceType(bytes)
  if (problem || !type) return refused(problem ?? 'wrong-type', { bytes: bytes.byteLength })
  const fileName = `${randomUUID()}.${type.extension}`
  const target = evidencePath(fileName)
  await mkdir(evidenceDir(), { recursive: true })
  const temporary = `${target}.part`
  await writeFile(temporary, bytes, { flag: 'wx', mode: 0o640 })
  await rename(temporary, target)
  return { ok: true, value: { fileName, type } }
}

/** Removes a file no row names (a refused delivery); a missing file is fine. */
export async function removeEvidenceFile(fileName: string): Promise<void> {
  await unlink(evidencePath(fileName)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}

/** The bytes of a stored file; null when it has gone missing. */
export async function readEvidenceFile(fileName: string): Promise<Buffer | null> {
  try {
    return await readFile(evidencePath(fileName))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

export type StoredEvidence = {
  fileName: string
  type: EvidenceType
  /** The report or invoice number the file belongs to (the download is named after it). */
  number: string | null
  deliveredAt: Date | null
  /** Who may see it: the booking's enterprise, the institution, officers of either's region. */
  enterpriseId: string
  enterpriseRegionId: string
  institutionId: string
  institutionRegionId: string
}

/** The evidence file of one kind a booking names, with what the access check needs; null if none. */
export async function findBookingEvidence(
  bookingId: string,
  kind: EvidenceKind,
  db: Db | Tx = getDb(),
): Promise<StoredEvidence | null> {
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    select: {
      reportNo: true,
      reportFile: true,
      invoiceNo: true,
      invoiceFile: true,
      deliveredAt: true,
      enterprise: { select: { id: true, regionId: true } },
      instrument: { select: { institution: { select: { id: true, regionId: true } } } },
    },
  })
  if (!booking) return null
  const fileName = kind === 'report' ? booking.reportFile : booking.invoiceFile
  const type = fileName ? evidenceTypeOfName(fileName) : null
  if (!fileName || !type) return null
  return {
    fileName,
    type,
    number: kind === 'report' ? booking.reportNo : booking.invoiceNo,
    deliveredAt: booking.deliveredAt,
    enterpriseId: booking.enterprise.id,
    enterpriseRegionId: booking.enterprise.regionId,
    institutionId: booking.instrument.institution.id,
    institutionRegionId: booking.instrument.institution.regionId,
  }
}
