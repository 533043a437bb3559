// Asks the local CUPS for one job's IPP job-state with a small hand-written Get-Job-Attributes request,
// because lpstat cannot tell a completed job from a cancelled or aborted one (RFC 8010 / RFC 8011).
import http from 'node:http'
import os from 'node:os'
import { AppError } from '../../../shared/errors.js'
import { JOB_STATES, type JobState, type JobStateCode } from './printer-types.js'

export interface IppOptions {
  /** A CUPS_SERVER value: "host", "host:port", "[v6]:port" or a socket path (default localhost:631). */
  server?: string | null
  /** Who asks: the owner of the job sees its private attributes (default: this process's user). */
  user?: string
  timeoutMs?: number
}

export interface IppEndpoint {
  host: string
  port: number
  socketPath?: string
}

/** Where a CUPS_SERVER value points. A trailing "/version=1.1" (which CUPS allows) is ignored. */
export function parseCupsServer(server: string | null | undefined): IppEndpoint {
  const value = (server ?? '').trim().replace(/\/version=[\d.]+$/, '')
  if (!value) return { host: 'localhost', port: 631 }
  if (value.startsWith('/')) return { host: 'localhost', port: 631, socketPath: value }
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value)
  if (!match) throw new AppError('BAD_REQUEST', `Invalid CUPS server address: ${value}`)
  const port = match[2] ? Number(match[2]) : 631
  if (port < 1 || port > 65535) throw new AppError('BAD_REQUEST', `Invalid CUPS server port: ${port}`)
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
}

const TAG = {
  operation: 0x01,
  job: 0x02,
  end: 0x03,
  integer: 0x21,
  enum: 0x23,
  keyword: 0x44,
  uri: 0x45,
  charset: 0x47,
  language: 0x48,
  name: 0x42,
} as const
const GET_JOB_ATTRIBUTES = 0x0009

function attribute(tag: number, name: string, value: string): Buffer {
  const n = Buffer.from(name, 'utf8')
  const v = Buffer.from(value, 'utf8')
  const head = Buffer.alloc(3)
  head.writeUInt8(tag, 0)
  head.writeUInt16BE(n.length, 1)
  const len = Buffer.alloc(2)
  len.writeUInt16BE(v.length, 0)
  return Buffer.concat([head, n, len, v])
}

/** The request body; exported for the tests that pin the bytes. */
export function encodeGetJobAttributes(jobUri: string, user: string, requestId: number): Buffer {
  const header = Buffer.alloc(8)
  header.writeUInt16BE(0x0200, 0) // IPP 2.0
  header.writeUInt16BE(GET_JOB_ATTRIBUTES, 2)
  header.writeUInt32BE(requestId, 4)
  return Buffer.concat([
    header,
    Buffer.from([TAG.operation]),
    attribute(TAG.charset, 'attributes-charset', 'utf-8'),
    attribute(TAG.language, 'attributes-natural-language', 'en'),
    attribute(TAG.uri, 'job-uri', jobUri),
    attribute(TAG.name, 'requesting-user-name', user),
    attribute(TAG.keyword, 'requested-attributes', 'job-state'),
    attribute(TAG.keyword, '', 'job-state-reasons'), // an empty name adds a value to the one before
    attribute(TAG.keyword, '', 'job-state-message'),
    Buffer.from([TAG.end]),
  ])
}

export interface IppResponse {
  status: number
  groups: { tag: number; attributes: Map<string, (string | number)[]> }[]
}

/** Parses an IPP response, bounds-checked: a short or garbled answer is an error, never a bad read. */
export function decodeIppResponse(body: Buffer): IppResponse {
  const bad = (why: string) => new AppError('UNAVAILABLE', `Malformed IPP response from CUPS: ${why}`)
  if (body.length < 9) throw bad('too short')
  const status = body.readUInt16BE(2)
  const groups: IppResponse['groups'] = []
  let offset = 8
  let last: (string | number)[] | null = null
  for (;;) {
    if (offset >= body.length) throw bad('no end-of-attributes tag')
    const tag = body.readUInt8(offset++)
    if (tag === TAG.end) break
    if (tag < 0x10) {
      groups.push({ tag, attributes: new Map() })
      last = null
      continue
    }
    if (offset + 2 > body.length) throw bad('truncated name length')
    const nameLength = body.readUInt16BE(offset)
    offset += 2
    if (offset + nameLength + 2 > body.length) throw bad('truncated name')
    const name = body.toString('utf8', offset, offset + nameLength)
    offset += nameLength
    const valueLength = body.readUInt16BE(offset)
    offset += 2
    if (offset + valueLength > body.length) throw bad('truncated value')
    const raw = body.subarray(offset, offset + valueLength)
    offset += valueLength
    const value =
      (tag === TAG.integer || tag === TAG.enum) && valueLength === 4
        ? raw.readInt32BE(0)
        : raw.toString('utf8')
    const group = groups.at(-1)
    if (!group) throw bad('attribute before any group')
    if (nameLength === 0) {
      if (!last) throw bad('additional value with no attribute')
      last.push(value)
    } else {
      last = [value]
      group.attributes.set(name, last)
    }
  }
  return { status, groups }
}

let nextRequestId = 1

/** The job's state (3 pending ... 9 completed), reasons and message, from CUPS itself. */
export async function getJobState(jobId: number, opts: IppOptions = {}): Promise<JobState> {
  if (!Number.isSafeInteger(jobId) || jobId <= 0) {
    throw new AppError('BAD_REQUEST', 'Invalid job id', { reason: 'INVALID_JOB' })
  }
  const endpoint = parseCupsServer(opts.server)
  const hostForUri = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host
  const body = encodeGetJobAttributes(
    `ipp://${hostForUri}:${endpoint.port}/jobs/${jobId}`,
    opts.user ?? os.userInfo().username,
    nextRequestId++ & 0x7fffffff,
  )
  const response = decodeIppResponse(await post(endpoint, body, opts.timeoutMs ?? 5000))
  const message = response.groups.find((g) => g.tag === TAG.operation)?.attributes.get('status-message')?.[0]
  if (response.status === 0x0406) throw new AppError('NOT_FOUND', `CUPS has no job ${jobId}`)
  if (response.status === 0x0401 || response.status === 0x0403) {
    throw new AppError('FORBIDDEN', `CUPS refused to show job ${jobId}: ${String(message ?? 'not allowed')}`)
  }
  if (response.status > 0x00ff) {
    throw new AppError(
      'UNAVAILABLE',
      `CUPS answered 0x${response.status.toString(16)}: ${String(message ?? '')}`,
    )
  }
  const job = response.groups.find((g) => g.tag === TAG.job)?.attributes
  const state = job?.get('job-state')?.[0]
  if (typeof state !== 'number' || !(state in JOB_STATES)) {
    throw new AppError('UNAVAILABLE', `CUPS did not report a job-state for job ${jobId}`)
  }
  const code = state as JobStateCode
  const text = job?.get('job-state-message')?.[0]
  return {
    state: code,
    name: JOB_STATES[code],
    reasons: (job?.get('job-state-reasons') ?? []).map(String),
    message: typeof text === 'string' && text ? text : null,
  }
}

function post(endpoint: IppEndpoint, body: Buffer, timeoutMs: number): Promise<Buffer> {
  const where = endpoint.socketPath ?? `${endpoint.host}:${endpoint.port}`
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...(endpoint.socketPath
          ? { socketPath: endpoint.socketPath }
          : { host: endpoint.host, port: endpoint.port }),
        method: 'POST',
        path: '/jobs',
        // No pooled sockets: a poll every few hundred ms must not leave connections holding the process.
        agent: false,
        headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length, Connection: 'close' },
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > 1024 * 1024)
            req.destroy(new AppError('UNAVAILABLE', 'IPP response from CUPS is too large'))
          else chunks.push(chunk)
        })
        res.on('end', () => {
          clearTimeout(timer)
          if (res.statusCode !== 200)
            reject(new AppError('UNAVAILABLE', `CUPS answered HTTP ${res.statusCode}`))
          else resolve(Buffer.concat(chunks))
        })
        res.on('error', (err) => req.destroy(err))
      },
    )
    const timer = setTimeout(
      () => req.destroy(new AppError('TIMEOUT', `CUPS at ${where} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      if (err instanceof AppError) reject(err)
      else if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') {
        reject(new AppError('UNAVAILABLE', `CUPS is not running at ${where}`, { reason: 'NO_CUPS' }))
      } else reject(new AppError('UNAVAILABLE', `Could not reach CUPS at ${where}: ${err.message}`))
    })
    req.end(body)
  })
}
