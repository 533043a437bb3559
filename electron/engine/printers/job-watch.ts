// Follows a queued job to its end by polling its IPP job-state: completed, cancelled and aborted are told
// apart, and a job CUPS "stopped" (a broken file) is cancelled and reported failed, since it never resumes.
import { setTimeout as sleep } from 'node:timers/promises'
import { AppError } from '../../../shared/errors.js'
import { createLogger } from '../logger.js'
import type { JobState } from './printer-types.js'

const log = createLogger('job-watch')

export interface JobWatchSource {
  jobState(jobId: number): Promise<JobState>
  cancel(jobId: number): Promise<void>
}

export type JobProgress = 'queued' | 'printing'

export type JobOutcome =
  | { status: 'completed'; state: JobState }
  | { status: 'cancelled'; state: JobState }
  | { status: 'aborted'; reason: string; state: JobState }
  | { status: 'failed'; reason: string; state: JobState | null }

export interface WatchOptions {
  intervalMs?: number
  /** Gives up (TIMEOUT, the job left as it is) after this long; default 30 minutes. */
  timeoutMs?: number
  /** Consecutive failed polls tolerated before giving up (the error is thrown). */
  maxErrors?: number
  signal?: AbortSignal
  onProgress?: (progress: JobProgress, state: JobState) => void
}

function why(state: JobState): string {
  const reasons = state.reasons.filter((r) => r !== 'none')
  return state.message ?? (reasons.length > 0 ? reasons.join(', ') : `job ${state.name}`)
}

export async function watchJob(
  source: JobWatchSource,
  jobId: number,
  opts: WatchOptions = {},
): Promise<JobOutcome> {
  const interval = opts.intervalMs ?? 250
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000)
  const maxErrors = opts.maxErrors ?? 5
  let errors = 0
  let last: JobProgress | null = null
  let seen = false
  for (;;) {
    if (opts.signal?.aborted) throw new AppError('CLOSED', `Stopped watching job ${jobId}`)
    let state: JobState
    try {
      state = await source.jobState(jobId)
      errors = 0
      seen = true
    } catch (err) {
      // A job CUPS forgot (history off, or purged) cannot be followed further.
      if (err instanceof AppError && err.code === 'NOT_FOUND' && seen) {
        return { status: 'failed', reason: 'The print system no longer reports this job', state: null }
      }
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw err
      if (++errors >= maxErrors) throw err
      log.debug(`polling job ${jobId} failed (${errors}/${maxErrors})`, err)
      await pause(interval, opts.signal, jobId)
      continue
    }
    switch (state.state) {
      case 9:
        return { status: 'completed', state }
      case 7:
        return { status: 'cancelled', state }
      case 8:
        return { status: 'aborted', reason: why(state), state }
      case 6:
        return await failStopped(source, jobId, state)
      default: {
        const progress: JobProgress = state.state === 5 ? 'printing' : 'queued'
        if (progress !== last) {
          last = progress
          try {
            opts.onProgress?.(progress, state)
          } catch (err) {
            log.warn('onProgress failed', err)
          }
        }
      }
    }
    if (Date.now() >= deadline) throw new AppError('TIMEOUT', `Job ${jobId} did not finish in time`)
    await pause(interval, opts.signal, jobId)
  }
}

/** A stopped job stays stopped (and holds the queue's attention): cancel it and report why it failed. */
async function failStopped(source: JobWatchSource, jobId: number, state: JobState): Promise<JobOutcome> {
  try {
    await source.cancel(jobId)
  } catch (err) {
    // Already finished or gone: nothing left to cancel.
    if (!(err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND'))) throw err
  }
  return { status: 'failed', reason: `The printer could not print this file (${why(state)})`, state }
}

async function pause(ms: number, signal: AbortSignal | undefined, jobId: number): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined)
  } catch {
    throw new AppError('CLOSED', `Stopped watching job ${jobId}`)
  }
}
