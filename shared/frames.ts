// The three frames every transport carries, and the client's check of what the node sends (the
// node's check of a call is rpc-session.ts's).
import { isErrorCode, type WireError } from './errors.js'
import type { AnyEvent } from './contract.js'

export interface CallFrame {
  type: 'call'
  id: number
  method: string
  params: unknown
}

export type ReplyFrame =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError }

export type EventFrameMessage = { type: 'event' } & AnyEvent

export type Frame = CallFrame | ReplyFrame | EventFrameMessage

export type ServerFrame = ReplyFrame | EventFrameMessage

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A frame from the node, checked by hand and rebuilt with only its known fields; null when it is not
 * a reply or an event. (By hand, not with a schema library: a CLI command is a client, and loading
 * zod took about 40 ms of its start-up.)
 */
export function parseServerFrame(raw: unknown): ServerFrame | null {
  if (!isRecord(raw)) return null
  if (raw.type === 'event') {
    const { seq, at, name, payload } = raw
    if (typeof seq !== 'number' || typeof at !== 'number' || typeof name !== 'string') return null
    return { type: 'event', seq, at, name, payload } as EventFrameMessage
  }
  const { id, ok, result, error } = raw
  if (raw.type !== 'reply' || typeof id !== 'number') return null
  if (ok === true) return { type: 'reply', id, ok, result }
  if (ok !== false || !isRecord(error) || !isErrorCode(error.code) || typeof error.message !== 'string')
    return null
  const wire: WireError = { code: error.code, message: error.message }
  if (error.data !== undefined) wire.data = error.data
  return { type: 'reply', id, ok, error: wire }
}

/** Frames travel as JSON text; anything else is a protocol error. */
export function encodeFrame(frame: Frame): string {
  return JSON.stringify(frame)
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text) as unknown
}
