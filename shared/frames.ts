// The three frames every transport carries, and their validation.
import { z } from 'zod'
import { ERROR_CODES, type WireError } from './errors.js'
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

export const callFrameSchema = z
  .object({
    type: z.literal('call'),
    id: z.number().int().min(0),
    method: z.string().min(1).max(64),
    params: z.unknown().optional(),
  })
  .strict()

const wireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  data: z.unknown().optional(),
})

export const serverFrameSchema = z.union([
  z.object({ type: z.literal('reply'), id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.number(), ok: z.literal(false), error: wireErrorSchema }),
  z.object({
    type: z.literal('event'),
    seq: z.number(),
    at: z.number(),
    name: z.string(),
    payload: z.unknown(),
  }),
])

/** Frames travel as JSON text; anything else is a protocol error. */
export function encodeFrame(frame: Frame): string {
  return JSON.stringify(frame)
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text) as unknown
}
