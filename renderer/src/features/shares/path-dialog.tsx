// A dialog that asks for a folder on this device by its path. Browsers have no folder picker that
// reveals a path, so the person types or pastes it; the engine checks it and answers with a clear error.
import { useState, type FormEvent, type ReactNode } from 'react'
import type { AppError } from '../../../../shared/errors.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'
import { isAbsolutePath } from './dest-memory.js'

interface PathDialogProps {
  title: string
  description?: ReactNode
  label: string
  submitLabel: string
  initial?: string
  hint?: ReactNode
  busy: boolean
  error: AppError | null
  /** Extra fields between the path and the error. */
  children?: ReactNode
  onSubmit: (path: string) => void
  onClose: () => void
}

export function PathDialog(props: PathDialogProps) {
  const [path, setPath] = useState(props.initial ?? '')
  const [touched, setTouched] = useState(false)
  const trimmed = path.trim()
  const invalid = trimmed !== '' && !isAbsolutePath(trimmed)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (trimmed && !invalid) props.onSubmit(trimmed)
  }
  const formId = `path-form-${props.submitLabel.replace(/\W+/g, '-').toLowerCase()}`
  return (
    <Dialog
      title={props.title}
      description={props.description}
      onClose={props.onClose}
      busy={props.busy}
      width="md"
      footer={
        <>
          <Button variant="ghost" onClick={props.onClose} disabled={props.busy}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} busy={props.busy} disabled={!trimmed}>
            {props.submitLabel}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <Field
          label={props.label}
          mono
          autoFocus
          data-autofocus
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/you/Documents or C:\Users\you\Documents"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          error={
            touched && invalid
              ? 'Type the full path, starting with / (or a drive letter like C:\\ on Windows).'
              : null
          }
          hint={props.hint}
        />
        {props.children}
        {props.error && <ErrorBanner error={props.error} />}
      </form>
    </Dialog>
  )
}
