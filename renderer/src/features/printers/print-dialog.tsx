// Print a file of this computer on a colleague's printer: the file's path (typed, pasted, or from a
// drop in the desktop app), then copies, sides, colour, paper and a title. Once sent, the dialog follows
// the job live until it is printed, fails or is cancelled.
import { useState, type DragEvent, type FormEvent } from 'react'
import type { Printer } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { Dialog } from '../../ui/dialog.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'
import { SegmentedControl } from '../../ui/segmented-control.js'
import { SelectField } from '../../ui/select-field.js'
import { isAbsolutePath } from '../shares/dest-memory.js'
import { JobStatus } from './job-status.js'
import { sidesText } from './print-text.js'
import { isFinal, usePrintJobs } from './use-print-jobs.js'

type Sides = keyof typeof sidesText
type Colour = 'color' | 'monochrome'

const COLOURS = [
  { value: 'color', label: 'Colour' },
  { value: 'monochrome', label: 'Black and white' },
] as const

const DEFAULT_MEDIA = ''

export function PrintDialog({ printer, onClose }: { printer: Printer; onClose: () => void }) {
  const [job, setJob] = useState<string | null>(null)
  return job ? (
    <SentDialog printer={printer} jobId={job} onClose={onClose} />
  ) : (
    <PrintForm printer={printer} onSent={setJob} onClose={onClose} />
  )
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? ''
}

interface PrintFormProps {
  printer: Printer
  onSent: (job: string) => void
  onClose: () => void
}

function PrintForm({ printer, onSent, onClose }: PrintFormProps) {
  const submit = useAction('print.submit')
  const [path, setPath] = useState('')
  const [title, setTitle] = useState('')
  const [copies, setCopies] = useState('1')
  const [sides, setSides] = useState<Sides>('one-sided')
  const [colour, setColour] = useState<Colour>(printer.color ? 'color' : 'monochrome')
  const [media, setMedia] = useState(DEFAULT_MEDIA)
  const [touched, setTouched] = useState(false)
  const [dropNote, setDropNote] = useState<string | null>(null)
  const trimmed = path.trim()
  const pathInvalid = trimmed !== '' && !isAbsolutePath(trimmed)
  const copiesNumber = Number(copies)
  const copiesInvalid = !Number.isInteger(copiesNumber) || copiesNumber < 1 || copiesNumber > 99

  const send = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!trimmed || pathInvalid || copiesInvalid) return
    const result = await submit.run({
      printer: printer.id,
      path: trimmed,
      copies: copiesNumber,
      ...(printer.duplex ? { sides } : {}),
      color: colour,
      ...(media ? { media } : {}),
      ...(title.trim() ? { title: title.trim() } : {}),
    })
    if (result) onSent(result.job)
  }

  // Only the desktop app can tell where a dropped file lives; a browser gives its name alone.
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer.files[0]
    if (!file) return
    e.preventDefault()
    const dropped = window.peerdesk?.pathForFile?.(file) || null
    if (dropped) {
      setPath(dropped)
      setDropNote(null)
    } else {
      setDropNote(`Your browser does not tell Peerdesk where “${file.name}” is. Type or paste its full path.`)
    }
  }

  const formId = 'print-form'
  return (
    <Dialog
      title={`Print on ${printer.name}`}
      description={`${printer.ownerName}'s printer. The file is sent from this computer to theirs.`}
      onClose={onClose}
      busy={submit.pending}
      width="md"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={submit.pending}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} busy={submit.pending} disabled={!trimmed}>
            Print
          </Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        onSubmit={(e) => void send(e)}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) e.preventDefault()
        }}
        onDrop={onDrop}
        className="space-y-4"
      >
        <Field
          label="File on this computer"
          mono
          autoFocus
          data-autofocus
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/you/Documents/letter.pdf"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          error={
            touched && pathInvalid
              ? 'Type the full path, starting with / (or a drive letter like C:\\ on Windows).'
              : null
          }
          hint={
            dropNote ?? 'The full path of a PDF, an image or a text file. You can also drop the file here.'
          }
        />
        <Field
          label="Title (optional)"
          placeholder={baseName(trimmed) || 'The file’s name'}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
        <div className="grid grid-cols-2 gap-3">
          <Field
            label="Copies"
            type="number"
            inputMode="numeric"
            min={1}
            max={99}
            value={copies}
            onChange={(e) => setCopies(e.target.value)}
            error={touched && copiesInvalid ? 'From 1 to 99 copies.' : null}
          />
          <SelectField
            label="Paper"
            value={media}
            onChange={(e) => setMedia(e.target.value)}
            options={[
              { value: DEFAULT_MEDIA, label: 'The printer’s default' },
              ...printer.media.map((m) => ({ value: m, label: m })),
            ]}
          />
          <SelectField
            label="Sides"
            value={printer.duplex ? sides : 'one-sided'}
            disabled={!printer.duplex}
            onChange={(e) => setSides(e.target.value as Sides)}
            options={Object.entries(sidesText).map(([value, label]) => ({ value, label }))}
          />
          <div>
            <p className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">Colour</p>
            {printer.color ? (
              <SegmentedControl<Colour>
                label="Colour"
                value={colour}
                options={COLOURS}
                onChange={setColour}
                className="h-9 items-center"
              />
            ) : (
              <p className="flex h-9 items-center text-zinc-600 dark:text-zinc-300">Black and white only</p>
            )}
          </div>
        </div>
        {submit.error && <ErrorBanner title="Couldn't print" error={submit.error} />}
      </form>
    </Dialog>
  )
}

function SentDialog({ printer, jobId, onClose }: { printer: Printer; jobId: string; onClose: () => void }) {
  const { list } = usePrintJobs()
  const cancel = useAction('print.cancel')
  const job = list?.find((j) => j.id === jobId)
  const done = job ? isFinal(job) : false
  return (
    <Dialog
      title={`Print on ${printer.name}`}
      onClose={onClose}
      width="md"
      footer={
        <>
          {!done && (
            <Button
              variant="danger-ghost"
              busy={cancel.pending}
              onClick={() => void cancel.run({ job: jobId })}
            >
              Cancel job
            </Button>
          )}
          <Button variant={done ? 'primary' : 'secondary'} onClick={onClose}>
            {done ? 'Done' : 'Close'}
          </Button>
        </>
      }
    >
      <JobStatus job={job} ownerName={printer.ownerName} />
      {!done && (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
          You can close this window: the job goes on, and Print jobs below shows how it ends.
        </p>
      )}
      {cancel.error && <ErrorBanner className="mt-3" title="Couldn't cancel the job" error={cancel.error} />}
    </Dialog>
  )
}
