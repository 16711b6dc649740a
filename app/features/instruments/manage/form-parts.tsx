// Small form pieces the management pages share: a textarea field styled like Field, the
// "what to fix" summary shown after a round trip, and the success notice after a redirect.
import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { cn } from '~/components/cn'

export function TextareaField({
  label,
  hint,
  errors,
  optional,
  className,
  textareaProps,
}: {
  label: ReactNode
  hint?: ReactNode
  errors?: readonly string[]
  optional?: boolean
  className?: string
  textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { key?: string }
}) {
  const { t } = useTranslation()
  const { key, ...rest } = textareaProps
  const generated = useId()
  const id = rest.id ?? generated
  const invalid = !!errors?.length
  const describedBy =
    [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {optional ? <span className="ml-1 font-normal text-slate-500">({t('form.optional')})</span> : null}
      </label>
      <textarea
        key={key}
        rows={3}
        {...rest}
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={cn(
          'mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30',
          invalid ? 'border-red-500' : 'border-slate-300',
          rest.className,
        )}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <ul id={`${id}-error`} className="mt-1 space-y-0.5 text-sm text-red-700">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** After a round trip to the server, list what to fix, each a link to its field. */
export function ErrorSummary({ items }: { items: { id: string; label: string; error: string }[] }) {
  const { t } = useTranslation()
  if (items.length === 0) return null
  return (
    <Alert tone="error" title={t('form.errorSummary')}>
      <ul className="list-disc space-y-0.5 pl-5">
        {items.map((f) => (
          <li key={f.id}>
            <a href={`#${f.id}`} className="underline underline-offset-2">
              {f.label}
            </a>
            {t('form.colon')}
            {f.error}
          </li>
        ))}
      </ul>
    </Alert>
  )
}

/** The notice after a successful save (the action redirects with ?done=<key>). */
export function DoneNotice({ done }: { done: string | null }) {
  const { t } = useTranslation('manage')
  if (!done) return null
  const translate = t as unknown as (key: string, options: { defaultValue: string }) => string
  const text = translate(`flash.${done}`, { defaultValue: '' })
  if (!text) return null
  return <Alert tone="success">{text}</Alert>
}
