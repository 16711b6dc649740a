// Instrument photos: the type is read from the bytes (never the name or the browser's word), the
// file gets a server-chosen name (uuid + extension) and lives outside the web root in UPLOAD_DIR;
// the instrument_photo row is the only way back to it (the media route serves known rows only).
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { appendAudit } from '~/features/audit/audit.server'
import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { inTransaction, Refusal, refused, type Outcome } from '~/infra/tx.server'
import { isUuid } from '~/infra/uuid'
import { isPubliclyListed } from './catalogue'
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_INSTRUMENT,
  PHOTO_FILE_NAME,
  pngSize,
  sniffImageType,
} from './manage/image-type'
import type { Actor, Ctx } from './manage/instruments.server'

export type PhotoReason = 'not-found' | 'empty' | 'too-large' | 'not-an-image' | 'too-many'

/** Where photos are stored: UPLOAD_DIR (default <cwd>/var/uploads) + /instrument-photos. */
export function photoDir(): string {
  const root = getEnv().UPLOAD_DIR ?? path.resolve(process.cwd(), 'var/uploads')
  return path.resolve(root, 'instrument-photos')
}

function photoPath(fileName: string): string {
  // The name comes from our own row and matches uuid.ext; checked again so no path can escape.
  if (!PHOTO_FILE_NAME.test(fileName)) throw new Error(`not a photo file name: ${JSON.stringify(fileName)}`)
  return path.join(photoDir(), fileName)
}

export async function savePhoto(
  ctx: Ctx,
  actor: Actor,
  instrumentId: string,
  bytes: Uint8Array,
): Promise<Outcome<{ photoId: string; fileName: string }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(instrumentId)) return refused('not-found', { instrumentId })
  if (bytes.byteLength === 0) return refused('empty')
  if (bytes.byteLength > MAX_PHOTO_BYTES) return refused('too-large', { bytes: bytes.byteLength, max: MAX_PHOTO_BYTES })
  const type = sniffImageType(bytes)
  if (!type) return refused('not-an-image', { bytes: bytes.byteLength })
  const fileName = `${randomUUID()}.${type.extension}`
  const target = photoPath(fileName)
  let written = false
  try {
    return await inTransaction(db, async (tx) => {
      const owned = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM instrument
         WHERE id = ${instrumentId}::uuid AND institution_id = ${actor.institutionId}::uuid FOR UPDATE`
      if (!owned[0]) throw new Refusal('not-found', { instrumentId })
      const count = await tx.instrumentPhoto.count({ where: { instrumentId } })
      if (count >= MAX_PHOTOS_PER_INSTRUMENT) throw new Refusal('too-many', { count, max: MAX_PHOTOS_PER_INSTRUMENT })
      const size = type.contentType === 'image/png' ? pngSize(bytes) : null
      const photo = await tx.instrumentPhoto.create({
        data: {
          instrumentId,
          fileName,
          contentType: type.contentType,
          byteSize: bytes.byteLength,
          width: size?.width ?? null,
          height: size?.height ?? null,
          sortOrder: count,
          createdAt: now,
        },
      })
      // Written before commit (write to a temporary name, then rename): a row never points at a
      // missing file; a failed commit removes the file below.
      await mkdir(photoDir(), { recursive: true })
      const temporary = `${target}.part`
      await writeFile(temporary, bytes, { flag: 'wx', mode: 0o640 })
      await rename(temporary, target)
      written = true
      await appendAudit(tx, {
        actorUserId: actor.userId,
        orgType: 'institution',
        orgId: actor.institutionId,
        action: 'instrument.photo_add',
        entityType: 'instrument_photo',
        entityId: photo.id,
        after: photo,
        at: now,
      })
      return { photoId: photo.id, fileName }
    }).then((outcome) => {
      if (!outcome.ok && written) void unlink(target).catch(() => undefined)
      return outcome
    })
  } catch (error) {
    if (written) await unlink(target).catch(() => undefined)
    throw error
  }
}

export async function deletePhoto(ctx: Ctx, actor: Actor, photoId: string): Promise<Outcome<{ photoId: string }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!isUuid(photoId)) return refused('not-found', { photoId })
  const outcome = await inTransaction(db, async (tx) => {
    const photo = await tx.instrumentPhoto.findFirst({
      where: { id: photoId, instrument: { institutionId: actor.institutionId } },
    })
    if (!photo) throw new Refusal('not-found', { photoId })
    await tx.instrumentPhoto.delete({ where: { id: photo.id } })
    await appendAudit(tx, {
      actorUserId: actor.userId,
      orgType: 'institution',
      orgId: actor.institutionId,
      action: 'instrument.photo_remove',
      entityType: 'instrument_photo',
      entityId: photo.id,
      before: photo,
      at: now,
    })
    return { photoId, fileName: photo.fileName }
  })
  if (!outcome.ok) return outcome
  // After commit: the row is gone, so nothing serves the file any more; removing it is tidying.
  await unlink(photoPath(outcome.value.fileName)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  return { ok: true, value: { photoId } }
}

export type StoredPhoto = {
  fileName: string
  contentType: string
  byteSize: number
  createdAt: Date
  /** Anyone may see it (the instrument is in the public catalogue). */
  isPublic: boolean
  institutionId: string
}

/** The row behind a file name, or null: only files the database knows are ever served. */
export async function findPhoto(fileName: string, db = getDb()): Promise<StoredPhoto | null> {
  if (!PHOTO_FILE_NAME.test(fileName)) return null
  const photo = await db.instrumentPhoto.findUnique({
    where: { fileName },
    select: {
      fileName: true,
      contentType: true,
      byteSize: true,
      createdAt: true,
      instrument: { select: { institutionId: true, sharingStatus: true, institution: { select: { status: true } } } },
    },
  })
  if (!photo) return null
  return {
    fileName: photo.fileName,
    contentType: photo.contentType,
    byteSize: photo.byteSize,
    createdAt: photo.createdAt,
    isPublic: isPubliclyListed(photo.instrument.institution.status, photo.instrument.sharingStatus),
    institutionId: photo.instrument.institutionId,
  }
}

/** The bytes of a stored photo; null when the file has gone missing. */
export async function readPhotoBytes(fileName: string): Promise<Buffer | null> {
  try {
    return await readFile(photoPath(fileName))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
