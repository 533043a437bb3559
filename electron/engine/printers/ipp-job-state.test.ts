import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeIppResponse, encodeGetJobAttributes, getJobState, parseCupsServer } from './ipp-job-state.js'
import { expectAppError } from './test-errors.js'

/** An IPP response as CUPS would write it: header, operation group, optional job group, end. */
function ippResponse(status: number, job?: { state: number; reasons: string[]; message?: string }): Buffer {
  const attr = (tag: number, name: string, value: Buffer) => {
    const head = Buffer.alloc(3)
    head.writeUInt8(tag, 0)
    head.writeUInt16BE(name.length, 1)
    const len = Buffer.alloc(2)
    len.writeUInt16BE(value.length, 0)
    return Buffer.concat([head, Buffer.from(name), len, value])
  }
  const int = (n: number) => {
    const b = Buffer.alloc(4)
    b.writeInt32BE(n, 0)
    return b
  }
  const parts = [Buffer.from([2, 0, status >> 8, status & 0xff, 0, 0, 0, 1, 0x01])]
  parts.push(attr(0x47, 'attributes-charset', Buffer.from('utf-8')))
  parts.push(
    attr(0x41, 'status-message', Buffer.from(status === 0 ? 'successful-ok' : 'Job #7 does not exist.')),
  )
  if (job) {
    parts.push(Buffer.from([0x02]), attr(0x23, 'job-state', int(job.state)))
    job.reasons.forEach((r, i) => parts.push(attr(0x44, i === 0 ? 'job-state-reasons' : '', Buffer.from(r))))
    if (job.message !== undefined) parts.push(attr(0x41, 'job-state-message', Buffer.from(job.message)))
  }
  parts.push(Buffer.from([0x03]))
  return Buffer.concat(parts)
}

let servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(
    servers.map((s) => {
      s.closeAllConnections()
      return new Promise((resolve) => s.close(resolve))
    }),
  )
  servers = []
})

/** A local HTTP server standing in for CUPS; records the requests it got. */
async function fakeCups(answer: (body: Buffer, res: http.ServerResponse) => void) {
  const requests: { path: string | undefined; type: string | undefined; body: Buffer }[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      requests.push({ path: req.url, type: req.headers['content-type'], body })
      answer(body, res)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

describe('ipp-job-state', () => {
  it('reads CUPS_SERVER values', () => {
    expect(parseCupsServer(undefined)).toEqual({ host: 'localhost', port: 631 })
    expect(parseCupsServer('localhost:8641')).toEqual({ host: 'localhost', port: 8641 })
    expect(parseCupsServer('printhost')).toEqual({ host: 'printhost', port: 631 })
    expect(parseCupsServer('[::1]:8631')).toEqual({ host: '::1', port: 8631 })
    expect(parseCupsServer('localhost:631/version=1.1')).toEqual({ host: 'localhost', port: 631 })
    expect(parseCupsServer('/run/cups/cups.sock')).toEqual({
      host: 'localhost',
      port: 631,
      socketPath: '/run/cups/cups.sock',
    })
  })

  it('writes a Get-Job-Attributes request byte for byte', () => {
    const body = encodeGetJobAttributes('ipp://localhost:631/jobs/7', 'alice', 1)
    expect(body.subarray(0, 9).toString('hex')).toBe('020000090000000101')
    expect(body.includes(Buffer.from('job-uri'))).toBe(true)
    expect(body.includes(Buffer.from('ipp://localhost:631/jobs/7'))).toBe(true)
    expect(body.includes(Buffer.from('job-state-reasons'))).toBe(true)
    expect(body.at(-1)).toBe(0x03)
  })

  it('decodes the state, every reason and the message', async () => {
    const cups = await fakeCups((_body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/ipp' })
      res.end(
        ippResponse(0, {
          state: 6,
          reasons: ['job-completed-with-errors', 'document-format-error'],
          message: 'bad PDF',
        }),
      )
    })
    expect(await getJobState(7, { server: cups.server, user: 'alice' })).toEqual({
      state: 6,
      name: 'stopped',
      reasons: ['job-completed-with-errors', 'document-format-error'],
      message: 'bad PDF',
    })
    expect(cups.requests[0]).toMatchObject({ path: '/jobs', type: 'application/ipp' })
    expect(cups.requests[0]!.body.includes(Buffer.from('alice'))).toBe(true)
  })

  it('reports an unknown job as NOT_FOUND', async () => {
    const cups = await fakeCups((_body, res) => res.end(ippResponse(0x0406)))
    await expectAppError(() => getJobState(7, { server: cups.server }), 'NOT_FOUND')
  })

  it('reports a refusal as FORBIDDEN and other IPP errors as UNAVAILABLE', async () => {
    const forbidden = await fakeCups((_body, res) => res.end(ippResponse(0x0401)))
    await expectAppError(() => getJobState(7, { server: forbidden.server }), 'FORBIDDEN')
    const broken = await fakeCups((_body, res) => res.end(ippResponse(0x0500)))
    await expectAppError(() => getJobState(7, { server: broken.server }), 'UNAVAILABLE')
  })

  it('reports HTTP errors and garbled answers as UNAVAILABLE', async () => {
    const http500 = await fakeCups((_body, res) => {
      res.writeHead(500)
      res.end()
    })
    await expectAppError(() => getJobState(7, { server: http500.server }), 'UNAVAILABLE')
    const garbled = await fakeCups((_body, res) =>
      res.end(ippResponse(0, { state: 9, reasons: [] }).subarray(0, 30)),
    )
    await expectAppError(() => getJobState(7, { server: garbled.server }), 'UNAVAILABLE')
  })

  it('times out on a CUPS that never answers', async () => {
    const silent = await fakeCups(() => undefined)
    await expectAppError(() => getJobState(7, { server: silent.server, timeoutMs: 200 }), 'TIMEOUT')
  })

  it('says CUPS is not running when nothing listens', async () => {
    const closed = await fakeCups(() => undefined)
    const address = closed.server
    servers.pop()!.close()
    await expectAppError(() => getJobState(7, { server: address }), 'UNAVAILABLE', 'NO_CUPS')
  })

  it('refuses a job id that is not a positive integer', async () => {
    await expectAppError(() => getJobState(0), 'BAD_REQUEST', 'INVALID_JOB')
    await expectAppError(() => getJobState(1.5), 'BAD_REQUEST', 'INVALID_JOB')
  })

  it('decodes defensively', () => {
    expect(() => decodeIppResponse(Buffer.from([2, 0, 0, 0]))).toThrow(/too short/)
    const noEnd = ippResponse(0, { state: 9, reasons: [] }).subarray(0, -1)
    expect(() => decodeIppResponse(noEnd)).toThrow(/end-of-attributes/)
    const orphan = Buffer.from([2, 0, 0, 0, 0, 0, 0, 1, 0x44, 0, 1, 0x61, 0, 0, 3])
    expect(() => decodeIppResponse(orphan)).toThrow(/before any group/)
  })
})
