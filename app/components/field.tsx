import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react'
import { useTranslation } from 'react-i18next'
import { cn } from './cn'

// Form fields: a visible label, the control, a hint and the errors, wired for screen readers
// (aria-invalid, aria-describedby → hint and error). Errors arrive already translated
// (translateErrors in field-error.ts). Controls are 16 px text so phones do not zoom in.

type Common = {
  label: ReactNode
  hint?: ReactNode
  errors?: readonly string[]
  /** Shows "(选填)" after the label; fields are required unless marked. */
  optional?: boolean
  className?: string
}

function useFieldIds(id: string | undefined) {
  const generated = useId()
  const inputId = id ?? generated
  return { inputId, hintId: `${inputId}-hint`, errorId: `${inputId}-error` }
}

function describedBy(hintId: string, errorId: string, hint: ReactNode, hasErrors: boolean) {
  return [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(' ') || undefined
}

const control =
  'block w-full rounded-md border bg-white px-3 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30'

function Label({ htmlFor, optional, children }: { htmlFor: string; optional?: boolean; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-800">
      {children}
      {optional ? <span className="ml-1 font-normal text-slate-500">({t('form.optional')})</span> : null}
    </label>
  )
}

function HintAndErrors({
  hint,
  hintId,
  errors,
  errorId,
}: {
  hint?: ReactNode
  hintId: string
  errors?: readonly string[]
  errorId: string
}) {
  return (
    <>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors && errors.length > 0 ? (
        <ul id={errorId} className="mt-1 space-y-0.5 text-sm text-red-700">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </>
  )
}

export function Field({
  label,
  hint,
  errors,
  optional,
  className,
  inputProps,
}: Common & { inputProps: InputHTMLAttributes<HTMLInputElement> & { key?: string } }) {
  const { key, ...rest } = inputProps
  const { inputId, hintId, errorId } = useFieldIds(rest.id)
  const invalid = !!errors?.length
  return (
    <div className={className}>
      <Label htmlFor={inputId} optional={optional}>
        {label}
      </Label>
      <input
        key={key}
        {...rest}
        id={inputId}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, errorId, hint, invalid)}
        className={cn(control, 'mt-1 h-11', invalid ? 'border-red-500' : 'border-slate-300', rest.className)}
      />
      <HintAndErrors hint={hint} hintId={hintId} errors={errors} errorId={errorId} />
    </div>
  )
}

export type SelectOption = { value: string; label: string }
export type SelectGroup = { label: string; options: SelectOption[] }

export function SelectField({
  label,
  hint,
  errors,
  optional,
  className,
  selectProps,
  placeholder,
  options,
}: Common & {
  selectProps: SelectHTMLAttributes<HTMLSelectElement> & { key?: string }
  placeholder?: string
  options: (SelectOption | SelectGroup)[]
}) {
  const { key, ...rest } = selectProps
  const { inputId, hintId, errorId } = useFieldIds(rest.id)
  const invalid = !!errors?.length
  return (
    <div className={className}>
      <Label htmlFor={inputId} optional={optional}>
        {label}
      </Label>
      <select
        key={key}
        {...rest}
        id={inputId}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, errorId, hint, invalid)}
        className={cn(control, 'mt-1 h-11', invalid ? 'border-red-500' : 'border-slate-300', rest.className)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) =>
          'options' in o ? (
            <optgroup key={o.label} label={o.label}>
              {o.options.map((x) => (
                <option key={x.value} value={x.value}>
                  {x.label}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
      <HintAndErrors hint={hint} hintId={hintId} errors={errors} errorId={errorId} />
    </div>
  )
}

export function CheckboxField({
  label,
  hint,
  errors,
  className,
  inputProps,
}: Omit<Common, 'optional'> & { inputProps: InputHTMLAttributes<HTMLInputElement> & { key?: string } }) {
  const { key, ...rest } = inputProps
  const { inputId, hintId, errorId } = useFieldIds(rest.id)
  const invalid = !!errors?.length
  return (
    <div className={className}>
      <div className="flex items-start gap-3">
        <input
          key={key}
          {...rest}
          type="checkbox"
          id={inputId}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(hintId, errorId, hint, invalid)}
          className="mt-1 size-5 shrink-0 rounded border-slate-300 accent-brand-600"
        />
        <label htmlFor={inputId} className="text-sm text-slate-800">
          {label}
        </label>
      </div>
      <HintAndErrors hint={hint} hintId={hintId} errors={errors} errorId={errorId} />
    </div>
  )
}

/** A multi-line text field (reasons, purposes), with the same label, hint and error wiring. */
export function TextAreaField({
  label,
  hint,
  errors,
  optional,
  className,
  textareaProps,
}: Common & { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { key?: string } }) {
  const { key, ...rest } = textareaProps
  const { inputId, hintId, errorId } = useFieldIds(rest.id)
  const invalid = !!errors?.length
  return (
    <div className={className}>
      <Label htmlFor={inputId} optional={optional}>
        {label}
      </Label>
      <textarea
        key={key}
        rows={3}
        {...rest}
        id={inputId}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, errorId, hint, invalid)}
        className={cn(control, 'mt-1 py-2', invalid ? 'border-red-500' : 'border-slate-300', rest.className)}
      />
      <HintAndErrors hint={hint} hintId={hintId} errors={errors} errorId={errorId} />
    </div>
  )
}
