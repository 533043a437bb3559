// The print jobs this device knows, sent and received, with their states. A job that reached a final
// state never changes again, so a late or repeated status from the network cannot revive it.
import { AppError, isErrorCode, type ErrorCode } from '../../../shared/errors.js'
import type { PrintJob, PrintJobState } from '../../../shared/types.js'

export const FINAL_STATES: readonly PrintJobState[] = ['completed', 'failed', 'cancelled']

const KEEP_FINISHED = 300

export interface JobEntry {
  job: PrintJob
  /** The device at the other end: the printer's owner for a sent job, the sender for a received one. */
  peer: string
  /** The id on the wire: ours for a sent job, the sender's for a received one. */
  remoteId: string
}

export interface JobFailure {
  code: ErrorCode
  reason: string | null
  message: string
}

/** What went wrong, as a code, the rule (data.reason) and a message; unknown errors stay vague. */
export function failureOf(err: unknown): JobFailure {
  if (err instanceof AppError) {
    const reason = (err.data as { reason?: unknown } | undefined)?.reason
    return { code: err.code, reason: typeof reason === 'string' ? reason : null, message: err.message }
  }
  return { code: 'INTERNAL', reason: null, message: 'The printer owner’s device hit an internal error' }
}

// The wire's status carries an error code and a text; the rule travels as the text's prefix.
const PREFIXED = /^([A-Z][A-Z0-9_]{1,39}): ([\s\S]*)$/

export function encodeReason(failure: Pick<JobFailure, 'reason' | 'message'>): string {
  return failure.reason ? `${failure.reason}: ${failure.message}` : failure.message
}

export function decodeReason(text: string | undefined, code: ErrorCode | undefined): JobFailure {
  const match = PREFIXED.exec(text ?? '')
  return {
    code: code && isErrorCode(code) ? code : 'INTERNAL',
    reason: match ? match[1]! : null,
    message: match ? match[2]! : text || 'The job failed',
  }
}

export class JobBook {
  readonly #jobs = new Map<string, JobEntry>()
  readonly #onChange: (job: PrintJob) => void

  constructor(onChange: (job: PrintJob) => void) {
    this.#onChange = onChange
  }

  add(job: PrintJob, peer: string, remoteId: string): JobEntry {
    const entry = { job, peer, remoteId }
    this.#jobs.set(job.id, entry)
    this.#prune()
    this.#onChange({ ...job })
    return entry
  }

  get(id: string): JobEntry | undefined {
    return this.#jobs.get(id)
  }

  /** The job a peer refers to by its wire id. */
  byRemote(direction: PrintJob['direction'], peer: string, remoteId: string): JobEntry | undefined {
    for (const entry of this.#jobs.values()) {
      if (entry.job.direction === direction && entry.peer === peer && entry.remoteId === remoteId)
        return entry
    }
    return undefined
  }

  /** Jobs, newest first. */
  list(): PrintJob[] {
    return [...this.#jobs.values()].map((e) => ({ ...e.job })).sort((a, b) => b.createdAt - a.createdAt)
  }

  entries(): JobEntry[] {
    return [...this.#jobs.values()]
  }

  isFinal(entry: JobEntry): boolean {
    return FINAL_STATES.includes(entry.job.state)
  }

  /** Applies a change unless the job already ended; returns whether it applied. */
  update(entry: JobEntry, patch: Partial<PrintJob>): boolean {
    if (this.isFinal(entry)) return false
    Object.assign(entry.job, patch, { updatedAt: Date.now() })
    this.#onChange({ ...entry.job })
    return true
  }

  fail(entry: JobEntry, failure: JobFailure, state: 'failed' | 'cancelled' = 'failed'): boolean {
    return this.update(entry, {
      state,
      reason: failure.message,
      error: { code: failure.code, reason: failure.reason },
    })
  }

  #prune(): void {
    const finished = [...this.#jobs.values()]
      .filter((e) => this.isFinal(e))
      .sort((a, b) => a.job.updatedAt - b.job.updatedAt)
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.#jobs.delete(entry.job.id)
    }
  }
}
