import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors.js'
import type { PrintJob } from '../../../shared/types.js'
import { decodeReason, encodeReason, failureOf, JobBook } from './print-jobs.js'
import { policyFor, PrinterConfig } from './printer-config.js'

const job = (id: string): PrintJob => ({
  id,
  printer: '0123456789abcdef',
  printerName: 'Laser',
  groupId: 'fedcba9876543210',
  direction: 'sent',
  from: 'a'.repeat(64),
  fromName: 'Alice',
  title: 'doc',
  type: 'application/pdf',
  size: 10,
  pages: null,
  copies: 1,
  sides: null,
  color: null,
  media: null,
  state: 'sent',
  reason: null,
  error: null,
  createdAt: 1,
  updatedAt: 1,
})

describe('print jobs', () => {
  it('carries the refusing rule across the wire in the status text', () => {
    const failure = failureOf(new AppError('BAD_REQUEST', 'The file is 60.0 MB', { reason: 'TOO_LARGE' }))
    expect(failure).toEqual({ code: 'BAD_REQUEST', reason: 'TOO_LARGE', message: 'The file is 60.0 MB' })
    expect(decodeReason(encodeReason(failure), failure.code)).toEqual(failure)
    expect(decodeReason('just text: with a colon', 'UNAVAILABLE')).toEqual({
      code: 'UNAVAILABLE',
      reason: null,
      message: 'just text: with a colon',
    })
    expect(failureOf(new Error('secret detail'))).toMatchObject({ code: 'INTERNAL', reason: null })
  })

  it('a job that ended never changes again', () => {
    const seen: string[] = []
    const book = new JobBook((j) => seen.push(j.state))
    const entry = book.add(job('1111111111111111'), 'b'.repeat(64), '1111111111111111')
    expect(book.update(entry, { state: 'queued' })).toBe(true)
    expect(book.fail(entry, { code: 'FORBIDDEN', reason: 'DECLINED', message: 'no' })).toBe(true)
    expect(book.update(entry, { state: 'completed' })).toBe(false)
    expect(book.get(entry.job.id)?.job).toMatchObject({ state: 'failed', error: { reason: 'DECLINED' } })
    expect(seen).toEqual(['sent', 'queued', 'failed'])
    expect(book.byRemote('sent', 'b'.repeat(64), '1111111111111111')).toBe(entry)
    expect(book.byRemote('received', 'b'.repeat(64), '1111111111111111')).toBeUndefined()
  })
})

describe('printer config', () => {
  it('a member exception wins over the printer policy', () => {
    const entry = { policy: 'ask' as const, overrides: { ['b'.repeat(64)]: 'deny' as const } }
    expect(policyFor(entry, 'b'.repeat(64))).toBe('deny')
    expect(policyFor(entry, 'c'.repeat(64))).toBe('ask')
  })

  it('persists offered printers privately and ignores a damaged file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peerdesk-printer-config-'))
    try {
      const config = new PrinterConfig(dir)
      await config.load()
      await config.put({
        id: '0123456789abcdef',
        group: 'd'.repeat(64),
        queue: 'Laser',
        policy: 'allow',
        overrides: {},
      })
      const again = new PrinterConfig(dir)
      await again.load()
      expect(again.get('0123456789abcdef')).toMatchObject({ queue: 'Laser' })
      expect((await fs.stat(path.join(dir, 'printers.json'))).mode & 0o777).toBe(0o600)
      await fs.writeFile(path.join(dir, 'printers.json'), '{"version":1,"printers":[{"id":"nope"}]}')
      const damaged = new PrinterConfig(dir)
      await damaged.load()
      expect(damaged.entries).toEqual([])
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})
