import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors.js'
import { getJobState } from './ipp-job-state.js'
import { watchJob, type JobProgress, type JobWatchSource } from './job-watch.js'
import { CupsBackend } from './printer-backend.js'
import { JOB_STATES, type JobState, type JobStateCode } from './printer-types.js'
import { cupsSkipReason, useTestCups } from './test-cups.js'
import { expectAppError } from './test-errors.js'
import { brokenPdf, makePdf } from './test-pdf.js'

const state = (
  code: JobStateCode,
  reasons: string[] = ['none'],
  message: string | null = null,
): JobState => ({
  state: code,
  name: JOB_STATES[code],
  reasons,
  message,
})

/** A job source that plays back a script of states (or errors), recording cancels. */
function scripted(steps: (JobState | AppError)[]) {
  const cancelled: number[] = []
  let i = 0
  const source: JobWatchSource = {
    jobState: async () => {
      const step = steps[Math.min(i++, steps.length - 1)]!
      if (step instanceof AppError) throw step
      return step
    },
    cancel: async (id) => void cancelled.push(id),
  }
  return { source, cancelled }
}

describe('job-watch (scripted states)', () => {
  it('follows a job through queued and printing to completed', async () => {
    const { source } = scripted([state(3), state(3), state(5), state(5), state(9)])
    const progress: JobProgress[] = []
    const outcome = await watchJob(source, 1, { intervalMs: 1, onProgress: (p) => progress.push(p) })
    expect(outcome.status).toBe('completed')
    expect(progress).toEqual(['queued', 'printing'])
  })

  it('tells cancelled and aborted apart', async () => {
    expect((await watchJob(scripted([state(7)]).source, 1, { intervalMs: 1 })).status).toBe('cancelled')
    const aborted = await watchJob(scripted([state(8, ['aborted-by-system'])]).source, 1, { intervalMs: 1 })
    expect(aborted).toMatchObject({ status: 'aborted', reason: 'aborted-by-system' })
  })

  it('cancels a stopped job and reports it failed with the reason', async () => {
    const { source, cancelled } = scripted([
      state(5),
      state(6, ['job-completed-with-errors'], 'Filter failed'),
    ])
    const outcome = await watchJob(source, 42, { intervalMs: 1 })
    expect(outcome).toMatchObject({ status: 'failed' })
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/Filter failed/)
    expect(cancelled).toEqual([42])
  })

  it('rides out a few failed polls, but not too many', async () => {
    const flaky = new AppError('UNAVAILABLE', 'CUPS restarting')
    expect((await watchJob(scripted([flaky, flaky, state(9)]).source, 1, { intervalMs: 1 })).status).toBe(
      'completed',
    )
    await expectAppError(
      () => watchJob(scripted([flaky]).source, 1, { intervalMs: 1, maxErrors: 3 }),
      'UNAVAILABLE',
    )
  })

  it('reports a job CUPS forgot as failed, and an unknown job as NOT_FOUND', async () => {
    const gone = new AppError('NOT_FOUND', 'no such job')
    expect((await watchJob(scripted([state(5), gone]).source, 1, { intervalMs: 1 })).status).toBe('failed')
    await expectAppError(() => watchJob(scripted([gone]).source, 1, { intervalMs: 1 }), 'NOT_FOUND')
  })

  it('stops when aborted, and gives up at its deadline', async () => {
    const controller = new AbortController()
    const watching = watchJob(scripted([state(3)]).source, 1, { intervalMs: 5, signal: controller.signal })
    controller.abort()
    await expectAppError(() => watching, 'CLOSED')
    await expectAppError(
      () => watchJob(scripted([state(4)]).source, 1, { intervalMs: 1, timeoutMs: 0 }),
      'TIMEOUT',
    )
  })
})

const skip = cupsSkipReason()
if (skip) console.warn(`job-watch: skipping the real-CUPS tests: ${skip}`)

describe.skipIf(skip !== null)('job-watch (real CUPS)', () => {
  const cups = useTestCups()
  let dir: string
  let backend: CupsBackend
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-job-watch-'))
    backend = new CupsBackend({ env: cups().env })
  })
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  const submit = async (name: string, bytes: Buffer) => {
    const file = path.join(dir, name)
    await fs.writeFile(file, bytes)
    return backend.submit('pd-pdf', file, {
      options: { copies: 1, title: name },
      documentFormat: 'application/pdf',
    })
  }

  it('a good PDF ends completed, and IPP says so', async () => {
    const id = await submit('good.pdf', makePdf(1))
    expect((await watchJob(backend, id, { intervalMs: 100 })).status).toBe('completed')
    expect((await getJobState(id, { server: cups().server })).name).toBe('completed')
  })

  it('a broken PDF stops in CUPS, and ends failed and cancelled', async () => {
    // job-check would refuse this file (pdfinfo): it goes straight to CUPS to test the last line of defence.
    const id = await submit('broken.pdf', brokenPdf())
    const outcome = await watchJob(backend, id, { intervalMs: 100 })
    expect(outcome.status).toBe('failed')
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/could not print/)
    expect((await getJobState(id, { server: cups().server })).name).toBe('canceled')
  })

  it('a held job that is cancelled ends cancelled', async () => {
    const file = path.join(dir, 'held.pdf')
    await fs.writeFile(file, makePdf(1))
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'lp',
        ['-d', 'pd-pdf', '-H', 'hold', '--', file],
        { env: { ...cups().env, LC_ALL: 'C' } },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    )
    const id = Number(/-(\d+) /.exec(out)?.[1])
    expect((await backend.jobState(id)).name).toBe('held')
    await backend.cancel(id)
    expect((await watchJob(backend, id, { intervalMs: 100 })).status).toBe('cancelled')
  })

  it('asking after a job CUPS never had is NOT_FOUND', async () => {
    await expectAppError(() => backend.jobState(987654), 'NOT_FOUND')
  })
})
