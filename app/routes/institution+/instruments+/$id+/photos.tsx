import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AuthenticityTokenInput } from '~/components/authenticity-token-input'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { Field } from '~/components/field'
import { PageContainer } from '~/components/page-container'
import { localName } from '~/features/instruments/instrument-badges'
import { MAX_PHOTO_BYTES } from '~/features/instruments/manage/image-type'
import { instrumentNotFound, requireInstrumentStaff } from '~/features/instruments/manage/access.server'
import { DoneNotice } from '~/features/instruments/manage/form-parts'
import { InstrumentManageHeader } from '~/features/instruments/manage/instrument-tabs'
import { getOwnInstrument, headerOf } from '~/features/instruments/manage/queries.server'
import { deletePhoto, savePhoto } from '~/features/instruments/photos.server'
import { getLocale } from '~/i18n/locale.server'
import { validateCsrf } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const instrument = await getOwnInstrument(getDb(), params.id ?? '', actor)
  if (!instrument) return instrumentNotFound(request)
  return json({
    locale: await getLocale(request),
    header: headerOf(instrument),
    photos: instrument.photos.map((p) => ({ id: p.id, fileName: p.fileName, byteSize: p.byteSize })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.header.name} · 照片` : '照片' }]

type PhotoProblem = 'missing' | 'empty' | 'too-large' | 'not-an-image' | 'too-many'

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireInstrumentStaff(request)
  const id = params.id ?? ''
  const base = `/institution/instruments/${id}/photos`
  const problem = (p: PhotoProblem) => json({ problem: p }, { status: 400 })
  let formData: FormData
  try {
    // The file is held in memory up to the limit (and refused past it), never written under the
    // name the browser gave; text fields (csrf, intent) pass through the same handler.
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_PHOTO_BYTES }),
    )
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return problem('too-large')
    throw error
  }
  await validateCsrf(request, formData)
  if (formData.get('intent') === 'delete') {
    const outcome = await deletePhoto({}, actor, String(formData.get('photoId') ?? ''))
    if (!outcome.ok) return instrumentNotFound(request)
    return redirect(`${base}?done=photoRemoved`)
  }
  const file = formData.get('photo')
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) return problem('missing')
  const outcome = await savePhoto({}, actor, id, new Uint8Array(await file.arrayBuffer()))
  if (!outcome.ok) {
    if (outcome.reason === 'not-found') return instrumentNotFound(request)
    return problem(outcome.reason as PhotoProblem)
  }
  return redirect(`${base}?done=photoAdded`)
}

// After a successful save (a redirect, so a new location) the forms start afresh from what was
// stored; after a refused one the typed values stay.
export default function InstrumentPhotos() {
  const location = useLocation()
  return <InstrumentPhotosPage key={location.key} />
}

function InstrumentPhotosPage() {
  const { t } = useTranslation('manage')
  const { locale, header, photos } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const formAction = `/institution/instruments/${header.id}/photos`
  const uploading =
    navigation.state !== 'idle' &&
    navigation.formAction === formAction &&
    navigation.formData?.get('intent') === 'upload'
  const name = localName(locale, header.name, header.nameEn)
  return (
    <PageContainer>
      <InstrumentManageHeader instrument={header} locale={locale} />
      <div className="mt-6 space-y-6">
        <DoneNotice done={params.get('done')} />
        <Card title={t('photos.title')} titleId="photos">
          <p className="mb-4 text-sm text-slate-600">{t('photos.lead')}</p>
          {photos.length === 0 ? (
            <p className="text-slate-600">{t('photos.none')}</p>
          ) : (
            <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" data-testid="manage-photos">
              {photos.map((p, i) => (
                <li key={p.id} className="overflow-hidden rounded-md border border-slate-200 bg-white">
                  <img
                    src={`/media/instrument-photos/${p.fileName}`}
                    alt={t('photos.alt', { name, n: i + 1 })}
                    className="aspect-[4/3] w-full bg-slate-100 object-cover"
                    loading="lazy"
                  />
                  <div className="flex items-center justify-between gap-2 px-3 py-2 text-sm text-slate-600">
                    <span className="tabular-nums">
                      {t('photos.size', { size: Math.max(1, Math.round(p.byteSize / 1024)) })}
                    </span>
                    <Form method="post" action={formAction} encType="multipart/form-data">
                      <AuthenticityTokenInput />
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="photoId" value={p.id} />
                      <Button
                        type="submit"
                        size="sm"
                        variant="ghost"
                        aria-label={t('photos.removeLabel', { n: i + 1 })}
                      >
                        {t('photos.remove')}
                      </Button>
                    </Form>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Form
            method="post"
            action={formAction}
            encType="multipart/form-data"
            className="mt-6 space-y-4 border-t border-slate-100 pt-5"
          >
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="upload" />
            <Field
              label={t('photos.file')}
              hint={t('photos.fileHint')}
              errors={actionData?.problem ? [t(`errors.photo.${actionData.problem}`)] : undefined}
              inputProps={{
                type: 'file',
                name: 'photo',
                id: 'photo-file',
                required: true,
                accept: 'image/jpeg,image/png,image/webp',
                className:
                  'py-2 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm',
              }}
            />
            <Button type="submit" disabled={uploading}>
              {uploading ? t('photos.uploading') : t('photos.upload')}
            </Button>
          </Form>
        </Card>
      </div>
    </PageContainer>
  )
}
